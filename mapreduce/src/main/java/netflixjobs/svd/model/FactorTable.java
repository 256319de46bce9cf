package netflixjobs.svd.model;

import java.util.Arrays;

/**
 * Biases and factor vectors of a set of users (or movies) in flat arrays, row k for id
 * {@code ids[k]}, with an id index. Rows are added as the ratings of a block meet new ids,
 * initialised from {@link Blocks#init}.
 */
public final class FactorTable {
  final int f;
  int size;
  int[] ids;
  double[] bias;
  double[] vec;
  private int[] slots; // open addressing: id hash -> row + 1 (0 = empty)

  public FactorTable(int f) {
    this(f, 16);
  }

  public FactorTable(int f, int capacity) {
    this.f = f;
    int c = Math.max(16, capacity);
    ids = new int[c];
    bias = new double[c];
    vec = new double[c * f];
    slots = new int[tableSize(c)];
  }

  public int size() {
    return size;
  }

  public int factors() {
    return f;
  }

  public int id(int row) {
    return ids[row];
  }

  public double bias(int row) {
    return bias[row];
  }

  /** The flat factor array; row k starts at k * factors(). */
  public double[] vectors() {
    return vec;
  }

  public double[] biases() {
    return bias;
  }

  /** The row of an id, or -1. */
  public int row(int id) {
    int mask = slots.length - 1;
    for (int s = hash(id) & mask; ; s = (s + 1) & mask) {
      int r = slots[s];
      if (r == 0) {
        return -1;
      }
      if (ids[r - 1] == id) {
        return r - 1;
      }
    }
  }

  /** Adds a row (the id must be new) and returns it; vector from src[off..off+f). */
  public int add(int id, double b, double[] src, int off) {
    int r = append(id);
    bias[r] = b;
    System.arraycopy(src, off, vec, r * f, f);
    return r;
  }

  /** The row of id, adding it with seeded initial factors and zero bias if new. */
  public int rowOrInit(int id, long seed, int kind, double std) {
    int r = row(id);
    if (r >= 0) {
      return r;
    }
    r = append(id);
    bias[r] = 0;
    Blocks.init(seed, kind, id, std, vec, r * f, f);
    return r;
  }

  /** Rows in id order (for writing sorted slices). */
  public int[] rowsById() {
    Integer[] boxed = new Integer[size];
    for (int i = 0; i < size; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, (a, b) -> Integer.compare(ids[a], ids[b]));
    int[] out = new int[size];
    for (int i = 0; i < size; i++) {
      out[i] = boxed[i];
    }
    return out;
  }

  private int append(int id) {
    if (size == ids.length) {
      int c = ids.length * 2;
      ids = Arrays.copyOf(ids, c);
      bias = Arrays.copyOf(bias, c);
      vec = Arrays.copyOf(vec, c * f);
    }
    int r = size++;
    ids[r] = id;
    if (size * 2 > slots.length) {
      slots = new int[slots.length * 2];
      for (int k = 0; k < size; k++) {
        insert(k);
      }
    } else {
      insert(r);
    }
    return r;
  }

  private void insert(int r) {
    int mask = slots.length - 1;
    int s = hash(ids[r]) & mask;
    while (slots[s] != 0) {
      s = (s + 1) & mask;
    }
    slots[s] = r + 1;
  }

  private static int hash(int id) {
    return (int) (Blocks.mix64(id) >>> 32);
  }

  private static int tableSize(int c) {
    return Integer.highestOneBit(c * 2 - 1) << 1;
  }
}
