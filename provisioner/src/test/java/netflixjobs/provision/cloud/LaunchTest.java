package netflixjobs.provision.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** launch and destroy through the real SDK clients against the fake EC2: what is sent, what is left. */
class LaunchTest {
  @TempDir Path state;
  Harness h;

  @BeforeEach void start() throws Exception { h = new Harness(state); }
  @AfterEach void stop() { h.close(); }

  static String userData(FakeEc2.Request run) throws Exception {
    byte[] gz = Base64.getDecoder().decode(run.get("UserData"));
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  int launch(String... extra) {
    String[] base = {"--name", "t1", "--workers", "2", "--instance-type", "t3.large", "--yes"};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return h.run(all);
  }

  @Test void launchSendsALockedDownClusterAndWaitsUntilHealthy() throws Exception {
    assertEquals(0, launch(), h.out + h.err);
    // security group: SSH from the caller's /32 only, everything else only from the group itself
    FakeEc2.Request auth = h.ec2.requests("AuthorizeSecurityGroupIngress").get(0);
    String group = h.ec2.requests("CreateSecurityGroup").isEmpty() ? null : h.ec2.groups.keySet().iterator().next();
    assertEquals(group, auth.get("GroupId"));
    assertEquals("tcp", auth.get("IpPermissions.1.IpProtocol"));
    assertEquals("22", auth.get("IpPermissions.1.FromPort"));
    assertEquals("22", auth.get("IpPermissions.1.ToPort"));
    assertEquals("203.0.113.7/32", auth.get("IpPermissions.1.IpRanges.1.CidrIp"));
    assertNull(auth.get("IpPermissions.1.IpRanges.2.CidrIp"));
    assertEquals("-1", auth.get("IpPermissions.2.IpProtocol"));
    assertEquals(group, auth.get("IpPermissions.2.Groups.1.GroupId"));
    assertNull(auth.get("IpPermissions.2.IpRanges.1.CidrIp"), "Hadoop ports are open to the group only");
    for (FakeEc2.Request r : h.ec2.requests()) assertFalse(r.params().containsValue("0.0.0.0/0"), r.toString());
    // tags on everything created
    assertEquals(Map.of("Name", "netflix-jobs-t1", Ec2Cloud.TAG_CLUSTER, "t1"), h.ec2.requests("CreateSecurityGroup").get(0).tags("security-group"));
    assertEquals(Map.of("Name", "netflix-jobs-t1", Ec2Cloud.TAG_CLUSTER, "t1"), h.ec2.requests("CreateKeyPair").get(0).tags("key-pair"));
    List<FakeEc2.Request> runs = h.ec2.requests("RunInstances");
    assertEquals(2, runs.size());
    FakeEc2.Request master = runs.get(0), workers = runs.get(1);
    assertEquals("master", master.tags("instance").get(Ec2Cloud.TAG_ROLE));
    assertEquals("t1", master.tags("instance").get(Ec2Cloud.TAG_CLUSTER));
    assertEquals("3.5.0", master.tags("instance").get("netflix-jobs:hadoop-version"));
    assertEquals("worker", workers.tags("instance").get(Ec2Cloud.TAG_ROLE));
    assertEquals("worker", workers.tags("volume").get(Ec2Cloud.TAG_ROLE));
    assertEquals("2", workers.get("MinCount"));
    assertEquals("2", workers.get("MaxCount"));
    for (FakeEc2.Request r : runs) {
      assertEquals("required", r.get("MetadataOptions.HttpTokens"), "IMDSv2 only");
      assertEquals("true", r.get("BlockDeviceMapping.1.Ebs.Encrypted"));
      assertEquals("/dev/xvda", r.get("BlockDeviceMapping.1.DeviceName"));
      assertEquals("gp3", r.get("BlockDeviceMapping.1.Ebs.VolumeType"));
      assertEquals(FakeEc2.AMI_X86, r.get("ImageId"), "the image comes from the SSM parameter");
      assertEquals("netflix-jobs-t1", r.get("KeyName"));
      assertEquals(group, r.get("SecurityGroupId.1"));
      assertEquals("stop", r.get("InstanceInitiatedShutdownBehavior"), "idle shutdown stops the instances, keeping HDFS on EBS");
      assertNotNull(r.get("ClientToken"));
    }
    // user data: role, master address known before launch, no credentials
    String masterIp = master.get("PrivateIpAddress");
    assertNotNull(masterIp);
    assertNull(workers.get("PrivateIpAddress"));
    String mud = userData(master), wud = userData(workers);
    assertTrue(mud.contains("readonly S3A='false'") && wud.contains("readonly S3A='false'"), "no instance profile: no S3A fetch");
    assertTrue(mud.contains("readonly ROLE='master'"), mud);
    assertTrue(wud.contains("readonly ROLE='worker'"));
    assertTrue(wud.contains("<value>hdfs://" + masterIp + ":8020</value>"), "workers find the master");
    for (String ud : List.of(mud, wud)) {
      assertFalse(ud.contains(Harness.ACCESS_KEY) || ud.contains(Harness.SECRET) || ud.contains("AWS_SECRET"), "no credentials in user data");
      assertFalse(ud.contains("{{"), "every template key rendered");
    }
    assertFalse((h.out + h.err).contains(Harness.SECRET), "no credentials in the output");
    // what is left: the cluster, running, and the private key with mode 600
    assertEquals(3, h.ec2.live().size());
    Path key = state.resolve("keys/netflix-jobs-t1.pem");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertTrue(h.out.contains("cluster t1 is up"), h.out);
    assertTrue(h.out.contains("2 datanodes, 2 node managers"), h.out);
    assertTrue(h.out.contains("cost: about $"), h.out);
    assertTrue(h.remote.commands.stream().anyMatch(c -> c.contains("curl -sf -m 10 'http://" + masterIp + ":9870/jmx")),
        "health is read from the NameNode's JMX on the master");
    assertTrue(h.remote.commands.stream().anyMatch(c -> c.contains("/workers")), "the workers file is written on the master");
  }

  /** Nothing of the cluster is left in EC2 or on disk. */
  void assertNothingLeft() {
    assertEquals(List.of(), h.ec2.live().stream().map(i -> i.id).toList(), "instances left");
    assertEquals(0, h.ec2.groupCount(), "security groups left");
    assertEquals(0, h.ec2.keyPairCount(), "key pairs left");
    assertFalse(Files.exists(state.resolve("keys/netflix-jobs-t1.pem")), "private key file left");
  }

  @ParameterizedTest(name = "failure in {0} call {1}")
  @CsvSource({"CreateKeyPair,1", "CreateSecurityGroup,1", "AuthorizeSecurityGroupIngress,1", "RunInstances,1", "RunInstances,2",
      "DescribeInstances,2"})
  void aFailureAtAnyStepRemovesEverythingThisLaunchCreated(String action, int call) {
    h.ec2.failAt(action, call);
    assertEquals(1, launch(), h.out + h.err);
    assertTrue(h.err.contains("launch failed"), h.err);
    assertTrue(h.err.contains("nothing of this launch is left"), h.err);
    assertNothingLeft();
  }

  @Test void instancesThatEndWhileStartingAreReportedWithEc2sReasonAndRolledBack() {
    h.ec2.terminateOnStart = "Server.InsufficientInstanceCapacity: insufficient capacity";
    assertEquals(1, launch());
    assertTrue(h.err.contains("insufficient capacity"), h.err);
    assertNothingLeft();
  }

  @Test void aNodeWhoseSetupFailsRollsTheLaunchBack() {
    h.remote.setupFails = "Hadoop tarball SHA-512 mismatch";
    assertEquals(1, launch());
    assertTrue(h.err.contains("SHA-512 mismatch"), h.err);
    assertNothingLeft();
  }

  @Test void nodesStillBootingAreWaitedForButARefusedKeyFailsTheLaunch() {
    h.remote.unreachable = 7; // sshd not up yet on the first polls
    assertEquals(0, launch(), h.err);
    assertTrue(h.out.contains("ssh: 0 of 3 nodes reachable"), h.out);
    assertEquals(0, h.run("destroy", "--name", "t1", "--yes"));
    h.remote.refuseKey = true;
    assertEquals(1, launch());
    assertTrue(h.err.contains("keeps refusing the SSH key"), h.err);
    assertNothingLeft();
  }

  @Test void noCapacityGivesAClearMessageAndRollsBack() {
    h.ec2.failNext("RunInstances", "InsufficientInstanceCapacity",
        "We currently do not have sufficient t3.large capacity in the Availability Zone you requested (us-east-1a).", 500);
    h.ec2.failNext("RunInstances", "InsufficientInstanceCapacity", "no capacity", 500);
    h.ec2.failNext("RunInstances", "InsufficientInstanceCapacity", "no capacity", 500);
    h.ec2.failNext("RunInstances", "InsufficientInstanceCapacity", "no capacity", 500);
    assertEquals(1, launch());
    assertTrue(h.err.contains("not enough capacity"), h.err);
    assertNothingLeft();
  }

  @Test void throttlingIsRetried() {
    h.ec2.failNext("DescribeInstanceTypes", "RequestLimitExceeded", "Request limit exceeded.", 503);
    h.ec2.failNext("CreateSecurityGroup", "RequestLimitExceeded", "Request limit exceeded.", 503);
    h.ec2.failNext("RunInstances", "RequestLimitExceeded", "Request limit exceeded.", 503);
    assertEquals(0, launch(), h.err);
    assertEquals(2, h.ec2.requests("CreateSecurityGroup").size());
    assertEquals(1, h.ec2.groupCount());
    assertEquals(3, h.ec2.requests("RunInstances").size());
    List<String> tokens = h.ec2.requests("RunInstances").stream().map(r -> r.get("ClientToken")).toList();
    assertEquals(tokens.get(0), tokens.get(1), "a retried RunInstances keeps its client token, so EC2 starts it once");
    assertEquals(3, h.ec2.live().size());
  }

  @Test void aTakenMasterAddressIsReplacedAndRendered() {
    h.ec2.failNext("RunInstances", "InvalidIPAddress.InUse", "Address 172.31.3.3 is in use.", 400);
    assertEquals(0, launch(), h.err);
    List<FakeEc2.Request> runs = h.ec2.requests("RunInstances");
    assertEquals(3, runs.size());
    assertTrue(h.out.contains("was taken meanwhile"), h.out);
  }

  @Test void launchingARunningClusterAgainChangesNothing() {
    assertEquals(0, launch());
    h.ec2.clearRequests();
    assertEquals(2, launch());
    assertTrue(h.err.contains("cluster t1 already exists"), h.err);
    assertEquals(List.of(), h.ec2.mutating(), "nothing sent that changes anything");
    assertEquals(3, h.ec2.live().size());
  }

  @Test void destroyRemovesEverythingAndIsSafeToRepeat() {
    assertEquals(0, launch());
    assertEquals(0, h.run("destroy", "--name", "t1", "--yes"), h.err);
    assertTrue(h.out.contains("destroyed cluster t1"), h.out);
    assertNothingLeft();
    h.ec2.clearRequests();
    assertEquals(0, h.run("destroy", "--name", "t1", "--yes"), h.err);
    assertTrue(h.out.contains("nothing to destroy"), h.out);
    assertEquals(List.of(), h.ec2.mutating());
  }

  @Test void destroyLeavesOtherInstancesAlone() {
    h.ec2.addForeignInstance();
    assertEquals(0, launch());
    assertEquals(0, h.run("destroy", "--name", "t1", "--yes"));
    assertEquals(1, h.ec2.live().size());
    assertTrue(h.ec2.live().get(0).id.startsWith("i-0foreign"));
  }

  @Test void destroyAsksFirst() {
    assertEquals(0, launch());
    h.input = "n\n";
    assertEquals(1, h.run("destroy", "--name", "t1"));
    assertEquals(3, h.ec2.live().size());
  }

  @Test void launchAsksBeforeSpendingAndCreatesNothingOnNo() {
    h.input = "no\n";
    assertEquals(1, h.run("--name", "t1", "--workers", "2", "--instance-type", "t3.large"));
    double expected = 3 * 0.0832 + 3 * 100 * 0.08 / 730; // conf/prices.tsv: t3.large and gp3 in us-east-1
    assertTrue(h.out.contains(String.format(java.util.Locale.ROOT, "cost: about $%.2f an hour", expected)), h.out);
    assertTrue(h.out.contains("Launch cluster t1? [y/N]"), h.out);
    assertEquals(List.of(), h.ec2.mutating());
  }

  @Test void dryRunSendsEveryCreatingCallWithDryRunAndCreatesNothing() {
    assertEquals(0, h.run("launch", "--name", "t1", "--workers", "3", "--instance-type", "t3.large", "--dry-run"), h.err);
    List<FakeEc2.Request> m = h.ec2.mutating();
    assertEquals(List.of("CreateKeyPair", "CreateSecurityGroup", "AuthorizeSecurityGroupIngress", "RunInstances", "RunInstances"),
        m.stream().map(FakeEc2.Request::action).toList());
    for (FakeEc2.Request r : m) assertTrue(r.dryRun(), r.action());
    assertEquals(0, h.ec2.groupCount() + h.ec2.keyPairCount() + h.ec2.live().size());
    assertTrue(h.out.contains("--- core-site.xml"), h.out);
    assertTrue(h.out.contains("--- user-data of the master"), h.out);
    assertTrue(h.out.contains("RunInstances 3 x t3.large (worker): allowed"), h.out);
    assertTrue(h.out.contains("cost: about $"), h.out);
    assertFalse(Files.exists(state.resolve("keys")));
  }

  @Test void dryRunReportsCallsTheCredentialsMayNotMake() {
    h.ec2.failNext("RunInstances", "UnauthorizedOperation", "You are not authorized to perform this operation.", 403);
    assertEquals(1, h.run("launch", "--name", "t1", "--workers", "1", "--instance-type", "t3.large", "--dry-run"));
    assertTrue(h.out.contains("(master): NOT ALLOWED"), h.out);
  }

  @Test void spotAndAnExistingKeyPair() throws Exception {
    Path key = Files.writeString(state.resolve("mine.pem"), "k");
    assertEquals(2, h.run("launch", "--name", "t1", "--workers", "1", "--instance-type", "t3.large", "--yes", "--spot", "--max-price", "0.05",
        "--key-name", "mine", "--identity-file", key.toString()), h.err);
    // no such key pair in the fake: refused before anything is created
    assertTrue(h.err.contains("key pair mine does not exist"), h.err);
    assertEquals(List.of(), h.ec2.mutating());
    h.ec2.keyPairs.put("mine", Map.of());
    assertEquals(0, h.run("launch", "--name", "t1", "--workers", "1", "--instance-type", "t3.large", "--yes", "--spot", "--max-price", "0.05",
        "--key-name", "mine", "--identity-file", key.toString()), h.err);
    FakeEc2.Request master = h.ec2.requests("RunInstances").get(0), run = h.ec2.requests("RunInstances").get(1);
    assertNull(master.get("InstanceMarketOptions.MarketType"), "the master stays on-demand: a reclaimed master loses the cluster");
    assertEquals("stop", master.get("InstanceInitiatedShutdownBehavior"));
    assertEquals("spot", run.get("InstanceMarketOptions.MarketType"));
    assertEquals("0.05", run.get("InstanceMarketOptions.SpotOptions.MaxPrice"));
    assertEquals("terminate", run.get("InstanceInitiatedShutdownBehavior"), "one-time spot instances cannot stop");
    assertEquals("mine", run.get("KeyName"));
    assertTrue(h.ec2.requests("CreateKeyPair").isEmpty());
  }

  @Test void spotMasterOptsTheMasterIn() {
    assertEquals(2, h.run("launch", "--name", "t1", "--workers", "1", "--instance-type", "t3.large", "--yes", "--spot-master"));
    assertTrue(h.err.contains("--spot-master applies with --spot only"), h.err);
    assertEquals(0, h.run("launch", "--name", "t1", "--workers", "1", "--instance-type", "t3.large", "--yes", "--spot", "--spot-master"), h.err);
    for (FakeEc2.Request r : h.ec2.requests("RunInstances")) assertEquals("spot", r.get("InstanceMarketOptions.MarketType"));
  }

  @Test void aFailedSetupShowsTheEndOfEachNodesLogBeforeTheRollback() {
    h.remote.setupFails = "curl: (28) Operation timed out fetching hadoop-3.4.3.tar.gz";
    assertEquals(1, launch());
    assertEquals(3, h.out.lines().filter(l -> l.matches("--- (master|worker) i-0fake\\d+, last lines of /var/log/netflix-jobs-setup.log:")).count(), h.out);
    assertTrue(h.out.contains("curl: (28) Operation timed out"), h.out);
    assertTrue(h.out.indexOf("last lines of") < h.out.indexOf("rolled back:"), "evidence first, then the rollback: " + h.out);
    assertNothingLeft();
  }

  @Test void withoutSshTheEvidenceIsEc2sConsoleOutput() {
    h.remote.down = true;
    assertEquals(1, launch());
    assertTrue(h.out.contains("last lines of EC2 console output:"), h.out);
    assertTrue(h.out.contains("step 2/9 installing Java"), h.out);
    assertEquals(3, h.ec2.requests("GetConsoleOutput").size());
    assertNothingLeft();
  }

  @ParameterizedTest(name = "kept after a failure in {0}")
  @CsvSource({"CreateSecurityGroup", "RunInstances", "setup", "health"})
  void keepOnFailureKeepsTheNodesAndTheKeyAndSaysHowToLogIn(String step) {
    switch (step) {
      case "setup" -> h.remote.setupFails = "dnf failed";
      case "health" -> h.remote.silentWorkers = 1; // one DataNode and NodeManager never report: the health wait times out
      default -> h.ec2.failAt(step, 1);
    }
    assertEquals(1, launch("--keep-on-failure"), h.out + h.err);
    assertTrue(h.err.contains("kept for inspection (--keep-on-failure)"), h.err);
    assertTrue(Files.exists(state.resolve("keys/netflix-jobs-t1.pem")), "the private key is kept");
    assertEquals(1, h.ec2.keyPairCount());
    if (!step.equals("CreateSecurityGroup")) assertTrue(h.err.contains("destroy --name t1"), h.err);
    if (step.equals("setup") || step.equals("health")) {
      assertEquals(3, h.ec2.live().size(), "the nodes are kept");
      assertTrue(h.err.matches("(?s).*log in with ssh -i \\S+netflix-jobs-t1.pem ec2-user@198\\.51\\.100\\.\\d+.*"), h.err);
    }
    assertEquals(0, h.run("destroy", "--name", "t1", "--yes"), h.err);
    assertNothingLeft();
  }

  @Test void anInstanceProfileIsAttachedToEveryNodeAndToAddedWorkers() throws Exception {
    assertEquals(0, launch("--instance-profile", "netflix-jobs-nodes"), h.err);
    // given at RunInstances, so the nodes have their credentials from the first boot (the setup may read S3)
    List<FakeEc2.Request> runs = h.ec2.requests("RunInstances").stream().filter(r -> !r.dryRun()).toList();
    assertEquals(2, runs.size());
    for (FakeEc2.Request r : runs) assertEquals("netflix-jobs-nodes", r.get("IamInstanceProfile.Name"));
    // with S3 credentials the nodes set up S3A: the SDK bundle conf/hadoop-aws-sdk.tsv pins for the release
    String sdk = "readonly AWS_SDK_VERSION='2.35.4'"; // Hadoop 3.5.0's, in conf/hadoop-aws-sdk.tsv
    for (FakeEc2.Request r : runs) assertTrue(userData(r).contains("readonly S3A='true'") && userData(r).contains(sdk), userData(r));
    assertEquals(0, h.run("add-workers", "1", "--name", "t1", "--yes"), h.err);
    List<FakeEc2.Request> more = h.ec2.requests("RunInstances");
    assertEquals("netflix-jobs-nodes", more.get(more.size() - 1).get("IamInstanceProfile.Name"), "the added worker gets it too (from the master's tags)");
    assertTrue(userData(more.get(more.size() - 1)).contains(sdk), "the added worker takes the bundle from the master too");
    assertEquals(0, h.run("destroy", "--name", "t1", "--yes"));
    assertEquals(2, launch("--instance-profile", "no-such-profile"), "a profile that does not exist is bad input, rolled back");
    assertTrue(h.err.contains("Invalid IAM Instance Profile name"), h.err);
    assertNothingLeft();
  }

  @Test void aLocalHadoopTarballIsUploadedToTheMasterAndItsSha512Rendered() throws Exception {
    Path tarball = Files.write(state.resolve("hadoop-3.4.3.tar.gz"), "not really a tarball\n".getBytes(StandardCharsets.UTF_8));
    String sha512 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(tarball)));
    h.remote.unreachable = 2;
    assertEquals(0, launch("--hadoop-tarball", tarball.toString()), h.err);
    String master = h.ec2.requests("RunInstances").get(0).params().get("PrivateIpAddress");
    assertTrue(userData(h.ec2.requests("RunInstances").get(0)).contains("readonly HADOOP_SHA512='" + sha512 + "'"));
    List<String> cmds = h.remote.commands;
    int upload = indexOf(cmds, "(upload) " + tarball + " -> /var/lib/netflix-jobs/upload/hadoop.tar.gz");
    int done = indexOf(cmds, "touch /var/lib/netflix-jobs/upload/done");
    assertTrue(upload >= 0 && done > upload, "the tarball, then the done marker: " + cmds);
    assertTrue(h.out.contains("uploading " + tarball + " to the master"), h.out + master);
    assertTrue(userData(h.ec2.requests("RunInstances").get(0)).contains("readonly HADOOP_SOURCE='upload'"));
    assertTrue(userData(h.ec2.requests("RunInstances").get(1)).contains("readonly HADOOP_SOURCE='upload'"), "the workers wait longer for the master");
    assertEquals(2, h.run("launch", "--name", "t2", "--workers", "1", "--instance-type", "t3.large", "--yes", "--hadoop-tarball", "s3://b/k.tar.gz"));
    assertTrue(h.err.contains("pass --instance-profile too"), h.err);
    assertEquals(2, h.run("launch", "--name", "t2", "--workers", "1", "--instance-type", "t3.large", "--yes", "--hadoop-tarball", "no-such.tar.gz"));
    assertTrue(h.err.contains("is neither a file nor an s3://bucket/key address"), h.err);
  }

  @Test void anS3TarballIsFetchedByTheMasterWithItsInstanceProfile() throws Exception {
    assertEquals(0, launch("--hadoop-tarball", "s3://my-bucket/hadoop/hadoop-3.5.0.tar.gz", "--instance-profile", "netflix-jobs-nodes"), h.err);
    for (FakeEc2.Request run : h.ec2.requests("RunInstances").stream().filter(r -> !r.dryRun()).toList()) {
      assertTrue(userData(run).contains("readonly HADOOP_SOURCE='s3://my-bucket/hadoop/hadoop-3.5.0.tar.gz'"));
      assertEquals("netflix-jobs-nodes", run.get("IamInstanceProfile.Name"));
    }
    assertEquals(0, h.run("add-workers", "1", "--name", "t1", "--yes"), h.err);
    List<FakeEc2.Request> runs = h.ec2.requests("RunInstances");
    assertTrue(userData(runs.get(runs.size() - 1)).contains("readonly HADOOP_SOURCE='s3://my-bucket/hadoop/hadoop-3.5.0.tar.gz'"),
        "an added worker renders the launch's source");
  }

  static int indexOf(List<String> l, String part) {
    synchronized (l) {
      for (int i = 0; i < l.size(); i++) if (l.get(i).contains(part)) return i;
    }
    return -1;
  }

  @Test void theSetupLimitFollowsTheWork() {
    assertEquals(java.time.Duration.ofMinutes(15).plusSeconds(30), netflixjobs.provision.remote.NodeSetup.budget(3, 0));
    assertEquals(java.time.Duration.ofMinutes(15).plusSeconds(330), netflixjobs.provision.remote.NodeSetup.budget(3, 600L * 1024 * 1024));
    assertTrue(netflixjobs.provision.remote.NodeSetup.budget(50, 0).compareTo(netflixjobs.provision.remote.NodeSetup.budget(3, 0)) > 0);
  }

  @Test void launchShowsEachNodesStepWhenItChanges() {
    h.remote.steps.addAll(List.of("1/9 preparing the disk", "1/9 preparing the disk", "2/9 installing Java 17"));
    assertEquals(0, launch(), h.err);
    assertTrue(h.out.lines().anyMatch(l -> l.matches("  198\\.51\\.100\\.\\d+: 1/9 preparing the disk")), h.out);
    assertTrue(h.out.contains(": 2/9 installing Java 17"), h.out);
  }

  @Test void afterAnIdleShutdownTheSameNameLaunchesAgainReusingItsGroupAndKey() {
    assertEquals(0, launch());
    synchronized (h.ec2) { h.ec2.instances.values().forEach(i -> i.state = "terminated"); } // the idle timer ended every node
    h.ec2.clearRequests();
    assertEquals(0, launch(), h.err);
    assertTrue(h.ec2.requests("CreateSecurityGroup").isEmpty(), "the cluster's group is reused");
    assertTrue(h.ec2.requests("CreateKeyPair").isEmpty(), "the cluster's key pair is reused while its private key is here");
    assertTrue(h.out.contains("reusing security group"), h.out);
    assertEquals(3, h.ec2.live().size());
    // a failure now removes the new instances but not what an earlier launch created
    assertEquals(0, h.run("destroy", "--name", "t1", "--yes"));
    assertEquals(0, launch());
    synchronized (h.ec2) { h.ec2.instances.values().forEach(i -> i.state = "terminated"); }
    h.ec2.failAt("RunInstances", 2);
    assertEquals(1, launch());
    assertEquals(0, h.ec2.live().size());
    assertEquals(1, h.ec2.groupCount(), "the reused group stays: this launch did not create it");
    assertEquals(0, h.run("destroy", "--name", "t1", "--yes"));
    assertNothingLeft();
  }
}
