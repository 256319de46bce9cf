package netflixjobs.provision.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import netflixjobs.provision.core.Backend;
import netflixjobs.provision.core.Health;
import netflixjobs.provision.core.Ledger;
import netflixjobs.provision.local.LocalDaemons.Started;
import netflixjobs.provision.model.Cluster;
import netflixjobs.provision.model.Problem;
import netflixjobs.provision.model.Resources;
import netflixjobs.provision.model.YarnSizing;

/**
 * A Hadoop cluster of separate JVMs on this machine: a NameNode, a ResourceManager and a job
 * history server ("master"), and per worker a DataNode and a NodeManager ("worker-N"), all on
 * 127.0.0.1. Everything lives in one directory ({@code ~/.netflix-jobs/local/NAME}):
 * {@code cluster.properties} (settings, workers, their ports), {@code conf/} (the rendered
 * configuration: the {@code HADOOP_CONF_DIR} of clients), {@code lib/} (links to the
 * Maven-resolved Hadoop jars), {@code nodes/NODE/} (HDFS and YARN data), {@code logs/NODE/}, {@code pids/}.
 */
public final class LocalBackend implements Backend {
  static final String MASTER = "master";
  static final String STATE = "cluster.properties";
  private static final Duration TOOL = Duration.ofMinutes(10);

  /** What a launch asks for. {@code portBase} 0: Hadoop's default ports. */
  public record Settings(int workers, int portBase, int workerMemoryMiB, int workerVcores, Duration timeout) {
    public Settings {
      if (workers < 1 || workers > 16) throw Problem.usage("--workers must be 1 to 16 for a local cluster, not " + workers);
      if (portBase != 0 && (portBase < 1024 || portBase > 65528)) throw Problem.usage("--port-base must be 1024 to 65528 (or 0: Hadoop's ports), not " + portBase);
      if (workerVcores < 1 || workerVcores > 64) throw Problem.usage("--worker-vcores must be 1 to 64, not " + workerVcores);
      try { // the same sizing as an EC2 worker: an application master and a task must fit side by side
        YarnSizing.of(new Resources(workerMemoryMiB, workerVcores));
      } catch (IllegalArgumentException e) {
        throw Problem.usage("--worker-memory " + workerMemoryMiB + ": " + e.getMessage());
      }
      if (timeout.toSeconds() < 10) throw Problem.usage("--timeout must be at least 10 seconds");
    }
  }

  private final Path dir;
  private final String name;
  private final Path home;
  private final PrintStream out;
  private final Properties state = new Properties();
  final LocalDaemons daemons;
  private Settings settings;
  private List<Path> jars;
  /** The daemons the current operation started: one that exits fails the wait at once. */
  private final List<Started> watched = new ArrayList<>();

  public LocalBackend(Path stateDir, String name, Path home, PrintStream out) {
    if (name == null || !Cluster.NAME.matcher(name).matches())
      throw Problem.usage("a cluster name is 1 to 31 lower-case letters, digits or '-', starting with a letter: " + name);
    this.dir = stateDir.resolve("local").resolve(name).toAbsolutePath().normalize();
    this.name = name;
    this.home = home;
    this.out = out;
    this.daemons = new LocalDaemons(dir, name, home);
    if (Files.isRegularFile(dir.resolve(STATE))) load();
  }

  /** The same, for a launch with these settings. */
  public LocalBackend launching(Settings s) {
    this.settings = s;
    return this;
  }

  public Path dir() { return dir; }
  public Path confDir() { return dir.resolve("conf"); }
  boolean exists() { return state.containsKey("name"); }
  @Override public String cluster() { return name; }
  @Override public String title() { return "local cluster " + name; }
  @Override public Problem explain(String doing, RuntimeException e) {
    return e instanceof Problem p ? p : Problem.failed(e.getMessage() == null ? e.toString() : e.getMessage(), e);
  }
  @Override public void close() {}

  // ---------------------------------------------------------------- state

  private void load() {
    try (Reader r = Files.newBufferedReader(dir.resolve(STATE))) {
      state.load(r);
    } catch (IOException e) {
      throw Problem.failed("cannot read " + dir.resolve(STATE) + ": " + e.getMessage());
    }
  }

  private void save() {
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(STATE + ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp)) {
        state.store(w, "local cluster " + name + " (bin/provision --local)");
      }
      Files.move(tmp, dir.resolve(STATE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(STATE), e);
    }
  }

  private int intState(String key) { return Integer.parseInt(state.getProperty(key)); }

  List<String> workerNodes() {
    String w = state.getProperty("workers", "").trim();
    return w.isEmpty() ? new ArrayList<>() : new ArrayList<>(List.of(w.split(" ")));
  }

  private void setWorkers(List<String> ws) { state.setProperty("workers", String.join(" ", ws)); }

  private List<String> nodes() {
    List<String> n = new ArrayList<>(List.of(MASTER));
    n.addAll(workerNodes());
    return n;
  }

  private static List<Daemon> daemonsOf(String node) { return node.equals(MASTER) ? Daemon.MASTER : Daemon.WORKER; }

  /** Every recorded daemon that is running now. */
  List<Started> runningDaemons() {
    List<Started> r = new ArrayList<>();
    for (String node : nodes()) for (Daemon d : daemonsOf(node)) if (daemons.running(node, d)) r.add(new Started(node, d, daemons.pid(node, d)));
    return r;
  }

  private boolean workerUp(String w) { return daemons.running(w, Daemon.DATANODE) && daemons.running(w, Daemon.NODEMANAGER); }

  /** Marks workers whose daemons are gone as lost (they no longer count for replication and health). */
  private void markLost() { for (String w : workerNodes()) if (!workerUp(w)) state.setProperty(w + ".lost", "true"); }

  int portBase() { return intState("port-base"); }

  /** Renders conf/ for the workers not lost. */
  private void writeConf() {
    int live = (int) workerNodes().stream().filter(w -> state.getProperty(w + ".lost") == null).count();
    Resources worker = new Resources(intState("worker-memory"), intState("worker-vcores"));
    try {
      LocalConf.write(home, confDir(), LocalConf.model(home, dir, name, state.getProperty("hadoop-version"), portBase(), worker, live));
    } catch (IOException e) {
      throw Problem.failed("cannot write " + confDir() + ": " + e.getMessage(), e);
    }
  }

  private void prepare() {
    if (jars == null) jars = HadoopJars.resolve(home, out);
    try {
      LocalConf.links(dir, jars);
    } catch (IOException e) {
      throw Problem.failed("cannot prepare " + dir + ": " + e.getMessage(), e);
    }
    writeConf();
  }

  @Override public Health health() {
    var p = LocalConf.ports(exists() ? portBase() : settings.portBase());
    return new Health(Health.http(), "http://127.0.0.1:" + p.namenodeHttp(), "http://127.0.0.1:" + p.rmWeb());
  }

  // ---------------------------------------------------------------- launch

  @Override public void plan() {
    if (settings == null) throw Problem.usage("--workers is missing");
    if (exists()) {
      List<Started> r = runningDaemons();
      if (!r.isEmpty())
        throw Problem.usage("local cluster " + name + " is already running (" + r.size() + " daemons, PIDs "
            + String.join(" ", r.stream().map(x -> Long.toString(x.pid())).toList()) + "); nothing changed: use status, add-workers or destroy");
      throw Problem.usage("local cluster " + name + " is stopped with its data kept; bin/provision start --local" + nameFlag() + " starts it again");
    }
    if (Files.exists(dir)) throw Problem.usage(dir + " exists but holds no local cluster; remove it or choose another --name");
    LocalConf.checkPorts(dir, home, out, settings.portBase());
    out.printf("plan for local cluster %s: a NameNode, a ResourceManager, a job history server and %d workers (DataNode + NodeManager, "
        + "%d MiB and %d vcores each) on 127.0.0.1, in %s%n", name, settings.workers(), settings.workerMemoryMiB(), settings.workerVcores(), dir);
  }

  @Override public int dryRun() {
    out.println("dry run: nothing was started");
    return 0;
  }

  @Override public int expectedWorkers() { return (int) workerNodes().stream().filter(w -> state.getProperty(w + ".lost") == null).count(); }

  @Override public void create(Ledger ledger) {
    jars = HadoopJars.resolve(home, out);
    ledger.create(() -> dir, d -> undo("the directory " + d, () -> LocalDaemons.delete(d)));
    state.setProperty("name", name);
    state.setProperty("port-base", Integer.toString(settings.portBase()));
    state.setProperty("worker-memory", Integer.toString(settings.workerMemoryMiB()));
    state.setProperty("worker-vcores", Integer.toString(settings.workerVcores()));
    state.setProperty("hadoop-version", HadoopJars.version(jars));
    List<String> ws = new ArrayList<>();
    for (int i = 1; i <= settings.workers(); i++) ws.add("worker-" + i);
    setWorkers(ws);
    state.setProperty("next", Integer.toString(settings.workers() + 1));
    save();
    prepare();
    out.println("formatting HDFS ...");
    daemons.format(settings.timeout());
    startAll(ledger);
  }

  /** Starts the master's and every worker's daemons, recording how to stop them. */
  private void startAll(Ledger ledger) {
    out.printf("starting a NameNode, a ResourceManager, a job history server and %d workers (DataNode + NodeManager each) from Hadoop %s jars ...%n",
        workerNodes().size(), state.getProperty("hadoop-version"));
    ledger.record(undo("the daemons started", () -> {
      daemons.stop(watched, Duration.ofSeconds(5));
      daemons.killLeftovers(null);
    }));
    for (Daemon d : Daemon.MASTER) watched.add(daemons.start(MASTER, d));
    for (String w : workerNodes()) for (Daemon d : Daemon.WORKER) watched.add(daemons.start(w, d));
  }

  @Override public boolean ready(Health.Report r) {
    for (Started s : watched)
      if (!daemons.running(s))
        throw Problem.failed("the " + s.daemon().title + " of " + s.node() + " exited while starting: " + daemons.why(s.node(), s.daemon()));
    boolean all = true;
    for (String w : workerNodes()) {
      if (state.getProperty(w + ".lost") != null) continue;
      all &= record(w, Daemon.DATANODE, r.datanodes(), "live") & record(w, Daemon.NODEMANAGER, r.nodeManagers(), "RUNNING");
    }
    boolean history = Procs.listeningPorts(daemons.pid(MASTER, Daemon.JOBHISTORY)).contains(LocalConf.historyPorts(portBase())[0]);
    if (all && history) save(); // the workers' ports, for status and remove-workers
    return all && history;
  }

  /** Finds the worker's daemon in HDFS's or YARN's view by the ports its process listens on; records the port. */
  private boolean record(String w, Daemon d, Map<String, String> view, String good) {
    if (view == null) return false;
    Set<Integer> ports = Procs.listeningPorts(daemons.pid(w, d));
    for (Map.Entry<String, String> e : view.entrySet()) {
      int port = Integer.parseInt(e.getKey().substring(e.getKey().lastIndexOf(':') + 1));
      if (e.getValue().equals(good) && ports.contains(port)) {
        state.setProperty(w + "." + d.tag() + "-port", Integer.toString(port));
        return true;
      }
    }
    return false;
  }

  @Override public void launched(Health.Report r) {
    watched.clear();
    save();
    // the user's HDFS home, as the nodes' setup makes it on EC2: relative paths (dfs -put f x) work at once
    hadoop("dfs", "-mkdir", "-p", "/user/" + System.getProperty("user.name"));
    LocalStatus.usage(out, name, nameFlag(), confDir(), dir, LocalConf.ports(portBase()), LocalConf.historyPorts(portBase())[1]);
  }

  @Override public void evidence() {}

  @Override public String keptHint() { return "its daemons run on, logs in " + dir.resolve("logs") + "; bin/provision destroy --local" + nameFlag() + " removes it"; }

  private String nameFlag() { return name.equals(LocalStatus.defaultName(home)) ? "" : " --name " + name; }

  // ---------------------------------------------------------------- resize

  private void requireMaster() {
    if (!exists()) throw Problem.usage("no local cluster named " + name + " (bin/provision --local --workers 2 starts one)");
    for (Daemon d : Daemon.MASTER)
      if (!daemons.running(MASTER, d))
        throw Problem.failed("the " + d.title + " of local cluster " + name + " is not running; bin/provision start --local" + nameFlag() + " starts it");
  }

  @Override public List<Worker> workers() {
    if (!exists()) return List.of();
    return workerNodes().stream().map(w -> new Worker(w, state.getProperty(w + ".datanode-port") == null ? w : "127.0.0.1:" + state.getProperty(w + ".datanode-port"),
        workerUp(w), Long.parseLong(w.substring(7)))).toList();
  }

  @Override public void planAdd(int count) {
    if (count > 16) throw Problem.usage("add 1 to 16 workers, not " + count);
    requireMaster();
  }

  @Override public void addWorkers(int count, Ledger ledger) {
    markLost();
    int next = intState("next");
    List<String> before = workerNodes(), added = new ArrayList<>(), all = new ArrayList<>(before);
    for (int i = 0; i < count; i++) added.add("worker-" + (next + i));
    all.addAll(added);
    setWorkers(all);
    state.setProperty("next", Integer.toString(next + count));
    ledger.record(undo("the new workers " + String.join(", ", added), () -> {
      daemons.stop(watched, Duration.ofSeconds(5));
      for (String w : added) {
        daemons.killLeftovers(w);
        LocalDaemons.delete(dir.resolve("nodes").resolve(w));
        for (String k : List.of(".datanode-port", ".nodemanager-port", ".lost")) state.remove(w + k);
      }
      setWorkers(before);
      save();
      writeConf();
    }));
    save();
    prepare();
    out.println("starting " + String.join(", ", added) + " (DataNode + NodeManager each) ...");
    for (String w : added) for (Daemon d : Daemon.WORKER) watched.add(daemons.start(w, d));
  }

  @Override public String hadoop(String tool, String... args) {
    String main = switch (tool) {
      case "dfs" -> "org.apache.hadoop.fs.FsShell";
      case "dfsadmin" -> "org.apache.hadoop.hdfs.tools.DFSAdmin";
      default -> throw new IllegalArgumentException(tool);
    };
    return daemons.tool(main, TOOL, args);
  }

  @Override public void replication(int replication) {
    save();
    writeConf();
  }

  @Override public void exclude(List<Worker> ws) {
    StringBuilder b = new StringBuilder();
    for (Worker w : ws) b.append(w.name()).append('\n');
    try {
      Files.writeString(confDir().resolve("exclude"), b.toString());
    } catch (IOException e) {
      throw Problem.failed("cannot write " + confDir().resolve("exclude") + ": " + e.getMessage());
    }
    hadoop("dfsadmin", "-refreshNodes");
  }

  @Override public void remove(List<Worker> ws) {
    List<String> keep = workerNodes();
    for (Worker w : ws) {
      List<Started> ds = new ArrayList<>();
      for (Daemon d : Daemon.WORKER) ds.add(new Started(w.id(), d, daemons.pid(w.id(), d)));
      daemons.stop(ds, Duration.ofSeconds(10));
      daemons.killLeftovers(w.id());
      try {
        LocalDaemons.delete(dir.resolve("nodes").resolve(w.id()));
        daemons.forget(w.id());
      } catch (IOException e) {
        throw Problem.failed("cannot delete the data of " + w.id() + ": " + e.getMessage());
      }
      for (String k : List.of(".datanode-port", ".nodemanager-port", ".lost")) state.remove(w.id() + k);
      keep.remove(w.id());
    }
    setWorkers(keep);
    save();
  }

  // ---------------------------------------------------------------- stop, start, destroy, status

  @Override public void stop() {
    if (!exists()) throw Problem.usage("no local cluster named " + name + " (bin/provision --local --workers 2 starts one)");
    List<Started> r = runningDaemons();
    daemons.stop(r, Duration.ofSeconds(15));
    daemons.killLeftovers(null);
    out.printf("stopped local cluster %s (%d daemons); its data is kept in %s: bin/provision start --local%s starts it again%n", name, r.size(), dir, nameFlag());
  }

  @Override public void start() {
    if (!exists()) throw Problem.usage("no local cluster named " + name + " (bin/provision --local --workers 2 starts one)");
    List<Started> r = runningDaemons();
    if (!r.isEmpty()) throw Problem.usage("local cluster " + name + " is running (" + r.size() + " daemons); stop it first");
    LocalConf.checkPorts(dir, home, out, portBase());
    for (String w : workerNodes()) state.remove(w + ".lost"); // their data is still there: they come back too
    save();
    prepare();
    out.println("starting local cluster " + name + " on the data kept in " + dir + " (" + workerNodes().size() + " workers)");
    try (Ledger ledger = new Ledger(out, false)) {
      startAll(ledger);
      ledger.commit();
    }
  }

  @Override public void destroy() {
    if (!exists() && !Files.exists(dir)) {
      out.println("no local cluster named " + name + "; nothing to destroy");
      return;
    }
    List<Started> r = exists() ? runningDaemons() : List.of();
    daemons.stop(r, Duration.ofSeconds(15));
    daemons.killLeftovers(null);
    List<Long> left = daemons.leftovers(null);
    if (!left.isEmpty()) throw Problem.failed("processes " + left + " of local cluster " + name + " are still running");
    try {
      LocalDaemons.delete(dir);
    } catch (IOException e) {
      throw Problem.failed("stopped local cluster " + name + " but cannot delete " + dir + ": " + e.getMessage());
    }
    out.printf("destroyed local cluster %s: stopped %d daemons, deleted %s%n", name, r.size(), dir);
  }

  @Override public int status() {
    if (!exists()) throw Problem.usage("no local cluster named " + name + " (bin/provision --local --workers 2 starts one)");
    return new LocalStatus(out, this, state, health().read()).print() == 0 ? 0 : 1;
  }

  @Override public void get(String hdfsPath, Path local) {
    requireMaster();
    hadoop("dfs", "-get", hdfsPath, local.toAbsolutePath().toString());
  }

  String hadoopVersion() { return state.getProperty("hadoop-version"); }
  Path home() { return home; }
  int historyWebPort() { return LocalConf.historyPorts(portBase())[1]; }
  netflixjobs.provision.model.Ports ports() { return LocalConf.ports(portBase()); }
  List<String> allNodes() { return nodes(); }
  static List<Daemon> daemonsOfNode(String node) { return daemonsOf(node); }

  private interface Action { void run() throws Exception; }

  private static Ledger.Undo undo(String what, Action a) {
    return new Ledger.Undo() {
      public String what() { return what; }
      public void run() throws Exception { a.run(); }
    };
  }
}
