package netflixjobs.generate;

import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.util.Tool;

import netflixjobs.common.Args;
import netflixjobs.common.ToolMain;
import netflixjobs.common.UsageException;

/**
 * {@code generate --scale S [--seed N] [--threads T] LOCAL_DIR}: a synthetic data set in the
 * Netflix Prize layout on the local disk (not on HDFS: {@code import} then reads it like the
 * real files). See {@link Generator} and {@link Model}.
 */
public class GenerateTool extends Configured implements Tool {
  /** As ProgramDriver runs it: {@code netflix-jobs generate ARGS}. */
  public static void main(String[] args) throws Exception {
    ToolMain.run(new GenerateTool(), args);
  }

  static final long DEFAULT_SEED = 20061002L; // the day the Netflix Prize opened

  @Override
  public int run(String[] argv) throws Exception {
    Args args = new Args("generate", "--scale S [--seed N] [--factors K] [--noise SIGMA] [--threads T] LOCAL_DIR")
        .value("scale", "S", "size: 1.0 is Netflix's 17,770 movies, 480,189 users, ~100.5M ratings;"
            + " movies and users grow as sqrt(S), ratings as S (0 < S <= 10)")
        .value("seed", "N", "random seed; the same seed gives the same bytes (default " + DEFAULT_SEED + ")")
        .value("factors", "K", "factors of the planted model (default " + Model.DEFAULT_FACTORS + ")")
        .value("noise", "SIGMA", "standard deviation of the planted rating noise (default "
            + Model.DEFAULT_NOISE_SIGMA + ")")
        .value("threads", "T", "threads (default: all cores); does not change the output");
    if (!args.parse(argv)) {
      return 0;
    }
    List<String> rest = args.positional(1, 1);
    if (!args.has("scale")) {
      throw new UsageException("--scale is required (0.01 is about 1M ratings, 1.0 the Netflix size);"
          + " usage: generate --scale S [--seed N] LOCAL_DIR");
    }
    // range checked by the generator, in a sentence that says what a scale means
    double scale = args.doubleValue("scale", 0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    long seed = args.longValue("seed", DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
    int factors = args.intValue("factors", Model.DEFAULT_FACTORS, 1, 200);
    double noise = args.doubleValue("noise", Model.DEFAULT_NOISE_SIGMA, 0, 5);
    int threads = args.intValue("threads", Runtime.getRuntime().availableProcessors(), 1, 1024);
    Path dir = localPath(rest.get(0));
    Generator.Summary s = Generator.write(dir, scale, seed, factors, noise, threads, System.err);
    System.out.println(s.line());
    System.out.printf(java.util.Locale.ROOT, "generate: wrote %s (%s, %s, %s, %s)%n", dir.toAbsolutePath(),
        Generator.TRAINING_SET + "/", Generator.PROBE, Generator.TITLES, Generator.PROPERTIES);
    return 0;
  }

  /** A plain path or a file: URI; any other file system is refused in one sentence. */
  static Path localPath(String arg) {
    if (arg.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || arg.startsWith("file:")) {
      URI uri = URI.create(arg);
      if (!"file".equalsIgnoreCase(uri.getScheme())) {
        throw new UsageException("generate writes to a local directory, not " + arg
            + "; generate locally, then import it (import reads local paths too).");
      }
      return Paths.get(uri.getPath());
    }
    return Paths.get(arg);
  }
}
