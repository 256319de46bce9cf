package netflixjobs.provision.remote;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netflixjobs.provision.model.Problem;

/**
 * Whether a cluster's nodes finished their setup and its HDFS and YARN are healthy, read from
 * {@code hdfs dfsadmin -report} and {@code yarn node -list} on the master.
 */
public final class HadoopHealth {
  public static final String READY = "/var/lib/netflix-jobs/ready";
  public static final String FAILED = "/var/lib/netflix-jobs/failed";
  public static final String SETUP_LOG = "/var/log/netflix-jobs-setup.log";
  static final int REFUSALS = 12;
  static final String REPORT = "sudo -u hadoop hdfs dfsadmin -report";
  static final String NODES = "sudo -u hadoop yarn node -list -states RUNNING";
  private static final Pattern LIVE = Pattern.compile("Live datanodes \\((\\d+)\\)");
  private static final Pattern RUNNING_NODES = Pattern.compile("Total Nodes:\\s*(\\d+)");
  private static final Pattern CAPACITY = Pattern.compile("^Configured Capacity: \\d+ \\(([^)]+)\\)", Pattern.MULTILINE);
  private static final Pattern REMAINING = Pattern.compile("^DFS Remaining: \\d+ \\(([^)]+)\\)", Pattern.MULTILINE);
  private static final Pattern USED = Pattern.compile("^DFS Used: \\d+ \\(([^)]+)\\)", Pattern.MULTILINE);

  /** What the master reports. -1: could not ask. */
  public record Report(int liveDatanodes, int runningNodeManagers, String capacity, String used, String remaining) {
    public static final Report UNKNOWN = new Report(-1, -1, "?", "?", "?");
  }

  private final Remote remote;
  private final PrintStream out;
  private final Duration poll;

  public HadoopHealth(Remote remote, PrintStream out, Duration poll) {
    this.remote = remote;
    this.out = out;
    this.poll = poll;
  }

  public static Report parse(String dfsReport, String nodeList) {
    return new Report(find(LIVE, dfsReport, -1), find(RUNNING_NODES, nodeList, -1), group(CAPACITY, dfsReport),
        group(USED, dfsReport), group(REMAINING, dfsReport));
  }

  /** Asks the master once. */
  public Report report(String master) {
    Remote.Result dfs = remote.run(master, REPORT);
    Remote.Result yarn = remote.run(master, NODES);
    return parse(dfs.ok() ? dfs.output() : "", yarn.ok() ? yarn.output() : "");
  }

  /** Data nodes by address with their decommission status ("Normal", "Decommission in progress", "Decommissioned"). */
  public static Map<String, String> decommissionStatus(String dfsReport) {
    Map<String, String> m = new TreeMap<>();
    String name = null;
    for (String line : dfsReport.split("\n")) {
      if (line.startsWith("Name: ")) name = line.substring(6).replaceAll(":.*", "").trim();
      else if (line.startsWith("Decommission Status : ") && name != null) m.put(name, line.substring(22).trim());
    }
    return m;
  }

  /** Waits until every node (public address) finished its setup script; fails at once if one reports failure. */
  public void awaitSetup(List<String> hosts, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    List<String> waiting = new ArrayList<>(hosts);
    int reachable = -1, lastDone = -1;
    Map<String, Integer> refused = new TreeMap<>();
    while (true) {
      int up = 0;
      for (String h : new ArrayList<>(waiting)) {
        Remote.Result r = remote.run(h, "if test -f " + READY + "; then echo READY; elif test -f " + FAILED + "; then echo FAILED; cat " + FAILED
            + "; tail -n 5 " + SETUP_LOG + "; else echo SETTING-UP; fi");
        if (r.code() == 255) {
          // sshd answers before cloud-init installed the key; a refusal that lasts means the wrong key
          if (r.output().contains("Permission denied") && refused.merge(h, 1, Integer::sum) >= REFUSALS)
            throw Problem.failed("node " + h + " keeps refusing the SSH key (" + r.output().trim() + ")");
          continue;
        }
        up++;
        if (r.output().contains("READY")) waiting.remove(h);
        else if (r.output().contains("FAILED"))
          throw Problem.failed("setting up node " + h + " failed (" + r.output().replace("FAILED", "").trim().replace('\n', ' ')
              + "); the whole log is " + SETUP_LOG + " on it");
      }
      int done = hosts.size() - waiting.size();
      if (up + done != reachable || done != lastDone) {
        out.printf("  ssh: %d of %d nodes reachable, %d set up%n", Math.min(hosts.size(), up + done), hosts.size(), done);
        reachable = up + done;
        lastDone = done;
      }
      if (waiting.isEmpty()) return;
      if (System.nanoTime() > end)
        throw Problem.failed("nodes " + String.join(" ", waiting) + " did not finish their setup within " + timeout.toMinutes() + " minutes");
      sleep();
    }
  }

  /** Waits until the master reports the expected numbers of live DataNodes and running NodeManagers. */
  public Report awaitHealthy(String master, int datanodes, int nodeManagers, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    Report last = null;
    while (true) {
      Report r = report(master);
      if (last == null || r.liveDatanodes() != last.liveDatanodes() || r.runningNodeManagers() != last.runningNodeManagers())
        out.printf("  hadoop: %d of %d datanodes live, %d of %d node managers running%n", Math.max(0, r.liveDatanodes()), datanodes,
            Math.max(0, r.runningNodeManagers()), nodeManagers);
      last = r;
      if (r.liveDatanodes() == datanodes && r.runningNodeManagers() == nodeManagers) return r;
      if (System.nanoTime() > end)
        throw Problem.failed("HDFS and YARN did not become healthy within " + timeout.toMinutes() + " minutes (" + Math.max(0, r.liveDatanodes())
            + " datanodes, " + Math.max(0, r.runningNodeManagers()) + " node managers)");
      sleep();
    }
  }

  private void sleep() {
    try {
      Thread.sleep(poll.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Problem.failed("interrupted");
    }
  }

  private static int find(Pattern p, String s, int missing) {
    Matcher m = p.matcher(s);
    return m.find() ? Integer.parseInt(m.group(1)) : missing;
  }

  private static String group(Pattern p, String s) {
    Matcher m = p.matcher(s);
    return m.find() ? m.group(1) : "?";
  }
}
