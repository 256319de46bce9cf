package netflixjobs.provision.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text templates under conf/: Hadoop site files in conf/hadoop/ and the node setup script
 * conf/user-data.sh. A template names a value as {@code {{key}}}; rendering with a key the
 * values lack fails, so a template and the model cannot drift apart silently.
 */
public final class Templates {
  public static final String USER_DATA = "user-data.sh";
  /** Site files, in the order they are written. */
  public static final String[] SITE_FILES = {"core-site.xml", "hdfs-site.xml", "yarn-site.xml", "mapred-site.xml", "capacity-scheduler.xml"};
  private static final Pattern KEY = Pattern.compile("\\{\\{([A-Za-z0-9_.-]+)}}");

  private final Map<String, String> texts;

  public Templates(Map<String, String> texts) {
    this.texts = Map.copyOf(texts);
    for (String f : SITE_FILES) require(f);
    require(USER_DATA);
  }

  /** Reads the templates from a conf directory (conf/hadoop/*.xml and conf/user-data.sh). */
  public static Templates load(Path confDir) {
    Map<String, String> t = new LinkedHashMap<>();
    try {
      for (String f : SITE_FILES) t.put(f, Files.readString(confDir.resolve("hadoop").resolve(f), StandardCharsets.UTF_8));
      t.put(USER_DATA, Files.readString(confDir.resolve(USER_DATA), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the templates in " + confDir + ": " + e.getMessage(), e);
    }
    return new Templates(t);
  }

  public String text(String name) { return require(name); }

  private String require(String name) {
    String t = texts.get(name);
    if (t == null) throw new IllegalArgumentException("no template " + name);
    return t;
  }

  /** Replaces every {{key}} in {@code template}; a key missing from {@code values} is an error naming it. */
  public static String render(String templateName, String template, Map<String, String> values) {
    Matcher m = KEY.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 256);
    while (m.find()) {
      String v = values.get(m.group(1));
      if (v == null) throw new IllegalArgumentException("template " + templateName + " uses {{" + m.group(1) + "}}, which the cluster model does not provide");
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }
}
