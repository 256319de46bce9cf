package netflixjobs.provision.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * Hadoop ignores a misspelt property silently, so every property the templates set must be one
 * Hadoop 3.4 knows: it must appear in the matching *-default.xml shipped in Hadoop's jars. And
 * Hadoop's own parser must read the rendered files to the model's values.
 */
class HadoopNamesTest {
  static final Map<String, String> DEFAULTS = Map.of("core-site.xml", "core-default.xml", "hdfs-site.xml", "hdfs-default.xml",
      "yarn-site.xml", "yarn-default.xml", "mapred-site.xml", "mapred-default.xml");

  @Test void everyPropertyNameIsOneHadoopKnows() throws Exception {
    Map<String, String> files = RenderTest.RENDER.siteFiles(RenderTest.dummy(3));
    for (Map.Entry<String, String> d : DEFAULTS.entrySet()) {
      Set<String> known;
      try (InputStream in = Configuration.class.getClassLoader().getResourceAsStream(d.getValue())) {
        assertNotNull(in, d.getValue() + " on the test classpath");
        known = new TreeSet<>(); // Hadoop's own defaults name some properties twice: names only
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<name>\\s*([^<\\s]+)\\s*</name>")
            .matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        while (m.find()) known.add(m.group(1));
      }
      Set<String> unknown = new TreeSet<>(RenderTest.properties(files.get(d.getKey())).keySet());
      unknown.removeAll(known);
      assertEquals(Set.of(), unknown, d.getKey() + " sets properties missing from Hadoop's " + d.getValue());
    }
  }

  @Test void hadoopsParserReadsTheRenderedFiles() {
    Map<String, String> files = RenderTest.RENDER.siteFiles(RenderTest.dummy(3));
    Configuration conf = new Configuration(false);
    for (String f : Templates.SITE_FILES) conf.addResource(new ByteArrayInputStream(files.get(f).getBytes(StandardCharsets.UTF_8)), f);
    assertEquals("hdfs://10.0.0.5:8020", conf.get("fs.defaultFS"));
    assertEquals(3, conf.getInt("dfs.replication", -1));
    assertEquals("10.0.0.5:8032", conf.get("yarn.resourcemanager.address"));
    assertEquals(12288, conf.getInt("yarn.nodemanager.resource.memory-mb", -1));
    assertEquals("default", conf.get("yarn.scheduler.capacity.root.queues"));
  }
}
