package netflixjobs.importer;

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
