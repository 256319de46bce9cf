package netflixjobs.knn;

import java.util.Arrays;

/**
 * The k best neighbours of each of a fixed number of films, kept as one bounded min-heap per
 * film in flat arrays (no object per candidate). "Best" is higher similarity, then smaller
 * neighbour id; that is a total order, so merging the top k of any partition of the candidates
 * gives exactly the top k of all of them.
 */
public final class TopK {
  private final int k;
  private final double[] sim;
  private final int[] id;
  private final int[] common;
  private final int[] size;

  public TopK(int films, int k) {
    this.k = k;
    long slots = (long) films * k;
    if (slots > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many films x k: " + films + " x " + k);
    }
    sim = new double[(int) slots];
    id = new int[(int) slots];
    common = new int[(int) slots];
    size = new int[films];
  }

  public int k() {
    return k;
  }

  /** Offers neighbour {@code nbr} (similarity s, n common raters) to film f. */
  public void offer(int f, int nbr, double s, int n) {
    if (k == 0) {
      return;
    }
    int base = f * k;
    int sz = size[f];
    if (sz < k) {
      // sift up from the end: the root holds the worst
      int c = sz;
      while (c > 0) {
        int p = (c - 1) >> 1;
        if (!Similarity.better(sim[base + p], id[base + p], s, nbr)) {
          break;
        }
        move(base + c, base + p);
        c = p;
      }
      set(base + c, s, nbr, n);
      size[f] = sz + 1;
      return;
    }
    if (!Similarity.better(s, nbr, sim[base], id[base])) {
      return;
    }
    // replace the root (the worst) and sift down
    int c = 0;
    while (true) {
      int l = 2 * c + 1;
      if (l >= k) {
        break;
      }
      int r = l + 1;
      int w = r < k && Similarity.better(sim[base + l], id[base + l], sim[base + r], id[base + r]) ? r : l;
      if (!Similarity.better(s, nbr, sim[base + w], id[base + w])) {
        break;
      }
      move(base + c, base + w);
      c = w;
    }
    set(base + c, s, nbr, n);
  }

  private void move(int to, int from) {
    sim[to] = sim[from];
    id[to] = id[from];
    common[to] = common[from];
  }

  private void set(int at, double s, int nbr, int n) {
    sim[at] = s;
    id[at] = nbr;
    common[at] = n;
  }

  public int size(int f) {
    return size[f];
  }

  /** Film f's neighbours, best first, into {@code out}. */
  public Candidates sorted(int f, Candidates out) {
    int base = f * k;
    int n = size[f];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = base + i;
    }
    Arrays.sort(order, (a, b) -> Similarity.better(sim[a], id[a], sim[b], id[b]) ? -1
        : Similarity.better(sim[b], id[b], sim[a], id[a]) ? 1 : 0);
    out.clear();
    for (int i = 0; i < n; i++) {
      out.add(id[order[i]], sim[order[i]], common[order[i]]);
    }
    return out;
  }
}
