package netflixjobs.importer;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The file formats import understands, told apart by content (never by name). Ratings and
 * probe formats are read by MapReduce tasks; title formats by the import driver.
 */
public enum Format {
  /** Netflix training_set/mv_*.txt or combined_data_N.txt: {@code MovieID:} then {@code user,rating,date}. */
  NETFLIX_RATINGS(Kind.RATINGS, "Netflix Prize ratings"),
  /** Netflix probe.txt (or qualifying without dates): {@code MovieID:} then user ids. */
  NETFLIX_PROBE(Kind.PROBE_IDS, "Netflix Prize probe list"),
  /** MovieLens u.data: {@code user<TAB>movie<TAB>rating<TAB>timestamp}. */
  MOVIELENS_TAB(Kind.RATINGS, "MovieLens tab-separated ratings (u.data)"),
  /** MovieLens ratings.dat: {@code user::movie::rating::timestamp}. */
  MOVIELENS_DAT(Kind.RATINGS, "MovieLens ratings.dat"),
  /** MovieLens ratings.csv: header, then {@code userId,movieId,rating,timestamp}. */
  MOVIELENS_CSV(Kind.RATINGS, "MovieLens ratings.csv"),
  /** Plain {@code user,movie,rating[,date]} CSV, an optional header line. */
  PLAIN_CSV(Kind.RATINGS, "user,movie,rating CSV"),
  /** Netflix movie_titles.txt/.csv: {@code MovieID,YearOfRelease,Title}. */
  NETFLIX_TITLES(Kind.TITLES, "Netflix Prize movie titles"),
  /** MovieLens u.item: {@code id|title (year)|date|...}, Latin-1. */
  MOVIELENS_ITEM(Kind.TITLES, "MovieLens u.item titles"),
  /** MovieLens movies.dat: {@code id::Title (year)::genres}. */
  MOVIELENS_MOVIES_DAT(Kind.TITLES, "MovieLens movies.dat titles"),
  /** MovieLens movies.csv: header, then {@code movieId,title,genres} with quoted titles. */
  MOVIELENS_MOVIES_CSV(Kind.TITLES, "MovieLens movies.csv titles");

  /** What a file holds. */
  public enum Kind { RATINGS, PROBE_IDS, TITLES }

  private final Kind kind;
  private final String description;

  Format(Kind kind, String description) {
    this.kind = kind;
    this.description = description;
  }

  public Kind kind() {
    return kind;
  }

  public String description() {
    return description;
  }

  /** The charset of the format's text (u.item and movies.dat come in Latin-1). */
  public Charset charset() {
    return this == MOVIELENS_ITEM || this == MOVIELENS_MOVIES_DAT ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
  }

  private static final Pattern MOVIE_HEADER = Pattern.compile("\\d+:");
  private static final Pattern NETFLIX_RATING = Pattern.compile("\\d+,[\\d.]+,\\d{4}-\\d{1,2}-\\d{1,2}");
  private static final Pattern ID = Pattern.compile("\\d+");
  private static final Pattern NETFLIX_TITLE = Pattern.compile("\\d+,(\\d{4}|NULL)?,.*");
  private static final Pattern ML_CSV_HEADER = Pattern.compile("(?i)userId,movieId,rating(,timestamp)?");
  private static final Pattern ML_MOVIES_CSV_HEADER = Pattern.compile("(?i)movieId,title(,genres)?");
  private static final Pattern DAT_RATING = Pattern.compile("\\d+::\\d+::[\\d.]+(::\\d+)?");
  private static final Pattern DAT_MOVIE = Pattern.compile("\\d+::[^:].*::.*");
  private static final Pattern TAB_RATING = Pattern.compile("\\d+\\t\\d+\\t[\\d.]+(\\t\\d+)?");
  private static final Pattern ITEM = Pattern.compile("\\d+\\|[^|]*\\|.*");
  private static final Pattern CSV_RATING = Pattern.compile("\\d+,\\d+,[\\d.]+(,[^,]*)?");
  private static final Pattern CSV_HEADER = Pattern.compile("(?i)[a-z_ ]+,[a-z_ ]+,[a-z_ ]+(,[a-z_ ]+)?");

  /**
   * Detects the format from the first bytes of a file (a byte-order mark is fine), or null when
   * nothing fits. Looks at the first few non-empty lines.
   */
  public static Format detect(byte[] head, int length) {
    int from = length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF ? 3 : 0;
    List<String> lines = new ArrayList<>(3);
    for (int i = from; i < length && lines.size() < 3; ) { // the first three non-blank lines
      int end = i;
      while (end < length && head[end] != '\n' && head[end] != '\r') {
        end++;
      }
      String l = new String(head, i, end - i, StandardCharsets.ISO_8859_1).strip();
      if (!l.isEmpty()) {
        lines.add(l);
      }
      i = end + 1;
    }
    if (lines.isEmpty()) {
      return null;
    }
    String first = lines.get(0);
    String second = lines.size() > 1 ? lines.get(1) : null;
    if (MOVIE_HEADER.matcher(first).matches()) {
      if (second == null || NETFLIX_RATING.matcher(second).matches() || MOVIE_HEADER.matcher(second).matches()) {
        return second != null && MOVIE_HEADER.matcher(second).matches() ? NETFLIX_PROBE : NETFLIX_RATINGS;
      }
      return ID.matcher(second).matches() ? NETFLIX_PROBE : null;
    }
    if (ML_CSV_HEADER.matcher(first).matches()) {
      return MOVIELENS_CSV;
    }
    if (ML_MOVIES_CSV_HEADER.matcher(first).matches()) {
      return MOVIELENS_MOVIES_CSV;
    }
    if (DAT_RATING.matcher(first).matches()) {
      return MOVIELENS_DAT;
    }
    if (DAT_MOVIE.matcher(first).matches()) {
      return MOVIELENS_MOVIES_DAT;
    }
    if (TAB_RATING.matcher(first).matches()) {
      return MOVIELENS_TAB;
    }
    if (ITEM.matcher(first).matches()) {
      return MOVIELENS_ITEM;
    }
    if (CSV_RATING.matcher(first).matches()
        || CSV_HEADER.matcher(first).matches() && second != null && CSV_RATING.matcher(second).matches()) {
      return PLAIN_CSV;
    }
    if (NETFLIX_TITLE.matcher(first).matches()) {
      return NETFLIX_TITLES;
    }
    return null;
  }
}
