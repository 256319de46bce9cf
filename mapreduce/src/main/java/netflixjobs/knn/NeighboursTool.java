package netflixjobs.knn;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.Tool;

import netflixjobs.common.Args;
import netflixjobs.common.ToolMain;
import netflixjobs.common.UsageException;
import netflixjobs.ratings.Dataset;
import netflixjobs.ratings.Titles;

/**
 * {@code neighbours [--k K] OUT DATASET FILM}: a film's nearest neighbours from knn output,
 * found by title (case-insensitive, as {@link Titles#find}) or by id, as a table.
 */
public class NeighboursTool extends Configured implements Tool {
  /** As ProgramDriver runs it: {@code netflix-jobs neighbours ARGS}. */
  public static void main(String[] args) throws Exception {
    ToolMain.run(new NeighboursTool(), args);
  }

  static final String SYNOPSIS = "[--k K] OUT DATASET \"TITLE\"|ID";

  /** One neighbour of a film, as knn wrote it. */
  public record Neighbour(int id, double similarity, int common) {}

  @Override
  public int run(String[] argv) throws IOException {
    Args args = new Args("neighbours", SYNOPSIS)
        .value("k", "K", "show at most K neighbours (default: all knn kept)");
    if (!args.parse(argv)) {
      return 0;
    }
    List<String> pos = args.positional(3, 3);
    int k = args.intValue("k", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
    print(getConf(), new Path(pos.get(0)), Dataset.at(pos.get(1)), pos.get(2), k, System.out);
    return 0;
  }

  /** Looks the film up and prints its table; bad queries throw {@link UsageException}. */
  public static void print(Configuration conf, Path out, Dataset ds, String query, int k, PrintStream ps)
      throws IOException {
    Titles titles = Titles.read(conf, ds);
    Titles.Film film = find(titles, query, ds, ps);
    List<Neighbour> list = read(conf, out, film.id());
    if (list == null) {
      throw new UsageException("film " + film.id() + " (" + film + ") is not in " + out
          + ": it has no ratings in the data set knn read.");
    }
    ps.println("Neighbours of " + film + ", film " + film.id() + ":");
    if (list.isEmpty()) {
      ps.println("  none: no film shares enough raters with it (see knn --min-common).");
      return;
    }
    int width = 5;
    for (int i = 0; i < Math.min(k, list.size()); i++) {
      width = Math.max(width, title(titles, list.get(i).id()).length());
    }
    width = Math.min(width, 60);
    ps.printf(Locale.ROOT, "%4s  %-" + width + "s  %4s  %10s  %6s%n", "rank", "title", "year", "similarity", "common");
    for (int i = 0; i < Math.min(k, list.size()); i++) {
      Neighbour n = list.get(i);
      Titles.Film f = titles.get(n.id());
      String t = title(titles, n.id());
      if (t.length() > width) {
        t = t.substring(0, width - 3) + "...";
      }
      ps.printf(Locale.ROOT, "%4d  %-" + width + "s  %4s  %10.4f  %6d%n", i + 1, t,
          f == null || f.year() == 0 ? "-" : Integer.toString(f.year()), n.similarity(), n.common());
    }
  }

  private static String title(Titles titles, int id) {
    Titles.Film f = titles.get(id);
    return f == null ? "film " + id : f.title();
  }

  /** The one film a query names; lists the candidates and throws when it names several or none. */
  static Titles.Film find(Titles titles, String query, Dataset ds, PrintStream ps) {
    String q = query.trim();
    List<Titles.Film> found = titles.find(q);
    if (found.isEmpty() && q.matches("\\d+") && titles.get(Integer.parseInt(q)) == null) {
      return new Titles.Film(Integer.parseInt(q), 0, "film " + q); // no titles for it: the id is enough
    }
    if (found.isEmpty()) {
      throw new UsageException("no film matches '" + q + "' in " + ds.titles()
          + (titles.size() == 0 ? " (the data set has no titles; give a film id)" : "") + ".");
    }
    if (found.size() > 1) {
      ps.println(found.size() + " films match '" + q + "':");
      for (int i = 0; i < Math.min(found.size(), 50); i++) {
        Titles.Film f = found.get(i);
        ps.printf(Locale.ROOT, "  %7d  %s%n", f.id(), f);
      }
      if (found.size() > 50) {
        ps.println("  ... and " + (found.size() - 50) + " more");
      }
      throw new UsageException(found.size() + " films match '" + q + "'; give the exact title or the film id.");
    }
    return found.get(0);
  }

  /** A film's neighbours from knn output (best first), or null when the film has no line. */
  public static List<Neighbour> read(Configuration conf, Path out, int film) throws IOException {
    FileSystem fs = out.getFileSystem(conf);
    if (!fs.exists(out)) {
      throw new UsageException(out + " does not exist: give the output directory of knn.");
    }
    String prefix = film + "\t";
    String alone = Integer.toString(film);
    for (Path p : Dataset.partFiles(conf, out)) {
      if (!p.getName().startsWith("part-")) {
        continue;
      }
      try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          if (line.equals(alone)) {
            return new ArrayList<>();
          }
          if (line.startsWith(prefix)) {
            return parse(line);
          }
        }
      }
    }
    return null;
  }

  /** Parses one output line {@code film<TAB>id:sim:common<TAB>...} into its neighbours. */
  public static List<Neighbour> parse(String line) {
    String[] f = line.split("\t");
    List<Neighbour> out = new ArrayList<>(f.length);
    for (int i = 1; i < f.length; i++) {
      String[] p = f[i].split(":");
      if (p.length != 3) {
        throw new UsageException("not a knn output line: " + line.substring(0, Math.min(80, line.length())));
      }
      out.add(new Neighbour(Integer.parseInt(p[0]), Double.parseDouble(p[1]), Integer.parseInt(p[2])));
    }
    return out;
  }
}
