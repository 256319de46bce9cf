package netflixjobs.provision.cloud;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A local stand-in for EC2's Query API (and SSM's GetParameter), answering in EC2's XML shapes
 * (names as in the EC2 API reference: reservationSet/instancesSet/item, instanceState, tagSet,
 * the Response/Errors/Error error envelope). It keeps state (instances, security groups, key
 * pairs), so launch, rollback and destroy can be checked against what is left, records every
 * request, and fails chosen calls on demand.
 */
public final class FakeEc2 implements AutoCloseable {
  public static final String VPC = "vpc-0fake0000000000001";
  public static final String SUBNET = "subnet-0fake000000000001";
  public static final String DEFAULT_SG = "sg-0default000000000001";
  public static final String AMI_X86 = "ami-0fakeal2023x8600001";
  public static final String AMI_ARM = "ami-0fakeal2023arm00001";

  /** One request: its action and parameters as sent. */
  public record Request(String action, Map<String, String> params) {
    public String get(String key) { return params.get(key); }
    public boolean dryRun() { return "true".equals(params.get("DryRun")); }
    /** Values of a list parameter: prefix.1, prefix.2, ... */
    public List<String> list(String prefix) {
      List<String> v = new ArrayList<>();
      for (int i = 1; params.containsKey(prefix + "." + i); i++) v.add(params.get(prefix + "." + i));
      return v;
    }
    /** Tags of the TagSpecification for this resource type. */
    public Map<String, String> tags(String resourceType) {
      Map<String, String> t = new TreeMap<>();
      for (int i = 1; params.containsKey("TagSpecification." + i + ".ResourceType"); i++) {
        if (!params.get("TagSpecification." + i + ".ResourceType").equals(resourceType)) continue;
        for (int j = 1; params.containsKey("TagSpecification." + i + ".Tag." + j + ".Key"); j++)
          t.put(params.get("TagSpecification." + i + ".Tag." + j + ".Key"), params.get("TagSpecification." + i + ".Tag." + j + ".Value"));
      }
      return t;
    }
  }

  record Failure(String code, String message, int status) {}

  static final class Inst {
    String id, type, ami, key, subnet, group, privateIp, publicIp, state = "pending", reason, lifecycle;
    Map<String, String> tags = new LinkedHashMap<>();
    Instant launched;
    int describes;
  }

  static final class Group {
    String id, name, vpc;
    Map<String, String> tags = new LinkedHashMap<>();
    List<String[]> ssh = new ArrayList<>(); // cidr
  }

  public static final Set<String> MUTATING = Set.of("CreateKeyPair", "DeleteKeyPair", "CreateSecurityGroup", "DeleteSecurityGroup",
      "AuthorizeSecurityGroupIngress", "RunInstances", "TerminateInstances", "CreateTags");

  private final HttpServer server;
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<String> accessKeys = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Deque<Failure>> failures = new HashMap<>();
  private final Map<String, Integer> failAtCall = new HashMap<>();
  private final Map<String, AtomicInteger> calls = new HashMap<>();
  final Map<String, Inst> instances = new LinkedHashMap<>();
  final Map<String, Group> groups = new LinkedHashMap<>();
  final Map<String, Map<String, String>> keyPairs = new LinkedHashMap<>();
  private final Map<String, int[]> types = new HashMap<>();
  private final List<String> usedIps = new ArrayList<>(List.of("172.31.0.10", "172.31.0.11"));
  private int ids = 1, ips = 20;
  /** How many DescribeInstances calls a new instance stays pending. */
  public volatile int pendingDescribes = 1;
  /** When set, new instances end as terminated with this reason instead of running. */
  public volatile String terminateOnStart;

  static {
    // without TCP_NODELAY every small request waits out a delayed ACK (about 40 ms)
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  public FakeEc2() throws IOException {
    types.put("t3.medium", new int[] {4096, 2, 0});
    types.put("t3.large", new int[] {8192, 2, 0});
    types.put("m6i.xlarge", new int[] {16384, 4, 0});
    types.put("m6g.xlarge", new int[] {16384, 4, 1});
    types.put("t3.nano", new int[] {512, 2, 0});
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI endpoint() { return URI.create("http://127.0.0.1:" + server.getAddress().getPort()); }

  public List<Request> requests() { synchronized (requests) { return List.copyOf(requests); } }
  public List<Request> requests(String action) { return requests().stream().filter(r -> r.action().equals(action)).toList(); }
  public List<Request> mutating() { return requests().stream().filter(r -> MUTATING.contains(r.action())).toList(); }
  public void clearRequests() { requests.clear(); }

  /** The next calls of {@code action} fail with this error, once per call to this method. */
  public synchronized void failNext(String action, String code, String message, int status) {
    failures.computeIfAbsent(action, k -> new ArrayDeque<>()).add(new Failure(code, message, status));
  }

  /** The next {@code n} calls of {@code action} answer this error, as EC2 does for a while right after a create (eventual consistency). */
  public synchronized void failTimes(String action, String code, int n) {
    for (int i = 0; i < n; i++) failNext(action, code, "The resource does not exist (injected, call " + (i + 1) + " of " + n + ")", 400);
  }

  /** The access key ids that signed the requests so far. */
  public Set<String> accessKeys() { synchronized (accessKeys) { return Set.copyOf(accessKeys); } }

  /** The n-th call (1-based, counting from now) of {@code action} fails with an error the SDK does not retry. */
  public synchronized void failAt(String action, int n) {
    failAtCall.put(action, calls.computeIfAbsent(action, k -> new AtomicInteger()).get() + n);
  }

  public synchronized List<Inst> live() {
    return instances.values().stream().filter(i -> !i.state.equals("terminated")).toList();
  }

  public synchronized int liveWorkers() {
    return (int) instances.values().stream().filter(i -> i.state.equals("running") && "worker".equals(i.tags.get(Ec2Cloud.TAG_ROLE))).count();
  }

  public synchronized List<String> runningWorkerIps() {
    return instances.values().stream().filter(i -> i.state.equals("running") && "worker".equals(i.tags.get(Ec2Cloud.TAG_ROLE)))
        .map(i -> i.privateIp).toList();
  }

  public synchronized int groupCount() { return groups.size(); }
  public synchronized int keyPairCount() { return keyPairs.size(); }

  /** Adds an instance of another account user, untagged, to check that filters leave it alone. */
  public synchronized void addForeignInstance() {
    Inst i = new Inst();
    i.id = "i-0foreign" + (ids++);
    i.type = "t3.large";
    i.state = "running";
    i.privateIp = "172.31.0.99";
    i.launched = Instant.parse("2026-01-01T00:00:00Z");
    instances.put(i.id, i);
  }

  // ------------------------------------------------------------------ HTTP

  private void handle(HttpExchange x) throws IOException {
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    accessKeys.add(String.valueOf(FakeSts.accessKey(x.getRequestHeaders().getFirst("Authorization"))));
    String target = x.getRequestHeaders().getFirst("X-Amz-Target");
    if (target != null) { // SSM's JSON protocol
      requests.add(new Request(target, Map.of("body", body)));
      String failure = failure(target);
      if (failure != null) {
        send(x, 400, "application/x-amz-json-1.1", "{\"__type\":\"" + failure + "\",\"message\":\"injected\"}");
        return;
      }
      String arch = body.contains("arm64") ? "arm64" : "x86_64";
      String name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-" + arch;
      send(x, 200, "application/x-amz-json-1.1", "{\"Parameter\":{\"Name\":\"" + name + "\",\"Type\":\"String\",\"Value\":\""
          + (arch.equals("arm64") ? AMI_ARM : AMI_X86) + "\",\"Version\":118,\"LastModifiedDate\":1.7e9,\"ARN\":\"arn:aws:ssm:us-east-1::parameter"
          + name + "\",\"DataType\":\"aws:ec2:image\"}}");
      return;
    }
    Map<String, String> p = new LinkedHashMap<>();
    for (String kv : body.split("&")) {
      if (kv.isEmpty()) continue;
      int eq = kv.indexOf('=');
      p.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
    }
    String action = p.getOrDefault("Action", "?");
    Request req = new Request(action, p);
    requests.add(req);
    String xml;
    synchronized (this) {
      Failure f = takeFailure(action);
      if (f != null) {
        error(x, f.status(), f.code(), f.message());
        return;
      }
      if (req.dryRun()) {
        error(x, 412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
        return;
      }
      try {
        xml = answer(req);
      } catch (Ec2Error e) {
        error(x, 400, e.code, e.getMessage());
        return;
      }
    }
    send(x, 200, "text/xml;charset=UTF-8", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + action + "Response xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
        + "<requestId>" + java.util.UUID.randomUUID() + "</requestId>" + xml + "</" + action + "Response>");
  }

  private synchronized String failure(String action) {
    Failure f = takeFailure(action);
    return f == null ? null : f.code();
  }

  private Failure takeFailure(String action) {
    int n = calls.computeIfAbsent(action, k -> new AtomicInteger()).incrementAndGet();
    Integer at = failAtCall.get(action);
    if (at != null && at == n) return new Failure("InjectedFailure", "a failure injected at call " + n, 400);
    Deque<Failure> d = failures.get(action);
    return d == null ? null : d.poll();
  }

  static final class Ec2Error extends RuntimeException {
    final String code;
    Ec2Error(String code, String message) { super(message); this.code = code; }
  }

  private static void error(HttpExchange x, int status, String code, String message) throws IOException {
    send(x, status, "text/xml;charset=UTF-8", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + code + "</Code><Message>"
        + esc(message) + "</Message></Error></Errors><RequestID>" + java.util.UUID.randomUUID() + "</RequestID></Response>");
  }

  private static void send(HttpExchange x, int status, String type, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", type);
    x.sendResponseHeaders(status, b.length);
    try (OutputStream o = x.getResponseBody()) {
      o.write(b);
    }
  }

  // ------------------------------------------------------------------ EC2 actions

  private String answer(Request r) {
    switch (r.action()) {
      case "DescribeInstanceTypes": {
        StringBuilder b = new StringBuilder("<instanceTypeSet>");
        List<String> unknown = new ArrayList<>();
        for (String t : r.list("InstanceType")) {
          int[] v = types.get(t);
          if (v == null) { unknown.add(t); continue; }
          b.append("<item><instanceType>").append(t).append("</instanceType><currentGeneration>true</currentGeneration>")
              .append("<processorInfo><supportedArchitectures><item>").append(v[2] == 1 ? "arm64" : "x86_64")
              .append("</item></supportedArchitectures><sustainedClockSpeedInGhz>3.5</sustainedClockSpeedInGhz></processorInfo>")
              .append("<vCpuInfo><defaultVCpus>").append(v[1]).append("</defaultVCpus><defaultCores>").append(Math.max(1, v[1] / 2))
              .append("</defaultCores><defaultThreadsPerCore>2</defaultThreadsPerCore></vCpuInfo>")
              .append("<memoryInfo><sizeInMiB>").append(v[0]).append("</sizeInMiB></memoryInfo></item>");
        }
        if (!unknown.isEmpty()) throw new Ec2Error("InvalidInstanceType", "The following supplied instance types do not exist: " + unknown);
        return b.append("</instanceTypeSet>").toString();
      }
      case "DescribeImages": {
        StringBuilder b = new StringBuilder("<imagesSet>");
        for (String id : r.list("ImageId")) {
          if (!id.equals(AMI_X86) && !id.equals(AMI_ARM)) throw new Ec2Error("InvalidAMIID.NotFound", "The image id '[" + id + "]' does not exist");
          b.append("<item><imageId>").append(id).append("</imageId><imageState>available</imageState><architecture>")
              .append(id.equals(AMI_ARM) ? "arm64" : "x86_64").append("</architecture><imageType>machine</imageType>")
              .append("<rootDeviceType>ebs</rootDeviceType><rootDeviceName>/dev/xvda</rootDeviceName><name>al2023-ami-2023.9</name></item>");
        }
        return b.append("</imagesSet>").toString();
      }
      case "DescribeSubnets": {
        List<String> wanted = r.list("SubnetId");
        if (!wanted.isEmpty() && !wanted.contains(SUBNET)) throw new Ec2Error("InvalidSubnetID.NotFound", "The subnet ID '" + wanted.get(0) + "' does not exist");
        return "<subnetSet><item><subnetId>" + SUBNET + "</subnetId><state>available</state><vpcId>" + VPC + "</vpcId>"
            + "<cidrBlock>172.31.0.0/20</cidrBlock><availableIpAddressCount>4000</availableIpAddressCount><availabilityZone>us-east-1a</availabilityZone>"
            + "<defaultForAz>true</defaultForAz><mapPublicIpOnLaunch>true</mapPublicIpOnLaunch></item></subnetSet>";
      }
      case "DescribeNetworkInterfaces": {
        StringBuilder b = new StringBuilder("<networkInterfaceSet>");
        List<String> all = new ArrayList<>(usedIps);
        instances.values().stream().filter(i -> !i.state.equals("terminated") && i.privateIp != null).forEach(i -> all.add(i.privateIp));
        int n = 0;
        for (String ip : all)
          b.append("<item><networkInterfaceId>eni-0fake").append(n++).append("</networkInterfaceId><subnetId>").append(SUBNET)
              .append("</subnetId><vpcId>").append(VPC).append("</vpcId><privateIpAddress>").append(ip)
              .append("</privateIpAddress><privateIpAddressesSet><item><privateIpAddress>").append(ip)
              .append("</privateIpAddress><primary>true</primary></item></privateIpAddressesSet></item>");
        return b.append("</networkInterfaceSet>").toString();
      }
      case "DescribeKeyPairs": {
        List<String> names = r.list("KeyName");
        for (String n : names) if (!keyPairs.containsKey(n)) throw new Ec2Error("InvalidKeyPair.NotFound", "The key pair '" + n + "' does not exist");
        StringBuilder b = new StringBuilder("<keySet>");
        keyPairs.forEach((name, tags) -> {
          if (!names.isEmpty() && !names.contains(name)) return;
          if (!matches(r, tags, Map.of("key-name", name))) return;
          b.append("<item><keyPairId>key-0").append(Math.abs(name.hashCode())).append("</keyPairId><keyName>").append(name)
              .append("</keyName><keyType>ed25519</keyType><keyFingerprint>ab:cd</keyFingerprint>").append(tagSet(tags)).append("</item>");
        });
        return b.append("</keySet>").toString();
      }
      case "CreateKeyPair": {
        String name = r.get("KeyName");
        if (keyPairs.containsKey(name)) throw new Ec2Error("InvalidKeyPair.Duplicate", "The keypair already exists");
        keyPairs.put(name, r.tags("key-pair"));
        return "<keyName>" + name + "</keyName><keyFingerprint>ab:cd</keyFingerprint><keyMaterial>-----BEGIN OPENSSH PRIVATE KEY-----\nZmFrZQ==\n-----END OPENSSH PRIVATE KEY-----</keyMaterial><keyPairId>key-0"
            + Math.abs(name.hashCode()) + "</keyPairId>";
      }
      case "DeleteKeyPair":
        keyPairs.remove(r.get("KeyName"));
        return "<return>true</return>";
      case "DescribeSecurityGroups": {
        StringBuilder b = new StringBuilder("<securityGroupInfo>");
        if (r.toString().contains("group-name") && r.params().containsValue("default"))
          b.append("<item><ownerId>123456789012</ownerId><groupId>").append(DEFAULT_SG).append("</groupId><groupName>default</groupName><groupDescription>default VPC security group</groupDescription><vpcId>")
              .append(VPC).append("</vpcId><ipPermissions/><ipPermissionsEgress/></item>");
        for (Group g : groups.values()) {
          if (!matches(r, g.tags, Map.of("vpc-id", g.vpc, "group-name", g.name))) continue;
          b.append("<item><ownerId>123456789012</ownerId><groupId>").append(g.id).append("</groupId><groupName>").append(g.name)
              .append("</groupName><groupDescription>d</groupDescription><vpcId>").append(g.vpc).append("</vpcId><ipPermissions>");
          for (String[] s : g.ssh)
            b.append("<item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>22</toPort><groups/><ipRanges><item><cidrIp>")
                .append(s[0]).append("</cidrIp></item></ipRanges></item>");
          b.append("</ipPermissions>").append(tagSet(g.tags)).append("</item>");
        }
        return b.append("</securityGroupInfo>").toString();
      }
      case "CreateSecurityGroup": {
        for (Group g : groups.values())
          if (g.name.equals(r.get("GroupName")) && g.vpc.equals(r.get("VpcId")))
            throw new Ec2Error("InvalidGroup.Duplicate", "The security group '" + g.name + "' already exists for VPC '" + g.vpc + "'");
        Group g = new Group();
        g.id = String.format("sg-0fake%012d", ids++);
        g.name = r.get("GroupName");
        g.vpc = r.get("VpcId");
        g.tags = r.tags("security-group");
        groups.put(g.id, g);
        return "<return>true</return><groupId>" + g.id + "</groupId>";
      }
      case "AuthorizeSecurityGroupIngress": {
        Group g = groups.get(r.get("GroupId"));
        if (g == null) throw new Ec2Error("InvalidGroup.NotFound", "The security group '" + r.get("GroupId") + "' does not exist");
        for (int i = 1; r.params().containsKey("IpPermissions." + i + ".IpProtocol"); i++)
          for (int j = 1; r.params().containsKey("IpPermissions." + i + ".IpRanges." + j + ".CidrIp"); j++)
            g.ssh.add(new String[] {r.get("IpPermissions." + i + ".IpRanges." + j + ".CidrIp")});
        return "<return>true</return>";
      }
      case "DeleteSecurityGroup": {
        String id = r.get("GroupId");
        if (!groups.containsKey(id)) throw new Ec2Error("InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
        if (instances.values().stream().anyMatch(i -> id.equals(i.group) && !i.state.equals("terminated")))
          throw new Ec2Error("DependencyViolation", "resource " + id + " has a dependent object");
        groups.remove(id);
        return "<return>true</return>";
      }
      case "RunInstances": {
        int n = Integer.parseInt(r.get("MinCount"));
        String ip = r.get("PrivateIpAddress");
        if (ip != null && (usedIps.contains(ip) || instances.values().stream().anyMatch(i -> ip.equals(i.privateIp) && !i.state.equals("terminated"))))
          throw new Ec2Error("InvalidIPAddress.InUse", "Address " + ip + " is in use.");
        if (!types.containsKey(r.get("InstanceType"))) throw new Ec2Error("InvalidParameterValue", "Invalid value '" + r.get("InstanceType") + "' for InstanceType.");
        if (!groups.containsKey(r.get("SecurityGroupId.1"))) throw new Ec2Error("InvalidGroup.NotFound", "The security group does not exist");
        String profile = r.get("IamInstanceProfile.Name");
        if (profile != null && !profile.equals("netflix-jobs-nodes"))
          throw new Ec2Error("InvalidParameterValue", "Value (" + profile + ") for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name");
        StringBuilder b = new StringBuilder("<reservationId>r-0fake").append(ids++).append("</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet>");
        for (int k = 0; k < n; k++) {
          Inst i = new Inst();
          i.id = String.format("i-0fake%010d", ids++);
          i.type = r.get("InstanceType");
          i.ami = r.get("ImageId");
          i.key = r.get("KeyName");
          i.subnet = r.get("SubnetId");
          i.group = r.get("SecurityGroupId.1");
          i.privateIp = ip != null ? ip : "172.31.1." + (ips++);
          i.tags = r.tags("instance");
          i.launched = Instant.now().plusMillis(ids);
          i.lifecycle = "spot".equals(r.get("InstanceMarketOptions.MarketType")) ? "spot" : null;
          instances.put(i.id, i);
          b.append(xml(i));
        }
        return b.append("</instancesSet>").toString();
      }
      case "DescribeInstances": {
        List<String> wanted = r.list("InstanceId");
        for (String id : wanted) if (!instances.containsKey(id)) throw new Ec2Error("InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
        StringBuilder b = new StringBuilder("<reservationSet>");
        for (Inst i : instances.values()) {
          if (!wanted.isEmpty() && !wanted.contains(i.id)) continue;
          advance(i);
          if (!matches(r, i.tags, Map.of("instance-state-name", i.state))) continue;
          b.append("<item><reservationId>r-0fake</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet>").append(xml(i))
              .append("</instancesSet></item>");
        }
        return b.append("</reservationSet>").toString();
      }
      case "TerminateInstances": {
        StringBuilder b = new StringBuilder("<instancesSet>");
        for (String id : r.list("InstanceId")) {
          Inst i = instances.get(id);
          if (i == null) throw new Ec2Error("InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
          String before = i.state;
          if (!i.state.equals("terminated")) i.state = "shutting-down";
          b.append("<item><instanceId>").append(id).append("</instanceId><currentState><code>32</code><name>").append(i.state)
              .append("</name></currentState><previousState><code>16</code><name>").append(before).append("</name></previousState></item>");
        }
        return b.append("</instancesSet>").toString();
      }
      case "GetConsoleOutput": {
        Inst i = instances.get(r.get("InstanceId"));
        if (i == null) throw new Ec2Error("InvalidInstanceID.NotFound", "The instance ID '" + r.get("InstanceId") + "' does not exist");
        String console = "[  OK  ] Started cloud-init.service\ncloud-init[1234]: netflix-jobs setup on " + i.id + ": step 2/9 installing Java\n";
        return "<instanceId>" + i.id + "</instanceId><timestamp>" + Instant.now() + "</timestamp><output>"
            + java.util.Base64.getEncoder().encodeToString(console.getBytes(StandardCharsets.UTF_8)) + "</output>";
      }
      case "StopInstances":
      case "StartInstances": {
        boolean stop = r.action().equals("StopInstances");
        StringBuilder b = new StringBuilder("<instancesSet>");
        for (String id : r.list("InstanceId")) {
          Inst i = instances.get(id);
          if (i == null) throw new Ec2Error("InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
          if (stop && i.lifecycle != null) throw new Ec2Error("UnsupportedOperation", "You can't stop the Spot Instance '" + id + "' because it is associated with a one-time Spot Instance request.");
          String before = i.state;
          if (stop && i.state.equals("running")) {
            i.state = "stopped"; // EC2 answers stopping, then stopped; the public address goes, the private one stays
            i.publicIp = null;
          } else if (!stop && i.state.equals("stopped")) {
            i.state = "pending";
            i.describes = 0;
          }
          b.append("<item><instanceId>").append(id).append("</instanceId><currentState><code>").append(stop ? 64 : 0).append("</code><name>")
              .append(stop ? "stopping" : "pending").append("</name></currentState><previousState><code>16</code><name>").append(before)
              .append("</name></previousState></item>");
        }
        return b.append("</instancesSet>").toString();
      }
      default:
        throw new Ec2Error("InvalidAction", "The action " + r.action() + " is not valid for this web service.");
    }
  }

  private void advance(Inst i) {
    i.describes++;
    if (i.state.equals("pending") && i.describes > pendingDescribes) {
      if (terminateOnStart != null) {
        i.state = "terminated";
        i.reason = terminateOnStart;
      } else {
        i.state = "running";
        i.publicIp = "198.51.100." + (10 + (ids++ % 200));
      }
    } else if (i.state.equals("shutting-down")) {
      i.state = "terminated";
      i.reason = "Client.UserInitiatedShutdown: User initiated shutdown";
    }
  }

  private static String xml(Inst i) {
    int code = switch (i.state) { case "pending" -> 0; case "running" -> 16; case "shutting-down" -> 32; case "terminated" -> 48; default -> 80; };
    StringBuilder b = new StringBuilder("<item><instanceId>").append(i.id).append("</instanceId><imageId>").append(i.ami)
        .append("</imageId><instanceState><code>").append(code).append("</code><name>").append(i.state).append("</name></instanceState>")
        .append("<privateDnsName>ip-").append(i.privateIp.replace('.', '-')).append(".ec2.internal</privateDnsName>")
        .append("<keyName>").append(i.key).append("</keyName><instanceType>").append(i.type).append("</instanceType>")
        .append("<launchTime>").append(i.launched).append("</launchTime><placement><availabilityZone>us-east-1a</availabilityZone></placement>")
        .append("<subnetId>").append(i.subnet).append("</subnetId><vpcId>").append(VPC).append("</vpcId>")
        .append("<privateIpAddress>").append(i.privateIp).append("</privateIpAddress>");
    if (i.publicIp != null && !i.state.equals("terminated")) b.append("<ipAddress>").append(i.publicIp).append("</ipAddress>");
    if (i.reason != null) b.append("<stateReason><code>Server.InsufficientInstanceCapacity</code><message>").append(esc(i.reason)).append("</message></stateReason>");
    if (i.lifecycle != null) b.append("<instanceLifecycle>").append(i.lifecycle).append("</instanceLifecycle>");
    b.append("<groupSet><item><groupId>").append(i.group).append("</groupId><groupName>g</groupName></item></groupSet>")
        .append("<rootDeviceType>ebs</rootDeviceType><rootDeviceName>/dev/xvda</rootDeviceName><architecture>x86_64</architecture>")
        .append(tagSet(i.tags)).append("</item>");
    return b.toString();
  }

  private static String tagSet(Map<String, String> tags) {
    StringBuilder b = new StringBuilder("<tagSet>");
    tags.forEach((k, v) -> b.append("<item><key>").append(esc(k)).append("</key><value>").append(esc(v)).append("</value></item>"));
    return b.append("</tagSet>").toString();
  }

  /** EC2's filters: tag:KEY, tag-key and the given attributes; every filter must match one of its values. */
  private static boolean matches(Request r, Map<String, String> tags, Map<String, String> attributes) {
    for (int i = 1; r.params().containsKey("Filter." + i + ".Name"); i++) {
      String name = r.get("Filter." + i + ".Name");
      List<String> values = r.list("Filter." + i + ".Value");
      Predicate<String> ok = values::contains;
      boolean match;
      if (name.startsWith("tag:")) match = tags.containsKey(name.substring(4)) && ok.test(tags.get(name.substring(4)));
      else if (name.equals("tag-key")) match = values.stream().anyMatch(tags::containsKey);
      else if (attributes.containsKey(name)) match = ok.test(attributes.get(name));
      else match = true;
      if (!match) return false;
    }
    return true;
  }

  private static String esc(String s) { return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"); }

  @Override public void close() { server.stop(0); }
}
