package netflixjobs.provision.ec2;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import netflixjobs.provision.cloud.Ec2Cloud;
import netflixjobs.provision.cloud.Ec2Cloud.LaunchSpec;
import netflixjobs.provision.cloud.Ec2Cloud.NodeSpec;
import netflixjobs.provision.cloud.Ec2Cloud.TypeInfo;
import netflixjobs.provision.cloud.Ec2Errors;
import netflixjobs.provision.core.Ledger;
import netflixjobs.provision.model.Cluster;
import netflixjobs.provision.model.Layout;
import netflixjobs.provision.model.Node;
import netflixjobs.provision.model.Ports;
import netflixjobs.provision.model.Problem;
import netflixjobs.provision.model.Role;
import netflixjobs.provision.model.Software;
import netflixjobs.provision.model.YarnSizing;
import netflixjobs.provision.render.Render;
import netflixjobs.provision.remote.Remote;
import netflixjobs.provision.render.Templates;

/** The EC2 side of a launch: checks and plan, the dry run, the key pair, group and instances, the setup wait. */
public final class Ec2Launch {
  /** Where --hadoop-tarball goes on the master (contract with conf/user-data.sh): hadoop.tar.gz, then done. */
  static final String UPLOAD = "/var/lib/netflix-jobs/upload";
  /** What the user asked for. */
  public record Options(int workers, String instanceType, String masterType, boolean spot, boolean spotMaster, String maxPrice, int volumeGb,
                 String keyName, Path keyFile, String subnet, String ami, String hadoopVersion, String hadoopMirror, int idleMinutes,
                 String sshCidr, String instanceProfile, Path hadoopTarball, String hadoopS3) {
    public Options withSshCidr(String cidr) {
      return new Options(workers, instanceType, masterType, spot, spotMaster, maxPrice, volumeGb, keyName, keyFile, subnet, ami, hadoopVersion,
          hadoopMirror, idleMinutes, cidr, instanceProfile, hadoopTarball, hadoopS3);
    }
  }

  private final Ec2Backend b;
  private final Options o;
  private final Random random = new Random();
  private TypeInfo master, worker;
  private String image, rootDevice;
  private LaunchSpec spec;
  private Cluster cluster;
  private Software software;
  private Render render;
  private List<Node> nodes = List.of();

  Ec2Launch(Ec2Backend backend, Options options) {
    this.b = backend;
    this.o = options;
  }

  void plan() {
    Ec2Cloud cloud = b.cloud;
    List<Node> existing = cloud.nodes(b.cluster());
    if (!existing.isEmpty())
      throw Problem.usage("cluster " + b.cluster() + " already exists (" + existing.size() + " instances); nothing changed (use add-workers, or destroy first)");
    worker = cloud.instanceType(o.instanceType());
    master = o.masterType().equals(o.instanceType()) ? worker : cloud.instanceType(o.masterType());
    if (master.arch() != worker.arch())
      throw Problem.usage("master (" + o.masterType() + ", " + master.arch().ec2Name + ") and workers (" + o.instanceType() + ", "
          + worker.arch().ec2Name + ") must share a CPU architecture");
    try {
      YarnSizing.of(worker.resources()); // fails early for a too small worker
    } catch (IllegalArgumentException e) {
      throw Problem.usage(e.getMessage());
    }
    image = o.ami() != null ? o.ami() : cloud.latestAmi(worker.arch());
    Map.Entry<Software.Arch, String> img = cloud.image(image);
    if (img.getKey() != worker.arch())
      throw Problem.usage("image " + image + " is " + img.getKey().ec2Name + " but " + o.instanceType() + " needs " + worker.arch().ec2Name);
    rootDevice = img.getValue();
    if (o.keyName() != null && !cloud.keyPairExists(o.keyName())) throw Problem.usage("key pair " + o.keyName() + " does not exist in this region");
    Ec2Cloud.Subnet net = cloud.subnet(o.subnet());
    Software release = new Software(o.hadoopVersion(), worker.arch(), Releases.sha512(b.conf, o.hadoopVersion(), worker.arch()),
        o.hadoopMirror() == null ? Software.APACHE_ARCHIVE : o.hadoopMirror(), "java-17-amazon-corretto-headless");
    if (o.instanceProfile() != null) release = release.withS3a(Releases.awsSdk(b.conf, o.hadoopVersion()));
    software = o.hadoopTarball() != null ? release.uploaded(sha512(o.hadoopTarball()))
        : o.hadoopS3() != null ? release.fromS3(o.hadoopS3()) : release;
    boolean create = o.keyName() == null;
    String key = create ? Ec2Cloud.keyName(b.cluster()) : o.keyName();
    Map<String, String> settings = new java.util.TreeMap<>(Map.of("hadoop-version", o.hadoopVersion(), "worker-instance-type", o.instanceType(),
        "volume-gb", Integer.toString(o.volumeGb()), "idle-shutdown", Integer.toString(o.idleMinutes()), "spot", Boolean.toString(o.spot()),
        "hadoop-mirror", software.mirror()));
    if (o.instanceProfile() != null) settings.put("instance-profile", o.instanceProfile());
    // added workers render the same source: they take the tarball from the master, checked against the same digest
    settings.put("hadoop-source", software.source());
    if (software.sha512() != null) settings.put("hadoop-sha512", software.sha512());
    spec = new LaunchSpec(b.cluster(), net, key, create ? b.generatedKey(key) : o.keyFile(), create, o.sshCidr(), false, settings);
    cluster = model(cloud.freeAddress(net, random, Set.of()));
    render = new Render(Templates.load(b.conf));
    printPlan(cloud.settings().region().id());
  }

  private Cluster model(String masterIp) {
    return new Cluster(b.cluster(), masterIp, o.workers(), List.of(), software, Layout.standard(), Ports.hadoopDefaults(),
        master.resources(), worker.resources(), o.idleMinutes(), Map.of());
  }

  int dryRun() {
    var out = b.out;
    out.println();
    out.println("rendered configuration (the workers file is written once their addresses are known):");
    render.siteFiles(cluster).forEach((f, xml) -> out.println("--- " + f + "\n" + xml));
    out.println("--- user-data of the master\n" + render.userData(cluster, Role.MASTER));
    out.println("dry run of every call that would create something:");
    List<String> lines = b.cloud.dryRun(spec, nodeSpecs(cluster));
    lines.forEach(l -> out.println("  " + l));
    out.println("dry run: nothing was created");
    return lines.stream().anyMatch(l -> l.contains("NOT ALLOWED")) ? 1 : 0;
  }

  List<NodeSpec> nodeSpecs(Cluster c) {
    return List.of(
        new NodeSpec(Role.MASTER, 1, o.masterType(), image, rootDevice, o.volumeGb(), o.spotMaster(), o.spotMaster() ? o.maxPrice() : null,
            c.masterHost(), render.userData(c, Role.MASTER)),
        new NodeSpec(Role.WORKER, c.workers(), o.instanceType(), image, rootDevice, o.volumeGb(), o.spot(), o.maxPrice(), null,
            render.userData(c, Role.WORKER)));
  }

  void create(Ledger ledger) {
    Ec2Cloud cloud = b.cloud;
    cloud.keyPair(ledger, spec);
    String group = cloud.securityGroup(ledger, spec);
    List<String> ids = new ArrayList<>();
    for (int attempt = 1; ; attempt++) {
      try {
        ids.addAll(cloud.run(ledger, spec, nodeSpecs(cluster).get(0), group));
        break;
      } catch (Problem p) {
        if (attempt >= 3 || !"InvalidIPAddress.InUse".equals(Ec2Errors.code(p.getCause()))) throw p;
        String ip = cloud.freeAddress(spec.subnet(), random, Set.of(cluster.masterHost()));
        b.out.println("address " + cluster.masterHost() + " was taken meanwhile; the master gets " + ip);
        cluster = model(ip);
      }
    }
    ids.addAll(cloud.run(ledger, spec, nodeSpecs(cluster).get(1), group));
    nodes = cloud.awaitRunning(ids);
    try {
      Files.deleteIfExists(b.knownHosts());
    } catch (IOException e) {
      throw Problem.failed("cannot reset " + b.knownHosts() + ": " + e.getMessage());
    }
    b.useKey(spec.keyFile());
    List<String> hosts = new ArrayList<>();
    for (Node n : nodes) {
      if (n.publicAddress() == null) throw Problem.failed("node " + n.id() + " got no public address; use a subnet that assigns them");
      hosts.add(n.publicAddress());
    }
    long upload = 0;
    if (o.hadoopTarball() != null) upload = upload(hosts.get(0));
    Duration limit = b.setupLimit(hosts.size(), upload);
    b.out.println("waiting for the nodes to install Java and Hadoop " + o.hadoopVersion() + " (at most " + limit.toMinutes() + " minutes) ...");
    b.setup().awaitSetup(hosts, limit);
  }

  /** Sends --hadoop-tarball to the master once its SSH answers: the file, then the done marker the node script waits for. */
  private long upload(String master) {
    Remote remote = b.remote();
    long end = System.nanoTime() + b.setupLimit(1, 0).toNanos();
    while (remote.run(master, "true").code() == 255) {
      if (System.nanoTime() > end) throw Problem.failed("the master's SSH did not answer in time to upload " + o.hadoopTarball());
      sleep();
    }
    Remote.Result r = remote.run(master, "sudo mkdir -p " + UPLOAD + " && sudo chown ec2-user " + UPLOAD);
    if (!r.ok()) throw Problem.failed("cannot prepare " + UPLOAD + " on the master: " + r.output().trim());
    b.out.println("uploading " + o.hadoopTarball() + " to the master ...");
    remote.upload(master, o.hadoopTarball(), UPLOAD + "/hadoop.tar.gz");
    r = remote.run(master, "touch " + UPLOAD + "/done");
    if (!r.ok()) throw Problem.failed("cannot mark the upload done on the master: " + r.output().trim());
    try {
      return Files.size(o.hadoopTarball());
    } catch (IOException e) {
      return 0;
    }
  }

  private void sleep() { Problem.pause(Duration.ofMillis(Math.max(1, b.poll().toMillis()))); }


  /** The SHA-512 of a local tarball, rendered into the nodes' script so they check what they were sent. */
  static String sha512(Path file) {
    try (var in = Files.newInputStream(file)) {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-512");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw Problem.usage("cannot read --hadoop-tarball " + file + ": " + e.getMessage());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  void launched() {
    Node m = nodes.get(0);
    Cluster done = cluster.withWorkerHosts(nodes.subList(1, nodes.size()).stream().map(Node::privateAddress).toList());
    b.remote().run(m.publicAddress(), "printf '%s' '" + Render.workersFile(done) + "' | sudo tee " + done.layout().confDir() + "/workers >/dev/null");
    b.out.println("  log in:  bin/provision ssh --name " + b.cluster());
    b.out.println("  run:     bin/provision submit --name " + b.cluster() + " knn ...");
    b.out.println("  web UIs: " + Ec2Backend.tunnel(spec.keyFile(), m));
  }

  /** The instances this launch started (empty before they run). */
  List<Node> nodes() { return nodes; }

  Path keyFile() { return spec == null ? null : spec.keyFile(); }

  private void printPlan(String region) {
    YarnSizing y = cluster.yarn();
    var out = b.out;
    Cluster c = cluster;
    LaunchSpec l = spec;
    out.printf("plan for cluster %s in %s (zone %s, subnet %s, VPC %s):%n", c.name(), region, l.subnet().zone(), l.subnet().id(), l.subnet().vpcId());
    out.printf("  master    1 x %s (%d vCPUs, %d MiB) at %s: NameNode, ResourceManager%s%n", master.name(), master.resources().vcpus(),
        master.resources().memoryMiB(), c.masterHost(), o.spotMaster() ? ", spot" : ", on-demand");
    out.printf("  workers   %d x %s (%d vCPUs, %d MiB): DataNode, NodeManager with %d MiB and %d vcores for YARN; maps %d MiB, reduces %d MiB%s%n",
        c.workers(), worker.name(), worker.resources().vcpus(), worker.resources().memoryMiB(), y.nodeMemoryMiB(), y.vcores(),
        y.mapMemoryMiB(), y.reduceMemoryMiB(), o.spot() ? ", spot" + (o.maxPrice() == null ? "" : " up to $" + o.maxPrice() + "/h") : "");
    out.printf("  image     %s (%s, root %s), %d GB encrypted gp3 per node, IMDSv2 required%n", image, c.software().arch().ec2Name, rootDevice, o.volumeGb());
    out.printf("  software  Java 17, Hadoop %s from %s (SHA-512 %s), HDFS replication %d%n", c.software().hadoopVersion(), c.software().mirror(),
        c.software().sha512() == null ? "from the mirror's .sha512 file" : "pinned in conf/hadoop-releases.tsv", c.replication());
    out.printf("  key pair  %s%n", l.createKey() ? l.keyName() + " (new; private key to " + l.keyFile() + ")" : l.keyName() + " (" + l.keyFile() + ")");
    out.printf("  firewall  group %s: SSH from %s only; Hadoop ports only between the cluster's nodes; web UIs through an SSH tunnel%n",
        Ec2Cloud.groupName(c.name()), l.sshCidr());
    out.printf("  idle      %s%n", c.idleShutdownMinutes() == 0 ? "never shut down by itself: stop or destroy it when done"
        : "nodes stop (EBS and HDFS kept; destroy removes them) after " + c.idleShutdownMinutes() + " minutes without a YARN application");
    out.println("  " + Prices.load(b.conf.resolve("prices.tsv")).estimate(region, master.name(), worker.name(), c.workers(), o.volumeGb(), o.spot(), o.maxPrice()));
  }

  /**
   * The plan as far as it is known without asking EC2 (a dry run on a machine with no credentials or
   * region): what would be created, how it is secured and what it costs; the caller then says what is missing.
   */
  public static void offlinePlan(PrintStream out, Path conf, String cluster, Options o, String region) {
    String where = region != null ? region : "us-east-1";
    int workers = o.workers();
    String sha = Releases.sha512(conf, o.hadoopVersion(), Software.Arch.X86_64);
    out.printf("plan for cluster %s in %s (without EC2: the instance types, image and subnet are not checked):%n", cluster,
        region != null ? region : "a region still to choose (prices of us-east-1)");
    out.printf("  master    1 x %s: NameNode, ResourceManager, job history server, %s%n", o.masterType(), o.spotMaster() ? "spot" : "on-demand");
    out.printf("  workers   %d x %s: DataNode, NodeManager (YARN sized from the type)%s%n", workers, o.instanceType(),
        o.spot() ? ", spot" + (o.maxPrice() == null ? "" : " up to $" + o.maxPrice() + "/h") : ", on-demand");
    out.printf("  image     the current Amazon Linux 2023 (from AWS's public SSM parameter), %d GB encrypted gp3 per node, IMDSv2 required%n", o.volumeGb());
    out.printf("  software  Java 17, Hadoop %s fetched once by the master (SHA-512 %s), HDFS replication %d%n", o.hadoopVersion(),
        sha == null ? "from Apache's .sha512 file" : "pinned in conf/hadoop-releases.tsv", Math.min(3, workers));
    out.printf("  firewall  SSH from %s only; Hadoop ports only between the cluster's nodes; web UIs through an SSH tunnel%n",
        o.sshCidr() != null ? o.sshCidr() : "this machine's public address /32");
    out.printf("  idle      %s%n", o.idleMinutes() == 0 ? "never shut down by itself: stop or destroy it when done"
        : "nodes stop (EBS and HDFS kept) after " + o.idleMinutes() + " idle minutes");
    out.println("  " + Prices.load(conf.resolve("prices.tsv")).estimate(where, o.masterType(), o.instanceType(), workers, o.volumeGb(), o.spot(), o.maxPrice()));
  }
}
