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
    assertEquals("3.4.3", master.tags("instance").get("netflix-jobs:hadoop-version"));
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
      assertEquals("terminate", r.get("InstanceInitiatedShutdownBehavior"), "idle shutdown ends the instances");
      assertNotNull(r.get("ClientToken"));
    }
    // user data: role, master address known before launch, no credentials
    String masterIp = master.get("PrivateIpAddress");
    assertNotNull(masterIp);
    assertNull(workers.get("PrivateIpAddress"));
    String mud = userData(master), wud = userData(workers);
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
    assertTrue(h.remote.commands.stream().anyMatch(c -> c.contains("dfsadmin -report")));
    assertTrue(h.remote.commands.stream().anyMatch(c -> c.contains("/workers")), "the workers file is written on the master");
  }
}
