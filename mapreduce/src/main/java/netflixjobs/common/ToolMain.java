package netflixjobs.common;

import java.util.Arrays;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.GenericOptionsParser;
import org.apache.hadoop.util.Tool;

/**
 * A program's {@code main} as Hadoop's ProgramDriver calls it: the leading generic options
 * (-D, -conf, -fs, -jt, -files, -libjars, -archives) set the configuration, the rest go to the
 * tool. A failure is thrown, not turned into an exit: the launcher reports it and ends the JVM.
 */
public final class ToolMain {
  private static final Set<String> GENERIC_WITH_VALUE =
      Set.of("-D", "-conf", "-fs", "-jt", "-files", "-libjars", "-archives", "-tokenCacheFile");

  private ToolMain() {}

  public static void run(Tool tool, String[] args) throws Exception {
    run(new Configuration(), tool, args);
  }

  public static void run(Configuration conf, Tool tool, String[] args) throws Exception {
    // ToolRunner's parser would also take a program's own --files/--libjars: give it only the
    // leading single-dash generic options.
    int split = genericOptionsEnd(args);
    new GenericOptionsParser(conf, Arrays.copyOfRange(args, 0, split));
    tool.setConf(conf);
    int code = tool.run(Arrays.copyOfRange(args, split, args.length));
    if (code != 0) {
      throw new FailedException("ended with exit code " + code);
    }
  }

  /** Index of the first argument that is not one of Hadoop's generic options. */
  public static int genericOptionsEnd(String[] args) {
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
}
