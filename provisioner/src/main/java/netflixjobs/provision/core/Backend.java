package netflixjobs.provision.core;

import java.nio.file.Path;
import java.util.List;
import netflixjobs.provision.model.Problem;

/**
 * Where a cluster's nodes run: EC2 instances or processes on this machine. The lifecycle
 * ({@link Lifecycle}) is written once over these operations; a backend knows how to start, find,
 * stop and remove its nodes and how to run a Hadoop command on its master, nothing about the order
 * of a launch or what healthy means.
 */
public interface Backend extends AutoCloseable {
  /** A worker as the lifecycle sees it: {@code name} is how HDFS and YARN know it (an address, or host:port). */
  record Worker(String id, String name, boolean running, long order) {}

  String cluster();

  /** "cluster NAME" or "local cluster NAME", for messages. */
  String title();

  /** The health reader over this backend's way of reaching the master. */
  Health health();

  /** Turns a failure of this backend's calls into one sentence (a Problem passes through). */
  Problem explain(String doing, RuntimeException e);

  // ---------------------------------------------------------------- launch

  /** Checks the request and prints the plan with its cost; Problem.usage for bad input, nothing created yet. */
  void plan();

  /** A dry run of what launch would create; returns the exit code. */
  int dryRun();

  /** Workers a launch (or a start) waits for. */
  int expectedWorkers();

  /** Creates the nodes, recording each undo in the ledger, and waits until their daemons start. */
  void create(Ledger ledger);

  /**
   * Called on every health poll while waiting: fails at once when a node died while starting;
   * true once the backend's own parts (a job history server, every worker's ports) are ready.
   */
  boolean ready(Health.Report r);

  /** The cluster is healthy: last touches (the workers file, the saved state) and how to use it. */
  void launched(Health.Report r);

  /** Prints what the nodes of a failed launch say: the end of their setup logs. */
  void evidence();

  /** With --keep-on-failure: where the kept nodes are and how to look at them. */
  String keptHint();

  // ---------------------------------------------------------------- resize

  /** The cluster's workers, running or not. */
  List<Worker> workers();

  /** Checks an add of {@code count} workers and prints what it adds and costs. */
  void planAdd(int count);

  /** Starts {@code count} more workers, recording each undo in the ledger. */
  void addWorkers(int count, Ledger ledger);

  /** Runs a Hadoop tool on the master as the cluster's user: "dfs" (FsShell), "dfsadmin"; returns its output or fails. */
  String hadoop(String tool, String... args);

  /** Makes {@code replication} the default for new files (the rendered dfs.replication of every node). */
  void replication(int replication);

  /** Writes the exclude file with these workers (empty: none) and has HDFS and YARN read it again. */
  void exclude(List<Worker> workers);

  /** Ends these workers for good (their daemons, instances and data). */
  void remove(List<Worker> workers);

  // ---------------------------------------------------------------- stop, start, destroy, status

  /** Stops every node, keeping its data; prints what the stopped cluster still costs. */
  void stop();

  /** Starts the stopped nodes again. */
  void start();

  /** Removes everything of the cluster that is left. Safe to repeat. */
  void destroy();

  /** Prints the nodes and what HDFS and YARN say about them; returns the exit code. */
  int status();

  /** Copies HDFS_PATH (a file or a directory) to a local path, byte for byte. */
  void get(String hdfsPath, Path local);

  @Override void close();
}
