package netflixjobs.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.GenericOptionsParser;

import netflixjobs.Programs;

/**
 * Runs one program by name and turns every failure into one sentence and an exit code:
 * 0 done, 1 the run failed, 2 bad arguments or input, 70 a bug (stack trace with --verbose).
 */
public final class Cli {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int INTERNAL = 70;

  /** Set by the launcher; prints stack traces of unexpected errors. */
  static boolean verbose = Boolean.getBoolean("netflixjobs.verbose");

  private Cli() {}

  public static int run(Configuration conf, String name, String[] args) {
    Programs.Program program = Programs.all().get(name);
    if (program == null) {
      System.err.println("netflix-jobs: unknown program '" + name + "'; run without arguments to list them.");
      return USAGE;
    }
    try {
      Tool tool = program.tool().getDeclaredConstructor().newInstance();
      int split = genericOptionsEnd(args);
      // ToolRunner's parser would also take a program's own --files/--libjars: give it only the
      // leading single-dash generic options (-D, -conf, -fs, -jt, -files, -libjars, -archives).
      new GenericOptionsParser(conf, Arrays.copyOfRange(args, 0, split));
      tool.setConf(conf);
      return tool.run(Arrays.copyOfRange(args, split, args.length));
    } catch (UsageException e) {
      return fail(name, e.getMessage(), USAGE);
    } catch (FailedException e) {
      if (verbose && e.getCause() != null) {
        e.printStackTrace();
      }
      return fail(name, e.getMessage(), FAILED);
    } catch (FileAlreadyExistsException e) {
      return fail(name, firstLine(e) + " already exists: choose another output or remove it.", USAGE);
    } catch (FileNotFoundException e) {
      return fail(name, firstLine(e) + ": no such file or directory.", USAGE);
    } catch (IOException e) {
      if (verbose) {
        e.printStackTrace();
      }
      return fail(name, "I/O error: " + firstLine(e), FAILED);
    } catch (Exception e) {
      if (verbose) {
        e.printStackTrace();
      }
      return fail(name, "internal error (" + e.getClass().getSimpleName() + ": " + firstLine(e)
          + "); run with --verbose for details.", INTERNAL);
    }
  }

  private static final Set<String> GENERIC_WITH_VALUE =
      Set.of("-D", "-conf", "-fs", "-jt", "-files", "-libjars", "-archives", "-tokenCacheFile");

  /** Index of the first argument that is not one of Hadoop's generic options. */
  static int genericOptionsEnd(String[] args) {
    int i = 0;
    while (i < args.length) {
      if (GENERIC_WITH_VALUE.contains(args[i]) && i + 1 < args.length) {
        i += 2;
      } else if (args[i].startsWith("-D") && args[i].length() > 2) {
        i++;
      } else {
        break;
      }
    }
    return i;
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
