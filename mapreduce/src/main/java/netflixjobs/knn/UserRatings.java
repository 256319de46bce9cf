package netflixjobs.knn;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * One user's ratings of the films of one block, sorted by the films' local index in the block:
 * each entry packs {@code local << 4 | halfStars} in one int. On disk: the count, then per entry
 * one variable-length int of {@code (local - previous local) << 4 | halfStars} (1 or 2 bytes
 * for most entries).
 */
public final class UserRatings implements Writable {
  private int size;
  private int[] packed = new int[16];

  public static int pack(int local, int halfStars) {
    return local << 4 | halfStars;
  }

  public static int local(int packed) {
    return packed >>> 4;
  }

  public static int rating(int packed) {
    return packed & 15;
  }

  public UserRatings clear() {
    size = 0;
    return this;
  }

  public UserRatings add(int local, int halfStars) {
    return addPacked(pack(local, halfStars));
  }

  public UserRatings addPacked(int p) {
    if (size == packed.length) {
      packed = Arrays.copyOf(packed, size * 2);
    }
    packed[size++] = p;
    return this;
  }

  public UserRatings addAll(UserRatings o) {
    for (int i = 0; i < o.size; i++) {
      addPacked(o.packed[i]);
    }
    return this;
  }

  /**
   * Sorts by local index and drops repeated films (keeping the lowest rating, so the choice
   * does not depend on input order); returns how many were dropped.
   */
  public int sortDistinct() {
    Arrays.sort(packed, 0, size);
    int w = 0;
    for (int i = 0; i < size; i++) {
      if (w > 0 && local(packed[w - 1]) == local(packed[i])) {
        continue;
      }
      packed[w++] = packed[i];
    }
    int dropped = size - w;
    size = w;
    return dropped;
  }

  public int size() {
    return size;
  }

  /** The packed entries; valid up to {@link #size()}. */
  public int[] packed() {
    return packed;
  }

  public int localAt(int i) {
    return local(packed[i]);
  }

  public int ratingAt(int i) {
    return rating(packed[i]);
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, size);
    int prev = 0;
    for (int i = 0; i < size; i++) {
      int l = local(packed[i]);
      WritableUtils.writeVInt(out, (l - prev) << 4 | rating(packed[i]));
      prev = l;
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    int n = WritableUtils.readVInt(in);
    if (packed.length < n) {
      packed = new int[Math.max(n, packed.length * 2)];
    }
    int prev = 0;
    for (int i = 0; i < n; i++) {
      int v = WritableUtils.readVInt(in);
      prev += v >> 4; // signed: an unsorted record (map side) has negative steps
      packed[i] = pack(prev, v & 15);
    }
    size = n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UserRatings u && Arrays.equals(packed, 0, size, u.packed, 0, u.size);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = 0; i < size; i++) {
      h = 31 * h + packed[i];
    }
    return h;
  }

  /** {@code local:rating ...} for dfs -text and test messages. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < size; i++) {
      sb.append(i == 0 ? "" : " ").append(localAt(i)).append(':').append(ratingAt(i));
    }
    return sb.toString();
  }
}
