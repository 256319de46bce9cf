package netflixjobs.provision.cloud;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import netflixjobs.provision.core.Ledger;
import netflixjobs.provision.model.Node;
import netflixjobs.provision.model.Problem;
import netflixjobs.provision.model.Resources;
import netflixjobs.provision.model.Role;
import netflixjobs.provision.model.Software.Arch;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.Waiter;
import software.amazon.awssdk.core.waiters.WaiterAcceptor;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataEndpointState;
import software.amazon.awssdk.services.ec2.model.InstanceTypeInfo;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.KeyType;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.ShutdownBehavior;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.VolumeType;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * EC2 through the AWS SDK v2 (the only class family that imports it): validation lookups, the
 * cluster's key pair and security group, instances tagged by cluster and role, waiters, rollback
 * of a failed launch, and an idempotent destroy. The cluster is found again by its tags.
 */
public final class Ec2Cloud implements AutoCloseable {
  public static final String TAG_CLUSTER = "netflix-jobs:cluster";
  public static final String TAG_ROLE = "netflix-jobs:role";
  /** Launch settings kept on the master's tags, so add-workers needs no local state. */
  public static final String TAG_SETTING = "netflix-jobs:";
  public static final String SSM_AMI = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-";
  private static final List<String> LIVE_STATES = List.of("pending", "running", "stopping", "stopped");
  private static final int USER_DATA_LIMIT = 16 * 1024;

  /** How to reach EC2 and how patiently. Tests point {@code endpoint} at a local server and shorten the waits. */
  public record Settings(Region region, AwsCredentialsProvider credentials, URI endpoint, Duration poll,
                         Duration instanceTimeout, Duration retryBase, int maxAttempts) {
    public static Settings of(Region region, AwsCredentialsProvider credentials) {
      return new Settings(region, credentials, null, Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofMillis(500), 10);
    }
    public Settings withEndpoint(URI uri, Duration poll, Duration retryBase) {
      return new Settings(region, credentials, uri, poll, instanceTimeout, retryBase, maxAttempts);
    }
  }

  /** An instance type: what YARN can use of it, and its CPU architecture. */
  public record TypeInfo(String name, Resources resources, Arch arch) {}

  /** The subnet the cluster runs in. */
  public record Subnet(String id, String vpcId, String cidr, String zone) {}

  /** Everything needed to start the nodes of one role. */
  public record NodeSpec(Role role, int count, String instanceType, String ami, String rootDevice, int volumeGb,
                         boolean spot, String maxPrice, String privateIp, String userData) {}

  /** What launch creates: the cluster's name, where, with which key and from where SSH may come. */
  public record LaunchSpec(String cluster, Subnet subnet, String keyName, Path keyFile, boolean createKey,
                           String sshCidr, boolean terminateOnShutdown, Map<String, String> settings) {}

  private final Settings settings;
  private final Ec2Client ec2;
  private final SsmClient ssm;
  private final PrintStream out;

  public Ec2Cloud(Settings s, PrintStream out) {
    this.settings = s;
    this.out = out;
    ClientOverrideConfiguration retries = ClientOverrideConfiguration.builder()
        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(s.maxAttempts())
            .backoffStrategy(BackoffStrategy.exponentialDelay(s.retryBase(), Duration.ofSeconds(20)))
            .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(s.retryBase().multipliedBy(2), Duration.ofSeconds(30)))
            .build())
        .build();
    var eb = Ec2Client.builder().region(s.region()).credentialsProvider(s.credentials())
        .httpClientBuilder(UrlConnectionHttpClient.builder()).overrideConfiguration(retries);
    var sb = SsmClient.builder().region(s.region()).credentialsProvider(s.credentials())
        .httpClientBuilder(UrlConnectionHttpClient.builder()).overrideConfiguration(retries);
    if (s.endpoint() != null) {
      eb.endpointOverride(s.endpoint());
      sb.endpointOverride(s.endpoint());
    }
    this.ec2 = eb.build();
    this.ssm = sb.build();
  }

  // ---------------------------------------------------------------- lookups (read only)

  public TypeInfo instanceType(String type) {
    List<InstanceTypeInfo> infos = call("checking instance type " + type, () -> ec2.describeInstanceTypes(r -> r.instanceTypesWithStrings(type)).instanceTypes());
    if (infos.isEmpty()) throw Problem.usage("unknown instance type " + type + " in " + settings.region());
    InstanceTypeInfo i = infos.get(0);
    List<String> arches = i.processorInfo().supportedArchitecturesAsStrings();
    Arch arch = arches.contains("x86_64") ? Arch.X86_64 : arches.contains("arm64") ? Arch.ARM64 : null;
    if (arch == null) throw Problem.usage("instance type " + type + " has no supported architecture (x86_64 or arm64)");
    return new TypeInfo(type, new Resources(i.memoryInfo().sizeInMiB().intValue(), i.vCpuInfo().defaultVCpus()), arch);
  }

  /** The current Amazon Linux 2023 image for this architecture, from AWS's public SSM parameter. */
  public String latestAmi(Arch arch) {
    return call("looking up the Amazon Linux 2023 image", () -> ssm.getParameter(r -> r.name(SSM_AMI + arch.ec2Name)).parameter().value());
  }

  /** An image's architecture and root device name. */
  public Map.Entry<Arch, String> image(String ami) {
    var images = call("checking image " + ami, () -> ec2.describeImages(r -> r.imageIds(ami)).images());
    if (images.isEmpty()) throw Problem.usage("image " + ami + " does not exist in " + settings.region());
    return Map.entry(Arch.fromEc2(images.get(0).architectureAsString()), images.get(0).rootDeviceName());
  }

  /** The given subnet, or the default VPC's default subnet of the first zone. */
  public Subnet subnet(String id) {
    var subnets = call("looking up the subnet", () -> id != null
        ? ec2.describeSubnets(r -> r.subnetIds(id)).subnets()
        : ec2.describeSubnets(r -> r.filters(filter("default-for-az", "true"))).subnets());
    if (subnets.isEmpty())
      throw Problem.usage(id != null ? "subnet " + id + " does not exist" : "this region has no default VPC; pass --subnet");
    var s = subnets.stream().min(Comparator.comparing(x -> x.availabilityZone())).get();
    return new Subnet(s.subnetId(), s.vpcId(), s.cidrBlock(), s.availabilityZone());
  }

  /** A free private address in the subnet for the master, so every node's configuration names it before launch. */
  public String freeAddress(Subnet subnet, Random random, Set<String> avoid) {
    Set<String> used = new HashSet<>(avoid);
    call("listing addresses in use", () -> {
      ec2.describeNetworkInterfacesPaginator(r -> r.filters(filter("subnet-id", subnet.id())))
          .networkInterfaces().forEach(n -> n.privateIpAddresses().forEach(a -> used.add(a.privateIpAddress())));
      return null;
    });
    String[] parts = subnet.cidr().split("/");
    int prefix = Integer.parseInt(parts[1]);
    long base = toLong(parts[0]), size = 1L << (32 - prefix);
    if (size < 16) throw Problem.usage("subnet " + subnet.id() + " is too small");
    for (int attempt = 0; attempt < 1000; attempt++) {
      long offset = 4 + (long) (random.nextDouble() * (size - 5)); // AWS reserves the first four and the last
      String ip = toIp(base + offset);
      if (!used.contains(ip)) return ip;
    }
    throw Problem.failed("subnet " + subnet.id() + " has no free address");
  }

  /** The cluster's instances that are not terminated, master first. */
  public List<Node> nodes(String cluster) {
    return instances(cluster).stream().map(Ec2Cloud::node).toList();
  }

  /** Every cluster this account runs in the region, by name. */
  public Map<String, List<Node>> clusters() {
    Map<String, List<Node>> byName = new TreeMap<>();
    List<Instance> all = call("listing clusters", () -> ec2.describeInstancesPaginator(r -> r.filters(
        Filter.builder().name("tag-key").values(TAG_CLUSTER).build(), filter("instance-state-name", LIVE_STATES.toArray(String[]::new))))
        .reservations().stream().flatMap(r -> r.instances().stream()).toList());
    for (Instance i : all) byName.computeIfAbsent(tag(i, TAG_CLUSTER), k -> new ArrayList<>()).add(node(i));
    byName.values().forEach(l -> l.sort(NODE_ORDER));
    return byName;
  }

  /** The settings the launch stored on the master's tags (key without prefix), plus its image, key, subnet and group. */
  public Map<String, String> masterSettings(String cluster) {
    Instance m = instances(cluster).stream().filter(i -> Role.MASTER.tag().equals(tag(i, TAG_ROLE))).findFirst()
        .orElseThrow(() -> Problem.usage("cluster " + cluster + " has no master running"));
    Map<String, String> s = new LinkedHashMap<>();
    for (Tag t : m.tags())
      if (t.key().startsWith(TAG_SETTING) && !t.key().equals(TAG_CLUSTER) && !t.key().equals(TAG_ROLE))
        s.put(t.key().substring(TAG_SETTING.length()), t.value());
    s.put("ami", m.imageId());
    s.put("key-name", m.keyName() == null ? "" : m.keyName());
    s.put("subnet", m.subnetId());
    s.put("security-group", m.securityGroups().isEmpty() ? "" : m.securityGroups().get(0).groupId());
    s.put("master-host", m.privateIpAddress());
    s.put("master-instance-type", m.instanceTypeAsString());
    s.put("root-device", m.rootDeviceName());
    return s;
  }

  // ---------------------------------------------------------------- launch

  /** Dry run: every creating call with DryRun set; returns one line per call saying whether EC2 would allow it. */
  public List<String> dryRun(LaunchSpec spec, List<NodeSpec> nodes) {
    List<String> lines = new ArrayList<>();
    String stand = call("looking up the VPC's default group", () -> ec2.describeSecurityGroups(r -> r.filters(
        filter("vpc-id", spec.subnet().vpcId()), filter("group-name", "default"))).securityGroups())
        .stream().map(SecurityGroup::groupId).findFirst().orElse("sg-00000000");
    if (spec.createKey()) lines.add(dry("CreateKeyPair " + spec.keyName(), () -> ec2.createKeyPair(r -> r.dryRun(true)
        .keyName(spec.keyName()).keyType(KeyType.ED25519).tagSpecifications(tags(ResourceType.KEY_PAIR, spec.cluster(), null, spec.keyName())))));
    lines.add(dry("CreateSecurityGroup " + groupName(spec.cluster()), () -> ec2.createSecurityGroup(r -> r.dryRun(true)
        .groupName(groupName(spec.cluster())).description(groupDescription(spec.cluster())).vpcId(spec.subnet().vpcId())
        .tagSpecifications(tags(ResourceType.SECURITY_GROUP, spec.cluster(), null, groupName(spec.cluster()))))));
    lines.add(dry("AuthorizeSecurityGroupIngress (SSH from " + spec.sshCidr() + "; all traffic within the group)",
        () -> ec2.authorizeSecurityGroupIngress(r -> r.dryRun(true).groupId(stand).ipPermissions(rules(stand, spec.sshCidr())))));
    for (NodeSpec n : nodes)
      lines.add(dry("RunInstances " + n.count() + " x " + n.instanceType() + " (" + n.role().tag() + ")",
          () -> ec2.runInstances(runRequest(spec, n, stand, UUID.randomUUID().toString()).toBuilder().dryRun(true).build())));
    return lines;
  }

  private String dry(String what, Runnable call) {
    try {
      call.run();
      return what + ": unexpectedly succeeded without DryRun";
    } catch (AwsServiceException e) {
      String code = Ec2Errors.code(e);
      if ("DryRunOperation".equals(code)) return what + ": allowed";
      if ("UnauthorizedOperation".equals(code)) return what + ": NOT ALLOWED for these credentials";
      throw Ec2Errors.explain("dry-running " + what, e);
    } catch (SdkException e) {
      throw Ec2Errors.explain("dry-running " + what, e);
    }
  }

  /** Creates (or reuses) the key pair; records a created one and its private key file in the ledger. */
  public void keyPair(Ledger ledger, LaunchSpec spec) {
    if (!spec.createKey()) return;
    Optional<KeyPairInfo> existing = keyPairs(spec.cluster()).stream().filter(k -> k.keyName().equals(spec.keyName())).findFirst();
    if (existing.isPresent() && Files.isReadable(spec.keyFile())) {
      out.println("reusing key pair " + spec.keyName() + " (" + spec.keyFile() + ")");
      return;
    }
    if (existing.isPresent()) { // ours, but its private key is gone: useless, replace it
      call("replacing key pair " + spec.keyName(), () -> ec2.deleteKeyPair(r -> r.keyName(spec.keyName())));
    }
    String material = ledger.create(
        () -> call("creating key pair " + spec.keyName(), () -> ec2.createKeyPair(r -> r.keyName(spec.keyName()).keyType(KeyType.ED25519)
            .tagSpecifications(tags(ResourceType.KEY_PAIR, spec.cluster(), null, spec.keyName())))).keyMaterial(),
        m -> undo("key pair " + spec.keyName(), () -> {
          afterCreate("checking key pair " + spec.keyName(), () -> ec2.describeKeyPairs(r -> r.keyNames(spec.keyName())));
          return ec2.deleteKeyPair(r -> r.keyName(spec.keyName()));
        }));
    ledger.create(() -> { writePrivateKey(spec.keyFile(), material); return spec.keyFile(); },
        f -> undo("private key file " + f, () -> { Files.deleteIfExists(f); return null; }));
    out.println("created key pair " + spec.keyName() + "; private key in " + spec.keyFile() + " (mode 600)");
  }

  /** Creates the cluster's security group (or reuses the one left by an earlier launch); returns its id. */
  public String securityGroup(Ledger ledger, LaunchSpec spec) {
    Optional<SecurityGroup> existing = groups(spec.cluster()).stream().filter(g -> g.vpcId().equals(spec.subnet().vpcId())).findFirst();
    if (existing.isPresent()) {
      String id = existing.get().groupId();
      boolean hasSsh = existing.get().ipPermissions().stream().anyMatch(p -> Integer.valueOf(22).equals(p.fromPort())
          && p.ipRanges().stream().anyMatch(r -> r.cidrIp().equals(spec.sshCidr())));
      if (!hasSsh) call("opening SSH from " + spec.sshCidr(), () -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(id)
          .ipPermissions(rules(id, spec.sshCidr()).get(0))));
      out.println("reusing security group " + id);
      return id;
    }
    String id = ledger.create(
        () -> call("creating the security group", () -> ec2.createSecurityGroup(r -> r.groupName(groupName(spec.cluster()))
            .description(groupDescription(spec.cluster())).vpcId(spec.subnet().vpcId())
            .tagSpecifications(tags(ResourceType.SECURITY_GROUP, spec.cluster(), null, groupName(spec.cluster()))))).groupId(),
        g -> undo("security group " + g, () -> {
          afterCreate("checking security group " + g, () -> ec2.describeSecurityGroups(r -> r.groupIds(g)));
          return deleteGroup(g); // which takes NotFound for already deleted
        }));
    afterCreate("opening SSH from " + spec.sshCidr() + " and the Hadoop ports within the cluster",
        () -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(id).ipPermissions(rules(id, spec.sshCidr()))));
    out.println("created security group " + id + ": SSH from " + spec.sshCidr() + " only; Hadoop ports only between the cluster's nodes");
    return id;
  }

  /** Starts the nodes of one spec (all or none) and records them; returns their instance ids. */
  public List<String> run(Ledger ledger, LaunchSpec spec, NodeSpec n, String groupId) {
    String token = UUID.randomUUID().toString(); // makes SDK retries of this call idempotent
    List<String> ids = ledger.create(
        () -> afterCreate("starting the " + n.role().tag() + (n.count() > 1 ? "s" : ""), () -> ec2.runInstances(runRequest(spec, n, groupId, token)))
            .instances().stream().map(Instance::instanceId).toList(),
        l -> undo(n.count() + " " + n.role().tag() + " instance" + (l.size() > 1 ? "s " : " ") + String.join(" ", l),
            () -> terminate(l)));
    out.println("started " + n.role().tag() + (ids.size() > 1 ? "s " : " ") + String.join(" ", ids) + " (" + n.instanceType()
        + (n.spot() ? ", spot" : "") + ")");
    return ids;
  }

  /** Waits until every instance runs, printing progress; fails with EC2's reason if one ends instead. */
  public List<Node> awaitRunning(List<String> ids) {
    int[] last = {-1, -1};
    Waiter<DescribeInstancesResponse> waiter = Waiter.builder(DescribeInstancesResponse.class)
        .addAcceptor(WaiterAcceptor.successOnResponseAcceptor(r -> {
          List<Instance> is = flat(r);
          long running = is.stream().filter(i -> i.state().nameAsString().equals("running")).count();
          long pending = is.stream().filter(i -> i.state().nameAsString().equals("pending")).count();
          if (running != last[0] || pending != last[1]) {
            out.printf("  instances: %d running, %d pending of %d%n", running, pending, ids.size());
            last[0] = (int) running;
            last[1] = (int) pending;
          }
          return is.size() == ids.size() && running == ids.size();
        }))
        .addAcceptor(WaiterAcceptor.errorOnResponseAcceptor(r -> flat(r).stream().anyMatch(i -> !LIVE_STATES.contains(i.state().nameAsString())
            || i.state().nameAsString().startsWith("stop")), "an instance stopped or terminated while starting"))
        .addAcceptor(WaiterAcceptor.retryOnResponseAcceptor(r -> true))
        .addAcceptor(WaiterAcceptor.retryOnExceptionAcceptor(e -> String.valueOf(Ec2Errors.code(e)).equals("InvalidInstanceID.NotFound")))
        .overrideConfiguration(waitConfig(settings.instanceTimeout()))
        .build();
    try {
      DescribeInstancesResponse r = waiter.run(() -> ec2.describeInstances(q -> q.instanceIds(ids))).matched().response()
          .orElseThrow(() -> Problem.failed("EC2 gave no answer while the instances started"));
      return flat(r).stream().map(Ec2Cloud::node).sorted(NODE_ORDER).toList();
    } catch (SdkException e) {
      String reasons = reasons(ids);
      throw Problem.failed("the instances did not start" + (reasons.isEmpty() ? ": " + Ec2Errors.message(e) : ": " + reasons), e);
    }
  }

  private String reasons(List<String> ids) {
    try {
      List<String> rs = new ArrayList<>();
      for (Instance i : flat(ec2.describeInstances(q -> q.instanceIds(ids))))
        if (i.stateReason() != null && i.stateReason().message() != null) rs.add(i.instanceId() + " " + i.stateReason().message());
      return String.join("; ", rs);
    } catch (SdkException e) {
      return "";
    }
  }

  // ---------------------------------------------------------------- remove

  /** Terminates instances and waits until they are gone. */
  public Void terminate(List<String> ids) {
    if (ids.isEmpty()) return null;
    afterCreate("terminating " + String.join(" ", ids), () -> ec2.terminateInstances(r -> r.instanceIds(ids)));
    try (Ec2Waiter w = Ec2Waiter.builder().client(ec2).overrideConfiguration(waitConfig(settings.instanceTimeout())).build()) {
      w.waitUntilInstanceTerminated(r -> r.instanceIds(ids));
    } catch (SdkException e) {
      throw Problem.failed("instances " + String.join(" ", ids) + " did not terminate: " + Ec2Errors.message(e), e);
    }
    return null;
  }

  /** Removes everything tagged with the cluster's name: instances, security groups, key pairs. Safe to repeat. */
  public List<String> destroy(String cluster) {
    List<String> done = new ArrayList<>();
    List<String> ids = instances(cluster).stream().map(Instance::instanceId).toList();
    if (!ids.isEmpty()) {
      out.println("terminating " + ids.size() + " instance(s): " + String.join(" ", ids));
      terminate(ids);
      done.add(ids.size() + " instance(s)");
    }
    for (SecurityGroup g : groups(cluster)) {
      deleteGroup(g.groupId());
      done.add("security group " + g.groupId());
    }
    for (KeyPairInfo k : keyPairs(cluster)) {
      call("deleting key pair " + k.keyName(), () -> ec2.deleteKeyPair(r -> r.keyName(k.keyName())));
      done.add("key pair " + k.keyName());
    }
    return done;
  }

  /** Deletes a security group, retrying while terminated instances' interfaces still hold it. */
  Void deleteGroup(String id) {
    for (int attempt = 1; ; attempt++) {
      try {
        ec2.deleteSecurityGroup(r -> r.groupId(id));
        return null;
      } catch (AwsServiceException e) {
        String code = Ec2Errors.code(e);
        if ("InvalidGroup.NotFound".equals(code)) return null;
        if (!"DependencyViolation".equals(code) || attempt >= 30) throw Ec2Errors.explain("deleting security group " + id, e);
        sleep(settings.poll());
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  RunInstancesRequest runRequest(LaunchSpec spec, NodeSpec n, String groupId, String token) {
    var b = RunInstancesRequest.builder()
        .clientToken(token)
        .imageId(n.ami()).instanceType(n.instanceType()).minCount(n.count()).maxCount(n.count())
        .keyName(spec.keyName())
        .subnetId(spec.subnet().id()).securityGroupIds(groupId)
        .userData(encodeUserData(n.userData()))
        .metadataOptions(m -> m.httpTokens(HttpTokensState.REQUIRED).httpEndpoint(InstanceMetadataEndpointState.ENABLED).httpPutResponseHopLimit(1))
        .blockDeviceMappings(BlockDeviceMapping.builder().deviceName(n.rootDevice())
            .ebs(e -> e.volumeSize(n.volumeGb()).volumeType(VolumeType.GP3).encrypted(true).deleteOnTermination(true)).build())
        .tagSpecifications(tags(ResourceType.INSTANCE, spec.cluster(), n.role(), nodeName(spec.cluster(), n.role()), n.role() == Role.MASTER ? spec.settings() : Map.of()),
            tags(ResourceType.VOLUME, spec.cluster(), n.role(), nodeName(spec.cluster(), n.role())));
    if (n.privateIp() != null) b.privateIpAddress(n.privateIp());
    // the nodes' own credentials (for S3), there from the first boot on
    String profile = spec.settings().get("instance-profile");
    if (profile != null) b.iamInstanceProfile(p -> p.name(profile));
    // idle shutdown stops (EBS and HDFS kept); one-time spot instances cannot be stopped
    b.instanceInitiatedShutdownBehavior(spec.terminateOnShutdown() || n.spot() ? ShutdownBehavior.TERMINATE : ShutdownBehavior.STOP);
    if (n.spot()) b.instanceMarketOptions(m -> m.marketType(MarketType.SPOT).spotOptions(s -> {
      s.spotInstanceType("one-time").instanceInterruptionBehavior("terminate");
      if (n.maxPrice() != null) s.maxPrice(n.maxPrice());
    }));
    return b.build();
  }

  /** User data goes gzip-compressed (cloud-init unpacks it), which keeps it far below EC2's 16 KiB limit. */
  public static String encodeUserData(String script) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(script.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (bytes.size() > USER_DATA_LIMIT) throw Problem.failed("the node setup script is too large for EC2 user data");
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  static List<IpPermission> rules(String groupId, String sshCidr) {
    return List.of(
        IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22)
            .ipRanges(r -> r.cidrIp(sshCidr).description("SSH from the machine that launched the cluster")).build(),
        IpPermission.builder().ipProtocol("-1")
            .userIdGroupPairs(p -> p.groupId(groupId).description("Hadoop between the cluster's own nodes")).build());
  }

  private static TagSpecification tags(ResourceType type, String cluster, Role role, String name) {
    return tags(type, cluster, role, name, Map.of());
  }

  private static TagSpecification tags(ResourceType type, String cluster, Role role, String name, Map<String, String> extra) {
    List<Tag> t = new ArrayList<>();
    t.add(Tag.builder().key("Name").value(name).build());
    t.add(Tag.builder().key(TAG_CLUSTER).value(cluster).build());
    if (role != null) t.add(Tag.builder().key(TAG_ROLE).value(role.tag()).build());
    extra.forEach((k, v) -> t.add(Tag.builder().key(TAG_SETTING + k).value(v).build()));
    return TagSpecification.builder().resourceType(type).tags(t).build();
  }

  public static String groupName(String cluster) { return "netflix-jobs-" + cluster; }
  public static String keyName(String cluster) { return "netflix-jobs-" + cluster; }
  static String nodeName(String cluster, Role role) { return "netflix-jobs-" + cluster + "-" + role.tag(); }
  private static String groupDescription(String cluster) { return "netflix-jobs Hadoop cluster " + cluster; }

  private List<Instance> instances(String cluster) {
    return call("looking up cluster " + cluster, () -> ec2.describeInstancesPaginator(r -> r.filters(
        filter("tag:" + TAG_CLUSTER, cluster), filter("instance-state-name", LIVE_STATES.toArray(String[]::new))))
        .reservations().stream().flatMap(r -> r.instances().stream()).sorted(Comparator.comparing(i -> node(i), NODE_ORDER)).toList());
  }

  private List<SecurityGroup> groups(String cluster) {
    return call("looking up the security group", () -> ec2.describeSecurityGroupsPaginator(r -> r.filters(filter("tag:" + TAG_CLUSTER, cluster)))
        .securityGroups().stream().toList());
  }

  private List<KeyPairInfo> keyPairs(String cluster) {
    return call("looking up key pairs", () -> ec2.describeKeyPairs(r -> r.filters(filter("tag:" + TAG_CLUSTER, cluster))).keyPairs());
  }

  /** Whether a key pair of this name exists in the region. */
  public boolean keyPairExists(String name) {
    try {
      return !ec2.describeKeyPairs(r -> r.keyNames(name)).keyPairs().isEmpty();
    } catch (AwsServiceException e) {
      if ("InvalidKeyPair.NotFound".equals(Ec2Errors.code(e))) return false;
      throw Ec2Errors.explain("looking up key pair " + name, e);
    } catch (SdkException e) {
      throw Ec2Errors.explain("looking up key pair " + name, e);
    }
  }

  static final Comparator<Node> NODE_ORDER = Comparator.comparing((Node n) -> n.role() == Role.MASTER ? 0 : 1)
      .thenComparing(n -> n.launched() == null ? java.time.Instant.EPOCH : n.launched()).thenComparing(Node::id);

  private static Node node(Instance i) {
    return new Node(i.instanceId(), Role.fromTag(tag(i, TAG_ROLE)), i.state().nameAsString(), i.instanceTypeAsString(),
        i.publicIpAddress(), i.privateIpAddress(), i.launchTime(), i.instanceLifecycleAsString() != null && i.instanceLifecycleAsString().equals("spot"));
  }

  private static String tag(Instance i, String key) {
    return i.tags().stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst().orElse(null);
  }

  private static List<Instance> flat(DescribeInstancesResponse r) {
    return r.reservations().stream().map(Reservation::instances).flatMap(List::stream).toList();
  }

  private static Filter filter(String name, String... values) { return Filter.builder().name(name).values(values).build(); }

  private WaiterOverrideConfiguration waitConfig(Duration timeout) {
    int attempts = (int) Math.max(2, timeout.toMillis() / Math.max(1, settings.poll().toMillis()) + 1);
    return WaiterOverrideConfiguration.builder().backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(settings.poll()))
        .maxAttempts(attempts).waitTimeout(timeout).build();
  }

  private static <T> T call(String doing, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw Ec2Errors.explain(doing, e);
    }
  }

  /** A call naming a resource just created: retried while EC2 does not know it yet (see {@link AfterCreate}). */
  private <T> T afterCreate(String doing, Supplier<T> call) {
    return AfterCreate.call(doing, settings.retryBase(), call);
  }

  private static Ledger.Undo undo(String what, java.util.concurrent.Callable<?> action) {
    return new Ledger.Undo() {
      public String what() { return what; }
      public void run() throws Exception { action.call(); }
    };
  }

  static void writePrivateKey(Path file, String material) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.deleteIfExists(file);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, material.endsWith("\n") ? material : material + "\n");
    } catch (IOException e) {
      throw Problem.failed("cannot write the private key to " + file + ": " + e.getMessage());
    }
  }

  private static long toLong(String ip) {
    try {
      return new BigInteger(1, InetAddress.getByName(ip).getAddress()).longValue();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(ip);
    }
  }

  private static String toIp(long v) {
    return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
  }

  private static void sleep(Duration d) { Problem.pause(d); }


  public Settings settings() { return settings; }

  @Override public void close() {
    ec2.close();
    ssm.close();
  }

  // ---------------------------------------------------------------- console output, stop and start

  /** What the instance wrote to its serial console (its boot and cloud-init output), or "" if EC2 has none yet. */
  public String consoleOutput(String id) {
    String b64 = call("reading the console output of " + id, () -> ec2.getConsoleOutput(r -> r.instanceId(id).latest(true)).output());
    return b64 == null ? "" : new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }

  /** Stops instances (their EBS volumes stay) and waits until they are stopped. */
  public void stop(List<String> ids) {
    if (ids.isEmpty()) return;
    call("stopping " + String.join(" ", ids), () -> ec2.stopInstances(r -> r.instanceIds(ids)));
    try (Ec2Waiter w = Ec2Waiter.builder().client(ec2).overrideConfiguration(waitConfig(settings.instanceTimeout())).build()) {
      w.waitUntilInstanceStopped(r -> r.instanceIds(ids));
    } catch (SdkException e) {
      throw Problem.failed("instances " + String.join(" ", ids) + " did not stop: " + Ec2Errors.message(e), e);
    }
  }

  /** Starts stopped instances and waits until they run; returns them, master first. */
  public List<Node> start(List<String> ids) {
    if (ids.isEmpty()) return List.of();
    call("starting " + String.join(" ", ids), () -> ec2.startInstances(r -> r.instanceIds(ids)));
    try (Ec2Waiter w = Ec2Waiter.builder().client(ec2).overrideConfiguration(waitConfig(settings.instanceTimeout())).build()) {
      w.waitUntilInstanceRunning(r -> r.instanceIds(ids));
    } catch (SdkException e) {
      throw Problem.failed("instances " + String.join(" ", ids) + " did not start: " + Ec2Errors.message(e), e);
    }
    return call("looking up the started instances", () -> flat(ec2.describeInstances(q -> q.instanceIds(ids)))).stream()
        .map(Ec2Cloud::node).sorted(NODE_ORDER).toList();
  }
}
