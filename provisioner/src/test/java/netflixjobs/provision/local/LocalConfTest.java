package netflixjobs.provision.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import netflixjobs.provision.model.Cluster;
import netflixjobs.provision.model.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A local cluster's configuration is the render layer's, with conf/local-cluster.properties rendered in: no daemon needed. */
class LocalConfTest {
  @Test void theLocalOverridesAreRenderedFromConf(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("local/ci");
    Cluster c = LocalConf.model(LocalHarness.HOME, dir, "ci", "3.4.3", 30000, new Resources(6144, 4), 2);
    LocalConf.write(LocalHarness.HOME, dir.resolve("conf"), c);
    String hdfs = Files.readString(dir.resolve("conf/hdfs-site.xml"));
    String mapred = Files.readString(dir.resolve("conf/mapred-site.xml"));
    String yarn = Files.readString(dir.resolve("conf/yarn-site.xml"));
    assertTrue(hdfs.contains("<name>dfs.datanode.hostname</name><value>127.0.0.1</value>"), hdfs);
    assertTrue(hdfs.contains("<name>dfs.replication</name><value>2</value>"), "replication follows the workers: " + hdfs);
    assertTrue(hdfs.contains("<name>dfs.namenode.rpc-address</name><value>127.0.0.1:30000</value>"), hdfs);
    assertTrue(mapred.contains("<name>mapreduce.jobhistory.address</name><value>127.0.0.1:30007</value>"), mapred);
    assertTrue(mapred.matches("(?s).*<name>mapreduce.map.java.opts</name><value>-Xmx\\d+m -XX:\\+UseSerialGC</value>.*"), mapred);
    assertTrue(yarn.contains("<name>yarn.application.classpath</name><value>" + dir.resolve("conf") + "," + dir.resolve("lib") + "/*</value>"), yarn);
    for (String xml : new String[] {hdfs, mapred, yarn}) assertFalse(xml.contains("{{"), xml);
    Map<String, Map<String, String>> o = c.overrides();
    assertEquals("client", o.get("core-site.xml").get("netflixjobs.node"));
  }

  @Test void aLocalWorkerTooSmallForAMasterAndATaskIsRefusedInOneSentence() {
    netflixjobs.provision.model.Problem p = org.junit.jupiter.api.Assertions.assertThrows(netflixjobs.provision.model.Problem.class,
        () -> new LocalBackend.Settings(2, 0, 2560, 4, java.time.Duration.ofSeconds(60)));
    assertEquals(2, p.exitCode());
    assertTrue(p.getMessage().startsWith("--worker-memory 2560: "), p.getMessage());
    assertFalse(p.getMessage().contains("\n"), p.getMessage());
    assertEquals(6144, new LocalBackend.Settings(2, 0, 6144, 4, java.time.Duration.ofSeconds(60)).workerMemoryMiB());
  }
}
