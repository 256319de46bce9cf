package netflixjobs.provision.model;

import java.util.List;

/**
 * Every port the daemons use. The defaults are Hadoop 3's; a local multi-process cluster gives 0
 * to the per-node ones (DataNode, NodeManager, shuffle) so several of them share one host.
 */
public record Ports(int namenodeRpc, int namenodeHttp, int datanode, int datanodeHttp, int datanodeIpc,
                    int resourceManager, int rmScheduler, int rmTracker, int rmAdmin, int rmWeb,
                    int nodeManager, int nodeManagerWeb, int shuffle) {
  public static Ports hadoopDefaults() {
    return new Ports(8020, 9870, 9866, 9864, 9867, 8032, 8030, 8031, 8033, 8088, 0, 8042, 13562);
  }

  /** The job history server's web port, where conf/hadoop/mapred-site.xml puts it on the master. */
  public static final int JOB_HISTORY_WEB = 19888;

  /**
   * The master serves the verified Hadoop tarball and its idle countdown to the workers over HTTP on
   * this port of its private address (the security group lets only the cluster's nodes reach it).
   */
  public static final int MASTER_FILES = 9800;

  /** A web UI on the master, reached through an SSH tunnel. */
  public record WebUi(String name, int port) {}

  /** The master's web UIs: HDFS (NameNode), YARN (ResourceManager), the job history server. */
  public List<WebUi> webUis() {
    return List.of(new WebUi("HDFS", namenodeHttp), new WebUi("YARN", rmWeb), new WebUi("job history", JOB_HISTORY_WEB));
  }
}
