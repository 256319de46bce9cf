package netflixjobs.knn;

/**
 * The six exact sums of every film pair of one block pair, in one flat int array (six ints per
 * pair, side by side, so one pair update touches one cache line). For two different blocks the
 * pairs form a rectangle (row = local index in block a, column = local index in block b); for a
 * block with itself, the upper triangle i < j. Plain Java, no Hadoop: the inner loops are the
 * whole cost of knn.
 *
 * <p>Ints are exact while a pair has at most {@link #MAX_USERS} common raters (a sum of squared
 * half-star ratings is at most 100 per user); {@link #add} refuses more users than that.
 */
public final class PairSums {
  public static final int MAX_USERS = Integer.MAX_VALUE / 100;

  private final int rows;
  private final int cols;
  private final boolean triangle;
  private final int[] acc;
  private final long[] rowStart; // triangle: pair index of (i, j) = rowStart[i] + j
  private long updates;
  private long users;

  // per-user scratch: column offsets (pair index * 6 relative to the row), ratings, squares
  private int[] colOff = new int[64];
  private int[] y = new int[64];
  private int[] yy = new int[64];

  /** Sums for the rectangle rows x cols (two blocks), or the triangle of {@code rows} films when cols < 0. */
  public PairSums(int rows, int cols) {
    this.rows = rows;
    this.triangle = cols < 0;
    this.cols = triangle ? rows : cols;
    long pairs = triangle ? (long) rows * (rows - 1) / 2 : (long) rows * cols;
    if (pairs * 6 > BlockPlan.MAX_ARRAY) {
      throw new IllegalArgumentException("block pair too large for one array: " + pairs + " pairs; use more blocks");
    }
    acc = new int[(int) (pairs * 6)];
    rowStart = new long[triangle ? rows : 0];
    if (triangle) {
      for (int i = 0; i < rows; i++) {
        // pairs before row i: sum_{r<i} (rows-1-r); index of (i,j) = that + (j - i - 1)
        rowStart[i] = (long) i * (2L * rows - i - 1) / 2 - i - 1;
      }
    }
  }

  public static PairSums triangle(int films) {
    return new PairSums(films, -1);
  }

  public static PairSums rectangle(int rows, int cols) {
    return new PairSums(rows, cols);
  }

  public boolean isTriangle() {
    return triangle;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  public long updates() {
    return updates;
  }

  private void scratch(int n) {
    if (colOff.length < n) {
      int m = Math.max(n, colOff.length * 2);
      colOff = new int[m];
      y = new int[m];
      yy = new int[m];
    }
  }

  private void countUser() {
    if (++users > MAX_USERS) {
      throw new IllegalStateException("more than " + MAX_USERS + " users in one block pair: the int sums could overflow");
    }
  }

  /** One user's ratings in the two blocks (packed, sorted by local index): every pair (a_i, b_j). */
  public void add(int[] a, int na, int[] b, int nb) {
    if (na == 0 || nb == 0) {
      return;
    }
    countUser();
    scratch(nb);
    for (int q = 0; q < nb; q++) {
      int r = UserRatings.rating(b[q]);
      colOff[q] = UserRatings.local(b[q]) * 6;
      y[q] = r;
      yy[q] = r * r;
    }
    final int[] acc = this.acc;
    final int rowLen = cols * 6;
    for (int p = 0; p < na; p++) {
      int x = UserRatings.rating(a[p]);
      int xx = x * x;
      int base = UserRatings.local(a[p]) * rowLen;
      for (int q = 0; q < nb; q++) {
        int o = base + colOff[q];
        int yq = y[q];
        acc[o]++;
        acc[o + 1] += x;
        acc[o + 2] += yq;
        acc[o + 3] += xx;
        acc[o + 4] += yy[q];
        acc[o + 5] += x * yq;
      }
    }
    updates += (long) na * nb;
  }

  /** One user's ratings in a single block (packed, sorted, distinct): every pair i < j. */
  public void add(int[] a, int n) {
    if (n < 2) {
      return;
    }
    countUser();
    scratch(n);
    for (int q = 0; q < n; q++) {
      int r = UserRatings.rating(a[q]);
      colOff[q] = UserRatings.local(a[q]) * 6;
      y[q] = r;
      yy[q] = r * r;
    }
    final int[] acc = this.acc;
    for (int p = 0; p < n - 1; p++) {
      int x = y[p];
      int xx = yy[p];
      int base = (int) (rowStart[UserRatings.local(a[p])] * 6);
      for (int q = p + 1; q < n; q++) {
        int o = base + colOff[q];
        int yq = y[q];
        acc[o]++;
        acc[o + 1] += x;
        acc[o + 2] += yq;
        acc[o + 3] += xx;
        acc[o + 4] += yy[q];
        acc[o + 5] += x * yq;
      }
    }
    updates += (long) n * (n - 1) / 2;
  }

  /** Offset of pair (i, j) in the sums (triangle: requires i < j). */
  public int offset(int i, int j) {
    return (int) ((triangle ? rowStart[i] + j : (long) i * cols + j) * 6);
  }

  /** The six sums of pair (i, j): n, sum x, sum y, sum x^2, sum y^2, sum xy (x from row i). */
  public int n(int i, int j) {
    return acc[offset(i, j)];
  }

  /** The raw array, for the scan that scores every pair. */
  int[] array() {
    return acc;
  }
}
