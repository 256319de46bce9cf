package netflixjobs.provision.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import netflixjobs.provision.core.Health;
import netflixjobs.provision.model.Ports;

/** What {@code status --local} prints, and the lines that tell how to use a local cluster. */
final class LocalStatus {
  private final PrintStream out;
  private final LocalBackend c;
  private final Properties state;
  private final Health.Report r;

  LocalStatus(PrintStream out, LocalBackend c, Properties state, Health.Report r) {
    this.out = out;
    this.c = c;
    this.state = state;
    this.r = r;
  }

  /** Prints the daemons and the workers as HDFS and YARN see them; returns the number of lost workers. */
  int print() {
    out.printf("local cluster %s in %s (Hadoop %s)%n", c.cluster(), c.dir(), c.hadoopVersion());
    if (c.runningDaemons().isEmpty()) {
      out.printf("stopped, its data kept (%d workers): bin/provision start --local%s starts it%n", c.workerNodes().size(),
          c.cluster().equals(defaultName(c.home())) ? "" : " --name " + c.cluster());
      return 0;
    }
    out.printf("%-10s %-16s %-8s %-9s %s%n", "NODE", "DAEMON", "PID", "PROCESS", "CLUSTER VIEW");
    List<String> lost = new ArrayList<>();
    for (String node : c.allNodes()) {
      boolean nodeLost = false;
      for (Daemon d : LocalBackend.daemonsOfNode(node)) {
        boolean up = c.daemons.running(node, d);
        if (!up) nodeLost = true;
        String view;
        if (d == Daemon.DATANODE || d == Daemon.NODEMANAGER) {
          String port = state.getProperty(node + "." + d.tag() + "-port");
          // every worker is 127.0.0.1 (or localhost, to YARN): its port tells them apart
          java.util.Map<String, String> all = d == Daemon.DATANODE ? r.datanodes() : r.nodeManagers();
          String s = null;
          if (all != null && port != null) for (var e : all.entrySet()) if (e.getKey().endsWith(":" + port)) s = e.getValue();
          boolean answers = d == Daemon.DATANODE ? r.hdfsUp() : r.yarnUp();
          view = (d == Daemon.DATANODE ? "HDFS: " : "YARN: ") + (!answers ? "?" : s == null ? "unknown" : s);
        } else {
          view = !up ? "" : switch (d) {
            case NAMENODE -> r.hdfsUp() ? "http://127.0.0.1:" + c.ports().namenodeHttp() : "not answering";
            case RESOURCEMANAGER -> r.yarnUp() ? "http://127.0.0.1:" + c.ports().rmWeb() : "not answering";
            default -> "http://127.0.0.1:" + c.historyWebPort();
          };
        }
        long pid = c.daemons.pid(node, d);
        out.printf("%-10s %-16s %-8s %-9s %s%n", node, d.title, pid < 0 ? "-" : Long.toString(pid), up ? "running" : "gone", view);
      }
      if (nodeLost && !node.equals(LocalBackend.MASTER)) lost.add(node);
    }
    int ws = c.workerNodes().size();
    out.printf("workers: %d of %d running%s%n", ws - lost.size(), ws, lost.isEmpty() ? "" : "; lost: " + String.join(", ", lost)
        + " (bin/provision add-workers --local N adds new ones, remove-workers --local N drops lost ones first)");
    if (!r.hdfsUp()) out.println("HDFS: the NameNode does not answer");
    else out.printf(Locale.ROOT, "HDFS: %d datanodes live, %d dead%s; capacity %s, used %s, remaining %s%n", r.liveDatanodes(),
        r.datanodes().values().stream().filter("dead"::equals).count(), r.safeMode() ? ", in safe mode" : "",
        Health.bytes(r.capacity()), Health.bytes(r.used()), Health.bytes(r.remaining()));
    if (!r.yarnUp()) out.println("YARN: the ResourceManager does not answer");
    else out.printf("YARN: %d node managers running, %d lost, %d unhealthy%n", r.runningNodeManagers(),
        r.nodeManagers().values().stream().filter("LOST"::equals).count(), r.nodeManagers().values().stream().filter("UNHEALTHY"::equals).count());
    return lost.size();
  }

  static void usage(PrintStream out, String name, String nameFlag, Path confDir, Path dir, Ports p, int historyWeb) {
    out.println("  run:     bin/netflix-jobs --cluster local" + (nameFlag.isEmpty() ? "" : ":" + name) + " PROGRAM ARGS   (e.g. demo, knn, dfs -ls /)");
    out.println("           or HADOOP_CONF_DIR=" + confDir + " bin/netflix-jobs PROGRAM ARGS");
    out.println("  web UIs: http://127.0.0.1:" + p.namenodeHttp() + " (HDFS), http://127.0.0.1:" + p.rmWeb() + " (YARN), http://127.0.0.1:"
        + historyWeb + " (job history)");
    out.println("  logs:    " + dir.resolve("logs"));
    out.println("  status:  bin/provision status --local" + nameFlag + "; stop (data kept): bin/provision stop --local" + nameFlag
        + "; remove: bin/provision destroy --local" + nameFlag);
  }

  /** The cluster name conf/provision.properties gives (so the hints leave --name out for it). */
  static String defaultName(Path home) {
    try (Reader rd = Files.newBufferedReader(home.resolve("conf/provision.properties"))) {
      Properties p = new Properties();
      p.load(rd);
      return p.getProperty("name", "").trim();
    } catch (IOException e) {
      return "";
    }
  }
}
