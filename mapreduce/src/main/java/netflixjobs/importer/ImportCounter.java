package netflixjobs.importer;

/** What import counts: records read and where they went; with the {@link Bad} causes, good + bad = read. */
public enum ImportCounter {
  /** Lines of ratings files that hold a record (not headers or blank lines). */
  RATING_LINES_READ,
  /** Lines of probe files that hold a record. */
  PROBE_LINES_READ,
  /** Ratings written to DATASET/ratings. */
  RATINGS,
  /** Ratings moved to DATASET/probe: listed in the probe file, or drawn by the probe split. */
  MOVED_TO_PROBE,
  /** Probe file entries that found their rating. */
  PROBE_MATCHED,
  /** Probe file lines that carried their own rating (a held-out test split). */
  PROBE_RATINGS,
  /** Distinct users in DATASET/ratings. */
  USERS,
  /** Sum of the half-star ratings in DATASET/ratings (for the mean). */
  HALF_STARS_SUM;

  /** Why a line was not imported; each cause is a Hadoop counter and a line of the summary. */
  public enum Bad {
    MALFORMED("malformed line"),
    RATING_OUT_OF_RANGE("rating out of range"),
    BAD_DATE("bad date"),
    NO_MOVIE_HEADER("rating before any MovieID: header"),
    DUPLICATE("duplicate (user, movie)"),
    PROBE_NO_RATING("probe entry with no rating");

    private final String text;

    Bad(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }
}
