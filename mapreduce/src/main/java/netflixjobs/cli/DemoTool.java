package netflixjobs.cli;

import java.io.File;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.Tool;

import netflixjobs.common.Args;
import netflixjobs.common.ToolMain;
import netflixjobs.common.UsageException;
import netflixjobs.importer.ImportTool;
import netflixjobs.knn.KnnTool;
import netflixjobs.knn.NeighboursTool;
import netflixjobs.ratings.Dataset;
import netflixjobs.ratings.Titles;

/**
 * {@code demo [--sample DIR] [--out NAME] [FILM]}: the README's first command. Imports the
 * committed sample (once), runs knn on it (once) and prints the neighbours of a film (by
 * default a "Return of ..." film, as in the original talk). Each step is the ordinary program, so its output is what a user
 * sees running them by hand.
 */
public class DemoTool extends Configured implements Tool {
  /** As ProgramDriver runs it: {@code netflix-jobs demo ARGS}. */
  public static void main(String[] args) throws Exception {
    ToolMain.run(new DemoTool(), args);
  }

  /** Set by bin/netflix-jobs: the checkout, whose data/sample the demo imports. */
  public static final String HOME = "netflixjobs.home";

  @Override
  public int run(String[] argv) throws Exception {
    Args a = new Args("demo", "[--sample DIR] [--out NAME] [FILM]")
        .value("sample", "DIR", "Netflix-layout sample to import (default: data/sample of this checkout)")
        .value("out", "NAME", "data set name on the file system in use (default: sample)");
    if (!a.parse(argv)) {
      return 0;
    }
    List<String> pos = a.positional(0, 1);
    String home = System.getProperty(HOME);
    String sample = a.string("sample", home == null ? null : new File(home, "data/sample").getPath());
    if (sample == null) {
      throw new UsageException("give --sample DIR (a Netflix-layout directory, e.g. data/sample of the checkout).");
    }
    Configuration conf = getConf();
    String ds = a.string("out", "sample");
    String knn = ds + "-knn";
    FileSystem fs = new Path(ds).getFileSystem(conf);
    if (!fs.exists(new Path(ds))) {
      step("import " + sample + " " + ds);
      ToolMain.run(new Configuration(conf), new ImportTool(), new String[] {sample, ds});
    } else {
      System.out.println("demo: " + ds + " is already imported");
    }
    if (!fs.exists(new Path(knn))) {
      step("knn " + ds + " " + knn);
      ToolMain.run(new Configuration(conf), new KnnTool(), new String[] {ds, knn});
    } else {
      System.out.println("demo: " + knn + " is already computed");
    }
    String film = pos.isEmpty() ? defaultFilm(conf, Dataset.at(ds)) : pos.get(0);
    step("neighbours " + knn + " " + ds + " \"" + film + "\"");
    ToolMain.run(new Configuration(conf), new NeighboursTool(), new String[] {"--k", "10", knn, ds, film});
    return 0;
  }

  private static void step(String command) {
    System.out.println();
    System.out.println("$ netflix-jobs " + command);
  }

  /**
   * The talk's example was "Return of the Jedi": the most rated film whose title starts with
   * "Return of", else the most rated film (the sample is small: one pass over it).
   */
  static String defaultFilm(Configuration conf, Dataset ds) throws java.io.IOException {
    java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
    Dataset.forEach(conf, ds.ratings(), (u, m, h, d) -> counts.merge(m, 1, Integer::sum));
    Titles titles = Titles.read(conf, ds);
    java.util.Comparator<java.util.Map.Entry<Integer, Integer>> byCount =
        java.util.Map.Entry.<Integer, Integer>comparingByValue().thenComparing(e -> -e.getKey());
    return counts.entrySet().stream()
        .filter(e -> titles.get(e.getKey()) != null && titles.get(e.getKey()).title().startsWith("Return of"))
        .max(byCount)
        .or(() -> counts.entrySet().stream().max(byCount))
        .map(e -> titles.get(e.getKey()) == null ? Integer.toString(e.getKey()) : titles.get(e.getKey()).title())
        .orElseThrow(() -> new UsageException(ds.root() + " has no ratings."));
  }
}
