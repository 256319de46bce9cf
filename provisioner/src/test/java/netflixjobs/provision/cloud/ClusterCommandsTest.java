package netflixjobs.provision.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** status, list, resize and the commands that use a running cluster, against the fake EC2 and SSH. */
class ClusterCommandsTest {
  @TempDir Path state;
  Harness h;

  @BeforeEach void launch() throws Exception {
    h = new Harness(state);
    assertEquals(0, h.run("--name", "c1", "--workers", "2", "--instance-type", "t3.large", "--idle-shutdown", "0", "--yes"), h.err);
    h.ec2.clearRequests();
    h.remote.commands.clear();
  }

  @AfterEach void stop() { h.close(); }

  @Test void statusPrintsNodesHealthAndTheTunnel() {
    assertEquals(0, h.run("status", "--name", "c1"), h.err);
    assertTrue(h.out.contains("cluster c1: 3 nodes"), h.out);
    assertEquals(3, h.out.lines().filter(l -> l.matches("(master|worker) +i-0fake.*running.*")).count(), h.out);
    assertTrue(h.out.contains("HDFS: 2 of 2 datanodes live; capacity 196.7 GiB"), h.out);
    assertTrue(h.out.contains("YARN: 2 of 2 node managers running"), h.out);
    assertTrue(h.out.contains("-L 9870:172.31."), h.out);
    assertTrue(h.out.contains("-L 8088:172.31."), h.out);
    assertTrue(h.out.contains("-L 19888:172.31."), h.out);
    assertTrue(h.out.contains("http://localhost:19888 (job history)"), h.out);
    assertEquals(List.of(), h.ec2.mutating());
  }

  @Test void statusOfAnUnknownClusterSaysSo() {
    assertEquals(2, h.run("status", "--name", "nope"));
    assertTrue(h.err.contains("no cluster named nope"), h.err);
  }

  @Test void listShowsTheClusterFoundByItsTags() {
    h.ec2.addForeignInstance();
    assertEquals(0, h.run("list"), h.err);
    assertTrue(h.out.lines().anyMatch(l -> l.matches("c1 +3 +3 +198\\.51\\.100\\.\\d+ +t3.large .*")), h.out);
    assertEquals(2, h.out.lines().count(), "a header and one cluster: " + h.out);
  }

  @Test void addWorkersStartsWorkersThatFindTheMasterAndWaitsForThem() throws Exception {
    String masterIp = h.ec2.live().stream().filter(i -> "master".equals(i.tags.get(Ec2Cloud.TAG_ROLE))).findFirst().get().privateIp;
    assertEquals(0, h.run("add-workers", "2", "--name", "c1", "--yes"), h.err);
    FakeEc2.Request run = h.ec2.requests("RunInstances").get(0);
    assertEquals("2", run.get("MinCount"));
    assertEquals("t3.large", run.get("InstanceType"), "the cluster's worker type, from the master's tags");
    assertEquals("worker", run.tags("instance").get(Ec2Cloud.TAG_ROLE));
    String ud = LaunchTest.userData(run);
    assertTrue(ud.contains("hdfs://" + masterIp + ":8020"), "new workers find the master");
    assertEquals(4, h.ec2.liveWorkers());
    assertTrue(h.out.contains("4 of 4 datanodes live"), h.out);
  }

  @Test void addWorkersRollsBackWhenTheyFail() {
    h.remote.setupFails = "dnf failed";
    assertEquals(1, h.run("add-workers", "1", "--name", "c1", "--yes"));
    assertEquals(2, h.ec2.liveWorkers());
    assertEquals(3, h.ec2.live().size(), "the new worker is terminated, the cluster stays");
  }

  @Test void removeWorkersDecommissionsThenTerminates() {
    List<String> before = h.ec2.runningWorkerIps();
    assertEquals(0, h.run("remove-workers", "1", "--name", "c1", "--yes"), h.err);
    assertEquals(1, h.ec2.liveWorkers());
    String gone = before.stream().filter(ip -> !h.ec2.runningWorkerIps().contains(ip)).findFirst().get();
    assertTrue(h.remote.everExcluded.contains(gone), "decommissioned before it was terminated");
    assertTrue(h.remote.commands.stream().anyMatch(c -> c.contains("-setrep -R 1 /")), "replication lowered to what is left");
    assertTrue(h.remote.excluded.isEmpty(), "exclude list cleaned");
    assertTrue(h.remote.commands.stream().anyMatch(c -> c.contains("sed -i -e '/^" + gone.replace(".", "\\.") + "$/d' /etc/hadoop/workers")), "workers file cleaned");
  }

  @Test void removeWorkersKeepsOne() {
    assertEquals(2, h.run("remove-workers", "2", "--name", "c1", "--yes"));
    assertTrue(h.err.contains("keeps at least one"), h.err);
    assertEquals(2, h.ec2.liveWorkers());
  }

  @Test void putStreamsAFileIntoHdfsOnTheMaster() throws Exception {
    Path f = Files.writeString(state.resolve("ratings.txt"), "1:\n1,5,2005-01-01\n");
    assertEquals(0, h.run("put", "--name", "c1", f.toString(), "data/it's.txt"), h.err);
    assertTrue(h.remote.commands.stream().anyMatch(c -> c.contains("(stdin " + f + ") hdfs dfs -put -f - 'data/it'\"'\"'s.txt'")),
        h.remote.commands.toString());
  }

  @Test void submitCopiesTheJobJarAndRunsTheJob() throws Exception {
    Path jar = Path.of(System.getProperty("netflixjobs.home", "..")).resolve("mapreduce/target/netflix-jobs.jar");
    if (!Files.exists(jar)) {
      assertEquals(2, h.run("submit", "--name", "c1", "pi", "2", "1000"));
      assertTrue(h.err.contains("no job jar"), h.err);
      return;
    }
    assertEquals(0, h.run("submit", "--name", "c1", "pi", "--maps", "2", "1000"), h.err);
    assertTrue(h.remote.commands.stream().anyMatch(c -> c.contains("(upload)") && c.endsWith("-> netflix-jobs.jar")));
    assertTrue(h.remote.commands.stream().anyMatch(c -> c.endsWith("(interactive) hadoop jar netflix-jobs.jar 'pi' '--maps' '2' '1000'")),
        h.remote.commands.toString());
  }

  @Test void sshRunsACommandOnTheMaster() {
    assertEquals(0, h.run("ssh", "--name", "c1", "hdfs", "dfs", "-ls", "/"), h.err);
    assertTrue(h.remote.commands.stream().anyMatch(c -> c.matches("198\\.51\\.100\\.\\d+: \\(interactive\\) hdfs dfs -ls /")), h.remote.commands.toString());
  }
}
