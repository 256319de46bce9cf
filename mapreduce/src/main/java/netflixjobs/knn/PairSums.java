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
    reserve(na, nb);
    int from = cols(b, nb);
    for (int p = 0; p < na; p++) {
      entry(UserRatings.local(a[p]), UserRatings.rating(a[p]), from, from + nb);
    }
    updates += (long) na * nb;
  }

  /** One user's ratings in a single block (packed, sorted, distinct): every pair i < j. */
  public void add(int[] a, int n) {
    if (n < 2) {
      return;
    }
    countUser();
    reserve(n, n);
    int from = cols(a, n);
    for (int p = 0; p < n - 1; p++) {
      entry(UserRatings.local(a[p]), UserRatings.rating(a[p]), from + p + 1, from + n);
    }
    updates += (long) n * (n - 1) / 2;
  }

  // The batch: users' column lists (offset in the row, rating) and their row entries (row, x,
  // range of columns). A flush sorts the entries by row (counting sort) and then applies every
  // entry of row 0, then of row 1, ...: each row of the big array is visited once per batch and
  // its lines stay in cache while all the batch's users who rated that film update it, instead
  // of one cache miss per update.
  /** Entries (and columns) per batch; -Dnetflixjobs.knn.batch for experiments. */
  static final int BATCH = Integer.getInteger("netflixjobs.knn.batch", 1 << 20);
  private int[] colOffBuf = new int[1 << 10];
  private int[] yBuf = new int[1 << 10];
  private int nCols;
  private int[] eRow = new int[1 << 10];
  private int[] eX = new int[1 << 10];
  private int[] eFrom = new int[1 << 10];
  private int[] eTo = new int[1 << 10];
  private int nEntries;
  private int[] sX = new int[0];
  private int[] sFrom = new int[0];
  private int[] sTo = new int[0];
  private int[] rowCount;

  private void reserve(int entries, int columns) {
    if (nEntries + entries > BATCH || nCols + columns > BATCH) {
      flush();
    }
    if (nEntries + entries > eRow.length) {
      int m = Math.max(nEntries + entries, Math.min(BATCH, 2 * eRow.length));
      eRow = java.util.Arrays.copyOf(eRow, m);
      eX = java.util.Arrays.copyOf(eX, m);
      eFrom = java.util.Arrays.copyOf(eFrom, m);
      eTo = java.util.Arrays.copyOf(eTo, m);
    }
    if (nCols + columns > colOffBuf.length) {
      int m = Math.max(nCols + columns, Math.min(BATCH, 2 * colOffBuf.length));
      colOffBuf = java.util.Arrays.copyOf(colOffBuf, m);
      yBuf = java.util.Arrays.copyOf(yBuf, m);
    }
  }

  private int cols(int[] b, int nb) {
    int from = nCols;
    for (int q = 0; q < nb; q++) {
      colOffBuf[nCols] = UserRatings.local(b[q]) * 6;
      yBuf[nCols] = UserRatings.rating(b[q]);
      nCols++;
    }
    return from;
  }

  private void entry(int row, int x, int from, int to) {
    eRow[nEntries] = row;
    eX[nEntries] = x;
    eFrom[nEntries] = from;
    eTo[nEntries] = to;
    nEntries++;
  }

  /** Applies the buffered users to the sums. */
  public void flush() {
    if (nEntries == 0) {
      nCols = 0;
      return;
    }
    if (rowCount == null) {
      rowCount = new int[rows + 1];
    }
    int[] start = rowCount;
    java.util.Arrays.fill(start, 0);
    for (int e = 0; e < nEntries; e++) {
      start[eRow[e] + 1]++;
    }
    for (int r = 0; r < rows; r++) {
      start[r + 1] += start[r];
    }
    if (sX.length < nEntries) {
      int m = Math.max(nEntries, Math.min(BATCH, eRow.length));
      sX = new int[m];
      sFrom = new int[m];
      sTo = new int[m];
    }
    for (int e = 0; e < nEntries; e++) {
      int at = start[eRow[e]]++;
      sX[at] = eX[e];
      sFrom[at] = eFrom[e];
      sTo[at] = eTo[e];
    }
    // start[r] is now the end of row r's entries (and the beginning of row r + 1's)
    final int[] acc = this.acc;
    final int[] colOff = this.colOffBuf;
    final int[] ys = this.yBuf;
    final long rowLen = (long) cols * 6;
    int e = 0;
    for (int r = 0; r < rows; r++) {
      int end = start[r];
      if (e == end) {
        continue;
      }
      int base = (int) (triangle ? rowStart[r] * 6 : r * rowLen);
      for (; e < end; e++) {
        int x = sX[e];
        int xx = x * x;
        int to = sTo[e];
        for (int q = sFrom[e]; q < to; q++) {
          int o = base + colOff[q];
          int y = ys[q];
          acc[o]++;
          acc[o + 1] += x;
          acc[o + 2] += y;
          acc[o + 3] += xx;
          acc[o + 4] += y * y;
          acc[o + 5] += x * y;
        }
      }
    }
    nEntries = 0;
    nCols = 0;
  }

  /** Offset of pair (i, j) in the sums (triangle: requires i < j). */
  public int offset(int i, int j) {
    return (int) ((triangle ? rowStart[i] + j : (long) i * cols + j) * 6);
  }

  /** The six sums of pair (i, j): n, sum x, sum y, sum x^2, sum y^2, sum xy (x from row i). */
  public int n(int i, int j) {
    flush();
    return acc[offset(i, j)];
  }

  /** The raw array (after applying the buffered users), for the scan that scores every pair. */
  int[] array() {
    flush();
    return acc;
  }
}
