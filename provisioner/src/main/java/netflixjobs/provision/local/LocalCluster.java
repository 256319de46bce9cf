package netflixjobs.provision.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import netflixjobs.provision.model.Cluster;
import netflixjobs.provision.model.Layout;
import netflixjobs.provision.model.Ports;
import netflixjobs.provision.model.Problem;
import netflixjobs.provision.model.Resources;
import netflixjobs.provision.model.Software;
import netflixjobs.provision.model.YarnSizing;
import netflixjobs.provision.render.Render;
import netflixjobs.provision.render.Templates;

/**
 * A Hadoop cluster of separate JVMs on this machine: a NameNode and a ResourceManager ("master"),
 * and per worker a DataNode and a NodeManager ("worker-N"), all listening on 127.0.0.1 only. Its
 * site files come from the same render layer as an EC2 cluster's, with local directories and
 * ports; per-node directories are {@code ${netflixjobs.node}} in the one configuration directory,
 * which each daemon resolves from its own system property.
 *
 * <p>Everything lives in one directory ({@code ~/.netflix-jobs/local/NAME}): {@code cluster.properties}
 * (settings, workers, their ports), {@code conf/} (the rendered configuration: the
 * {@code HADOOP_CONF_DIR} of clients), {@code lib/} (links to the Maven-resolved Hadoop jars),
 * {@code nodes/NODE/} (HDFS and YARN data), {@code logs/NODE/} and {@code pids/}.
 */
public final class LocalCluster {
  public static final String NODE_PROPERTY = "netflixjobs.node";
  static final String MASTER = "master";
  static final String STATE = "cluster.properties";
  static final String DAEMON_LOG4J = "log4j-daemons.properties";
  /** Empty web resource folders the daemons insist on finding on the classpath (hadoop-hdfs ships none). */
  static final List<String> WEBAPPS = List.of("hdfs", "datanode", "secondary", "journal", "static");

  /** What a launch asks for. {@code portBase} 0: Hadoop's default ports. */
  public record Settings(int workers, int portBase, int workerMemoryMiB, int workerVcores, Duration timeout) {
    public Settings {
      if (workers < 1 || workers > 16) throw Problem.usage("--workers must be 1 to 16 for a local cluster, not " + workers);
      if (portBase != 0 && (portBase < 1024 || portBase > 65528)) throw Problem.usage("--port-base must be 1024 to 65528 (or 0: Hadoop's ports), not " + portBase);
      if (workerMemoryMiB < 2560) throw Problem.usage("--worker-memory must be at least 2560 MiB (YARN gets what is left after 1536), not " + workerMemoryMiB);
      if (workerVcores < 1 || workerVcores > 64) throw Problem.usage("--worker-vcores must be 1 to 64, not " + workerVcores);
      if (timeout.toSeconds() < 10) throw Problem.usage("--timeout must be at least 10 seconds");
    }
  }

  /** One daemon as started (or recorded). */
  record Started(String node, Daemon daemon, long pid) {}

  private final Path dir;
  private final String name;
  private final Path home;
  private final PrintStream out;
  private final Properties state = new Properties();

  LocalCluster(Path stateDir, String name, Path home, PrintStream out) {
    if (name == null || !Cluster.NAME.matcher(name).matches())
      throw Problem.usage("a cluster name is 1 to 31 lower-case letters, digits or '-', starting with a letter: " + name);
    this.dir = stateDir.resolve("local").resolve(name).toAbsolutePath().normalize();
    this.name = name;
    this.home = home;
    this.out = out;
    if (Files.isRegularFile(dir.resolve(STATE))) load();
  }

  public Path dir() { return dir; }
  public Path confDir() { return dir.resolve("conf"); }
  boolean exists() { return state.containsKey("name"); }

  // ------------------------------------------------------------------ state

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
      Files.move(tmp, dir.resolve(STATE), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(STATE), e);
    }
  }

  private int intState(String key) { return Integer.parseInt(state.getProperty(key)); }

  List<String> workers() {
    String w = state.getProperty("workers", "").trim();
    return w.isEmpty() ? new ArrayList<>() : new ArrayList<>(List.of(w.split(" ")));
  }

  private void setWorkers(List<String> ws) { state.setProperty("workers", String.join(" ", ws)); }

  Ports ports() { return ports(intState("port-base")); }

  static Ports ports(int base) {
    Ports d = Ports.hadoopDefaults();
    if (base == 0) return new Ports(d.namenodeRpc(), d.namenodeHttp(), 0, 0, 0, d.resourceManager(), d.rmScheduler(), d.rmTracker(), d.rmAdmin(), d.rmWeb(), 0, 0, 0);
    return new Ports(base, base + 1, 0, 0, 0, base + 2, base + 3, base + 4, base + 5, base + 6, 0, 0, 0);
  }

  /** The master's ports by what they are for, in the order they are checked. */
  static Map<String, Integer> masterPorts(int base) {
    Ports p = ports(base);
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("NameNode RPC", p.namenodeRpc());
    m.put("NameNode web UI", p.namenodeHttp());
    m.put("ResourceManager client", p.resourceManager());
    m.put("ResourceManager scheduler", p.rmScheduler());
    m.put("ResourceManager resource tracker", p.rmTracker());
    m.put("ResourceManager admin", p.rmAdmin());
    m.put("ResourceManager web UI", p.rmWeb());
    int[] h = historyPorts(base);
    m.put("job history server", h[0]);
    m.put("job history web UI", h[1]);
    m.put("job history admin", h[2]);
    return m;
  }

  /** The job history server's ports (RPC, web, admin): Hadoop's 10020, 19888, 10033, or N+7..N+9. */
  static int[] historyPorts(int base) { return base == 0 ? new int[] {10020, 19888, 10033} : new int[] {base + 7, base + 8, base + 9}; }

  private Path pidFile(String node, Daemon d) { return dir.resolve("pids").resolve(node + "." + d.tag() + ".pid"); }

  long pid(String node, Daemon d) {
    try {
      return Long.parseLong(Files.readString(pidFile(node, d)).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  private List<String> marks(String node, Daemon d) {
    return List.of("-Dnetflixjobs.local=" + dir, "-D" + NODE_PROPERTY + "=" + node, "-Dnetflixjobs.daemon=" + d.tag());
  }

  boolean running(String node, Daemon d) { return Procs.runs(pid(node, d), marks(node, d)); }

  /** Every recorded daemon that is running now. */
  List<Started> runningDaemons() {
    List<Started> r = new ArrayList<>();
    for (String node : nodes()) for (Daemon d : daemonsOf(node)) if (running(node, d)) r.add(new Started(node, d, pid(node, d)));
    return r;
  }

  private List<String> nodes() {
    List<String> n = new ArrayList<>();
    n.add(MASTER);
    n.addAll(workers());
    return n;
  }

  private static List<Daemon> daemonsOf(String node) { return node.equals(MASTER) ? Daemon.MASTER : Daemon.WORKER; }

  /** Workers with both daemons running. */
  List<String> liveWorkers() { return workers().stream().filter(w -> running(w, Daemon.DATANODE) && running(w, Daemon.NODEMANAGER)).toList(); }

  Health health() { return new Health(ports().namenodeHttp(), ports().rmWeb()); }

  // ------------------------------------------------------------------ rendering

  /** The cluster model the render layer turns into site files, with the local directories and settings. */
  Cluster model(List<Path> jars) {
    String user = System.getProperty("user.name");
    String nodeDir = dir.resolve("nodes") + "/${" + NODE_PROPERTY + "}";
    String logDir = dir.resolve("logs") + "/${" + NODE_PROPERTY + "}";
    Layout layout = new Layout(dir.toString(), confDir().toString(), nodeDir, logDir, user, user);
    String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "x86_64";
    Software sw = new Software(state.getProperty("hadoop-version"), Software.Arch.fromEc2(arch), null, Software.APACHE_ARCHIVE, "java-17");
    int live = Math.max(1, workers().size() - lostCount());
    Resources worker = new Resources(intState("worker-memory"), intState("worker-vcores"));
    Resources master = new Resources(4096, 2);
    String lib = dir.resolve("lib") + "/*";
    Map<String, Map<String, String>> o = new LinkedHashMap<>();
    o.put("core-site.xml", Map.of(NODE_PROPERTY, "client"));
    Map<String, String> hdfs = new LinkedHashMap<>();
    hdfs.put("dfs.namenode.rpc-bind-host", "127.0.0.1");
    hdfs.put("dfs.datanode.address", "127.0.0.1:0");
    hdfs.put("dfs.datanode.http.address", "127.0.0.1:0");
    hdfs.put("dfs.datanode.ipc.address", "127.0.0.1:0");
    hdfs.put("dfs.datanode.hostname", "127.0.0.1");
    // a killed DataNode is stale after 10 s (no new blocks go there) and dead after 2 x 15 s + 10 heartbeats
    hdfs.put("dfs.namenode.heartbeat.recheck-interval", "15000");
    hdfs.put("dfs.namenode.stale.datanode.interval", "10000");
    hdfs.put("dfs.namenode.avoid.read.stale.datanode", "true");
    hdfs.put("dfs.namenode.avoid.write.stale.datanode", "true");
    hdfs.put("dfs.namenode.safemode.extension", "1000");
    hdfs.put("dfs.namenode.decommission.interval", "3s");
    // copies for a decommissioned or lost worker are made as fast as the disk allows, not 2 blocks a node every 3 s
    hdfs.put("dfs.namenode.replication.work.multiplier.per.iteration", "100");
    hdfs.put("dfs.namenode.replication.max-streams", "50");
    hdfs.put("dfs.namenode.replication.max-streams-hard-limit", "100");
    // closing a file need not wait for the DataNodes' block reports (many small files: import's copy)
    hdfs.put("dfs.namenode.file.close.num-committed-allowed", "1");
    hdfs.put("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "50");
    o.put("hdfs-site.xml", hdfs);
    Map<String, String> yarn = new LinkedHashMap<>();
    yarn.put("yarn.resourcemanager.bind-host", "127.0.0.1");
    yarn.put("yarn.nodemanager.hostname", "127.0.0.1");
    yarn.put("yarn.nodemanager.address", "127.0.0.1:0");
    yarn.put("yarn.nodemanager.webapp.address", "127.0.0.1:0");
    yarn.put("yarn.nodemanager.localizer.address", "127.0.0.1:0");
    yarn.put("yarn.nodemanager.collector-service.address", "127.0.0.1:0");
    // several NodeManagers share one host: YARN's host-based exclude list would catch them all
    yarn.put("yarn.resourcemanager.nodes.exclude-path", "");
    // a killed NodeManager is LOST after 20 s: its containers are rerun elsewhere
    yarn.put("yarn.nm.liveness-monitor.expiry-interval-ms", "20000");
    yarn.put("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "99.0");
    yarn.put("yarn.nodemanager.disk-health-checker.min-free-space-per-disk-mb", "256");
    yarn.put("yarn.nodemanager.log.retain-seconds", "60");
    yarn.put("yarn.application.classpath", confDir() + "," + lib);
    o.put("yarn-site.xml", yarn);
    Map<String, String> mr = new LinkedHashMap<>();
    mr.put("mapreduce.application.classpath", lib);
    mr.put("mapreduce.client.completion.pollinterval", "200");
    // two cores shared by every daemon and task: no duplicate attempts
    mr.put("mapreduce.map.speculative", "false");
    mr.put("mapreduce.reduce.speculative", "false");
    mr.put("mapreduce.job.reduce.slowstart.completedmaps", "0.8");
    int[] hp = historyPorts(intState("port-base"));
    mr.put("mapreduce.jobhistory.address", "127.0.0.1:" + hp[0]);
    mr.put("mapreduce.jobhistory.webapp.address", "127.0.0.1:" + hp[1]);
    mr.put("mapreduce.jobhistory.admin.address", "127.0.0.1:" + hp[2]);
    mr.put("mapreduce.jobhistory.move.interval-ms", "1000");
    // JVMs start faster and take less CPU on a shared machine: the application master compiles
    // with C1 only (it computes nothing), every container uses the serial collector
    YarnSizing y = YarnSizing.of(worker);
    mr.put("yarn.app.mapreduce.am.command-opts", "-Xmx" + YarnSizing.heapMiB(y.amMemoryMiB()) + "m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
    mr.put("mapreduce.map.java.opts", "-Xmx" + YarnSizing.heapMiB(y.mapMemoryMiB()) + "m -XX:+UseSerialGC");
    mr.put("mapreduce.reduce.java.opts", "-Xmx" + YarnSizing.heapMiB(y.reduceMemoryMiB()) + "m -XX:+UseSerialGC");
    o.put("mapred-site.xml", mr);
    List<String> hosts = new ArrayList<>();
    for (int i = 0; i < live; i++) hosts.add("127.0.0.1");
    return new Cluster(name, "127.0.0.1", live, hosts, sw, layout, ports(), master, worker, 0, o);
  }

  private int lostCount() { return (int) workers().stream().filter(w -> state.getProperty(w + ".lost") != null).count(); }

  /** Writes conf/ (site files from the render layer, the daemons' log4j file, the exclude file), lib/ and webroot/. */
  void prepare(List<Path> jars) throws IOException {
    Files.createDirectories(confDir());
    Render render = new Render(Templates.load(home.resolve("conf")));
    Cluster c = model(jars);
    for (Map.Entry<String, String> f : render.siteFiles(c).entrySet()) Files.writeString(confDir().resolve(f.getKey()), f.getValue());
    Files.writeString(confDir().resolve("workers"), Render.workersFile(c));
    Path exclude = confDir().resolve("exclude");
    if (!Files.exists(exclude)) Files.writeString(exclude, "");
    try (var in = LocalCluster.class.getResourceAsStream(DAEMON_LOG4J)) {
      if (in == null) throw new IllegalStateException("the resource " + DAEMON_LOG4J + " is missing from the provisioner jar");
      Files.write(confDir().resolve(DAEMON_LOG4J), in.readAllBytes());
    }
    // links are only added: running daemons and containers open jars through them lazily
    Path lib = dir.resolve("lib");
    Files.createDirectories(lib);
    for (Path jar : jars) {
      Path link = lib.resolve(jar.getFileName());
      if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(jar)) continue;
      if (Files.isSymbolicLink(link)) continue; // the same file name from two groups: the first on the classpath wins anyway
      try {
        Files.createSymbolicLink(link, jar);
      } catch (FileAlreadyExistsException e) {
        // created meanwhile
      }
    }
    for (String w : WEBAPPS) Files.createDirectories(dir.resolve("webroot").resolve("webapps").resolve(w));
    Files.createDirectories(dir.resolve("pids"));
  }

  // ------------------------------------------------------------------ daemons

  private List<String> javaCommand(String node, Daemon d, List<String> args) {
    Path logs = dir.resolve("logs").resolve(node);
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) cmd.add("/usr/bin/setsid"); // its own session: a terminal's hang-up does not reach it
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx" + d.heapMiB + "m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/java.util=ALL-UNNAMED",
        "--add-opens", "java.base/java.io=ALL-UNNAMED", "--add-opens", "java.base/java.net=ALL-UNNAMED"));
    cmd.addAll(marks(node, d));
    cmd.addAll(List.of("-Dhadoop.log.dir=" + logs, "-Dyarn.log.dir=" + logs, "-Dhadoop.log.file=" + d.tag() + ".log",
        "-Dyarn.log.file=" + d.tag() + ".log", "-Dhadoop.home.dir=" + dir, "-Dhadoop.root.logger=INFO,RFA",
        "-Dlog4j.configuration=file:" + confDir().resolve(DAEMON_LOG4J),
        "-cp", confDir() + ":" + dir.resolve("webroot") + ":" + dir.resolve("lib") + "/*", d.mainClass));
    cmd.addAll(args);
    return cmd;
  }

  private ProcessBuilder builder(String node, Daemon d, List<String> args, String outName) throws IOException {
    Path logs = dir.resolve("logs").resolve(node);
    Files.createDirectories(logs);
    ProcessBuilder pb = new ProcessBuilder(javaCommand(node, d, args));
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("HADOOP_") || k.startsWith("YARN_") || k.equals("CLASSPATH"));
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("HADOOP_CONF_DIR", confDir().toString());
    env.put("HADOOP_HOME", dir.toString());
    env.put("HADOOP_LOG_DIR", logs.toString());
    pb.directory(dir.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(outName).toFile()));
    return pb;
  }

  Started start(String node, Daemon d) {
    try {
      Process p = builder(node, d, List.of(), d.tag() + ".out").start();
      Files.writeString(pidFile(node, d), Long.toString(p.pid()));
      return new Started(node, d, p.pid());
    } catch (IOException e) {
      throw Problem.failed("cannot start the " + d.title + " of " + node + ": " + e.getMessage(), e);
    }
  }

  /** Formats the NameNode's directory (a fresh cluster only). */
  void format(Duration timeout) {
    try {
      Process p = builder(MASTER, Daemon.NAMENODE, List.of("-format", "-clusterid", name, "-force", "-nonInteractive"), "format.out").start();
      if (!p.waitFor(timeout.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw Problem.failed("formatting HDFS took more than " + timeout.toSeconds() + " s; the log is " + dir.resolve("logs/master/format.out"));
      }
      if (p.exitValue() != 0)
        throw Problem.failed("formatting HDFS failed (" + excerpt(dir.resolve("logs/master/namenode.log"), dir.resolve("logs/master/format.out")) + ")");
    } catch (IOException e) {
      throw Problem.failed("cannot start java to format HDFS: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Problem.failed("interrupted while formatting HDFS");
    }
  }

  /** Runs a Hadoop command-line tool (DFSAdmin, FsShell) against the cluster; returns its output or fails. */
  String tool(String mainClass, Duration timeout, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-XX:TieredStopAtLevel=1", "-Dlog4j.configuration=file:" + home.resolve("conf/log4j-quiet.properties"),
        "-cp", confDir() + ":" + dir.resolve("lib") + "/*", mainClass));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      byte[] output = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeout.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw Problem.failed(mainClass.replaceAll(".*\\.", "") + " " + String.join(" ", args) + " took more than " + timeout.toSeconds() + " s");
      }
      String text = new String(output, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) throw Problem.failed(mainClass.replaceAll(".*\\.", "") + " " + String.join(" ", args) + " failed: " + lastLine(text));
      return text;
    } catch (IOException e) {
      throw Problem.failed("cannot run java: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Problem.failed("interrupted");
    }
  }

  /** The error a daemon's log ends with (or its console output's last line), and where the log is. */
  String why(String node, Daemon d) {
    Path logs = dir.resolve("logs").resolve(node);
    return excerpt(logs.resolve(d.tag() + ".log"), logs.resolve(d.tag() + ".out")) + "; log: " + logs.resolve(d.tag() + ".log");
  }

  static String excerpt(Path log, Path console) {
    String found = null;
    try {
      if (Files.exists(log)) {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          String l = lines.get(i);
          if (l.contains(" FATAL ") || l.contains(" ERROR ")) {
            String msg = l.replaceFirst("^\\S+ \\S+ (FATAL|ERROR) ", "");
            if (i + 1 < lines.size() && lines.get(i + 1).matches("^[\\w.$]+(Exception|Error)(: .*)?$")) msg += ": " + lines.get(i + 1);
            found = msg;
            if (l.contains(" FATAL ")) break;
          }
        }
      }
      if (found == null && Files.exists(console)) {
        String last = lastLine(Files.readString(console, StandardCharsets.UTF_8));
        if (!last.isEmpty()) found = last;
      }
    } catch (IOException e) {
      found = "cannot read " + log + ": " + e.getMessage();
    }
    if (found == null) return "no error in its log";
    return found.length() > 400 ? found.substring(0, 400) + " ..." : found;
  }

  static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1].strip();
  }

  /** Stops these daemons (SIGTERM, then SIGKILL after the grace time) and every process of those nodes' containers. */
  void stop(List<Started> daemons, Duration grace) {
    List<Long> pids = new ArrayList<>();
    for (Started s : daemons) if (Procs.runs(s.pid(), marks(s.node(), s.daemon()))) pids.add(s.pid());
    List<Long> stuck = new ArrayList<>(Procs.stop(pids, grace));
    if (!stuck.isEmpty()) throw Problem.failed("processes " + stuck + " of local cluster " + name + " would not stop, even with SIGKILL");
  }

  /** Processes left from this cluster's nodes (YARN containers outlive a killed NodeManager), or all of it ({@code node} null). */
  List<Long> leftovers(String node) {
    List<Long> pids = new ArrayList<>();
    if (node == null) {
      pids.addAll(Procs.mentioning("-Dnetflixjobs.local=" + dir));
      for (String sub : List.of("nodes", "logs")) pids.addAll(Procs.mentioning(dir.resolve(sub) + "/"));
    } else {
      for (String sub : List.of("nodes", "logs")) pids.addAll(Procs.mentioning(dir.resolve(sub).resolve(node) + "/"));
    }
    return pids.stream().distinct().toList();
  }

  void killLeftovers(String node) {
    List<Long> stuck = Procs.stop(leftovers(node), Duration.ofSeconds(5));
    if (!stuck.isEmpty()) throw Problem.failed("processes " + stuck + " of local cluster " + name + " would not stop, even with SIGKILL");
  }

  // ------------------------------------------------------------------ waiting for health

  /**
   * Waits until every listed worker's DataNode is live in HDFS and its NodeManager RUNNING in YARN
   * (and HDFS out of safe mode); fails at once when one of {@code watched} exits. Records each
   * worker's DataNode and NodeManager ports.
   */
  void awaitHealthy(List<String> ws, List<Started> watched, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    Health h = health();
    String last = "";
    while (true) {
      for (Started s : watched)
        if (!Procs.runs(s.pid(), marks(s.node(), s.daemon())))
          throw Problem.failed("the " + s.daemon().title + " of " + s.node() + " exited while starting: " + why(s.node(), s.daemon()));
      Health.Hdfs hdfs = h.hdfs();
      Health.Yarn yarn = h.yarn();
      int dn = 0, nm = 0;
      for (String w : ws) {
        Set<Integer> dnPorts = Procs.listeningPorts(pid(w, Daemon.DATANODE));
        Set<Integer> nmPorts = Procs.listeningPorts(pid(w, Daemon.NODEMANAGER));
        if (hdfs != null) for (Map.Entry<Integer, String> e : hdfs.datanodes().entrySet())
          if (e.getValue().equals("live") && dnPorts.contains(e.getKey())) {
            state.setProperty(w + ".datanode-port", e.getKey().toString());
            dn++;
          }
        if (yarn != null) for (Map.Entry<Integer, String> e : yarn.nodeManagers().entrySet())
          if (e.getValue().equals("RUNNING") && nmPorts.contains(e.getKey())) {
            state.setProperty(w + ".nodemanager-port", e.getKey().toString());
            nm++;
          }
      }
      boolean safe = hdfs == null || hdfs.safeMode();
      boolean history = !watched.stream().anyMatch(x -> x.daemon() == Daemon.JOBHISTORY)
          || Procs.listeningPorts(pid(MASTER, Daemon.JOBHISTORY)).contains(historyPorts(intState("port-base"))[0]);
      String line = String.format(Locale.ROOT, "  hadoop: NameNode %s, ResourceManager %s; %d of %d datanodes live, %d of %d node managers running",
          hdfs == null ? "starting" : safe ? "in safe mode" : "up", yarn == null ? "starting" : "up", dn, ws.size(), nm, ws.size());
      if (!line.equals(last)) {
        out.println(line);
        last = line;
      }
      if (!safe && yarn != null && history && dn == ws.size() && nm == ws.size()) {
        save();
        return;
      }
      if (System.nanoTime() > end)
        throw Problem.failed("the cluster was not healthy within " + timeout.toSeconds() + " s (" + line.trim().replace("hadoop: ", "")
            + "); the logs are in " + dir.resolve("logs") + " (a busy machine may need a longer --timeout)");
      Procs.sleep(1000);
    }
  }

  // ------------------------------------------------------------------ commands

  /** Launches a new cluster, or restarts one whose data was kept; on any failure stops what it started. */
  public void launch(Settings s, boolean shutdownHook) {
    if (exists()) {
      List<Started> r = runningDaemons();
      if (!r.isEmpty())
        throw Problem.usage("local cluster " + name + " is already running (" + r.size() + " daemons, PIDs "
            + r.stream().map(x -> Long.toString(x.pid())).reduce((a, b) -> a + " " + b).orElse("") + "); nothing changed: use status, add-workers or destroy");
    } else if (Files.exists(dir)) {
      throw Problem.usage(dir + " exists but holds no local cluster; remove it or choose another --name");
    }
    boolean fresh = !exists();
    int base = fresh ? s.portBase() : intState("port-base");
    checkPorts(base);
    List<Path> jars = HadoopJars.resolve(home, out);
    if (fresh) {
      state.setProperty("name", name);
      state.setProperty("port-base", Integer.toString(s.portBase()));
      state.setProperty("worker-memory", Integer.toString(s.workerMemoryMiB()));
      state.setProperty("worker-vcores", Integer.toString(s.workerVcores()));
      state.setProperty("hadoop-version", HadoopJars.version(jars));
      List<String> ws = new ArrayList<>();
      for (int i = 1; i <= s.workers(); i++) ws.add("worker-" + i);
      setWorkers(ws);
      state.setProperty("next", Integer.toString(s.workers() + 1));
    } else {
      // kept data: the same workers again; lost ones come back too, their data is still there
      for (String w : workers()) state.remove(w + ".lost");
      out.println("restarting local cluster " + name + " on the data kept in " + dir + " (" + workers().size() + " workers)");
    }
    List<Started> started = new ArrayList<>();
    Thread hook = new Thread(() -> {
      out.println("interrupted: stopping what this launch started ...");
      rollback(started, fresh);
    });
    if (shutdownHook) Runtime.getRuntime().addShutdownHook(hook);
    long t0 = System.nanoTime();
    try {
      save();
      prepare(jars);
      if (fresh) {
        out.println("formatting HDFS ...");
        format(s.timeout());
      }
      out.printf("starting a NameNode, a ResourceManager, a job history server and %d workers (DataNode + NodeManager each) from Hadoop %s jars ...%n",
          workers().size(), state.getProperty("hadoop-version"));
      for (Daemon d : Daemon.MASTER) started.add(start(MASTER, d));
      for (String w : workers()) for (Daemon d : Daemon.WORKER) started.add(start(w, d));
      awaitHealthy(workers(), started, s.timeout());
      if (shutdownHook) Runtime.getRuntime().removeShutdownHook(hook);
      out.printf(Locale.ROOT, "local cluster %s is up after %d s: %d datanodes, %d node managers%n", name,
          (System.nanoTime() - t0) / 1_000_000_000L, workers().size(), workers().size());
      usage();
    } catch (RuntimeException | IOException e) {
      if (shutdownHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
          // already shutting down: the hook does the rollback
        }
      }
      rollback(started, fresh);
      String msg = e instanceof Problem p ? p.getMessage() : e.getMessage();
      throw Problem.failed("launching local cluster " + name + " failed: " + msg + "; " + (fresh ? "nothing of it is left" : "its daemons are stopped, its data is kept"),
          e);
    }
  }

  private void rollback(List<Started> started, boolean fresh) {
    try {
      stop(new ArrayList<>(started), Duration.ofSeconds(5));
      killLeftovers(null);
      if (fresh) delete(dir);
    } catch (RuntimeException | IOException e) {
      out.println("could not clean up everything: " + e.getMessage() + "; run bin/provision destroy --local --name " + name);
    }
  }

  void checkPorts(int base) {
    for (Map.Entry<String, Integer> e : masterPorts(base).entrySet()) {
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true); // as Hadoop's servers do: a closed connection in TIME_WAIT does not count as taken
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), e.getValue()));
      } catch (IOException taken) {
        String other = otherClusterOn(base);
        throw Problem.usage("port " + e.getValue() + " (" + e.getKey() + ") is taken by another program" + (other == null ? "" : " (local cluster " + other + ")")
            + "; choose other ports with --port-base N (N to N+9) or stop it; nothing was started");
      }
    }
  }

  private String otherClusterOn(int base) {
    Path root = dir.getParent();
    if (!Files.isDirectory(root)) return null;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
      for (Path p : ds) {
        if (p.equals(dir) || !Files.isRegularFile(p.resolve(STATE))) continue;
        LocalCluster c = new LocalCluster(root.getParent(), p.getFileName().toString(), home, out);
        if (c.exists() && c.intState("port-base") == base && !c.runningDaemons().isEmpty()) return c.name;
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  void usage() {
    Ports p = ports();
    out.println("  run:     bin/netflix-jobs --cluster local" + (name.equals(defaultName()) ? "" : ":" + name) + " PROGRAM ARGS   (e.g. demo, knn, dfs -ls /)");
    out.println("           or HADOOP_CONF_DIR=" + confDir() + " bin/netflix-jobs PROGRAM ARGS");
    out.println("  web UIs: http://127.0.0.1:" + p.namenodeHttp() + " (HDFS), http://127.0.0.1:" + p.rmWeb() + " (YARN), http://127.0.0.1:"
        + historyPorts(intState("port-base"))[1] + " (job history)");
    out.println("  logs:    " + dir.resolve("logs"));
    out.println("  status:  bin/provision status --local" + nameFlag() + "; stop: bin/provision destroy --local" + nameFlag() + " [--keep-data]");
  }

  private String nameFlag() { return name.equals(defaultName()) ? "" : " --name " + name; }

  private String defaultName() {
    try (Reader r = Files.newBufferedReader(home.resolve("conf/provision.properties"))) {
      Properties p = new Properties();
      p.load(r);
      return p.getProperty("name", "").trim();
    } catch (IOException e) {
      return "";
    }
  }

  /** Prints the daemons, the workers' state as HDFS and YARN see it; returns the number of lost workers. */
  public int status() {
    if (!exists()) throw Problem.usage("no local cluster named " + name + " (bin/provision --local --workers 2 starts one)");
    Health h = health();
    Health.Hdfs hdfs = h.hdfs();
    Health.Yarn yarn = h.yarn();
    out.printf("local cluster %s in %s (Hadoop %s)%n", name, dir, state.getProperty("hadoop-version"));
    out.printf("%-10s %-16s %-8s %-9s %s%n", "NODE", "DAEMON", "PID", "PROCESS", "CLUSTER VIEW");
    List<String> lost = new ArrayList<>();
    for (String node : nodes()) {
      boolean nodeLost = false;
      for (Daemon d : daemonsOf(node)) {
        boolean up = running(node, d);
        if (!up) nodeLost = true;
        String view = "";
        if (d == Daemon.DATANODE) {
          String port = state.getProperty(node + ".datanode-port");
          String s = hdfs == null || port == null ? null : hdfs.datanodes().get(Integer.parseInt(port));
          view = "HDFS: " + (hdfs == null ? "?" : s == null ? "unknown" : s);
        } else if (d == Daemon.NODEMANAGER) {
          String port = state.getProperty(node + ".nodemanager-port");
          String s = yarn == null || port == null ? null : yarn.nodeManagers().get(Integer.parseInt(port));
          view = "YARN: " + (yarn == null ? "?" : s == null ? "unknown" : s);
        } else {
          view = !up ? "" : switch (d) {
            case NAMENODE -> hdfs == null ? "not answering" : "http://127.0.0.1:" + ports().namenodeHttp();
            case RESOURCEMANAGER -> yarn == null ? "not answering" : "http://127.0.0.1:" + ports().rmWeb();
            default -> "http://127.0.0.1:" + historyPorts(intState("port-base"))[1];
          };
        }
        long pid = pid(node, d);
        out.printf("%-10s %-16s %-8s %-9s %s%n", node, d.title, pid < 0 ? "-" : Long.toString(pid), up ? "running" : "gone", view);
      }
      if (nodeLost && !node.equals(MASTER)) lost.add(node);
    }
    int ws = workers().size();
    out.printf("workers: %d of %d running%s%n", ws - lost.size(), ws, lost.isEmpty() ? "" : "; lost: " + String.join(", ", lost)
        + " (bin/provision add-workers --local N adds new ones, remove-workers --local N drops lost ones first)");
    if (hdfs == null) out.println("HDFS: the NameNode does not answer");
    else out.printf(Locale.ROOT, "HDFS: %d datanodes live, %d dead%s; capacity %s, used %s, remaining %s%n", hdfs.count("live"), hdfs.count("dead"),
        hdfs.safeMode() ? ", in safe mode" : "", bytes(hdfs.capacity()), bytes(hdfs.used()), bytes(hdfs.remaining()));
    if (yarn == null) out.println("YARN: the ResourceManager does not answer");
    else out.printf("YARN: %d node managers running, %d lost, %d unhealthy%n", yarn.count("RUNNING"), yarn.count("LOST"), yarn.count("UNHEALTHY"));
    return lost.size();
  }

  static String bytes(long b) {
    if (b < 0) return "?";
    String[] u = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = b;
    int i = 0;
    while (v >= 1024 && i < u.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, i == 0 ? "%.0f %s" : "%.1f %s", v, u[i]);
  }

  private void requireMaster() {
    if (!exists()) throw Problem.usage("no local cluster named " + name + " (bin/provision --local --workers 2 starts one)");
    for (Daemon d : Daemon.MASTER)
      if (!running(MASTER, d)) throw Problem.failed("the " + d.title + " of local cluster " + name + " is not running; destroy it (--keep-data keeps HDFS) and launch again");
  }

  /** Starts {@code count} new workers and waits until they joined HDFS and YARN; stops them again on failure. */
  public void addWorkers(int count, Duration timeout) {
    if (count < 1 || count > 16) throw Problem.usage("add 1 to 16 workers, not " + count);
    requireMaster();
    List<Path> jars = HadoopJars.resolve(home, out);
    int next = intState("next");
    List<String> added = new ArrayList<>();
    for (int i = 0; i < count; i++) added.add("worker-" + (next + i));
    for (String w : workers()) if (!running(w, Daemon.DATANODE) || !running(w, Daemon.NODEMANAGER)) state.setProperty(w + ".lost", "true");
    List<String> before = workers();
    List<String> all = new ArrayList<>(before);
    all.addAll(added);
    setWorkers(all);
    state.setProperty("next", Integer.toString(next + count));
    List<Started> started = new ArrayList<>();
    try {
      save();
      prepare(jars);
      out.println("starting " + String.join(", ", added) + " (DataNode + NodeManager each) ...");
      for (String w : added) for (Daemon d : Daemon.WORKER) started.add(start(w, d));
      awaitHealthy(added, started, timeout);
      out.printf("local cluster %s has %d running workers%n", name, liveWorkers().size());
    } catch (RuntimeException | IOException e) {
      try {
        stop(started, Duration.ofSeconds(5));
        for (String w : added) {
          killLeftovers(w);
          delete(dir.resolve("nodes").resolve(w));
          for (String k : List.of(".datanode-port", ".nodemanager-port", ".lost")) state.remove(w + k);
        }
        setWorkers(before);
        save();
        prepare(jars);
      } catch (RuntimeException | IOException cleanup) {
        out.println("could not clean up the new workers: " + cleanup.getMessage());
      }
      String msg = e instanceof Problem p ? p.getMessage() : e.getMessage();
      throw Problem.failed("adding workers failed: " + msg + "; the new workers are stopped again, the cluster is as it was", e);
    }
  }

  /**
   * Removes {@code count} workers: lost ones first (their leftovers killed, their data deleted),
   * then the newest running ones, whose blocks HDFS first copies elsewhere (decommissioning).
   */
  public void removeWorkers(int count, Duration timeout) {
    requireMaster();
    for (String w : workers()) if (!running(w, Daemon.DATANODE) || !running(w, Daemon.NODEMANAGER)) state.setProperty(w + ".lost", "true");
    List<String> lost = workers().stream().filter(w -> state.getProperty(w + ".lost") != null).toList();
    List<String> live = new ArrayList<>(workers().stream().filter(w -> state.getProperty(w + ".lost") == null).toList());
    if (count < 1) throw Problem.usage("remove at least 1 worker, not " + count);
    int fromLive = Math.max(0, count - lost.size());
    if (fromLive >= live.size())
      throw Problem.usage("local cluster " + name + " has " + live.size() + " running workers and keeps at least one; use destroy to remove it all");
    List<String> gone = new ArrayList<>(lost.subList(0, Math.min(count, lost.size())));
    live.sort(Comparator.comparingInt((String w) -> Integer.parseInt(w.substring(7))).reversed());
    List<String> decommission = live.subList(0, fromLive);
    List<Path> jars = HadoopJars.resolve(home, out);
    if (!decommission.isEmpty()) decommission(decommission, live.size() - fromLive, timeout);
    gone.addAll(decommission);
    for (String w : gone) {
      List<Started> ds = new ArrayList<>();
      for (Daemon d : Daemon.WORKER) ds.add(new Started(w, d, pid(w, d)));
      stop(ds, Duration.ofSeconds(10));
      killLeftovers(w);
      try {
        delete(dir.resolve("nodes").resolve(w));
        for (Daemon d : Daemon.WORKER) Files.deleteIfExists(pidFile(w, d));
      } catch (IOException e) {
        throw Problem.failed("cannot delete the data of " + w + ": " + e.getMessage());
      }
      for (String k : List.of(".datanode-port", ".nodemanager-port", ".lost")) state.remove(w + k);
    }
    List<String> keep = new ArrayList<>(workers());
    keep.removeAll(gone);
    setWorkers(keep);
    save();
    try {
      Files.writeString(confDir().resolve("exclude"), "");
      prepare(jars);
    } catch (IOException e) {
      throw Problem.failed("cannot rewrite " + confDir() + ": " + e.getMessage());
    }
    if (!decommission.isEmpty()) tool("org.apache.hadoop.hdfs.tools.DFSAdmin", timeout, "-refreshNodes");
    out.printf("removed %s; local cluster %s has %d workers%n", String.join(", ", gone), name, keep.size());
  }

  private void decommission(List<String> ws, int left, Duration timeout) {
    StringBuilder exclude = new StringBuilder();
    for (String w : ws) {
      String port = state.getProperty(w + ".datanode-port");
      if (port == null) throw Problem.failed("the DataNode port of " + w + " is unknown; remove it with destroy, or add --force");
      exclude.append("127.0.0.1:").append(port).append('\n');
    }
    int replication = Math.min(3, left);
    out.printf("decommissioning %s: HDFS copies their blocks to the other workers (replication %d) ...%n", String.join(", ", ws), replication);
    tool("org.apache.hadoop.fs.FsShell", timeout, "-setrep", "-R", Integer.toString(replication), "/");
    try {
      Files.writeString(confDir().resolve("exclude"), exclude.toString(), StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw Problem.failed("cannot write " + confDir().resolve("exclude") + ": " + e.getMessage());
    }
    tool("org.apache.hadoop.hdfs.tools.DFSAdmin", timeout, "-refreshNodes");
    long end = System.nanoTime() + timeout.toNanos();
    Health h = health();
    while (true) {
      Health.Hdfs hdfs = h.hdfs();
      long done = ws.stream().filter(w -> hdfs != null && "decommissioned".equals(hdfs.datanodes().get(Integer.parseInt(state.getProperty(w + ".datanode-port"))))).count();
      if (done == ws.size()) return;
      if (System.nanoTime() > end) throw Problem.failed("decommissioning did not finish within " + timeout.toSeconds() + " s; nothing was stopped (run again, or destroy)");
      Procs.sleep(1000);
    }
  }

  /** Stops every daemon and container of the cluster; deletes its directory unless {@code keepData}. Safe to repeat. */
  public void destroy(boolean keepData) {
    if (!exists() && !Files.exists(dir)) {
      out.println("no local cluster named " + name + "; nothing to destroy");
      return;
    }
    List<Started> r = exists() ? runningDaemons() : List.of();
    stop(r, Duration.ofSeconds(15));
    killLeftovers(null);
    List<Long> left = leftovers(null);
    if (!left.isEmpty()) throw Problem.failed("processes " + left + " of local cluster " + name + " are still running");
    if (keepData) {
      for (String w : workers()) state.remove(w + ".lost");
      if (exists()) save();
      out.printf("stopped local cluster %s (%d daemons); its data is kept in %s: bin/provision --local%s starts it again%n", name, r.size(), dir, nameFlag());
    } else {
      try {
        delete(dir);
      } catch (IOException e) {
        throw Problem.failed("stopped local cluster " + name + " but cannot delete " + dir + ": " + e.getMessage());
      }
      out.printf("destroyed local cluster %s: stopped %d daemons, deleted %s%n", name, r.size(), dir);
    }
  }

  static void delete(Path p) throws IOException {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
    }
  }
}
