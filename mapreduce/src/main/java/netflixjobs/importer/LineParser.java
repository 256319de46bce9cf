package netflixjobs.importer;

import netflixjobs.importer.ImportCounter.Bad;

/**
 * Parses the lines of one ratings or probe file, in order (Netflix files carry the movie in a
 * {@code MovieID:} header line, so a parser has state). Plain Java over bytes, no Hadoop and no
 * regular expressions: the import's speed is this loop's speed.
 */
public abstract class LineParser {
  /** Days since 1970 a date may have: 1970-01-02 .. 2149-06-06 (an unsigned short; 0 = none). */
  static final int MAX_DAY = 65535;

  protected int lineNo;

  /** A fresh parser for a file of this format. */
  public static LineParser of(Format format) {
    return switch (format) {
      case NETFLIX_RATINGS -> new Netflix(false);
      case NETFLIX_PROBE -> new Netflix(true);
      case MOVIELENS_TAB -> new Delimited((byte) '\t', false, TimeField.EPOCH_SECONDS);
      case MOVIELENS_DAT -> new Delimited((byte) ':', true, TimeField.EPOCH_SECONDS);
      case MOVIELENS_CSV -> new Delimited((byte) ',', false, TimeField.EPOCH_SECONDS);
      case PLAIN_CSV -> new Delimited((byte) ',', false, TimeField.DATE_OR_EPOCH);
      default -> throw new IllegalArgumentException(format + " is not a ratings format");
    };
  }

  /** Parses line {@code b[0..len)} (no line terminator) into {@code out}. */
  public final ParsedLine parse(byte[] b, int len, ParsedLine out) {
    return parse(b, 0, len, out);
  }

  /** Parses line {@code b[from..to)} (no line terminator) into {@code out}. */
  public abstract ParsedLine parse(byte[] b, int from, int to, ParsedLine out);

  // ---- Netflix: "MovieID:" headers, then "user,rating,YYYY-MM-DD" (or "user" in probe.txt)

  static final class Netflix extends LineParser {
    private final boolean probe;
    private int movie = -1;

    Netflix(boolean probe) {
      this.probe = probe;
    }

    @Override
    public ParsedLine parse(byte[] b, int from, int to, ParsedLine out) {
      lineNo++;
      to = trimEnd(b, from, to);
      if (to == from) {
        return out.skip();
      }
      if (b[to - 1] == ':') {
        long m = parseId(b, from, to - 1);
        if (m <= 0) {
          movie = -1; // lines under a bad header must not land on the previous movie
          return out.bad(Bad.MALFORMED);
        }
        movie = (int) m;
        return out.skip();
      }
      int c1 = indexOf(b, from, to, (byte) ',');
      long user = parseId(b, from, c1 < 0 ? to : c1);
      if (probe) { // a bare user id ("user,date" as in qualifying.txt is accepted too)
        if (user < 0) {
          return out.bad(Bad.MALFORMED);
        }
        return movie < 0 ? out.bad(Bad.NO_MOVIE_HEADER) : out.probe((int) user, movie);
      }
      if (c1 < 0 || user < 0) {
        return out.bad(Bad.MALFORMED);
      }
      int c2 = indexOf(b, c1 + 1, to, (byte) ',');
      if (c2 < 0 || indexOf(b, c2 + 1, to, (byte) ',') >= 0) {
        return out.bad(Bad.MALFORMED);
      }
      int half = parseHalfStars(b, c1 + 1, c2);
      if (half == NOT_A_NUMBER) {
        return out.bad(Bad.MALFORMED);
      }
      if (movie < 0) {
        return out.bad(Bad.NO_MOVIE_HEADER);
      }
      if (half == OUT_OF_RANGE) {
        return out.bad(Bad.RATING_OUT_OF_RANGE);
      }
      int day = parseDate(b, c2 + 1, to);
      if (day == NO_DATE) {
        return out.bad(Bad.BAD_DATE);
      }
      return out.rating((int) user, movie, half, day);
    }
  }

  // ---- MovieLens and plain CSV: user SEP movie SEP rating [SEP time]

  enum TimeField { EPOCH_SECONDS, DATE_OR_EPOCH }

  static final class Delimited extends LineParser {
    private final byte sep;
    private final boolean doubled; // "::"
    private final TimeField time;

    Delimited(byte sep, boolean doubled, TimeField time) {
      this.sep = sep;
      this.doubled = doubled;
      this.time = time;
    }

    @Override
    public ParsedLine parse(byte[] b, int from, int to, ParsedLine out) {
      lineNo++;
      to = trimEnd(b, from, to);
      if (to == from) {
        return out.skip();
      }
      int step = doubled ? 2 : 1;
      int s1 = sepAt(b, from, to);
      if (s1 < 0) {
        return out.bad(Bad.MALFORMED);
      }
      long user = parseId(b, from, s1);
      if (user < 0) {
        // a header line is fine as the file's first line, nowhere else
        return lineNo == 1 && isWordy(b, from, s1) ? out.skip() : out.bad(Bad.MALFORMED);
      }
      int s2 = sepAt(b, s1 + step, to);
      if (s2 < 0) {
        return out.bad(Bad.MALFORMED);
      }
      long movie = parseId(b, s1 + step, s2);
      if (movie <= 0) {
        return out.bad(Bad.MALFORMED);
      }
      int s3 = sepAt(b, s2 + step, to);
      int half = parseHalfStars(b, s2 + step, s3 < 0 ? to : s3);
      if (half == NOT_A_NUMBER) {
        return out.bad(Bad.MALFORMED);
      }
      if (half == OUT_OF_RANGE) {
        return out.bad(Bad.RATING_OUT_OF_RANGE);
      }
      int day = 0;
      if (s3 >= 0) {
        int at = s3 + step;
        if (sepAt(b, at, to) >= 0) {
          return out.bad(Bad.MALFORMED);
        }
        day = time == TimeField.DATE_OR_EPOCH && indexOf(b, at, to, (byte) '-') > at
            ? parseDate(b, at, to) : parseEpochSeconds(b, at, to);
        if (day == NO_DATE) {
          return out.bad(Bad.BAD_DATE);
        }
      }
      return out.rating((int) user, (int) movie, half, day);
    }

    private int sepAt(byte[] b, int from, int len) {
      int i = indexOf(b, from, len, sep);
      if (doubled) {
        while (i >= 0 && (i + 1 >= len || b[i + 1] != sep)) {
          i = indexOf(b, i + 1, len, sep);
        }
      }
      return i;
    }
  }

  // ---- byte-level helpers

  static final int NOT_A_NUMBER = -1;
  static final int OUT_OF_RANGE = -2;
  static final int NO_DATE = Integer.MIN_VALUE;

  static int trimEnd(byte[] b, int from, int to) {
    while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\r' || b[to - 1] == '\t')) {
      to--;
    }
    return to;
  }

  static int indexOf(byte[] b, int from, int to, byte c) {
    for (int i = from; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /** A non-negative decimal int in b[from..to), or -1. */
  static long parseId(byte[] b, int from, int to) {
    if (from >= to || to - from > 10) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v <= Integer.MAX_VALUE ? v : -1;
  }

  /** "4", "4.0", "3.5" as half stars 1..10; OUT_OF_RANGE for 0, 6, 3.7; NOT_A_NUMBER otherwise. */
  static int parseHalfStars(byte[] b, int from, int to) {
    if (from >= to) {
      return NOT_A_NUMBER;
    }
    int whole = 0;
    int i = from;
    for (; i < to && b[i] != '.'; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9 || i - from > 3) {
        return NOT_A_NUMBER;
      }
      whole = whole * 10 + d;
    }
    if (i == from) {
      return NOT_A_NUMBER;
    }
    int tenths = 0;
    boolean extra = false;
    if (i < to) { // fraction
      if (i + 1 >= to) {
        return NOT_A_NUMBER;
      }
      for (int j = i + 1; j < to; j++) {
        int d = b[j] - '0';
        if (d < 0 || d > 9) {
          return NOT_A_NUMBER;
        }
        if (j == i + 1) {
          tenths = d;
        } else if (d != 0) {
          extra = true;
        }
      }
    }
    if (extra || tenths != 0 && tenths != 5) {
      return OUT_OF_RANGE;
    }
    int half = whole * 2 + (tenths == 5 ? 1 : 0);
    return half >= 1 && half <= 10 ? half : OUT_OF_RANGE;
  }

  /** YYYY-MM-DD as days since 1970 (a real calendar date in range), else NO_DATE. */
  static int parseDate(byte[] b, int from, int to) {
    if (to - from == 10 && b[from + 4] == '-' && b[from + 7] == '-') { // YYYY-MM-DD, Netflix's form
      int y = digits(b, from, 4);
      int m = digits(b, from + 5, 2);
      int d = digits(b, from + 8, 2);
      return y < 1900 || y > 2149 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) ? NO_DATE : day(y, m, d);
    }
    int d1 = indexOf(b, from, to, (byte) '-');
    int d2 = d1 < 0 ? -1 : indexOf(b, d1 + 1, to, (byte) '-');
    if (d1 - from != 4 || d2 < 0) {
      return NO_DATE;
    }
    long y = parseId(b, from, d1);
    long m = parseId(b, d1 + 1, d2);
    long d = parseId(b, d2 + 1, to);
    if (y < 1900 || y > 2149 || m < 1 || m > 12 || d < 1 || d > 31 || d2 - d1 > 3 || to - d2 > 3) {
      return NO_DATE;
    }
    if (d > daysInMonth((int) y, (int) m)) { // 2005-02-30
      return NO_DATE;
    }
    return day((int) y, (int) m, (int) d);
  }

  private static int day(int y, int m, int d) {
    long days = epochDay(y, m, d);
    return days < 1 || days > MAX_DAY ? NO_DATE : (int) days;
  }

  /** The n decimal digits at b[from..], or -1. */
  private static int digits(byte[] b, int from, int n) {
    int v = 0;
    for (int i = from; i < from + n; i++) {
      int c = b[i] - '0';
      if (c < 0 || c > 9) {
        return -1;
      }
      v = v * 10 + c;
    }
    return v;
  }

  private static final byte[] MONTH_DAYS = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  static int daysInMonth(int y, int m) {
    boolean leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    return m == 2 && leap ? 29 : MONTH_DAYS[m - 1];
  }

  /**
   * Days since 1970-01-01 of a valid date with a year of 0 or more, as LocalDate's toEpochDay
   * but without building one: that was a sixth of a map task. (Days from civil, H. Hinnant.)
   */
  static long epochDay(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    int era = y / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097L + doe - 719468;
  }

  static int parseEpochSeconds(byte[] b, int from, int to) {
    if (from >= to || to - from > 12) {
      return NO_DATE;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return NO_DATE;
      }
      v = v * 10 + d;
    }
    long days = v / 86400;
    return days < 1 || days > MAX_DAY ? NO_DATE : (int) days;
  }

  private static boolean isWordy(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Character.isLetter(b[i] & 0xff)) {
        return true;
      }
    }
    return false;
  }
}
