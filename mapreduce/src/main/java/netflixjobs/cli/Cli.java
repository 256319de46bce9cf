package netflixjobs.cli;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;

import netflixjobs.common.FailedException;
import netflixjobs.common.UsageException;

/**
 * Turns every failure of a program into one sentence and an exit code: 0 done, 1 the run failed,
 * 2 bad arguments or input, 70 a bug (stack trace with --verbose).
 */
public final class Cli {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int INTERNAL = 70;

  private Cli() {}

  /** Prints what went wrong in program {@code name} and returns its exit code. */
  public static int report(String name, Throwable e, boolean verbose) {
    if (e instanceof UsageException) {
      return fail(name, e.getMessage(), USAGE);
    } else if (e instanceof FailedException) {
      if (verbose && e.getCause() != null) {
        e.printStackTrace();
      }
      return fail(name, e.getMessage(), FAILED);
    } else if (e instanceof FileAlreadyExistsException) {
      return fail(name, firstLine(e) + " already exists: choose another output or remove it.", USAGE);
    } else if (e instanceof FileNotFoundException) {
      return fail(name, firstLine(e) + ": no such file or directory.", USAGE);
    }
    if (verbose) {
      e.printStackTrace();
    }
    if (e instanceof IOException) {
      return fail(name, "I/O error: " + firstLine(e), FAILED);
    }
    return fail(name, "internal error (" + e.getClass().getSimpleName() + ": " + firstLine(e)
        + "); run with --verbose for details.", INTERNAL);
  }

  /**
   * The settings of {@code conf} that differ from a fresh Configuration's, as a site file a
   * program reads with Hadoop's generic option {@code -conf FILE}: how the embedded runner hands
   * its file system and local job runner to a program that ProgramDriver starts by its main.
   */
  public static File siteFile(Configuration conf) throws IOException {
    Configuration fresh = new Configuration();
    Configuration diff = new Configuration(false);
    for (Map.Entry<String, String> e : conf) {
      if (!Objects.equals(e.getValue(), fresh.getRaw(e.getKey()))) {
        diff.set(e.getKey(), e.getValue());
      }
    }
    File f = File.createTempFile("netflix-jobs-", "-site.xml");
    try (OutputStream out = new FileOutputStream(f)) {
      diff.writeXml(out);
    }
    return f;
  }

  /** Ends the JVM: Hadoop leaves non-daemon threads behind that would keep it alive. */
  public static void exit(int code) {
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }

  private static int fail(String name, String message, int code) {
    System.err.println("netflix-jobs " + name + ": " + message);
    return code;
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
