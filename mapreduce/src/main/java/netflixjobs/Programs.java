package netflixjobs;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ProgramDriver;

import netflixjobs.cli.Cli;
import netflixjobs.cli.DemoTool;
import netflixjobs.cli.Dfs;
import netflixjobs.cli.Embedded;
import netflixjobs.cli.Launch;
import netflixjobs.common.UsageException;
import netflixjobs.generate.GenerateTool;
import netflixjobs.importer.ImportTool;
import netflixjobs.knn.KnnTool;
import netflixjobs.knn.NeighboursTool;
import netflixjobs.pi.PiTool;
import netflixjobs.svd.PredictTool;
import netflixjobs.svd.RecommendTool;
import netflixjobs.svd.RmseTool;
import netflixjobs.svd.SvdTool;

/**
 * The job jar's one entry point (its Main-Class) and its programs, which Hadoop's ProgramDriver
 * lists and runs: on a cluster {@code hadoop jar netflix-jobs.jar NAME ARGS}; bin/netflix-jobs
 * adds the launcher's options ({@link Launch}) before NAME to run it embedded.
 */
public final class Programs {

  /** A program: its name, its class with a main, one line on what it does, and whether it only uses local files. */
  record Program(String name, Class<?> main, String description, boolean localOnly) {}

  static final List<Program> ALL = List.of(
      new Program("demo", DemoTool.class,
          "Import the committed sample, run knn on it and print a film's neighbours.", false),
      new Program("generate", GenerateTool.class,
          "Write a synthetic Netflix-shaped data set (planted model) to a local directory.", true),
      new Program("import", ImportTool.class,
          "Import Netflix Prize / MovieLens / CSV ratings into DATASET/{ratings,probe,titles}.", false),
      new Program("pi", PiTool.class,
          "Monte Carlo estimate of pi: darts thrown in map tasks, hits summed in one reduce.", false),
      new Program("knn", KnnTool.class,
          "Exact co-rated Pearson between every pair of movies; each movie's k nearest neighbours.", false),
      new Program("neighbours", NeighboursTool.class,
          "Print a film's nearest neighbours from knn output, by title or id.", false),
      new Program("svd", SvdTool.class,
          "Train a biased matrix factorisation (Funk SVD) by MapReduce passes; resumable.", false),
      new Program("predict", PredictTool.class, "Predict one user's rating of one film from an svd model.", false),
      new Program("recommend", RecommendTool.class, "Recommend films a user has not rated, from an svd model.", false),
      new Program("rmse", RmseTool.class, "RMSE of an svd model over a ratings path.", false),
      new Program("dfs", Dfs.class,
          "Hadoop's file system shell on the file system in use (-ls, -cat, -text, -put, -get, -rm).", false));

  private Programs() {}

  static ProgramDriver driver() {
    ProgramDriver driver = new ProgramDriver();
    try {
      for (Program p : ALL) {
        driver.addClass(p.name(), p.main(), p.description());
      }
    } catch (Throwable e) {
      throw new IllegalStateException("a program without a main: " + e, e);
    }
    return driver;
  }

  static Program find(String name) {
    return ALL.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
  }

  public static void main(String[] argv) throws Throwable {
    Launch launch;
    try {
      launch = Launch.parse(argv);
    } catch (UsageException e) {
      System.err.println("netflix-jobs: " + e.getMessage());
      Cli.exit(Cli.USAGE);
      return;
    }
    List<String> args = launch.rest();
    Program program = args.isEmpty() ? null : find(args.get(0));
    if (program == null) {
      driver().run(args.toArray(new String[0])); // the list (after "Unknown program" for a wrong name)
      System.out.println("usage: " + Launch.USAGE);
      Cli.exit(args.isEmpty() ? Cli.OK : Cli.USAGE);
    }
    String[] rest = args.subList(1, args.size()).toArray(new String[0]);
    if (!launch.embedded()) {
      Cli.exit(run(null, program.name(), rest, launch.verbose()));
    }
    int code;
    try (Embedded embedded = launch.open(program.localOnly())) {
      code = run(embedded.conf(), program.name(), rest, launch.verbose());
    } catch (UsageException e) {
      System.err.println("netflix-jobs: " + e.getMessage());
      code = Cli.USAGE;
    } catch (Exception e) {
      System.err.println("netflix-jobs: could not start the embedded HDFS under " + launch.dataDir() + " ("
          + e.getMessage() + "); try --verbose, another --data-dir, or --fs file:///.");
      if (launch.verbose()) {
        e.printStackTrace();
      }
      System.err.flush();
      // halt, not exit: MiniDFSCluster's failure path scheduled the data directory for deletion at exit
      Runtime.getRuntime().halt(Cli.FAILED);
      code = Cli.FAILED;
    }
    Cli.exit(code);
  }

  public static int run(Configuration conf, String name, String[] args) {
    return run(conf, name, args, false);
  }

  /**
   * Runs program {@code name} through the ProgramDriver and returns its exit code; {@code conf}
   * (when not null: the embedded runner's, or a test's) reaches it as a {@code -conf} site file.
   */
  public static int run(Configuration conf, String name, String[] args, boolean verbose) {
    if (find(name) == null) {
      System.err.println("netflix-jobs: unknown program '" + name + "'; run with no arguments to list them.");
      return Cli.USAGE;
    }
    File site = null;
    try {
      List<String> all = new ArrayList<>(List.of(name));
      if (conf != null) {
        site = Cli.siteFile(conf);
        all.addAll(List.of("-conf", site.getPath()));
      }
      all.addAll(List.of(args));
      return driver().run(all.toArray(new String[0])) == 0 ? Cli.OK : Cli.USAGE;
    } catch (Throwable e) {
      return Cli.report(name, e, verbose);
    } finally {
      if (site != null) {
        site.delete();
      }
    }
  }
}
