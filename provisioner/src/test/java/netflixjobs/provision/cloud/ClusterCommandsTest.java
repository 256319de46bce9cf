package netflixjobs.provision.cloud;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    assertTrue(h.out.matches("(?s).*job took \\d+ s; at \\$0\\.25/h for this cluster that is \\$0\\.00\\n.*"), h.out);
  }

  @Test void sshRunsACommandOnTheMaster() {
    assertEquals(0, h.run("ssh", "--name", "c1", "hdfs", "dfs", "-ls", "/"), h.err);
    assertTrue(h.remote.commands.stream().anyMatch(c -> c.matches("198\\.51\\.100\\.\\d+: \\(interactive\\) hdfs dfs -ls /")), h.remote.commands.toString());
  }

  @Test void stopKeepsTheVolumesAndStartBringsBackTheSameAddressesAndEveryBlock() {
    java.util.Map<String, String> privateIps = new java.util.TreeMap<>();
    h.ec2.live().forEach(i -> privateIps.put(i.id, i.privateIp));
    assertEquals(0, h.run("stop", "--name", "c1", "--yes"), h.err);
    assertEquals(1, h.ec2.requests("StopInstances").size());
    assertTrue(h.ec2.live().stream().allMatch(i -> i.state.equals("stopped")), "every node stopped, none terminated");
    assertTrue(h.out.contains("storage: 3 x 100 GB gp3 at $0.080 per GB-month = about $24.00 a month"), h.out);
    assertTrue(h.out.contains("compute is not billed while stopped"), h.out);
    assertEquals(0, h.run("status", "--name", "c1"), h.out + h.err);
    assertEquals(3, h.out.lines().filter(l -> l.matches("(master|worker) +i-0fake\\d+ +t3.large +stopped .*")).count(), h.out);
    assertTrue(h.out.contains("is not running (stopped: bin/provision start brings it back)"), h.out);

    h.remote.missingBlocksPolls = 3; // the DataNodes report their blocks a little after they are back
    assertEquals(0, h.run("start", "--name", "c1"), h.err);
    assertEquals(1, h.ec2.requests("StartInstances").size());
    java.util.Map<String, String> after = new java.util.TreeMap<>();
    h.ec2.live().forEach(i -> after.put(i.id, i.privateIp));
    assertEquals(privateIps, after, "the same instances with the same private addresses");
    assertTrue(h.out.contains("3 blocks missing"), "start waited for the blocks: " + h.out);
    assertTrue(h.out.contains("is up again after") && h.out.contains("no missing blocks"), h.out);
    assertEquals(0, h.remote.missingBlocksPolls);
  }

  @Test void aSpotClusterIsNotStoppedButSaysWhy() throws Exception {
    h.close();
    h = new Harness(state.resolve("spot"));
    assertEquals(0, h.run("--name", "s1", "--workers", "1", "--instance-type", "t3.large", "--spot", "--yes"), h.err);
    assertEquals(2, h.run("stop", "--name", "s1", "--yes"));
    assertTrue(h.err.contains("spot instance(s), which EC2 cannot stop"), h.err);
    assertEquals(List.of(), h.ec2.requests("StopInstances"));
    assertEquals(2, h.ec2.live().stream().filter(i -> i.state.equals("running")).count());
  }

  @Test void destroyAfterAnIdleStopRemovesEverything() {
    assertEquals(0, h.run("stop", "--name", "c1", "--yes"), h.err);
    assertEquals(0, h.run("destroy", "--name", "c1", "--yes"), h.err);
    assertEquals(0, h.ec2.live().size());
    assertEquals(0, h.ec2.groupCount() + h.ec2.keyPairCount());
  }

  @Test void getCopiesFilesAndDirectoriesByteForByte() throws Exception {
    Path hdfs = Files.createDirectories(state.resolve("hdfs"));
    byte[] bytes = {'a', '\r', '\n', 0, 'b', '\n', (byte) 0xff, 0, '\r'};
    Files.write(hdfs.resolve("part-r-00000"), bytes);
    Files.createDirectories(hdfs.resolve("out/sub"));
    Files.write(hdfs.resolve("out/part-r-00001"), bytes);
    Files.write(hdfs.resolve("out/sub/x"), new byte[] {0, 0, '\n'});
    h.remote.hdfs = hdfs;
    Path file = state.resolve("got/file");
    assertEquals(0, h.run("get", "--name", "c1", "part-r-00000", file.toString()), h.err);
    assertArrayEquals(bytes, Files.readAllBytes(file));
    Path dir = state.resolve("got/dir");
    assertEquals(0, h.run("get", "--name", "c1", "out", dir.toString()), h.err);
    assertArrayEquals(bytes, Files.readAllBytes(dir.resolve("part-r-00001")));
    assertArrayEquals(new byte[] {0, 0, '\n'}, Files.readAllBytes(dir.resolve("sub/x")));
    assertTrue(h.remote.commands.stream().anyMatch(c -> c.contains("hdfs dfs -get 'out'") && c.contains("tar -C")), h.remote.commands.toString());
    assertEquals(2, h.run("get", "--name", "c1", "out", dir.toString()));
    assertTrue(h.err.contains("exists already"), h.err);
    assertEquals(1, h.run("get", "--name", "c1", "no-such", state.resolve("got/none").toString()));
    assertFalse(Files.exists(state.resolve("got/none")));
    try (var left = Files.list(state.resolve("got"))) {
      assertEquals(List.of("dir", "file"), left.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files left");
    }
  }

  @Test void statusShowsTheMinutesUntilIdleShutdown() {
    h.remote.idleMinutesLeft = "37";
    assertEquals(0, h.run("status", "--name", "c1"), h.err);
    assertTrue(h.out.contains("idle shutdown: the nodes stop in 37 minutes"), h.out);
  }

  @Test void addAndRemoveWorkersSetTheReplication() {
    assertEquals(0, h.run("add-workers", "2", "--name", "c1", "--yes"), h.err);
    assertTrue(h.remote.commands.stream().anyMatch(c -> c.contains("hdfs dfs -setrep -R 3 /")), h.remote.commands.toString());
    assertEquals(5, h.remote.commands.stream().filter(c -> c.contains("<value>3</value>|' /etc/hadoop/hdfs-site.xml")).count(),
        "every node's rendered dfs.replication follows: " + h.remote.commands);
    h.remote.commands.clear();
    assertEquals(0, h.run("remove-workers", "3", "--name", "c1", "--yes"), h.err);
    assertTrue(h.remote.commands.stream().anyMatch(c -> c.contains("hdfs dfs -setrep -R 1 /")), h.remote.commands.toString());
    assertEquals(2, h.remote.commands.stream().filter(c -> c.contains("<value>1</value>|' /etc/hadoop/hdfs-site.xml")).count(), h.remote.commands.toString());
  }
}
