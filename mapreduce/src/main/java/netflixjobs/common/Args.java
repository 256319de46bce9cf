package netflixjobs.common;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * A program's own arguments (after ToolRunner took the generic -D/-conf/-fs/-jt ones), parsed
 * with commons-cli, which every Hadoop install ships. Every getter turns a bad value into a
 * {@link UsageException} that names the option and what it wants.
 */
public final class Args {
  private final String program;
  private final String synopsis;
  private final Options options = new Options();
  private CommandLine line;

  public Args(String program, String synopsis) {
    this.program = program;
    this.synopsis = synopsis;
    flag("help", "print this help");
  }

  /** A long option with a value: --name VALUE. */
  public Args value(String name, String argName, String description) {
    options.addOption(Option.builder().longOpt(name).hasArg().argName(argName).desc(description).build());
    return this;
  }

  /** A long option without a value: --name. */
  public Args flag(String name, String description) {
    options.addOption(Option.builder().longOpt(name).desc(description).build());
    return this;
  }

  /** Parses; --help prints usage and returns false. */
  public boolean parse(String[] args) {
    try {
      line = new DefaultParser().parse(options, args);
    } catch (ParseException e) {
      throw new UsageException(e.getMessage() + "; usage: " + program + " " + synopsis);
    }
    if (line.hasOption("help") || line.getArgList().contains("-h")) {
      new HelpFormatter().printHelp(program + " " + synopsis, options);
      return false;
    }
    return true;
  }

  public List<String> positional(int min, int max) {
    List<String> rest = line.getArgList();
    if (rest.size() < min || rest.size() > max) {
      throw new UsageException("expected " + (min == max ? "" + min : min + " to " + max)
          + " arguments, got " + rest.size() + "; usage: " + program + " " + synopsis);
    }
    for (String r : rest) {
      if (r.startsWith("--")) {
        throw new UsageException("unknown option " + r + "; usage: " + program + " " + synopsis);
      }
    }
    return rest;
  }

  public boolean has(String name) {
    return line.hasOption(name);
  }

  public String string(String name, String dflt) {
    return line.getOptionValue(name, dflt);
  }

  public long longValue(String name, long dflt, long min, long max) {
    return number(name, dflt, "a whole number", Args::parseLong, x -> x >= min && x <= max, min, max);
  }

  public int intValue(String name, int dflt, int min, int max) {
    return (int) longValue(name, dflt, min, max);
  }

  public double doubleValue(String name, double dflt, double min, double max) {
    return number(name, dflt, "a number", Double::parseDouble, x -> x >= min && x <= max, min, max);
  }

  /** Option {@code --name}: absent, the default; else parsed, and in range, or one sentence to the user. */
  private <T> T number(String name, T dflt, String kind, Function<String, T> parse, Predicate<T> inRange,
                       Object min, Object max) {
    String v = line.getOptionValue(name);
    if (v == null) {
      return dflt;
    }
    T x;
    try {
      x = parse.apply(v);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " wants " + kind + ", not '" + v + "'.");
    }
    if (!inRange.test(x)) {
      throw new UsageException("--" + name + " must be between " + min + " and " + max + ", not " + v + ".");
    }
    return x;
  }

  /** A positional id such as USER or MOVIE. */
  public static int id(String value, String what) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(what + " must be a whole number (an id), not '" + value + "'.");
    }
  }

  /** Accepts 1000000, 1e6 and 10^6. */
  static long parseLong(String v) {
    String s = v.trim().replace("_", "");
    int caret = s.indexOf('^');
    if (caret > 0) {
      long base = Long.parseLong(s.substring(0, caret));
      int exp = Integer.parseInt(s.substring(caret + 1));
      return checkedPow(base, exp);
    }
    if (s.matches("\\d+(\\.\\d+)?[eE]\\d+")) {
      double d = Double.parseDouble(s);
      if (d != Math.rint(d) || d > Long.MAX_VALUE) {
        throw new NumberFormatException(v);
      }
      return (long) d;
    }
    return Long.parseLong(s);
  }

  private static long checkedPow(long base, int exp) {
    long r = 1;
    for (int i = 0; i < exp; i++) {
      r = Math.multiplyExact(r, base);
    }
    return r;
  }
}
