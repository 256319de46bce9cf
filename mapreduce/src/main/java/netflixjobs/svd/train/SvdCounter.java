package netflixjobs.svd.train;

/** Counters of the svd passes (DUPLICATES: (user, movie) pairs rated twice, kept once). Sums of squared error are kept in millionths (fixed point). */
public enum SvdCounter {
  TRAIN_RATINGS, PROBE_RATINGS, BAD_RATINGS, DUPLICATES,
  TRAIN_SSE_MICRO, PROBE_SSE_MICRO,
  NEW_USERS, NEW_MOVIES,
  PROBE_UNKNOWN_USER, PROBE_UNKNOWN_MOVIE;

  /** Squared error to the counter's fixed point. */
  public static long micro(double sse) {
    return Math.round(sse * 1e6);
  }

  /** Training ratings by value: H1 = half a star ... H10 = five stars (mean and range). */
  public enum HalfStars { H1, H2, H3, H4, H5, H6, H7, H8, H9, H10 }
}
