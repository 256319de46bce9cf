package netflixjobs.importer;

import netflixjobs.importer.ImportCounter.Bad;

/** What a parser made of one line; one mutable instance is reused for speed. */
public final class ParsedLine {
  /** The line's fate. */
  public enum Outcome {
    /** A rating: user, movie, halfStars, day are set. */
    RATING,
    /** A probe entry naming (user, movie) without a rating. */
    PROBE_ID,
    /** Not a record: a MovieID: header, a CSV header, a blank line. */
    SKIP,
    /** A bad record: {@link #bad} says why. */
    BAD
  }

  public Outcome outcome;
  public int user;
  public int movie;
  public int halfStars;
  public int day;
  public Bad bad;

  ParsedLine rating(int user, int movie, int halfStars, int day) {
    this.outcome = Outcome.RATING;
    this.user = user;
    this.movie = movie;
    this.halfStars = halfStars;
    this.day = day;
    this.bad = null;
    return this;
  }

  ParsedLine probe(int user, int movie) {
    this.outcome = Outcome.PROBE_ID;
    this.user = user;
    this.movie = movie;
    this.bad = null;
    return this;
  }

  ParsedLine skip() {
    this.outcome = Outcome.SKIP;
    this.bad = null;
    return this;
  }

  ParsedLine bad(Bad why) {
    this.outcome = Outcome.BAD;
    this.bad = why;
    return this;
  }

  @Override
  public String toString() {
    return switch (outcome) {
      case RATING -> "rating " + user + "," + movie + "," + halfStars + "/2," + day;
      case PROBE_ID -> "probe " + user + "," + movie;
      case SKIP -> "skip";
      case BAD -> "bad " + bad;
    };
  }
}
