package netflixjobs.provision.core;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import netflixjobs.provision.core.Backend.Worker;
import netflixjobs.provision.model.Problem;

/**
 * A cluster's life, written once for every backend: launch with rollback, the health wait, add
 * and remove workers (decommissioning first), stop and start (waiting for every block), destroy.
 */
public final class Lifecycle {
  private final Backend b;
  private final PrintStream out, err;
  private final Duration poll, timeout;
  private final boolean shutdownHook;

  /** {@code timeout}: how long HDFS and YARN may take to become healthy once the nodes run. */
  public Lifecycle(Backend backend, PrintStream out, PrintStream err, Duration poll, Duration timeout, boolean shutdownHook) {
    this.b = backend;
    this.out = out;
    this.err = err;
    this.poll = poll;
    this.timeout = timeout;
    this.shutdownHook = shutdownHook;
  }

  /** HDFS replication for this many workers: 3, or fewer when there are fewer DataNodes. */
  public static int replication(int workers) { return Math.max(1, Math.min(3, workers)); }

  public int launch(boolean dryRun, boolean keepOnFailure, Predicate<String> confirm) {
    b.plan();
    if (dryRun) return b.dryRun();
    if (!confirm.test("Launch " + b.title() + "?")) {
      out.println("cancelled; nothing was created");
      return 1;
    }
    long t0 = System.nanoTime();
    try (Ledger ledger = new Ledger(out, shutdownHook)) {
      try {
        b.create(ledger);
        Health.Report r = awaitHealthy(b.expectedWorkers(), false);
        b.launched(r);
        ledger.commit();
        out.printf(Locale.ROOT, "%s is up after %d s: %d datanodes, %d node managers, HDFS capacity %s%n", b.title(),
            (System.nanoTime() - t0) / 1_000_000_000L, r.liveDatanodes(), r.runningNodeManagers(), Health.bytes(r.capacity()));
        return 0;
      } catch (RuntimeException e) {
        return failed("launch", e, ledger, keepOnFailure, "nothing of this launch is left");
      }
    }
  }

  public int addWorkers(int count, Predicate<String> confirm) {
    if (count < 1) throw Problem.usage("add at least 1 worker, not " + count);
    int before = (int) b.workers().stream().filter(Worker::running).count();
    b.planAdd(count);
    if (!confirm.test("Add " + count + " workers?")) {
      out.println("cancelled; nothing was created");
      return 1;
    }
    try (Ledger ledger = new Ledger(out, shutdownHook)) {
      try {
        b.addWorkers(count, ledger);
        awaitHealthy(before + count, false);
        ledger.commit();
      } catch (RuntimeException e) {
        return failed("adding workers", e, ledger, false, "the new workers are gone again, the cluster is as it was");
      }
    }
    setReplication(before + count);
    out.printf("%s has %d workers%n", b.title(), before + count);
    return 0;
  }

  private int failed(String doing, RuntimeException e, Ledger ledger, boolean keep, String clean) {
    Problem p = b.explain(doing, e);
    b.evidence();
    String tail;
    if (keep) {
      ledger.commit();
      tail = "kept for inspection (--keep-on-failure): " + b.keptHint();
    } else {
      List<String> left = ledger.rollback();
      tail = left.isEmpty() ? "rolled back: " + clean
          : "could not remove " + String.join(", ", left) + "; run bin/provision destroy --name " + b.cluster();
    }
    err.println("provision: " + doing + " failed: " + p.getMessage() + "; " + tail);
    err.flush();
    return p.exitCode();
  }

  /**
   * Removes {@code count} workers: lost ones first, then the newest running ones, whose blocks
   * HDFS copies elsewhere first (unless {@code force}).
   */
  public int removeWorkers(int count, boolean force, Predicate<String> confirm) {
    if (count < 1) throw Problem.usage("remove at least 1 worker, not " + count);
    List<Worker> all = b.workers();
    List<Worker> lost = all.stream().filter(w -> !w.running()).toList();
    List<Worker> live = new ArrayList<>(all.stream().filter(Worker::running).toList());
    live.sort(Comparator.comparingLong(Worker::order).reversed());
    int fromLive = Math.max(0, count - lost.size());
    if (fromLive >= live.size())
      throw Problem.usage(b.title() + " has " + live.size() + " workers and keeps at least one; use destroy to remove it all");
    List<Worker> gone = new ArrayList<>(lost.subList(0, Math.min(count, lost.size())));
    List<Worker> decommission = live.subList(0, fromLive);
    gone.addAll(decommission);
    out.println("removing " + gone.stream().map(Worker::id).toList() + " from " + b.title());
    if (!confirm.test("Remove " + count + " workers?")) return 1;
    int left = live.size() - fromLive;
    if (!force && !decommission.isEmpty()) decommission(decommission, left);
    b.remove(gone);
    if (!force && !decommission.isEmpty()) b.exclude(List.of());
    if (force) setReplication(left);
    else b.replication(replication(left));
    out.printf("removed %s; %s has %d workers%n", String.join(", ", gone.stream().map(Worker::id).toList()), b.title(), left);
    return 0;
  }

  /** The rendered default and every existing file follow the live worker count. */
  private void setReplication(int workers) {
    int r = replication(workers);
    b.replication(r);
    b.hadoop("dfs", "-setrep", "-R", Integer.toString(r), "/");
    out.println("HDFS replication is " + r + " (new and existing files)");
  }

  private void decommission(List<Worker> ws, int left) {
    int r = replication(left);
    out.printf("decommissioning %s: HDFS copies their blocks to the other workers (replication %d) ...%n",
        String.join(", ", ws.stream().map(Worker::id).toList()), r);
    b.hadoop("dfs", "-setrep", "-R", Integer.toString(r), "/");
    b.exclude(ws);
    long end = System.nanoTime() + timeout.multipliedBy(3).toNanos();
    long lastDone = -1;
    while (true) {
      Health.Report rep = b.health().read();
      long done = ws.stream().filter(w -> "decommissioned".equals(rep.datanode(w.name()))).count();
      if (done != lastDone) out.printf("  %d of %d decommissioned%n", done, ws.size());
      lastDone = done;
      if (done == ws.size()) return;
      if (System.nanoTime() > end) throw Problem.failed("decommissioning did not finish in time; nothing was removed (run again, or --force)");
      sleep();
    }
  }

  public int stop(Predicate<String> confirm) {
    if (!confirm.test("Stop " + b.title() + "? (its data is kept)")) return 1;
    b.stop();
    return 0;
  }

  /** Starts a stopped cluster and waits until every worker is back and HDFS has every block again. */
  public int start() {
    long t0 = System.nanoTime();
    b.start();
    Health.Report r = awaitHealthy(b.expectedWorkers(), true);
    out.printf(Locale.ROOT, "%s is up again after %d s: %d datanodes, %d node managers, no missing blocks, HDFS used %s%n", b.title(),
        (System.nanoTime() - t0) / 1_000_000_000L, r.liveDatanodes(), r.runningNodeManagers(), Health.bytes(r.used()));
    return 0;
  }

  public int destroy(Predicate<String> confirm) {
    if (!b.workers().isEmpty() && !confirm.test("Destroy " + b.title() + " and all its HDFS data?")) {
      out.println("cancelled; nothing was changed");
      return 1;
    }
    b.destroy();
    return 0;
  }

  public int status() { return b.status(); }

  /**
   * Waits until {@code workers} DataNodes are live and as many NodeManagers run, HDFS is out of
   * safe mode (and, with {@code everyBlock}, misses no block) and the backend is ready.
   */
  public Health.Report awaitHealthy(int workers, boolean everyBlock) {
    long end = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (true) {
      Health.Report r = b.health().read();
      boolean ready = b.ready(r);
      String line = String.format(Locale.ROOT, "  hadoop: %d of %d datanodes live, %d of %d node managers running%s%s",
          Math.max(0, r.liveDatanodes()), workers, Math.max(0, r.runningNodeManagers()), workers,
          !r.hdfsUp() ? "; NameNode starting" : r.safeMode() ? "; HDFS in safe mode" : "",
          everyBlock && r.missingBlocks() > 0 ? "; " + r.missingBlocks() + " blocks missing" : "");
      if (!line.equals(last)) out.println(line);
      last = line;
      if (ready && r.hdfsUp() && !r.safeMode() && r.yarnUp() && r.liveDatanodes() >= workers && r.runningNodeManagers() >= workers
          && (!everyBlock || r.missingBlocks() == 0)) return r;
      if (System.nanoTime() > end)
        throw Problem.failed("HDFS and YARN did not become healthy within " + timeout.toSeconds() + " s (" + line.trim().replace("hadoop: ", "") + ")");
      sleep();
    }
  }

  private void sleep() { Problem.pause(poll); }

}
