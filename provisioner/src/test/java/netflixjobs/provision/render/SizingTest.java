package netflixjobs.provision.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import netflixjobs.provision.model.Cluster;
import netflixjobs.provision.model.Layout;
import netflixjobs.provision.model.Ports;
import netflixjobs.provision.model.Resources;
import netflixjobs.provision.model.Software;
import netflixjobs.provision.model.YarnSizing;
import org.junit.jupiter.api.Test;

/**
 * Every instance type bin/provision prices can run a job with a reduce: an application master and
 * a reduce (and an AM and a map) fit side by side in one NodeManager, as rendered into the site
 * files, or the type is refused with one sentence.
 */
class SizingTest {
  /** Memory (MiB) and vCPUs of each type in conf/prices.tsv, from https://aws.amazon.com/ec2/instance-types/. */
  static final Map<String, Resources> SPECS = Map.ofEntries(
      Map.entry("t3.medium", new Resources(4096, 2)), Map.entry("t3.large", new Resources(8192, 2)),
      Map.entry("t3.xlarge", new Resources(16384, 4)), Map.entry("t3.2xlarge", new Resources(32768, 8)),
      Map.entry("m5.large", new Resources(8192, 2)), Map.entry("m5.xlarge", new Resources(16384, 4)),
      Map.entry("m5.2xlarge", new Resources(32768, 8)), Map.entry("m5.4xlarge", new Resources(65536, 16)),
      Map.entry("m6i.large", new Resources(8192, 2)), Map.entry("m6i.xlarge", new Resources(16384, 4)),
      Map.entry("m6i.2xlarge", new Resources(32768, 8)), Map.entry("m6i.4xlarge", new Resources(65536, 16)),
      Map.entry("m7i.large", new Resources(8192, 2)), Map.entry("m7i.xlarge", new Resources(16384, 4)),
      Map.entry("m7i.2xlarge", new Resources(32768, 8)),
      Map.entry("m6g.large", new Resources(8192, 2)), Map.entry("m6g.xlarge", new Resources(16384, 4)),
      Map.entry("m6g.2xlarge", new Resources(32768, 8)),
      Map.entry("m7g.large", new Resources(8192, 2)), Map.entry("m7g.xlarge", new Resources(16384, 4)),
      Map.entry("m7g.2xlarge", new Resources(32768, 8)),
      Map.entry("c5.xlarge", new Resources(8192, 4)), Map.entry("c6i.xlarge", new Resources(8192, 4)),
      Map.entry("r5.xlarge", new Resources(32768, 4)), Map.entry("r6i.xlarge", new Resources(32768, 4)));

  static List<String> pricedTypes() throws Exception {
    TreeSet<String> types = new TreeSet<>();
    for (String line : Files.readAllLines(RenderTest.HOME.resolve("conf/prices.tsv"))) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String type = line.split("\t")[1];
      if (!type.startsWith("ebs-")) types.add(type);
    }
    return List.copyOf(types);
  }

  @Test void everyPricedTypeRunsAnApplicationMasterBesideAReduceOrIsRefused() throws Exception {
    List<String> types = pricedTypes();
    assertTrue(types.size() >= 20, "conf/prices.tsv read: " + types);
    for (String type : types) {
      Resources r = SPECS.get(type);
      assertNotNull(r, type + " is priced in conf/prices.tsv: add its memory and vCPUs to SPECS");
      YarnSizing y;
      try {
        y = YarnSizing.of(r);
      } catch (IllegalArgumentException refused) {
        assertOneSentence(refused.getMessage());
        continue;
      }
      // what the nodes actually get: the rendered yarn-site.xml and mapred-site.xml
      Map<String, String> files = RenderTest.RENDER.siteFiles(cluster(r));
      Map<String, String> yarn = RenderTest.properties(files.get("yarn-site.xml"));
      Map<String, String> mapred = RenderTest.properties(files.get("mapred-site.xml"));
      int node = Integer.parseInt(yarn.get("yarn.nodemanager.resource.memory-mb"));
      int vcores = Integer.parseInt(yarn.get("yarn.nodemanager.resource.cpu-vcores"));
      int am = Integer.parseInt(mapred.get("yarn.app.mapreduce.am.resource.mb"));
      int map = Integer.parseInt(mapred.get("mapreduce.map.memory.mb"));
      int reduce = Integer.parseInt(mapred.get("mapreduce.reduce.memory.mb"));
      assertEquals(y.nodeMemoryMiB(), node, type);
      // containers ask for Hadoop's default of one vcore each unless the templates say otherwise
      int amCores = Integer.parseInt(mapred.getOrDefault("yarn.app.mapreduce.am.resource.cpu-vcores", "1"));
      int mapCores = Integer.parseInt(mapred.getOrDefault("mapreduce.map.cpu.vcores", "1"));
      int reduceCores = Integer.parseInt(mapred.getOrDefault("mapreduce.reduce.cpu.vcores", "1"));
      int min = Integer.parseInt(yarn.getOrDefault("yarn.scheduler.minimum-allocation-mb", "1024"));
      for (int c : new int[] {am, map, reduce})
        assertEquals(0, c % min, type + ": YARN rounds " + c + " MiB up to a multiple of " + min);
      String shape = type + " (" + r.memoryMiB() + " MiB, " + r.vcpus() + " vCPUs): node " + node + " MiB/" + vcores
          + " vcores, AM " + am + ", map " + map + ", reduce " + reduce;
      assertTrue(am + reduce <= node && amCores + reduceCores <= vcores, "AM + reduce fit one worker: " + shape);
      assertTrue(am + map <= node && amCores + mapCores <= vcores, "AM + map fit one worker: " + shape);
      assertTrue(map >= YarnSizing.MIN_CONTAINER && reduce >= map, shape);
      assertTrue(node <= r.memoryMiB() - 1536, "room for the OS and daemons: " + shape);
    }
  }

  /** The 8 GiB, 2 vCPU shape of t3.large and m*.large: the AM used to take half the node and a reduce all of it. */
  @Test void eightGibTwoVcpusHoldsAnApplicationMasterAndAReduce() {
    YarnSizing y = YarnSizing.of(new Resources(8192, 2));
    assertEquals(6144, y.nodeMemoryMiB());
    assertEquals(6144, y.amMemoryMiB() + y.reduceMemoryMiB());
    assertEquals(3072, y.mapMemoryMiB());
  }

  @Test void aWorkerTooSmallForAnApplicationMasterAndATaskIsRefusedInOneSentence() {
    for (Resources small : List.of(new Resources(2048, 2), new Resources(3072, 2), new Resources(1024, 1))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> YarnSizing.of(small));
      assertOneSentence(e.getMessage());
      assertTrue(e.getMessage().contains("application master"), e.getMessage());
    }
    // one vCPU: YARN still offers two vcores, so an AM and a task run together
    YarnSizing one = YarnSizing.of(new Resources(4096, 1));
    assertTrue(one.vcores() >= 2 * YarnSizing.CONTAINER_VCORES);
    assertTrue(one.amMemoryMiB() + one.reduceMemoryMiB() <= one.nodeMemoryMiB());
  }

  static void assertOneSentence(String m) {
    assertNotNull(m);
    assertFalse(m.contains("\n") || m.contains("Exception"), m);
    assertEquals(1, m.split("[.;] [A-Z]").length, "one sentence: " + m);
  }

  static Cluster cluster(Resources worker) {
    return new Cluster("sizing", "10.0.0.5", 1, List.of("10.0.0.6"),
        new Software("3.4.3", Software.Arch.X86_64, RenderTest.SHA, Software.APACHE_ARCHIVE, "java-17-amazon-corretto-headless"),
        Layout.standard(), Ports.hadoopDefaults(), new Resources(8192, 2), worker, 0, Map.of());
  }
}
