package netflixjobs.knn;

/** What knn counts. */
public enum KnnCounter {
  RATINGS, FILMS, USERS, USERS_ONE_RATING, FILMS_ONE_RATER, BAD_RATINGS, DUPLICATE_RATINGS,
  UNKNOWN_FILMS, PAIR_UPDATES, PAIRS_WITH_COMMON_RATERS, PAIRS_ZERO_VARIANCE, PAIRS_TOO_FEW_COMMON,
  PAIRS_SCORED, PAIRS_WRITTEN, FILMS_WITHOUT_NEIGHBOURS,
  /** Task time reading users and summing pairs, and scoring pairs, over all pair tasks. */
  SUM_MILLIS, SCORE_MILLIS,
  /** Of SUM_MILLIS, the time in the pair loops alone (without reading and merging the users). */
  LOOP_MILLIS
}
