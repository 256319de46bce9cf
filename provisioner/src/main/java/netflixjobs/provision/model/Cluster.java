package netflixjobs.provision.model;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A Hadoop cluster as the render layer sees it, independent of where it runs: a master (NameNode,
 * ResourceManager) at {@code masterHost}, {@code workers} nodes with DataNode and NodeManager, and
 * whichever worker addresses are known yet (EC2 learns them only after launch).
 * {@code overrides} adds or replaces properties per site file ("yarn-site.xml" -> key -> value).
 */
public record Cluster(String name, String masterHost, int workers, List<String> workerHosts,
                      Software software, Layout layout, Ports ports, Resources master, Resources worker,
                      int idleShutdownMinutes, Map<String, Map<String, String>> overrides) {
  public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,30}");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:-]+");

  public Cluster {
    if (name == null || !NAME.matcher(name).matches())
      throw new IllegalArgumentException("a cluster name is 1 to 31 lower-case letters, digits or '-', starting with a letter: " + name);
    if (masterHost == null || !HOST.matcher(masterHost).matches()) throw new IllegalArgumentException("bad master address " + masterHost);
    if (workers < 1) throw new IllegalArgumentException("a cluster needs at least 1 worker, not " + workers);
    workerHosts = List.copyOf(workerHosts);
    for (String h : workerHosts) if (!HOST.matcher(h).matches()) throw new IllegalArgumentException("bad worker address " + h);
    if (idleShutdownMinutes < 0) throw new IllegalArgumentException("idle shutdown minutes must be 0 (off) or more");
    overrides = Map.copyOf(overrides);
  }

  /** HDFS replication: 3, or fewer when there are fewer DataNodes. */
  public int replication() { return Math.min(3, workers); }

  public YarnSizing yarn() { return YarnSizing.of(worker); }

  public Cluster withWorkerHosts(List<String> hosts) {
    return new Cluster(name, masterHost, Math.max(workers, hosts.size()), hosts, software, layout, ports, master, worker,
        idleShutdownMinutes, overrides);
  }
}
