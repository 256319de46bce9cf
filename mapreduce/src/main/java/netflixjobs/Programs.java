package netflixjobs;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.hadoop.fs.FsShell;
import org.apache.hadoop.util.ProgramDriver;
import org.apache.hadoop.util.Tool;

import netflixjobs.cli.DemoTool;
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
 * Every program of the job jar, with its one-line description. The jar's Main-Class: on a
 * cluster `hadoop jar netflix-jobs.jar NAME ARGS` runs one; with no name it lists them all.
 * The embedded launcher ({@link netflixjobs.cli.Embedded}) looks programs up here too.
 */
public final class Programs {

  /** A program: its Tool class, what it does in one line, and whether it only uses local files. */
  public record Program(Class<? extends Tool> tool, String description, boolean localOnly) {}

  private static final Map<String, Program> PROGRAMS = new LinkedHashMap<>();

  static {
    add("demo", DemoTool.class,
        "Import the committed sample, run knn on it and print a film's neighbours.");
    addLocal("generate", GenerateTool.class,
        "Write a synthetic Netflix-shaped data set (planted model) to a local directory.");
    add("import", ImportTool.class,
        "Import Netflix Prize / MovieLens / CSV ratings into DATASET/{ratings,probe,titles}.");
    add("pi", PiTool.class,
        "Monte Carlo estimate of pi: darts thrown in map tasks, hits summed in one reduce.");
    add("knn", KnnTool.class,
        "Exact co-rated Pearson between every pair of movies; each movie's k nearest neighbours.");
    add("neighbours", NeighboursTool.class,
        "Print a film's nearest neighbours from knn output, by title or id.");
    add("svd", SvdTool.class,
        "Train a biased matrix factorisation (Funk SVD) by MapReduce passes; resumable.");
    add("predict", PredictTool.class, "Predict one user's rating of one film from an svd model.");
    add("recommend", RecommendTool.class, "Recommend films a user has not rated, from an svd model.");
    add("rmse", RmseTool.class, "RMSE of an svd model over a ratings path.");
    add("dfs", FsShell.class,
        "Hadoop's file system shell on the file system in use (-ls, -cat, -text, -put, -get, -rm).");
  }

  private Programs() {}

  private static void add(String name, Class<? extends Tool> tool, String description) {
    PROGRAMS.put(name, new Program(tool, description, false));
  }

  /** A program that reads and writes only this machine's files: the embedded launcher starts no HDFS for it. */
  private static void addLocal(String name, Class<? extends Tool> tool, String description) {
    PROGRAMS.put(name, new Program(tool, description, true));
  }

  public static Map<String, Program> all() {
    return PROGRAMS;
  }

  /** The list a user sees with no program named. */
  public static void printPrograms(java.io.PrintStream out) {
    out.println("Valid program names are:");
    PROGRAMS.forEach((name, p) -> out.printf("  %-10s %s%n", name, p.description()));
  }

  public static void main(String[] args) throws Throwable {
    ProgramDriver driver = new ProgramDriver();
    for (Map.Entry<String, Program> e : PROGRAMS.entrySet()) {
      driver.addClass(e.getKey(), Launcher.class, e.getValue().description());
    }
    if (args.length == 0 || !PROGRAMS.containsKey(args[0])) {
      driver.run(args); // prints the list (and "Unknown program" for a wrong name)
      System.exit(args.length == 0 ? 0 : 2);
    }
    netflixjobs.cli.Cli.exit(netflixjobs.cli.Cli.run(
        new org.apache.hadoop.conf.Configuration(), args[0], java.util.Arrays.copyOfRange(args, 1, args.length)));
  }

  /** ProgramDriver wants a class with main per program; the real dispatch is in {@link #main}. */
  public static final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {}
  }
}
