package netflixjobs.provision.ec2;

import java.util.List;
import java.util.Map;
import netflixjobs.provision.cloud.Ec2Cloud;
import netflixjobs.provision.cloud.Ec2Cloud.LaunchSpec;
import netflixjobs.provision.cloud.Ec2Cloud.NodeSpec;
import netflixjobs.provision.cloud.Ec2Cloud.TypeInfo;
import netflixjobs.provision.core.Ledger;
import netflixjobs.provision.model.Cluster;
import netflixjobs.provision.model.Layout;
import netflixjobs.provision.model.Node;
import netflixjobs.provision.model.Ports;
import netflixjobs.provision.model.Problem;
import netflixjobs.provision.model.Role;
import netflixjobs.provision.model.Software;
import netflixjobs.provision.render.Render;
import netflixjobs.provision.render.Templates;

/** More workers for a running EC2 cluster: the launch's settings come from the master's tags, flags win. */
public final class AddWorkers {
  /** Flags given (null: the cluster's own setting). */
  public record Options(String instanceType, Boolean spot, String maxPrice, Integer volumeGb) {}

  private final Ec2Backend b;
  private final Options o;
  private LaunchSpec spec;
  private NodeSpec nodeSpec;
  private String group;
  private List<Node> nodes = List.of();

  AddWorkers(Ec2Backend backend, Options options) {
    this.b = backend;
    this.o = options;
  }

  void plan(int count) {
    Ec2Cloud cloud = b.cloud;
    Node m = b.master();
    Map<String, String> s = cloud.masterSettings(b.cluster());
    String type = o.instanceType() != null ? o.instanceType() : s.get("worker-instance-type");
    int volume = o.volumeGb() != null ? o.volumeGb() : Integer.parseInt(s.getOrDefault("volume-gb", "100"));
    boolean spot = o.spot() != null ? o.spot() : Boolean.parseBoolean(s.getOrDefault("spot", "false"));
    if (type == null) throw Problem.usage("no instance type: pass --instance-type");
    int idle = Integer.parseInt(s.getOrDefault("idle-shutdown", "0"));
    String version = s.get("hadoop-version");
    TypeInfo worker = cloud.instanceType(type);
    TypeInfo master = cloud.instanceType(s.get("master-instance-type"));
    int before = (int) b.workers().stream().filter(w -> w.running()).count();
    Software release = new Software(version, worker.arch(), s.getOrDefault("hadoop-sha512", Releases.sha512(b.conf, version, worker.arch())),
        s.getOrDefault("hadoop-mirror", Software.APACHE_ARCHIVE), "java-17-amazon-corretto-headless");
    // workers of a cluster with an instance profile take the AWS SDK for S3A from the master
    if (s.get("instance-profile") != null) release = release.withS3a(Releases.awsSdk(b.conf, version));
    String source = s.getOrDefault("hadoop-source", Software.MIRRORS);
    Software software = source.equals(Software.UPLOAD) ? release.uploaded(release.sha512())
        : source.equals(Software.MIRRORS) ? release : release.fromS3(source);
    Cluster cluster = new Cluster(b.cluster(), s.get("master-host"), before + count, List.of(), software, Layout.standard(), Ports.hadoopDefaults(),
        master.resources(), worker.resources(), idle, Map.of());
    String region = cloud.settings().region().id();
    b.out.println("adding " + count + " x " + type + " to cluster " + b.cluster() + " (" + before + " workers now)");
    b.out.println("  " + Prices.load(b.conf.resolve("prices.tsv")).estimate(region, m.type(), type, before + count, volume, spot, o.maxPrice())
        + " for the resized cluster");
    Map<String, String> profile = s.get("instance-profile") == null ? Map.of() : Map.of("instance-profile", s.get("instance-profile"));
    spec = new LaunchSpec(b.cluster(), cloud.subnet(s.get("subnet")), s.get("key-name"), null, false, null, false, profile);
    nodeSpec = new NodeSpec(Role.WORKER, count, type, s.get("ami"), s.get("root-device"), volume, spot, o.maxPrice(), null,
        new Render(Templates.load(b.conf)).userData(cluster, Role.WORKER));
    group = s.get("security-group");
  }

  void create(int count, Ledger ledger) {
    nodes = b.cloud.awaitRunning(b.cloud.run(ledger, spec, nodeSpec, group));
    b.setup().awaitSetup(nodes.stream().map(Node::publicAddress).toList(), b.setupLimit(count, 0));
  }

  List<Node> nodes() { return nodes; }
}
