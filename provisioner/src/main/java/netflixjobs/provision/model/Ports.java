package netflixjobs.provision.model;

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

  /** The ports a user reaches through an SSH tunnel: NameNode and ResourceManager web UIs. */
  public int[] webUis() { return new int[] {namenodeHttp, rmWeb}; }
}
