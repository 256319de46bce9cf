package netflixjobs.provision.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import netflixjobs.provision.model.Cluster;
import netflixjobs.provision.model.Layout;
import netflixjobs.provision.model.Ports;
import netflixjobs.provision.model.Resources;
import netflixjobs.provision.model.Software;
import netflixjobs.provision.model.YarnSizing;
import org.junit.jupiter.api.Test;

/** The cluster model's rules: YARN sizing from an instance's resources, validation of names, versions and addresses. */
class ModelTest {
  @Test void yarnSizingLeavesRoomForTheDaemonsAndFitsContainersInTheNode() {
    int[][] shapes = {{4096, 2}, {8192, 2}, {16384, 4}, {32768, 8}, {65536, 16}, {131072, 32}, {8192, 8}, {393216, 96}};
    for (int[] s : shapes) {
      YarnSizing y = YarnSizing.of(new Resources(s[0], s[1]));
      int reserved = s[0] - y.nodeMemoryMiB();
      assertTrue(reserved >= 1536 && reserved <= 8192 + 255, s[0] + " MiB reserves " + reserved);
      assertEquals(s[1], y.vcores());
      assertTrue(y.mapMemoryMiB() >= 1024 && y.mapMemoryMiB() <= 4096 && y.mapMemoryMiB() <= y.nodeMemoryMiB());
      assertTrue(y.reduceMemoryMiB() <= y.nodeMemoryMiB() && y.amMemoryMiB() <= y.nodeMemoryMiB());
      assertEquals(0, y.mapMemoryMiB() % y.minAllocationMiB(), "containers are whole multiples of the minimum allocation");
      assertTrue(YarnSizing.heapMiB(y.mapMemoryMiB()) < y.mapMemoryMiB());
    }
    assertThrows(IllegalArgumentException.class, () -> YarnSizing.of(new Resources(2048, 2)));
  }

  @Test void softwareNamesTheRightTarballAndRejectsBadInput() {
    Software s = new Software("3.4.3", Software.Arch.X86_64, null, Software.APACHE_ARCHIVE, "java-17-amazon-corretto-headless");
    assertEquals("https://archive.apache.org/dist/hadoop/common/hadoop-3.4.3/hadoop-3.4.3.tar.gz", s.tarballUrls().get(1));
    assertThrows(IllegalArgumentException.class, () -> new Software("3.4", Software.Arch.X86_64, null, Software.APACHE_ARCHIVE, "j"));
    assertThrows(IllegalArgumentException.class, () -> new Software("3.4.3; rm -rf /", Software.Arch.X86_64, null, Software.APACHE_ARCHIVE, "j"));
    assertThrows(IllegalArgumentException.class, () -> new Software("3.4.3", Software.Arch.X86_64, "abc", Software.APACHE_ARCHIVE, "j"));
    assertThrows(IllegalArgumentException.class, () -> new Software("3.4.3", Software.Arch.X86_64, null, "http://mirror", "j"));
    assertEquals(Software.Arch.ARM64, Software.Arch.fromEc2("arm64"));
  }

  /** The release comes from the user's mirror first, then Apache's CDN, then its archive; or from an upload or S3. */
  @Test void softwareSourcesInOrder() {
    Software s = new Software("3.5.0", Software.Arch.ARM64, null, "https://mirror.example/hadoop", "java-17");
    assertEquals(List.of("https://mirror.example/hadoop/hadoop-3.5.0/hadoop-3.5.0-aarch64.tar.gz",
        "https://dlcdn.apache.org/hadoop/common/hadoop-3.5.0/hadoop-3.5.0-aarch64.tar.gz",
        "https://archive.apache.org/dist/hadoop/common/hadoop-3.5.0/hadoop-3.5.0-aarch64.tar.gz"), s.tarballUrls());
    assertEquals(2, new Software("3.5.0", Software.Arch.X86_64, null, Software.APACHE_ARCHIVE, "j").tarballUrls().size(), "the archive once");
    assertEquals(Software.MIRRORS, s.source());
    String digest = "ab".repeat(64);
    assertEquals(Software.UPLOAD, s.uploaded(digest).source());
    assertEquals(digest, s.uploaded(digest).sha512());
    assertEquals("s3://my-bucket/hadoop/hadoop-3.5.0.tar.gz", s.fromS3("s3://my-bucket/hadoop/hadoop-3.5.0.tar.gz").source());
    assertThrows(IllegalArgumentException.class, () -> s.uploaded(null), "an upload is always checked");
    for (String bad : List.of("s3://b/k'; reboot", "s3://bucket", "https://bucket/key", "s3://UP/key"))
      assertThrows(IllegalArgumentException.class, () -> s.fromS3(bad), bad);
  }

  @Test void clusterRules() {
    Software s = new Software("3.4.3", Software.Arch.X86_64, null, Software.APACHE_ARCHIVE, "java-17-amazon-corretto-headless");
    Resources r = new Resources(8192, 2);
    for (String bad : List.of("Bad", "-x", "a_b", "x".repeat(32), ""))
      assertThrows(IllegalArgumentException.class, () -> new Cluster(bad, "10.0.0.1", 1, List.of(), s, Layout.standard(), Ports.hadoopDefaults(), r, r, 0, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new Cluster("ok", "10.0.0.1; reboot", 1, List.of(), s, Layout.standard(), Ports.hadoopDefaults(), r, r, 0, Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new Cluster("ok", "10.0.0.1", 0, List.of(), s, Layout.standard(), Ports.hadoopDefaults(), r, r, 0, Map.of()));
    Cluster c = new Cluster("ok", "10.0.0.1", 5, List.of(), s, Layout.standard(), Ports.hadoopDefaults(), r, r, 0, Map.of());
    assertEquals(3, c.replication());
    assertEquals(List.of("10.0.0.2"), c.withWorkerHosts(List.of("10.0.0.2")).workerHosts());
  }
}
