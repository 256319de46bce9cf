package netflixjobs.provision.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import netflixjobs.provision.model.Problem;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from properties files whose keys are the long flags without dashes; a later
 * file wins over an earlier one, and a flag on the command line wins over every file. An empty
 * value means unset.
 */
public final class Config implements IDefaultValueProvider {
  private final Properties merged = new Properties();

  public Config(List<Path> files) {
    for (Path f : files) {
      if (f == null || !Files.exists(f)) continue;
      try (Reader r = Files.newBufferedReader(f)) {
        Properties p = new Properties();
        p.load(r);
        merged.putAll(p);
      } catch (IOException | IllegalArgumentException e) {
        throw Problem.usage("cannot read " + f + ": " + e.getMessage());
      }
    }
  }

  public String get(String key) {
    String v = merged.getProperty(key);
    return v == null || v.isBlank() ? null : v.trim();
  }

  @Override public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec o)) return null;
    return get(o.longestName().replaceFirst("^-+", ""));
  }
}
