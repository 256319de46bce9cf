package netflixjobs.provision.ec2;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import netflixjobs.provision.cloud.Ec2Cloud;
import netflixjobs.provision.cloud.Ec2Errors;
import netflixjobs.provision.core.Backend;
import netflixjobs.provision.core.Health;
import netflixjobs.provision.core.Ledger;
import netflixjobs.provision.model.Layout;
import netflixjobs.provision.model.Node;
import netflixjobs.provision.model.Ports;
import netflixjobs.provision.model.Problem;
import netflixjobs.provision.model.Role;
import netflixjobs.provision.remote.NodeSetup;
import netflixjobs.provision.remote.Remote;

/**
 * A cluster of EC2 instances, found by its tags ({@link Ec2Cloud} makes the calls); the master is
 * reached by SSH, and its daemons' web ports through curl there (they listen only inside the VPC).
 */
public final class Ec2Backend implements Backend {
  private static final String NO_ANSWER = "NETFLIX-JOBS-NO-ANSWER";
  private static final String SEPARATOR = "NETFLIX-JOBS-DOCUMENT-END";

  final Ec2Cloud cloud;
  final PrintStream out;
  final Path conf;
  /** The nodes' setup limit; null: {@link NodeSetup#budget}. */
  private final Duration setupTimeout;
  private final String name;
  private final Path stateDir;
  private final BiFunction<Path, Path, Remote> remotes;
  private final Duration poll;
  private final Path identityFile;
  private Path key;
  private Remote remote;
  private Ec2Launch launch;
  private AddWorkers adding;

  public Ec2Backend(Ec2Cloud cloud, String name, Path stateDir, Path conf, PrintStream out, BiFunction<Path, Path, Remote> remotes,
                    Duration poll, Duration setupTimeout, Path identityFile) {
    this.cloud = cloud;
    this.name = name;
    this.stateDir = stateDir;
    this.conf = conf;
    this.out = out;
    this.remotes = remotes;
    this.poll = poll;
    this.setupTimeout = setupTimeout;
    this.identityFile = identityFile;
  }

  /** The same, for a launch with these options. */
  public Ec2Backend launching(Ec2Launch.Options o) {
    this.launch = new Ec2Launch(this, o);
    return this;
  }

  @Override public String cluster() { return name; }
  public Ec2Cloud cloud() { return cloud; }
  Duration poll() { return poll; }
  @Override public String title() { return "cluster " + name; }
  @Override public Problem explain(String doing, RuntimeException e) { return e instanceof Problem p ? p : Ec2Errors.explain(doing, e); }
  @Override public void close() { cloud.close(); }

  Path generatedKey(String keyName) { return generatedKey(stateDir, keyName); }
  public static Path generatedKey(Path stateDir, String keyName) { return stateDir.resolve("keys").resolve(keyName + ".pem"); }
  Path knownHosts() { return stateDir.resolve("known_hosts-" + name); }

  void useKey(Path k) {
    key = k;
    remote = null;
  }

  /** SSH to the nodes with the cluster's key: the launch's, --identity-file, the generated one or ~/.ssh/NAME.pem. */
  public Remote remote() {
    if (remote != null) return remote;
    if (key == null) {
      String keyName = cloud.masterSettings(name).get("key-name");
      if (identityFile != null) {
        if (!Files.isReadable(identityFile)) throw Problem.usage("the key file " + identityFile + " does not exist");
        key = identityFile;
      } else {
        Path generated = generatedKey(keyName);
        Path ssh = Path.of(System.getProperty("user.home"), ".ssh", keyName + ".pem");
        if (Files.isReadable(generated)) key = generated;
        else if (Files.isReadable(ssh)) key = ssh;
        else throw Problem.usage("no private key for key pair " + keyName + " (looked in " + generated + " and " + ssh + "); pass --identity-file");
      }
    }
    remote = remotes.apply(key, knownHosts());
    return remote;
  }

  NodeSetup setup() { return new NodeSetup(remote(), out, poll); }

  /** The setup limit for this many nodes (and bytes uploaded to the master). */
  Duration setupLimit(int nodes, long uploadBytes) { return setupTimeout != null ? setupTimeout : NodeSetup.budget(nodes, uploadBytes); }

  /** The cluster's instances; a clear error if there is none. */
  public List<Node> nodes() {
    List<Node> nodes = cloud.nodes(name);
    if (nodes.isEmpty()) throw Problem.usage("no cluster named " + name + " in this region (bin/provision list shows them)");
    return nodes;
  }

  public Node master() {
    Node m = nodes().stream().filter(n -> n.role() == Role.MASTER && n.state().equals("running")).findFirst()
        .orElseThrow(() -> Problem.failed("the master of cluster " + name + " is not running" + (stopped() ? " (stopped: bin/provision start brings it back)" : "")));
    if (m.publicAddress() == null) throw Problem.failed("the master of cluster " + name + " has no public address to reach it by SSH");
    return m;
  }

  private boolean stopped() { return cloud.nodes(name).stream().anyMatch(n -> n.state().equals("stopped")); }

  /** Reads the daemons' web ports on the master with curl, one SSH session for all documents. */
  @Override public Health health() {
    Ports p = Ports.hadoopDefaults();
    Map<String, String> s = cloud.masterSettings(name);
    String host = s.get("master-host");
    return new Health(urls -> {
      StringBuilder cmd = new StringBuilder();
      for (String u : urls) cmd.append("curl -sf -m 10 '").append(u).append("' || printf ").append(NO_ANSWER).append("; echo; echo ").append(SEPARATOR).append("; ");
      Remote.Result r = remote().run(master().publicAddress(), cmd.toString());
      List<String> docs = new ArrayList<>();
      String[] parts = r.code() == 255 ? new String[0] : r.output().split(SEPARATOR + "\n?", -1);
      for (int i = 0; i < urls.size(); i++) docs.add(i < parts.length && !parts[i].contains(NO_ANSWER) ? parts[i] : null);
      return docs;
    }, "http://" + host + ":" + p.namenodeHttp(), "http://" + host + ":" + p.rmWeb());
  }

  // ---------------------------------------------------------------- launch

  @Override public void plan() { launch.plan(); }
  @Override public int dryRun() { return launch.dryRun(); }
  @Override public int expectedWorkers() {
    return (int) (launch != null && !launch.nodes().isEmpty() ? launch.nodes().size() - 1 : nodes().stream().filter(n -> n.role() == Role.WORKER).count());
  }
  @Override public void create(Ledger ledger) { launch.create(ledger); }
  @Override public boolean ready(Health.Report r) { return true; }
  @Override public void launched(Health.Report r) { launch.launched(); }

  /** The end of each node's setup log: over SSH, or from EC2's console output while SSH is not up. */
  @Override public void evidence() {
    List<Node> ns = launch != null ? launch.nodes() : adding != null ? adding.nodes() : List.of();
    for (Node n : ns) {
      String tail = null;
      try {
        if (n.publicAddress() != null) tail = setup().logTail(n.publicAddress());
      } catch (RuntimeException e) {
        tail = null;
      }
      String where = NodeSetup.SETUP_LOG;
      if (tail == null) {
        try {
          String console = cloud.consoleOutput(n.id());
          List<String> lines = console.lines().toList();
          tail = String.join("\n", lines.subList(Math.max(0, lines.size() - NodeSetup.EVIDENCE_LINES), lines.size()));
          where = "EC2 console output";
        } catch (RuntimeException e) {
          tail = "(" + e.getMessage() + ")";
        }
      }
      out.println("--- " + (n.role() == null ? "node" : n.role().tag()) + " " + n.id() + ", last lines of " + where + ":");
      out.println(tail.isBlank() ? "(empty)" : tail.stripTrailing());
    }
  }

  @Override public String keptHint() {
    List<Node> ns = launch != null ? launch.nodes() : List.of();
    Path k = launch != null ? launch.keyFile() : key;
    String login = ns.isEmpty() || ns.get(0).publicAddress() == null ? "bin/provision ssh --name " + name
        : "ssh -i " + k + " ec2-user@" + ns.get(0).publicAddress();
    return "log in with " + login + " and read " + NodeSetup.SETUP_LOG + "; bin/provision destroy --name " + name + " removes it all";
  }

  // ---------------------------------------------------------------- resize

  @Override public List<Worker> workers() {
    return cloud.nodes(name).stream().filter(n -> n.role() == Role.WORKER)
        .map(n -> new Worker(n.id(), n.privateAddress(), n.alive(), n.launched() == null ? 0 : n.launched().toEpochMilli())).toList();
  }

  /** The same, for add-workers with these options. */
  public Ec2Backend adding(AddWorkers.Options o) {
    this.adding = new AddWorkers(this, o);
    return this;
  }

  @Override public void planAdd(int count) { adding.plan(count); }

  @Override public void addWorkers(int count, Ledger ledger) { adding.create(count, ledger); }

  @Override public String hadoop(String tool, String... args) {
    StringBuilder c = new StringBuilder("sudo -u hadoop hdfs ").append(tool);
    for (String a : args) c.append(' ').append(a.matches("[A-Za-z0-9_./:=-]+") ? a : quote(a));
    Remote.Result r = remote().run(master().publicAddress(), c.toString());
    if (!r.ok()) throw Problem.failed("hdfs " + tool + " " + String.join(" ", args) + " failed on the master: " + r.output().trim());
    return r.output();
  }

  @Override public void replication(int replication) {
    String sed = "sudo sed -i 's|<name>dfs.replication</name><value>[0-9]*</value>|<name>dfs.replication</name><value>" + replication + "</value>|' "
        + Layout.standard().confDir() + "/hdfs-site.xml";
    for (Node n : nodes()) if (n.state().equals("running") && n.publicAddress() != null) remote().run(n.publicAddress(), sed);
  }

  @Override public void exclude(List<Worker> ws) {
    StringBuilder ips = new StringBuilder();
    for (Worker w : ws) ips.append(w.name()).append(' ');
    Remote.Result r = remote().run(master().publicAddress(), (ws.isEmpty() ? ":" : "printf '%s\\n' " + ips) + " | sudo tee " + Layout.standard().excludeFile()
        + " >/dev/null && sudo -u hadoop hdfs dfsadmin -refreshNodes && sudo -u hadoop yarn rmadmin -refreshNodes");
    if (!r.ok()) throw Problem.failed("could not update the exclude list on the master: " + r.output().trim());
  }

  @Override public void remove(List<Worker> ws) {
    cloud.terminate(ws.stream().map(Worker::id).toList());
    StringBuilder sed = new StringBuilder();
    for (Worker w : ws) if (w.name() != null) sed.append(" -e '/^").append(w.name().replace(".", "\\.")).append("$/d'");
    if (sed.length() > 0) remote().run(master().publicAddress(), "sudo sed -i" + sed + " " + Layout.standard().confDir() + "/workers");
  }

  // ---------------------------------------------------------------- stop, start, destroy, status

  @Override public void stop() {
    List<Node> ns = nodes();
    List<Node> spot = ns.stream().filter(Node::spot).toList();
    if (!spot.isEmpty())
      throw Problem.usage("cluster " + name + " has " + spot.size() + " spot instance(s), which EC2 cannot stop (one-time spot requests); "
          + "destroy it, or launch without --spot to stop and start");
    List<String> ids = ns.stream().filter(n -> !n.state().equals("stopped")).map(Node::id).toList();
    out.println("stopping " + ids.size() + " instance(s): " + String.join(" ", ids));
    cloud.stop(ids);
    Map<String, String> s = cloud.masterSettings(name);
    int gb = Integer.parseInt(s.getOrDefault("volume-gb", "100"));
    out.println("stopped cluster " + name + ": HDFS and the configuration are kept on the EBS volumes; "
        + Prices.load(conf.resolve("prices.tsv")).storage(cloud.settings().region().id(), ns.size(), gb)
        + "; bin/provision start --name " + name + " brings it back");
  }

  @Override public void start() {
    List<String> ids = nodes().stream().filter(n -> !n.state().equals("running")).map(Node::id).toList();
    out.println("starting " + ids.size() + " instance(s): " + String.join(" ", ids));
    List<Node> started = cloud.start(ids);
    List<String> hosts = started.stream().map(Node::publicAddress).filter(a -> a != null).toList();
    setup().awaitSetup(hosts, setupLimit(hosts.size(), 0)); // SSH answers again; the daemons are boot-time services
  }

  @Override public void destroy() {
    List<String> done = cloud.destroy(name);
    try {
      Files.deleteIfExists(knownHosts());
      Files.deleteIfExists(generatedKey(Ec2Cloud.keyName(name)));
    } catch (IOException e) {
      throw Problem.failed("cannot delete the cluster's local files: " + e.getMessage());
    }
    out.println(done.isEmpty() ? "no cluster named " + name + " exists; nothing to destroy" : "destroyed cluster " + name + ": " + String.join(", ", done));
  }

  @Override public int status() { return new Ec2Status(this).print(); }

  @Override public void get(String hdfsPath, Path local) { new Ec2Data(this).get(hdfsPath, local); }

  static String tunnel(Path key, Node master) {
    StringBuilder forwards = new StringBuilder();
    List<String> urls = new ArrayList<>();
    for (Ports.WebUi ui : Ports.hadoopDefaults().webUis()) {
      forwards.append(String.format(Locale.ROOT, " -L %d:%s:%d", ui.port(), master.privateAddress(), ui.port()));
      urls.add(String.format(Locale.ROOT, "http://localhost:%d (%s)", ui.port(), ui.name()));
    }
    return String.format("ssh -i %s -N%s ec2-user@%s   then %s", key, forwards, master.publicAddress(), String.join(", ", urls));
  }

  public Path key() {
    remote();
    return key;
  }

  /** Quotes a word for the remote shell. */
  public static String quote(String s) { return "'" + s.replace("'", "'\"'\"'") + "'"; }
}
