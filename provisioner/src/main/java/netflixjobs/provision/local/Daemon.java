package netflixjobs.provision.local;

import java.util.List;

/**
 * The Hadoop daemons of a local cluster: their main classes and heaps. The master also runs a job
 * history server: once a job's application master is gone, clients read its final status and
 * counters there.
 */
enum Daemon {
  NAMENODE("NameNode", "org.apache.hadoop.hdfs.server.namenode.NameNode", 512, true),
  RESOURCEMANAGER("ResourceManager", "org.apache.hadoop.yarn.server.resourcemanager.ResourceManager", 512, true),
  JOBHISTORY("JobHistoryServer", "org.apache.hadoop.mapreduce.v2.hs.JobHistoryServer", 256, true),
  DATANODE("DataNode", "org.apache.hadoop.hdfs.server.datanode.DataNode", 256, false),
  NODEMANAGER("NodeManager", "org.apache.hadoop.yarn.server.nodemanager.NodeManager", 384, false);

  final String title;
  final String mainClass;
  final int heapMiB;
  final boolean master;

  Daemon(String title, String mainClass, int heapMiB, boolean master) {
    this.title = title;
    this.mainClass = mainClass;
    this.heapMiB = heapMiB;
    this.master = master;
  }

  String tag() { return name().toLowerCase(java.util.Locale.ROOT); }

  static final List<Daemon> MASTER = List.of(NAMENODE, RESOURCEMANAGER, JOBHISTORY);
  static final List<Daemon> WORKER = List.of(DATANODE, NODEMANAGER);
}
