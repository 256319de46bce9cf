package netflixjobs.provision.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cluster of separate JVMs on this machine, started and driven through bin/provision's
 * command line, jobs submitted with the job jar as a user would. One cluster serves the whole
 * scenario (starting one costs 20 s and more on a busy machine):
 * launch 2 workers, import data/sample, knn while one worker (DataNode, NodeManager and its
 * containers) is SIGKILLed, the neighbours read back from HDFS equal an undisturbed run's, status
 * names the lost worker, add-workers restores the count, a worker that cannot start is rolled
 * back, a second launch is refused, stop leaves no process and keeps the data, start brings
 * every worker and block back (knn's output reads the same, a job runs), get copies a file of
 * CR, LF and NUL bytes and a directory byte for byte, and destroy leaves no process behind
 * (checked by PID).
 */
class LocalClusterTest {
  private static final Duration JOB = Duration.ofMinutes(8);

  @Test
  void clusterRunsJobsSurvivesALostWorkerAndLeavesNothingBehind(@TempDir Path tmp) throws Exception {
    LocalHarness h = new LocalHarness(tmp);
    Path sample = LocalHarness.HOME.resolve("data/sample");
    // the undisturbed run: the same programs on Hadoop's local runner, meanwhile
    Path refLog = h.work.resolve("reference.log");
    Path ref = h.work.resolve("reference");
    Process reference = h.program(false, refLog, "import", sample.toString(), ref + "/ds");
    Set<Long> seen = new LinkedHashSet<>();
    try {
      assertEquals(0, h.provision("--workers", "2", "--port-base", Integer.toString(h.portBase), "--timeout", "600"), h.err);
      assertTrue(h.out.contains("is up after"), h.out);
      LocalBackend c = new LocalBackend(h.state, LocalHarness.NAME, LocalHarness.HOME, System.out);
      for (LocalDaemons.Started s : c.runningDaemons()) seen.add(s.pid());
      assertEquals(7, seen.size(), "NameNode, ResourceManager, job history server, 2 x (DataNode, NodeManager)");
      assertTrue(Files.readString(h.conf().resolve("hdfs-site.xml")).contains("<name>dfs.replication</name><value>2</value>"));
      // the user's HDFS home is there from the start: a relative put works on a fresh cluster
      h.run(true, Duration.ofMinutes(2), "dfs", "-put", sample.resolve("movie_titles.txt").toString(), "titles.txt");

      // a second launch over the running cluster: one sentence, nothing changed
      assertEquals(2, h.provision("--workers", "2", "--port-base", Integer.toString(h.portBase)));
      assertTrue(h.err.contains("local cluster ci is already running") && h.err.lines().count() == 1, h.err);
      for (long pid : seen) assertTrue(Procs.alive(pid), "a daemon died after the refused launch: " + pid);

      h.run(true, JOB, "import", sample.toString(), "ds");
      LocalHarness.finish(reference, refLog, JOB, "reference import");
      reference = h.program(false, refLog, "knn", ref + "/ds", ref + "/knn");

      // knn; once its job has tasks running, a worker dies: DataNode, NodeManager, its containers
      Path knnLog = h.work.resolve("knn.log");
      Process knn = h.program(true, knnLog, "knn", "ds", "knn");
      Victim victim = awaitTasksThenKill(h, c, knn, knnLog);
      String lost = victim.worker();
      String kept = lost.equals("worker-1") ? "worker-2" : "worker-1";
      List<Long> killed = victim.pids();
      seen.addAll(killed);
      assertTrue(knn.isAlive(), "knn ended before the worker was killed; the fault came too late:\n" + Files.readString(knnLog));
      String knnOut = LocalHarness.finish(knn, knnLog, JOB, "knn during the loss of " + lost);
      LocalHarness.assertGone(killed, "the killed worker's processes");

      String neighbours = h.run(true, Duration.ofMinutes(5), "dfs", "-text", "knn/part-r-*");
      LocalHarness.finish(reference, refLog, JOB, "reference knn");
      String expected = h.run(false, Duration.ofMinutes(5), "dfs", "-text", ref + "/knn/part-r-*");
      assertTrue(expected.lines().count() > 100, "the undisturbed run found neighbours for too few films:\n" + expected);
      assertEquals(expected.lines().sorted().toList(), neighbours.lines().sorted().toList(),
          "knn on the cluster that lost a worker differs from the undisturbed run; knn said:\n" + knnOut);

      // status names the lost worker (exit code 1); add-workers 1 brings the running count back to 2
      assertEquals(1, h.provision("status"), h.out + h.err);
      assertTrue(h.out.contains("workers: 1 of 2 running; lost: " + lost), h.out);
      assertTrue(Pattern.compile(lost + " +DataNode +\\d+ +gone").matcher(h.out).find(), h.out);
      assertEquals(0, h.provision("add-workers", "1", "--timeout", "600"), h.err);
      assertEquals(1, h.provision("status"));
      assertTrue(h.out.contains("workers: 2 of 3 running; lost: " + lost), h.out);
      for (LocalDaemons.Started s : new LocalBackend(h.state, LocalHarness.NAME, LocalHarness.HOME, System.out).runningDaemons()) seen.add(s.pid());
      // remove-workers drops the lost one first: the count is whole again
      assertEquals(0, h.provision("remove-workers", "1"), h.err);
      assertEquals(0, h.provision("status"), h.out);
      assertTrue(h.out.contains("workers: 2 of 2 running") && h.out.contains(kept) && h.out.contains("worker-3")
          && !h.out.contains(lost), h.out);

      // a worker that cannot start (its node directory is a file): one sentence, the new worker stopped again
      Files.createDirectories(h.clusterDir().resolve("nodes"));
      Files.writeString(h.clusterDir().resolve("nodes/worker-4"), "in the way");
      assertEquals(1, h.provision("add-workers", "1", "--timeout", "600"));
      assertTrue(Pattern.compile("adding workers failed: the (DataNode|NodeManager) of worker-4 exited while starting").matcher(h.err).find()
          && h.err.lines().count() == 1, h.err);
      assertTrue(Procs.mentioning(h.clusterDir().resolve("logs/worker-4") + "/").isEmpty(), "worker-4's NodeManager was left running");
      assertEquals(0, h.provision("status"), h.out);
      assertTrue(h.out.contains("workers: 2 of 2 running"), h.out);
      Files.deleteIfExists(h.clusterDir().resolve("nodes/worker-4"));

      // stop: every process gone, the data kept; start: every worker and block back, then a job
      List<Long> before = c.runningDaemons().stream().map(LocalDaemons.Started::pid).toList();
      assertEquals(0, h.provision("stop"), h.err);
      assertTrue(h.out.contains("stopped local cluster ci"), h.out);
      LocalHarness.assertGone(before, "the daemons of the stopped cluster");
      assertTrue(Procs.mentioning(h.clusterDir().toString()).isEmpty(), "a process of the stopped cluster is left");
      assertTrue(Files.isDirectory(h.clusterDir().resolve("nodes/master")), "stop keeps the data");
      assertEquals(2, h.provision("--workers", "2", "--port-base", Integer.toString(h.portBase)));
      assertTrue(h.err.contains("is stopped with its data kept; bin/provision start --local"), h.err);
      assertEquals(0, h.provision("start", "--timeout", "600"), h.err);
      assertTrue(h.out.contains("is up again after") && h.out.contains("no missing blocks"), h.out);
      for (LocalDaemons.Started s : new LocalBackend(h.state, LocalHarness.NAME, LocalHarness.HOME, System.out).runningDaemons()) seen.add(s.pid());
      assertEquals(neighbours.lines().sorted().toList(), h.run(true, Duration.ofMinutes(5), "dfs", "-text", "knn/part-r-*").lines().sorted().toList(),
          "knn's output after stop and start");

      // get: a file with CR, LF and NUL bytes, and a directory, byte for byte
      byte[] bytes = {'a', '\r', '\n', 0, 'b', '\n', (byte) 0xff, 0, '\r'};
      Path local = Files.write(h.work.resolve("bytes.bin"), bytes);
      h.run(true, Duration.ofMinutes(2), "dfs", "-put", local.toString(), "bytes.bin");
      // into a folder that does not exist yet, as a user names one
      assertEquals(0, h.provision("get", "bytes.bin", h.work.resolve("got/new/bytes.bin").toString()), h.err);
      assertArrayEquals(bytes, Files.readAllBytes(h.work.resolve("got/new/bytes.bin")));
      assertEquals(0, h.provision("get", "knn", h.work.resolve("got-knn").toString()), h.err);
      String got = h.run(false, Duration.ofMinutes(5), "dfs", "-text", h.work.resolve("got-knn") + "/part-r-*");
      assertEquals(neighbours.lines().sorted().toList(), got.lines().sorted().toList(), "knn's output got from HDFS");
    } finally {
      int code = h.provision("destroy");
      seen.addAll(Procs.mentioning(h.clusterDir().toString()));
      if (reference.isAlive()) reference.destroyForcibly();
      assertEquals(0, code, h.err);
    }
    LocalHarness.assertGone(new ArrayList<>(seen), "processes of the destroyed cluster");
    assertTrue(Procs.mentioning(h.clusterDir().toString()).isEmpty(), "a process still mentions " + h.clusterDir());
    assertFalse(Files.exists(h.clusterDir()), "destroy left " + h.clusterDir());
    assertEquals(0, h.provision("destroy"), "destroy twice");
    assertTrue(h.out.contains("nothing to destroy"), h.out);
  }

  /** The worker killed during knn, and the PIDs killed with it. */
  private record Victim(String worker, List<Long> pids) {}

  /**
   * Waits until the running knn job has tasks besides its application master, then SIGKILLs a
   * worker that runs tasks, whole. A worker without the application master is preferred: losing
   * the master restarts the job after the 20 s node expiry, which doubles this test's time and
   * makes it vary; only if no such worker gets a task within 15 s is the master's worker killed.
   */
  private static Victim awaitTasksThenKill(LocalHarness h, LocalBackend c, Process knn, Path knnLog) throws IOException {
    Pattern running = Pattern.compile("\"name\":\"knn[^\"]*\".*?\"runningContainers\":(\\d+)");
    long end = System.nanoTime() + JOB.toNanos();
    long firstTasks = 0;
    String victim = null;
    while (victim == null) {
      if (!knn.isAlive()) fail("knn ended before it had tasks running:\n" + Files.readString(knnLog));
      Matcher m = running.matcher(h.rm("/ws/v1/cluster/apps?states=RUNNING"));
      if (m.find() && Integer.parseInt(m.group(1)) >= 2) {
        String withMaster = null;
        for (String worker : List.of("worker-1", "worker-2")) {
          List<List<String>> containers = containers(c, worker);
          boolean master = containers.stream().anyMatch(cmd -> cmd.stream().anyMatch(a -> a.endsWith("MRAppMaster")));
          boolean tasks = containers.stream().anyMatch(cmd -> cmd.stream().anyMatch(a -> a.endsWith("YarnChild")));
          if (tasks && !master) {
            victim = worker;
            break;
          }
          if (tasks) withMaster = worker;
        }
        if (firstTasks == 0) firstTasks = System.nanoTime();
        if (victim == null && withMaster != null && System.nanoTime() - firstTasks > Duration.ofSeconds(15).toNanos()) victim = withMaster;
      }
      if (System.nanoTime() > end) fail("knn had no tasks running within " + JOB.toMinutes() + " minutes");
      if (victim == null) Procs.sleep(250);
    }
    List<Long> pids = new ArrayList<>(List.of(c.daemons.pid(victim, Daemon.DATANODE), c.daemons.pid(victim, Daemon.NODEMANAGER)));
    pids.addAll(c.daemons.leftovers(victim));
    List<Long> distinct = pids.stream().distinct().toList();
    System.out.println("killing " + victim + " with SIGKILL: PIDs " + distinct);
    for (long pid : distinct) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    return new Victim(victim, distinct);
  }

  /** The command lines of a worker's containers: its processes besides DataNode and NodeManager. */
  private static List<List<String>> containers(LocalBackend c, String worker) {
    return c.daemons.leftovers(worker).stream()
        .filter(p -> !p.equals(c.daemons.pid(worker, Daemon.DATANODE)) && !p.equals(c.daemons.pid(worker, Daemon.NODEMANAGER)))
        .map(Procs::commandLine).toList();
  }

  @Test
  void aTakenPortIsOneSentenceAndStartsNothing(@TempDir Path tmp) throws Exception {
    LocalHarness h = new LocalHarness(tmp);
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), h.portBase + 2));
      assertEquals(2, h.provision("--workers", "2", "--port-base", Integer.toString(h.portBase)));
    }
    assertEquals("provision: port " + (h.portBase + 2) + " (ResourceManager client) is taken by another program; choose other ports with "
        + "--port-base N (N to N+9) or stop it; nothing was started", h.err.strip());
    assertFalse(Files.exists(h.clusterDir()), "a refused launch left " + h.clusterDir());
    assertTrue(Procs.mentioning(h.clusterDir().toString()).isEmpty(), "a refused launch started a process");
    assertEquals(2, h.provision("status"));
    assertTrue(h.err.contains("no local cluster named ci"), h.err);
  }
}
