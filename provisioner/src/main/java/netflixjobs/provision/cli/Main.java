package netflixjobs.provision.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import netflixjobs.provision.cloud.Ec2Cloud;
import netflixjobs.provision.cloud.Ec2Cloud.LaunchSpec;
import netflixjobs.provision.cloud.Ec2Cloud.NodeSpec;
import netflixjobs.provision.cloud.Ec2Cloud.TypeInfo;
import netflixjobs.provision.cloud.Ec2Errors;
import netflixjobs.provision.cloud.Ledger;
import netflixjobs.provision.model.Cluster;
import netflixjobs.provision.model.Layout;
import netflixjobs.provision.model.Node;
import netflixjobs.provision.model.Ports;
import netflixjobs.provision.model.Problem;
import netflixjobs.provision.model.Role;
import netflixjobs.provision.model.Software;
import netflixjobs.provision.model.YarnSizing;
import netflixjobs.provision.remote.HadoopHealth;
import netflixjobs.provision.remote.Remote;
import netflixjobs.provision.render.Render;
import netflixjobs.provision.render.Templates;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** bin/provision: launch, inspect, use, resize and destroy a Hadoop cluster on EC2. */
@Command(name = "provision", mixinStandardHelpOptions = true,
    description = "Launch and manage a Hadoop cluster on EC2. Without a command: launch.",
    footer = {"", "Defaults: conf/provision.properties (keys are the flags without dashes); flags win."})
public final class Main implements Callable<Integer> {
  static final String JOB_JAR = "mapreduce/target/netflix-jobs.jar";

  public static void main(String[] args) {
    int code = execute(Env.real(), args);
    System.out.flush();
    System.exit(code);
  }

  /** Runs a command line; returns the exit code (0 done, 1 failed, 2 bad input). */
  public static int execute(Env env, String... args) {
    if (List.of(args).contains(netflixjobs.provision.local.LocalMain.FLAG)) return netflixjobs.provision.local.LocalMain.execute(env, args);
    List<String> a = new ArrayList<>(List.of(args));
    Set<String> top = Set.of("-h", "--help", "-V", "--version", "help");
    if (a.isEmpty() || (a.get(0).startsWith("-") && !top.contains(a.get(0)))) a.add(0, "launch");
    try {
      Config config = new Config(List.of(env.conf().resolve("provision.properties"), userConfig(env, a)));
      CommandLine cl = new CommandLine(new Main());
      cl.addSubcommand("launch", new Launch(env));
      cl.addSubcommand("status", new Status(env));
      cl.addSubcommand("list", new ListClusters(env));
      cl.addSubcommand("ssh", new SshCmd(env));
      cl.addSubcommand("put", new Put(env));
      cl.addSubcommand("submit", new Submit(env));
      cl.addSubcommand("add-workers", new AddWorkers(env));
      cl.addSubcommand("remove-workers", new RemoveWorkers(env));
      cl.addSubcommand("destroy", new Destroy(env));
      for (String pass : List.of("ssh", "submit")) cl.getSubcommands().get(pass).setStopAtPositional(true).setUnmatchedOptionsArePositionalParams(true);
      return run(cl, env, config, "", a, ex -> report(env, ex));
    } catch (RuntimeException e) {
      return report(env, e);
    }
  }

  /**
   * Runs a command line the one way both the EC2 and the local commands do: defaults from the
   * config, output to the environment, bad arguments as one sentence and exit 2, failures
   * through {@code report}. {@code helpFlag} goes into the help hint (" --local" or "").
   */
  public static int run(CommandLine cl, Env env, Config config, String helpFlag, List<String> args,
      java.util.function.ToIntFunction<Exception> report) {
    cl.setDefaultValueProvider(config);
    cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().usageMessage().showDefaultValues(true));
    cl.setOut(new PrintWriter(env.out(), true));
    cl.setErr(new PrintWriter(env.err(), true));
    cl.setParameterExceptionHandler((ex, argv) -> {
      CommandLine c = ex.getCommandLine();
      String help = c.getParent() == null ? "bin/provision" + helpFlag + " --help"
          : "bin/provision " + c.getCommandName() + helpFlag + " --help";
      env.err().println("provision: " + ex.getMessage() + " (see " + help + ")");
      return 2;
    });
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> report.applyAsInt(ex));
    return cl.execute(args.toArray(String[]::new));
  }

  static int report(Env env, Exception ex) {
    int code = ex instanceof Problem p ? p.exitCode() : ex instanceof IllegalArgumentException ? 2 : 1;
    String msg = ex instanceof Problem || ex instanceof IllegalArgumentException ? ex.getMessage() : Ec2Errors.message(ex);
    env.err().println("provision: " + msg);
    env.err().flush();
    return code;
  }

  /** The user's config file: --config FILE, else the state directory's provision.properties. */
  public static Path userConfig(Env env, List<String> a) {
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i).equals("--config") && i + 1 < a.size()) return checked(Path.of(a.get(i + 1)));
      if (a.get(i).startsWith("--config=")) return checked(Path.of(a.get(i).substring(9)));
    }
    return env.stateDir().resolve("provision.properties");
  }

  private static Path checked(Path p) {
    if (!Files.isReadable(p)) throw Problem.usage("the config file " + p + " does not exist");
    return p;
  }

  @Override public Integer call() {
    CommandLine.usage(this, System.out);
    return 2;
  }

  // ------------------------------------------------------------------ options shared by commands

  static final class Common {
    @Option(names = "--name", description = "cluster name (default from conf/provision.properties)") String name;
    @Option(names = "--region", description = "AWS region (else the SDK's default chain: AWS_REGION, profile)") String region;
    @Option(names = "--profile", description = "AWS profile for credentials and region") String profile;
    @Option(names = "--config", description = "a properties file of defaults, over conf/provision.properties") Path config;
    @Option(names = "--identity-file", description = "private key of --key-name (default ~/.ssh/KEY-NAME.pem)") Path identityFile;
    @Option(names = {"-y", "--yes"}, description = "do not ask before spending or destroying") boolean yes;

    String cluster() {
      if (name == null) throw Problem.usage("no cluster name: pass --name or set name in conf/provision.properties");
      if (!Cluster.NAME.matcher(name).matches())
        throw Problem.usage("a cluster name is 1 to 31 lower-case letters, digits or '-', starting with a letter: " + name);
      return name;
    }
  }

  abstract static class Base implements Callable<Integer> {
    final Env env;
    @Mixin Common common;
    @Spec CommandLine.Model.CommandSpec spec;

    Base(Env env) { this.env = env; }

    Ec2Cloud cloud() { return env.clouds().open(common.region, common.profile, env.out()); }

    boolean confirm(String question) {
      if (common.yes) return true;
      env.out().print(question + " [y/N] ");
      env.out().flush();
      try {
        String line = env.in().readLine();
        return line != null && (line.trim().equalsIgnoreCase("y") || line.trim().equalsIgnoreCase("yes"));
      } catch (IOException e) {
        return false;
      }
    }

    boolean given(String option) { return spec.commandLine().getParseResult().hasMatchedOption(option); }

    /** The running cluster's nodes; a clear error if there is none. */
    static List<Node> alive(Ec2Cloud cloud, String cluster) {
      List<Node> nodes = cloud.nodes(cluster);
      if (nodes.isEmpty()) throw Problem.usage("no cluster named " + cluster + " in this region (bin/provision list shows them)");
      return nodes;
    }

    static Node master(List<Node> nodes, String cluster) {
      Node m = nodes.stream().filter(n -> n.role() == Role.MASTER && n.state().equals("running")).findFirst()
          .orElseThrow(() -> Problem.failed("the master of cluster " + cluster + " is not running"));
      if (m.publicAddress() == null) throw Problem.failed("the master of cluster " + cluster + " has no public address to reach it by SSH");
      return m;
    }

    /** The private key for a key pair: --identity-file, the one launch created, or ~/.ssh/NAME.pem. */
    Path identity(String keyName) {
      if (common.identityFile != null) {
        if (!Files.isReadable(common.identityFile)) throw Problem.usage("the key file " + common.identityFile + " does not exist");
        return common.identityFile;
      }
      Path generated = generatedKey(env, keyName);
      if (Files.isReadable(generated)) return generated;
      Path ssh = Path.of(System.getProperty("user.home"), ".ssh", keyName + ".pem");
      if (Files.isReadable(ssh)) return ssh;
      throw Problem.usage("no private key for key pair " + keyName + " (looked in " + generated + " and " + ssh + "); pass --identity-file");
    }

    Remote remote(Ec2Cloud cloud, String cluster) {
      String keyName = cloud.masterSettings(cluster).get("key-name");
      return env.remotes().open(identity(keyName), knownHosts(env, cluster));
    }
  }

  static Path generatedKey(Env env, String keyName) { return env.stateDir().resolve("keys").resolve(keyName + ".pem"); }
  static Path knownHosts(Env env, String cluster) { return env.stateDir().resolve("known_hosts-" + cluster); }

  /** Instance options shared by launch and add-workers. */
  static final class NodeOptions {
    @Option(names = "--instance-type", description = "workers' instance type") String instanceType;
    @Option(names = "--spot", description = "use spot instances (terminated if EC2 reclaims them)") boolean spot;
    @Option(names = "--max-price", description = "highest spot price in USD an hour (default: on-demand)") String maxPrice;
    @Option(names = "--volume-gb", description = "root volume (encrypted gp3) of each node, GB") Integer volumeGb;

    void check() {
      if (instanceType == null) throw Problem.usage("no instance type: pass --instance-type or set instance-type in conf/provision.properties");
      if (volumeGb == null || volumeGb < 8 || volumeGb > 16384) throw Problem.usage("--volume-gb must be 8 to 16384, not " + volumeGb);
      if (maxPrice != null) {
        if (!spot) throw Problem.usage("--max-price applies to --spot only");
        try {
          if (Double.parseDouble(maxPrice) <= 0) throw new NumberFormatException();
        } catch (NumberFormatException e) {
          throw Problem.usage("--max-price must be a positive number of USD an hour, not " + maxPrice);
        }
      }
    }
  }

  // ------------------------------------------------------------------ launch

  @Command(name = "launch", mixinStandardHelpOptions = true, description = "Start a master and workers and wait until HDFS and YARN are healthy.")
  static final class Launch extends Base {
    @Mixin NodeOptions node;
    @Option(names = "--workers", description = "number of workers (DataNode + NodeManager)") Integer workers;
    @Option(names = "--master-instance-type", description = "master's instance type (default: --instance-type)") String masterType;
    @Option(names = "--key-name", description = "an existing EC2 key pair (default: create one for the cluster)") String keyName;
    @Option(names = "--subnet", description = "subnet (default: the default VPC's)") String subnet;
    @Option(names = "--ami", description = "image (default: the current Amazon Linux 2023, from SSM)") String ami;
    @Option(names = "--hadoop-version", description = "Hadoop release to install") String hadoopVersion;
    @Option(names = "--hadoop-mirror", description = "where Hadoop releases are downloaded from") String hadoopMirror;
    @Option(names = "--idle-shutdown", description = "minutes without a YARN application before the nodes shut down (0: never)") Integer idleMinutes;
    @Option(names = "--allow-cidr", description = "who may SSH in (default: this machine's public address /32)") String allowCidr;
    @Option(names = "--checkip-url", description = "where this machine's public address is looked up", hidden = true) String checkIpUrl;
    @Option(names = "--dry-run", description = "check every call with EC2's DryRun flag, print the plan and configuration; create nothing") boolean dryRun;

    Launch(Env env) { super(env); }

    @Override public Integer call() {
      String name = common.cluster();
      if (workers == null || workers < 1) throw Problem.usage("--workers must be at least 1, not " + workers);
      node.check();
      if (idleMinutes == null || idleMinutes < 0) throw Problem.usage("--idle-shutdown must be 0 (never) or more minutes");
      Path keyFile = null;
      if (keyName != null) {
        keyFile = common.identityFile != null ? common.identityFile : Path.of(System.getProperty("user.home"), ".ssh", keyName + ".pem");
        if (!Files.isReadable(keyFile)) throw Problem.usage("the private key " + keyFile + " of key pair " + keyName + " does not exist; pass --identity-file");
      }
      String cidr = allowCidr != null ? Cidr.check(allowCidr) : Cidr.check(env.callerIp().lookup(checkIpUrl == null ? "https://checkip.amazonaws.com" : checkIpUrl) + "/32");
      String mType = masterType != null ? masterType : node.instanceType;
      if (hadoopVersion == null) throw Problem.usage("no Hadoop version: pass --hadoop-version or set hadoop-version in conf/provision.properties");
      String version = hadoopVersion;
      Templates templates = Templates.load(env.conf());
      Prices prices = Prices.load(env.conf().resolve("prices.tsv"));

      try (Ec2Cloud cloud = cloud()) {
        List<Node> existing = cloud.nodes(name);
        if (!existing.isEmpty())
          throw Problem.usage("cluster " + name + " already exists (" + existing.size() + " instances); nothing changed (use add-workers, or destroy first)");
        TypeInfo worker = cloud.instanceType(node.instanceType);
        TypeInfo master = mType.equals(node.instanceType) ? worker : cloud.instanceType(mType);
        if (master.arch() != worker.arch())
          throw Problem.usage("master (" + mType + ", " + master.arch().ec2Name + ") and workers (" + node.instanceType + ", "
              + worker.arch().ec2Name + ") must share a CPU architecture");
        YarnSizing.of(worker.resources()); // fails early for a too small worker
        String image = ami != null ? ami : cloud.latestAmi(worker.arch());
        Map.Entry<Software.Arch, String> img = cloud.image(image);
        if (img.getKey() != worker.arch())
          throw Problem.usage("image " + image + " is " + img.getKey().ec2Name + " but " + node.instanceType + " needs " + worker.arch().ec2Name);
        if (keyName != null && !cloud.keyPairExists(keyName)) throw Problem.usage("key pair " + keyName + " does not exist in this region");
        Ec2Cloud.Subnet net = cloud.subnet(subnet);
        Software software = new Software(version, worker.arch(), Releases.sha512(env.conf(), version, worker.arch()),
            hadoopMirror == null ? Software.APACHE_ARCHIVE : hadoopMirror, "java-17-amazon-corretto-headless");
        boolean create = keyName == null;
        String key = create ? Ec2Cloud.keyName(name) : keyName;
        LaunchSpec launch = new LaunchSpec(name, net, key, create ? generatedKey(env, key) : keyFile, create, cidr, idleMinutes > 0,
            Map.of("hadoop-version", version, "worker-instance-type", node.instanceType, "volume-gb", Integer.toString(node.volumeGb),
                "idle-shutdown", Integer.toString(idleMinutes), "spot", Boolean.toString(node.spot),
                "hadoop-mirror", software.mirror()));
        Random random = new Random();
        String masterIp = cloud.freeAddress(net, random, Set.of());
        Cluster cluster = new Cluster(name, masterIp, workers, List.of(), software, Layout.standard(), Ports.hadoopDefaults(),
            master.resources(), worker.resources(), idleMinutes, Map.of());
        Render render = new Render(templates);

        printPlan(cluster, launch, master, worker, image, img.getValue(), prices, cloud.settings().region().id());
        if (dryRun) {
          env.out().println();
          env.out().println("rendered configuration (the workers file is written once their addresses are known):");
          render.siteFiles(cluster).forEach((f, xml) -> env.out().println("--- " + f + "\n" + xml));
          env.out().println("--- user-data of the master\n" + render.userData(cluster, Role.MASTER));
          env.out().println("dry run of every call that would create something:");
          List<String> lines = cloud.dryRun(launch, nodeSpecs(cluster, render, image, img.getValue(), mType));
          lines.forEach(l -> env.out().println("  " + l));
          env.out().println("dry run: nothing was created");
          return lines.stream().anyMatch(l -> l.contains("NOT ALLOWED")) ? 1 : 0;
        }
        if (!confirm("Launch cluster " + name + "?")) {
          env.out().println("cancelled; nothing was created");
          return 1;
        }
        Instant start = Instant.now();
        try (Ledger ledger = new Ledger(env.out(), env.shutdownHook())) {
          try {
            cloud.keyPair(ledger, launch);
            String group = cloud.securityGroup(ledger, launch);
            List<String> ids = new ArrayList<>();
            Cluster c = cluster;
            for (int attempt = 1; ; attempt++) {
              try {
                ids.addAll(cloud.run(ledger, launch, nodeSpecs(c, render, image, img.getValue(), mType).get(0), group));
                break;
              } catch (Problem p) {
                if (attempt >= 3 || !"InvalidIPAddress.InUse".equals(Ec2Errors.code(p.getCause()))) throw p;
                String ip = cloud.freeAddress(net, random, Set.of(c.masterHost()));
                env.out().println("address " + c.masterHost() + " was taken meanwhile; the master gets " + ip);
                c = new Cluster(name, ip, workers, List.of(), software, Layout.standard(), Ports.hadoopDefaults(),
                    master.resources(), worker.resources(), idleMinutes, Map.of());
              }
            }
            ids.addAll(cloud.run(ledger, launch, nodeSpecs(c, render, image, img.getValue(), mType).get(1), group));
            List<Node> nodes = cloud.awaitRunning(ids);
            Node m = nodes.get(0);
            List<Node> ws = nodes.subList(1, nodes.size());
            Files.deleteIfExists(knownHosts(env, name));
            Remote remote = env.remotes().open(launch.keyFile(), knownHosts(env, name));
            HadoopHealth health = new HadoopHealth(remote, env.out(), env.poll());
            List<String> hosts = new ArrayList<>();
            for (Node n : nodes) {
              if (n.publicAddress() == null) throw Problem.failed("node " + n.id() + " got no public address; use a subnet that assigns them");
              hosts.add(n.publicAddress());
            }
            env.out().println("waiting for the nodes to install Java and Hadoop " + version + " ...");
            health.awaitSetup(hosts, env.setupTimeout());
            HadoopHealth.Report r = health.awaitHealthy(m.publicAddress(), workers, workers, env.healthTimeout());
            Cluster done = c.withWorkerHosts(ws.stream().map(Node::privateAddress).toList());
            remote.run(m.publicAddress(), "printf '%s' '" + Render.workersFile(done) + "' | sudo tee " + done.layout().confDir() + "/workers >/dev/null");
            ledger.commit();
            env.out().printf(Locale.ROOT, "cluster %s is up after %d s: %d datanodes, %d node managers, HDFS capacity %s%n", name,
                Duration.between(start, Instant.now()).toSeconds(), r.liveDatanodes(), r.runningNodeManagers(), r.capacity());
            env.out().println("  log in:  bin/provision ssh --name " + name);
            env.out().println("  run:     bin/provision submit --name " + name + " knn ...");
            env.out().println("  web UIs: " + tunnel(launch.keyFile(), m));
            return 0;
          } catch (RuntimeException | IOException e) {
            Problem p = e instanceof Problem pr ? pr : e instanceof IOException io ? Problem.failed(io.getMessage()) : Ec2Errors.explain("launching", (RuntimeException) e);
            env.err().println("provision: launch failed: " + p.getMessage());
            env.err().println("removing what this launch created ...");
            List<String> left = ledger.rollback();
            env.err().println(left.isEmpty() ? "rolled back: nothing of this launch is left" : "could not remove " + String.join(", ", left)
                + "; run bin/provision destroy --name " + name);
            return p.exitCode();
          }
        }
      }
    }

    List<NodeSpec> nodeSpecs(Cluster c, Render render, String image, String rootDevice, String mType) {
      return List.of(
          new NodeSpec(Role.MASTER, 1, mType, image, rootDevice, node.volumeGb, node.spot, node.maxPrice, c.masterHost(), render.userData(c, Role.MASTER)),
          new NodeSpec(Role.WORKER, c.workers(), node.instanceType, image, rootDevice, node.volumeGb, node.spot, node.maxPrice, null,
              render.userData(c, Role.WORKER)));
    }

    void printPlan(Cluster c, LaunchSpec l, TypeInfo master, TypeInfo worker, String image, String root, Prices prices, String region) {
      YarnSizing y = c.yarn();
      var o = env.out();
      o.printf("plan for cluster %s in %s (zone %s, subnet %s, VPC %s):%n", c.name(), region, l.subnet().zone(), l.subnet().id(), l.subnet().vpcId());
      o.printf("  master    1 x %s (%d vCPUs, %d MiB) at %s: NameNode, ResourceManager%n", master.name(), master.resources().vcpus(),
          master.resources().memoryMiB(), c.masterHost());
      o.printf("  workers   %d x %s (%d vCPUs, %d MiB): DataNode, NodeManager with %d MiB and %d vcores for YARN; maps %d MiB, reduces %d MiB%n",
          c.workers(), worker.name(), worker.resources().vcpus(), worker.resources().memoryMiB(), y.nodeMemoryMiB(), y.vcores(),
          y.mapMemoryMiB(), y.reduceMemoryMiB());
      o.printf("  image     %s (%s, root %s), %d GB encrypted gp3 per node, IMDSv2 required%s%n", image, c.software().arch().ec2Name, root,
          node.volumeGb, node.spot ? ", spot" + (node.maxPrice == null ? "" : " up to $" + node.maxPrice + "/h") : "");
      o.printf("  software  Java 17, Hadoop %s from %s (SHA-512 %s), HDFS replication %d%n", c.software().hadoopVersion(), c.software().mirror(),
          c.software().sha512() == null ? "from the mirror's .sha512 file" : "pinned in conf/hadoop-releases.tsv", c.replication());
      o.printf("  key pair  %s%n", l.createKey() ? l.keyName() + " (new; private key to " + l.keyFile() + ")" : l.keyName() + " (" + l.keyFile() + ")");
      o.printf("  firewall  group %s: SSH from %s only; Hadoop ports only between the cluster's nodes; web UIs through an SSH tunnel%n",
          Ec2Cloud.groupName(c.name()), l.sshCidr());
      o.printf("  idle      %s%n", c.idleShutdownMinutes() == 0 ? "never shut down by itself: destroy it when done"
          : "nodes shut down (and terminate) after " + c.idleShutdownMinutes() + " minutes without a YARN application");
      o.println("  " + prices.estimate(region, master.name(), worker.name(), c.workers(), node.volumeGb, node.spot, node.maxPrice));
    }
  }

  static String tunnel(Path key, Node master) {
    StringBuilder forwards = new StringBuilder();
    List<String> urls = new ArrayList<>();
    for (Ports.WebUi ui : Ports.hadoopDefaults().webUis()) {
      forwards.append(String.format(" -L %d:%s:%d", ui.port(), master.privateAddress(), ui.port()));
      urls.add(String.format("http://localhost:%d (%s)", ui.port(), ui.name()));
    }
    return String.format("ssh -i %s -N%s ec2-user@%s   then %s", key, forwards, master.publicAddress(), String.join(", ", urls));
  }

  // ------------------------------------------------------------------ status, list

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Nodes, states, addresses, HDFS and YARN health, the tunnel command.")
  static final class Status extends Base {
    Status(Env env) { super(env); }

    @Override public Integer call() {
      String name = common.cluster();
      try (Ec2Cloud cloud = cloud()) {
        List<Node> nodes = alive(cloud, name);
        var o = env.out();
        o.printf("cluster %s: %d nodes%n", name, nodes.size());
        o.printf("%-7s %-20s %-12s %-9s %-16s %-16s %-5s %s%n", "ROLE", "INSTANCE", "TYPE", "STATE", "PUBLIC", "PRIVATE", "SPOT", "LAUNCHED");
        for (Node n : nodes)
          o.printf("%-7s %-20s %-12s %-9s %-16s %-16s %-5s %s%n", n.role() == null ? "?" : n.role().tag(), n.id(), n.type(), n.state(),
              dash(n.publicAddress()), dash(n.privateAddress()), n.spot() ? "yes" : "no", when(n.launched()));
        long workers = nodes.stream().filter(n -> n.role() == Role.WORKER && n.alive()).count();
        Node m;
        Remote remote;
        try {
          m = master(nodes, name);
          remote = remote(cloud, name);
        } catch (Problem p) {
          o.println("health: unknown (" + p.getMessage() + ")");
          return 0;
        }
        HadoopHealth.Report r = new HadoopHealth(remote, o, env.poll()).report(m.publicAddress());
        if (r.liveDatanodes() < 0) o.println("health: the master did not answer (still setting up, or unreachable from here)");
        else {
          o.printf("HDFS: %d of %d datanodes live; capacity %s, used %s, remaining %s%n", r.liveDatanodes(), workers, r.capacity(), r.used(), r.remaining());
          o.printf("YARN: %d of %d node managers running%n", Math.max(0, r.runningNodeManagers()), workers);
        }
        o.println("web UIs: " + tunnel(identity(cloud.masterSettings(name).get("key-name")), m));
        return 0;
      }
    }
  }

  static String dash(String s) { return s == null ? "-" : s; }

  static String when(Instant t) {
    return t == null ? "-" : java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC).format(t);
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The clusters in the region.")
  static final class ListClusters extends Base {
    ListClusters(Env env) { super(env); }

    @Override public Integer call() {
      try (Ec2Cloud cloud = cloud()) {
        Map<String, List<Node>> all = cloud.clusters();
        if (all.isEmpty()) {
          env.out().println("no clusters in this region");
          return 0;
        }
        env.out().printf("%-20s %-8s %-8s %-16s %-12s %s%n", "NAME", "NODES", "RUNNING", "MASTER", "TYPE", "SINCE");
        all.forEach((name, nodes) -> {
          Node m = nodes.stream().filter(n -> n.role() == Role.MASTER).findFirst().orElse(nodes.get(0));
          env.out().printf("%-20s %-8d %-8d %-16s %-12s %s%n", name, nodes.size(), nodes.stream().filter(n -> n.state().equals("running")).count(),
              dash(m.publicAddress()), m.type(), when(m.launched()));
        });
        return 0;
      }
    }
  }

  // ------------------------------------------------------------------ using the cluster

  @Command(name = "ssh", mixinStandardHelpOptions = true, description = "Log in to the master (or run COMMAND there).")
  static final class SshCmd extends Base {
    @Parameters(arity = "0..*", paramLabel = "COMMAND") List<String> command = new ArrayList<>();
    SshCmd(Env env) { super(env); }

    @Override public Integer call() {
      String name = common.cluster();
      try (Ec2Cloud cloud = cloud()) {
        Node m = master(alive(cloud, name), name);
        return remote(cloud, name).interactive(m.publicAddress(), command);
      }
    }
  }

  @Command(name = "put", mixinStandardHelpOptions = true, description = "Copy a local file or directory into the cluster's HDFS.")
  static final class Put extends Base {
    @Parameters(index = "0", paramLabel = "LOCAL") Path local;
    @Parameters(index = "1", paramLabel = "HDFS_PATH") String hdfsPath;
    Put(Env env) { super(env); }

    @Override public Integer call() {
      String name = common.cluster();
      if (!Files.exists(local)) throw Problem.usage(local + " does not exist");
      String dest = Cidr.quote(hdfsPath);
      try (Ec2Cloud cloud = cloud()) {
        Node m = master(alive(cloud, name), name);
        Remote remote = remote(cloud, name);
        int code;
        if (Files.isDirectory(local)) {
          String tmp = "/tmp/netflix-jobs-put-" + Long.toHexString(new Random().nextLong() & Long.MAX_VALUE);
          remote.upload(m.publicAddress(), local, tmp);
          Remote.Result r = remote.run(m.publicAddress(), "hdfs dfs -put -f " + tmp + " " + dest + "; s=$?; rm -rf " + tmp + "; exit $s");
          env.out().print(r.output());
          code = r.code();
        } else {
          code = remote.pipe(m.publicAddress(), local, "hdfs dfs -put -f - " + dest);
        }
        if (code != 0) throw Problem.failed("copying " + local + " to hdfs:" + hdfsPath + " failed (exit code " + code + ")");
        env.out().println("copied " + local + " to hdfs:" + hdfsPath + " on cluster " + name);
        return 0;
      }
    }
  }

  @Command(name = "submit", mixinStandardHelpOptions = true, description = "Copy netflix-jobs.jar to the master and run JOB ARGS there.")
  static final class Submit extends Base {
    @Parameters(index = "0", paramLabel = "JOB") String job;
    @Parameters(index = "1..*", paramLabel = "ARGS") List<String> args = new ArrayList<>();
    Submit(Env env) { super(env); }

    @Override public Integer call() throws Exception {
      String name = common.cluster();
      Path jar = env.home().resolve(JOB_JAR);
      if (!Files.isReadable(jar)) throw Problem.usage("no job jar at " + jar + "; build it with: mvn -DskipTests package -pl mapreduce -am");
      String sum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
      try (Ec2Cloud cloud = cloud()) {
        Node m = master(alive(cloud, name), name);
        Remote remote = remote(cloud, name);
        Remote.Result have = remote.run(m.publicAddress(), "sha256sum netflix-jobs.jar 2>/dev/null | cut -d ' ' -f 1");
        if (!have.output().trim().equals(sum)) {
          env.out().println("copying " + jar.getFileName() + " to the master ...");
          remote.upload(m.publicAddress(), jar, "netflix-jobs.jar");
        }
        List<String> c = new ArrayList<>(List.of("hadoop", "jar", "netflix-jobs.jar", Cidr.quote(job)));
        args.forEach(a -> c.add(Cidr.quote(a)));
        return remote.interactive(m.publicAddress(), c);
      }
    }
  }

  // ------------------------------------------------------------------ resize

  @Command(name = "add-workers", mixinStandardHelpOptions = true, description = "Start N more workers and wait until they joined HDFS and YARN.")
  static final class AddWorkers extends Base {
    @Parameters(index = "0", paramLabel = "N") int count;
    @Mixin NodeOptions node;
    AddWorkers(Env env) { super(env); }

    @Override public Integer call() {
      String name = common.cluster();
      if (count < 1) throw Problem.usage("add at least 1 worker, not " + count);
      try (Ec2Cloud cloud = cloud()) {
        List<Node> nodes = alive(cloud, name);
        Node m = master(nodes, name);
        Map<String, String> s = cloud.masterSettings(name);
        if (!given("--instance-type") && s.get("worker-instance-type") != null) node.instanceType = s.get("worker-instance-type");
        if (!given("--volume-gb") && s.get("volume-gb") != null) node.volumeGb = Integer.parseInt(s.get("volume-gb"));
        if (!given("--spot") && s.get("spot") != null) node.spot = Boolean.parseBoolean(s.get("spot"));
        node.check();
        int idle = Integer.parseInt(s.getOrDefault("idle-shutdown", "0"));
        String version = s.get("hadoop-version");
        if (version == null) throw Problem.usage("cluster " + name + " does not say its Hadoop version (netflix-jobs:hadoop-version tag); it was not launched by bin/provision");
        TypeInfo worker = cloud.instanceType(node.instanceType);
        TypeInfo master = cloud.instanceType(s.get("master-instance-type"));
        int before = (int) nodes.stream().filter(n -> n.role() == Role.WORKER && n.alive()).count();
        Software software = new Software(version, worker.arch(), Releases.sha512(env.conf(), version, worker.arch()),
            s.getOrDefault("hadoop-mirror", Software.APACHE_ARCHIVE), "java-17-amazon-corretto-headless");
        Cluster cluster = new Cluster(name, s.get("master-host"), before + count, List.of(), software, Layout.standard(), Ports.hadoopDefaults(),
            master.resources(), worker.resources(), idle, Map.of());
        String region = cloud.settings().region().id();
        env.out().println("adding " + count + " x " + node.instanceType + " to cluster " + name + " (" + before + " workers now)");
        env.out().println("  " + Prices.load(env.conf().resolve("prices.tsv")).estimate(region, m.type(), node.instanceType, before + count,
            node.volumeGb, node.spot, node.maxPrice) + " for the resized cluster");
        if (!confirm("Add " + count + " workers?")) {
          env.out().println("cancelled; nothing was created");
          return 1;
        }
        Ec2Cloud.Subnet net = cloud.subnet(s.get("subnet"));
        LaunchSpec spec = new LaunchSpec(name, net, s.get("key-name"), null, false, null, idle > 0, Map.of());
        NodeSpec ns = new NodeSpec(Role.WORKER, count, node.instanceType, s.get("ami"), s.get("root-device"), node.volumeGb, node.spot,
            node.maxPrice, null, new Render(Templates.load(env.conf())).userData(cluster, Role.WORKER));
        try (Ledger ledger = new Ledger(env.out(), env.shutdownHook())) {
          try {
            List<Node> added = cloud.awaitRunning(cloud.run(ledger, spec, ns, s.get("security-group")));
            HadoopHealth health = new HadoopHealth(remote(cloud, name), env.out(), env.poll());
            health.awaitSetup(added.stream().map(Node::publicAddress).toList(), env.setupTimeout());
            health.awaitHealthy(m.publicAddress(), before + count, before + count, env.healthTimeout());
            ledger.commit();
            env.out().println("cluster " + name + " has " + (before + count) + " workers");
            return 0;
          } catch (RuntimeException e) {
            Problem p = e instanceof Problem pr ? pr : Ec2Errors.explain("adding workers", e);
            env.err().println("provision: adding workers failed: " + p.getMessage());
            List<String> left = ledger.rollback();
            env.err().println(left.isEmpty() ? "rolled back: the new workers are terminated" : "could not remove " + String.join(", ", left));
            return p.exitCode();
          }
        }
      }
    }
  }

  @Command(name = "remove-workers", mixinStandardHelpOptions = true,
      description = "Decommission the N newest workers (HDFS moves their blocks away first) and terminate them.")
  static final class RemoveWorkers extends Base {
    @Parameters(index = "0", paramLabel = "N") int count;
    @Option(names = "--force", description = "terminate without decommissioning (blocks only there are lost)") boolean force;
    RemoveWorkers(Env env) { super(env); }

    @Override public Integer call() {
      String name = common.cluster();
      if (count < 1) throw Problem.usage("remove at least 1 worker, not " + count);
      try (Ec2Cloud cloud = cloud()) {
        List<Node> nodes = alive(cloud, name);
        List<Node> workers = new ArrayList<>(nodes.stream().filter(n -> n.role() == Role.WORKER).toList());
        if (count >= workers.size())
          throw Problem.usage("cluster " + name + " has " + workers.size() + " workers and keeps at least one; use destroy to remove it all");
        workers.sort((a, b) -> b.launched().compareTo(a.launched()));
        List<Node> gone = workers.subList(0, count);
        int left = workers.size() - count;
        env.out().println("removing " + gone.stream().map(Node::id).toList() + " from cluster " + name);
        if (!confirm("Remove " + count + " workers?")) return 1;
        Remote remote = null;
        Node m = null;
        if (!force) {
          m = master(nodes, name);
          remote = remote(cloud, name);
          decommission(remote, m, gone, Math.min(3, left));
        }
        cloud.terminate(gone.stream().map(Node::id).toList());
        if (remote != null) {
          StringBuilder sed = new StringBuilder();
          for (Node n : gone) sed.append(" -e '/^").append(n.privateAddress().replace(".", "\\.")).append("$/d'");
          remote.run(m.publicAddress(), "sudo sed -i" + sed + " " + Layout.standard().excludeFile() + " " + Layout.standard().confDir() + "/workers"
              + " && sudo -u hadoop hdfs dfsadmin -refreshNodes && sudo -u hadoop yarn rmadmin -refreshNodes");
        }
        env.out().println("cluster " + name + " has " + left + " workers");
        return 0;
      }
    }

    void decommission(Remote remote, Node m, List<Node> gone, int replication) {
      String host = m.publicAddress();
      StringBuilder ips = new StringBuilder();
      for (Node n : gone) ips.append(n.privateAddress()).append(' ');
      Remote.Result r = remote.run(host, "sudo -u hadoop hdfs dfs -setrep -R " + replication + " / >/dev/null && printf '%s\\n' " + ips
          + "| sudo tee -a " + Layout.standard().excludeFile() + " >/dev/null && sudo -u hadoop hdfs dfsadmin -refreshNodes && sudo -u hadoop yarn rmadmin -refreshNodes");
      if (!r.ok()) throw Problem.failed("could not start decommissioning on the master: " + r.output().trim());
      env.out().println("decommissioning: HDFS copies the blocks of " + ips.toString().trim() + " elsewhere ...");
      long end = System.nanoTime() + env.healthTimeout().multipliedBy(3).toNanos();
      while (true) {
        Map<String, String> status = HadoopHealth.decommissionStatus(remote.run(host, "sudo -u hadoop hdfs dfsadmin -report").output());
        long pending = gone.stream().filter(n -> status.containsKey(n.privateAddress()) && !status.get(n.privateAddress()).equals("Decommissioned")).count();
        env.out().printf("  %d of %d decommissioned%n", gone.size() - pending, gone.size());
        if (pending == 0) return;
        if (System.nanoTime() > end) throw Problem.failed("decommissioning did not finish in time; nothing was terminated (run again, or --force)");
        try {
          Thread.sleep(env.poll().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw Problem.failed("interrupted");
        }
      }
    }
  }

  // ------------------------------------------------------------------ destroy

  @Command(name = "destroy", mixinStandardHelpOptions = true, description = "Terminate the cluster and delete its security group and key pair. Safe to repeat.")
  static final class Destroy extends Base {
    Destroy(Env env) { super(env); }

    @Override public Integer call() throws IOException {
      String name = common.cluster();
      try (Ec2Cloud cloud = cloud()) {
        List<Node> nodes = cloud.nodes(name);
        if (!nodes.isEmpty() && !confirm("Destroy cluster " + name + " (" + nodes.size() + " instances) and all its HDFS data?")) {
          env.out().println("cancelled; nothing was changed");
          return 1;
        }
        List<String> done = cloud.destroy(name);
        Files.deleteIfExists(knownHosts(env, name));
        Files.deleteIfExists(generatedKey(env, Ec2Cloud.keyName(name)));
        env.out().println(done.isEmpty() ? "no cluster named " + name + " exists; nothing to destroy"
            : "destroyed cluster " + name + ": " + String.join(", ", done));
        return 0;
      }
    }
  }
}
