package netflixjobs.ratings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Movie titles of a data set ({@code DATASET/titles}), looked up by id or by title. */
public final class Titles {

  /** One film. Year 0 when the source had none. */
  public record Film(int id, int year, String title) {
    @Override
    public String toString() {
      return year == 0 ? title : title + " (" + year + ")";
    }
  }

  private final Map<Integer, Film> byId;

  public Titles(Map<Integer, Film> byId) {
    this.byId = byId;
  }

  /** Reads DATASET/titles; a data set imported without titles gives an empty table. */
  public static Titles read(Configuration conf, Dataset ds) throws IOException {
    Map<Integer, Film> map = new LinkedHashMap<>();
    Path p = ds.titles();
    FileSystem fs = p.getFileSystem(conf);
    if (!fs.exists(p)) {
      return new Titles(map);
    }
    try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        String[] f = line.split("\t", 3);
        if (f.length == 3) {
          int id = Integer.parseInt(f[0]);
          map.put(id, new Film(id, f[1].isEmpty() ? 0 : Integer.parseInt(f[1]), f[2]));
        }
      }
    }
    return new Titles(map);
  }

  /** Writes the table as DATASET/titles: {@code id<TAB>year<TAB>title}. */
  public static void write(Configuration conf, Dataset ds, Iterable<Film> films) throws IOException {
    Path p = ds.titles();
    try (var out = p.getFileSystem(conf).create(p, false)) {
      StringBuilder sb = new StringBuilder();
      for (Film f : films) {
        sb.setLength(0);
        sb.append(f.id()).append('\t').append(f.year() == 0 ? "" : Integer.toString(f.year()))
            .append('\t').append(f.title()).append('\n');
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  public Film get(int id) {
    return byId.get(id);
  }

  /** The film's title, or "movie N" when the data set has no title for it. */
  public String name(int id) {
    Film f = byId.get(id);
    return f == null ? "movie " + id : f.toString();
  }

  public int size() {
    return byId.size();
  }

  /**
   * Films matching a query: a movie id, else titles equal to the query ignoring case (with or
   * without the year), else titles containing it. Empty when nothing matches.
   */
  public List<Film> find(String query) {
    String q = query.trim();
    List<Film> out = new ArrayList<>();
    if (q.matches("\\d+")) {
      Film f = byId.get(Integer.parseInt(q));
      if (f != null) {
        out.add(f);
      }
      return out;
    }
    String lq = q.toLowerCase(Locale.ROOT);
    for (Film f : byId.values()) {
      if (f.title().toLowerCase(Locale.ROOT).equals(lq) || f.toString().toLowerCase(Locale.ROOT).equals(lq)) {
        out.add(f);
      }
    }
    if (!out.isEmpty()) {
      return out;
    }
    for (Film f : byId.values()) {
      if (f.title().toLowerCase(Locale.ROOT).contains(lq)) {
        out.add(f);
      }
    }
    return out;
  }
}
