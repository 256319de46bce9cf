package netflixjobs.importer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import netflixjobs.ratings.Titles.Film;

/** Parses one line of a titles file into a film, or null for a header or a bad line. Plain Java. */
public final class TitleParser {
  private static final Pattern TRAILING_YEAR = Pattern.compile("^(.*?)\\s*\\((\\d{4})(?:[-\u2013]\\d{0,4})?\\)\\s*$");
  private static final Pattern ARTICLE = Pattern.compile("^(.*), (The|A|An|Les|La|Le|L'|Il|Die|Der|Das|El)$");

  private TitleParser() {}

  public static Film parse(Format format, String line) {
    String l = line.strip();
    if (l.startsWith("\uFEFF")) {
      l = l.substring(1);
    }
    if (l.isEmpty()) {
      return null;
    }
    return switch (format) {
      case NETFLIX_TITLES -> netflix(l);
      case MOVIELENS_ITEM -> withYearInTitle(l, "\\|");
      case MOVIELENS_MOVIES_DAT -> withYearInTitle(l, "::");
      case MOVIELENS_MOVIES_CSV -> moviesCsv(l);
      default -> throw new IllegalArgumentException(format + " is not a titles format");
    };
  }

  /** {@code MovieID,YearOfRelease,Title}: the title may hold commas, the year may be NULL. */
  private static Film netflix(String l) {
    int c1 = l.indexOf(',');
    int c2 = c1 < 0 ? -1 : l.indexOf(',', c1 + 1);
    if (c2 < 0) {
      return null;
    }
    Integer id = id(l.substring(0, c1));
    String y = l.substring(c1 + 1, c2).trim();
    Integer year = y.isEmpty() || y.equalsIgnoreCase("NULL") ? Integer.valueOf(0) : id(y);
    String title = l.substring(c2 + 1).trim();
    return id == null || year == null || title.isEmpty() ? null : new Film(id, year, title);
  }

  private static Film withYearInTitle(String l, String sep) {
    String[] f = l.split(sep, 3);
    if (f.length < 2) {
      return null;
    }
    Integer id = id(f[0]);
    return id == null ? null : film(id, f[1]);
  }

  /** {@code movieId,title,genres}, the title quoted when it holds a comma ("" escapes a quote). */
  private static Film moviesCsv(String l) {
    int c = l.indexOf(',');
    if (c < 0) {
      return null;
    }
    Integer id = id(l.substring(0, c));
    if (id == null) {
      return null; // the header
    }
    String rest = l.substring(c + 1);
    String title;
    if (rest.startsWith("\"")) {
      StringBuilder sb = new StringBuilder();
      int i = 1;
      for (; i < rest.length(); i++) {
        char ch = rest.charAt(i);
        if (ch == '"') {
          if (i + 1 < rest.length() && rest.charAt(i + 1) == '"') {
            sb.append('"');
            i++;
          } else {
            break;
          }
        } else {
          sb.append(ch);
        }
      }
      title = sb.toString();
    } else {
      int e = rest.lastIndexOf(',');
      title = e < 0 ? rest : rest.substring(0, e);
    }
    return film(id, title);
  }

  /** "Empire Strikes Back, The (1980)" -> The Empire Strikes Back, 1980. */
  static Film film(int id, String raw) {
    String title = raw.trim();
    int year = 0;
    Matcher m = TRAILING_YEAR.matcher(title);
    if (m.matches()) {
      title = m.group(1);
      year = Integer.parseInt(m.group(2));
    }
    Matcher a = ARTICLE.matcher(title);
    if (a.matches()) {
      String art = a.group(2);
      title = art + (art.endsWith("'") ? "" : " ") + a.group(1);
    }
    return title.isEmpty() ? null : new Film(id, year, title);
  }

  private static Integer id(String s) {
    String t = s.trim();
    if (t.isEmpty() || t.length() > 10) {
      return null;
    }
    for (int i = 0; i < t.length(); i++) {
      if (!Character.isDigit(t.charAt(i))) {
        return null;
      }
    }
    long v = Long.parseLong(t);
    return v > Integer.MAX_VALUE ? null : (int) v;
  }
}
