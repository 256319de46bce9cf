package netflixjobs.cli;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import netflixjobs.common.UsageException;

/**
 * The launcher's options, before the program's name:
 * {@code [--embedded] [--fs file:///|hdfs://HOST:PORT] [--data-dir DIR] [--datanodes N] [--verbose] PROGRAM ARGS...}.
 * Any of --embedded, --fs, --data-dir, --datanodes runs the program {@link Embedded}; without
 * them it runs on the cluster its configuration names (as under {@code hadoop jar}).
 */
public record Launch(boolean embedded, boolean verbose, String fs, File dataDir, int datanodes, List<String> rest) {
  public static final String USAGE = "netflix-jobs [--fs file:///|hdfs://HOST:PORT] [--data-dir DIR] [--datanodes N] "
      + "[--verbose] PROGRAM ARGS...";

  public static Launch parse(String[] argv) {
    List<String> args = new ArrayList<>(Arrays.asList(argv));
    boolean embedded = false;
    boolean verbose = false;
    String fs = null;
    String dataDir = Embedded.DEFAULT_DATA_DIR;
    String datanodes = "2";
    while (!args.isEmpty() && args.get(0).startsWith("--")) {
      String flag = args.remove(0);
      switch (flag) {
        case "--verbose" -> verbose = true;
        case "--embedded" -> embedded = true;
        case "--fs" -> fs = take(args, flag);
        case "--data-dir" -> dataDir = take(args, flag);
        case "--datanodes" -> datanodes = take(args, flag);
        default -> throw new UsageException("unknown launcher option " + flag + "; usage: " + USAGE);
      }
      embedded |= !flag.equals("--verbose");
    }
    int n;
    try {
      n = Integer.parseInt(datanodes);
    } catch (NumberFormatException e) {
      throw new UsageException("--datanodes wants a whole number.");
    }
    if (n < 1 || n > 16) {
      throw new UsageException("--datanodes must be between 1 and 16.");
    }
    return new Launch(embedded, verbose, fs, new File(dataDir), n, List.copyOf(args));
  }

  /** The embedded runner for a program; one that uses only local files gets no HDFS. */
  public Embedded open(boolean localOnly) throws IOException {
    return localOnly && fs == null ? Embedded.localFs() : Embedded.open(fs, dataDir, datanodes);
  }

  private static String take(List<String> args, String flag) {
    if (args.isEmpty()) {
      throw new UsageException(flag + " wants a value.");
    }
    return args.remove(0);
  }
}
