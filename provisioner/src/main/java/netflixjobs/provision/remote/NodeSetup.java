package netflixjobs.provision.remote;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import netflixjobs.provision.model.Problem;

/**
 * Whether a cluster's nodes finished their setup script, read over SSH from the markers the
 * script leaves (ready, failed, the current step), and what a failed node's setup log ends with.
 */
public final class NodeSetup {
  public static final String READY = "/var/lib/netflix-jobs/ready";
  public static final String FAILED = "/var/lib/netflix-jobs/failed";
  /** One line "N/M what": the step the setup script is at (written by the node). */
  public static final String STEP = "/var/lib/netflix-jobs/step";
  public static final String SETUP_LOG = "/var/log/netflix-jobs-setup.log";
  /** Lines of a failed node's setup log shown before a rollback. */
  public static final int EVIDENCE_LINES = 20;
  static final int REFUSALS = 12;

  private final Remote remote;
  private final PrintStream out;
  private final Duration poll;

  public NodeSetup(Remote remote, PrintStream out, Duration poll) {
    this.remote = remote;
    this.out = out;
    this.poll = poll;
  }

  /**
   * How long the nodes' setup may take when nobody says: the bounds of its slow steps (packages
   * 5 min; the Hadoop release fetched once by the master 5 min, by the workers from the master
   * 2 min; configure, format, start 3 min), 10 s more per node for the master serving them, and
   * an upload from this machine at 2 MiB/s or faster.
   */
  public static Duration budget(int nodes, long uploadBytes) {
    return Duration.ofMinutes(15).plusSeconds(10L * nodes).plusSeconds(uploadBytes / (2L * 1024 * 1024));
  }

  /** The last lines of a node's setup log, or null if SSH does not reach it. */
  public String logTail(String host) {
    Remote.Result r = remote.run(host, "sudo tail -n " + EVIDENCE_LINES + " " + SETUP_LOG);
    return r.code() == 255 ? null : r.output();
  }

  /** Waits until every node (public address) finished its setup script; fails at once if one reports failure. */
  public void awaitSetup(List<String> hosts, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    List<String> waiting = new ArrayList<>(hosts);
    int reachable = -1, lastDone = -1;
    Map<String, Integer> refused = new TreeMap<>();
    Map<String, String> steps = new TreeMap<>();
    while (true) {
      int up = 0;
      for (String h : new ArrayList<>(waiting)) {
        Remote.Result r = remote.run(h, "if test -f " + READY + "; then echo READY; elif test -f " + FAILED + "; then echo FAILED; cat " + FAILED
            + "; tail -n 5 " + SETUP_LOG + "; else echo SETTING-UP; cat " + STEP + " 2>/dev/null; fi");
        if (r.code() == 255) {
          // sshd answers before cloud-init installed the key; a refusal that lasts means the wrong key
          if (r.output().contains("Permission denied") && refused.merge(h, 1, Integer::sum) >= REFUSALS)
            throw Problem.failed("node " + h + " keeps refusing the SSH key (" + r.output().trim() + ")");
          continue;
        }
        up++;
        if (r.output().startsWith("SETTING-UP")) {
          String step = r.output().substring("SETTING-UP".length()).strip();
          if (!step.isEmpty() && !step.equals(steps.put(h, step))) out.println("  " + h + ": " + step);
        }
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

  private void sleep() { Problem.pause(poll); }

}
