package netflixjobs.knn;

/**
 * Co-rated Pearson correlation from the six exact integer sums over the users who rated both
 * films (n, sum x, sum y, sum x^2, sum y^2, sum xy), with optional shrinkage toward zero by
 * n / (n + shrink). Plain Java, no Hadoop. The numerator and both variances are computed in
 * exact long arithmetic, so the result is one fixed function of the six sums: it cannot depend
 * on how the sums were split between tasks.
 */
public final class Similarity {
  /** What {@link #of} returns when there is no similarity (zero variance, or too few raters). */
  public static final double NONE = Double.NaN;

  private Similarity() {}

  /**
   * The similarity, or {@link #NONE} when either film has zero variance over the common raters
   * (this includes n < 2). Ratings may be on any fixed scale (Pearson is scale invariant).
   */
  public static double of(long n, long sx, long sy, long sxx, long syy, long sxy, double shrink) {
    if (n < 2) {
      return NONE;
    }
    long vx = n * sxx - sx * sx;
    long vy = n * syy - sy * sy;
    if (vx <= 0 || vy <= 0) {
      return NONE;
    }
    long cov = n * sxy - sx * sy;
    double r = cov / Math.sqrt((double) vx * (double) vy);
    if (r > 1) {
      r = 1;
    } else if (r < -1) {
      r = -1;
    }
    return shrink == 0 ? r : r * (n / (n + shrink));
  }

  /** True when candidate (sim a, id ia) ranks before (sim b, id ib): higher similarity, then smaller id. */
  public static boolean better(double a, int ia, double b, int ib) {
    return a > b || (a == b && ia < ib);
  }
}
