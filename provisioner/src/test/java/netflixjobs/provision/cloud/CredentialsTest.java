package netflixjobs.provision.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import netflixjobs.provision.cloud.Ec2Cloud.LaunchSpec;
import netflixjobs.provision.cloud.Ec2Cloud.NodeSpec;
import netflixjobs.provision.core.Ledger;
import netflixjobs.provision.model.Problem;
import netflixjobs.provision.model.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;

/**
 * Profiles of every kind through the real SDK providers (sts, sso and ssooidc on the class path):
 * profiles are handed in as a {@link ProfileFile}, STS is {@link FakeSts}, EC2 is {@link FakeEc2},
 * so nothing reads ~/.aws/config or reaches AWS. The only global state is the STS endpoint system
 * property (the SDK's own override for the STS client it builds), set and cleared around each test.
 */
class CredentialsTest {
  static final String STS_ENDPOINT_PROPERTY = "aws.endpointUrlSts";
  static final String SOURCE_KEY = "AKIDSOURCEPROFILE001", SOURCE_SECRET = "source/secret+do-not-leak";
  static final String ROLE = "arn:aws:iam::123456789012:role/netflix-jobs-launch";

  @TempDir Path tmp;
  FakeSts sts;
  FakeEc2 ec2;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeEach void start() throws Exception {
    sts = new FakeSts();
    ec2 = new FakeEc2();
    System.setProperty(STS_ENDPOINT_PROPERTY, sts.endpoint().toString());
  }

  @AfterEach void stop() {
    System.clearProperty(STS_ENDPOINT_PROPERTY);
    sts.close();
    ec2.close();
  }

  static ProfileFile profiles(String... lines) {
    return ProfileFile.builder().type(ProfileFile.Type.CONFIGURATION)
        .content(new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8))).build();
  }

  /** Launch steps through Ec2Cloud with these credentials: group, key, one instance running, then destroy. */
  void launchAndDestroy(AwsCredentialsProvider credentials) {
    var settings = new Ec2Cloud.Settings(Region.US_EAST_1, credentials, ec2.endpoint(), Duration.ofMillis(5), Duration.ofSeconds(20),
        Duration.ofMillis(5), 4);
    try (Ec2Cloud cloud = new Ec2Cloud(settings, new PrintStream(out, true, StandardCharsets.UTF_8))) {
      Ec2Cloud.Subnet subnet = cloud.subnet(null);
      LaunchSpec spec = new LaunchSpec("cred", subnet, Ec2Cloud.keyName("cred"), tmp.resolve("cred.pem"), true, "203.0.113.7/32", false, Map.of());
      try (Ledger ledger = new Ledger(new PrintStream(out, true, StandardCharsets.UTF_8), false)) {
        cloud.keyPair(ledger, spec);
        String group = cloud.securityGroup(ledger, spec);
        List<String> ids = cloud.run(ledger, spec, new NodeSpec(Role.MASTER, 1, "t3.large", FakeEc2.AMI_X86, "/dev/xvda", 30, false, null,
            null, "#!/bin/bash\ntrue\n"), group);
        assertEquals(1, cloud.awaitRunning(ids).size());
        ledger.commit();
      }
      assertEquals(3, cloud.destroy("cred").size());
    }
  }

  @Test void anAssumeRoleProfileGetsTheRoleFromStsWithItsSourceKeysAndEc2SeesOnlyTheRoleKeys() {
    ProfileFile file = profiles(
        "[profile base]", "aws_access_key_id = " + SOURCE_KEY, "aws_secret_access_key = " + SOURCE_SECRET,
        "[profile deploy]", "role_arn = " + ROLE, "source_profile = base", "role_session_name = netflix-jobs-test", "region = us-east-1");
    AwsCredentialsProvider credentials = Aws.credentials("deploy", () -> file);
    List<FakeSts.Request> calls = sts.requests();
    assertEquals(1, calls.size(), "one AssumeRole, cached for the clients");
    assertEquals("AssumeRole", calls.get(0).action());
    assertEquals(ROLE, calls.get(0).params().get("RoleArn"));
    assertEquals("netflix-jobs-test", calls.get(0).params().get("RoleSessionName"));
    assertEquals(SOURCE_KEY, calls.get(0).accessKey(), "STS is called with the source profile's keys, not the environment's");

    launchAndDestroy(credentials);
    assertTrue(ec2.requests("RunInstances").size() == 1 && ec2.requests("TerminateInstances").size() == 1);
    assertEquals(Set.of(FakeSts.ACCESS_KEY), ec2.accessKeys(), "every EC2 request is signed with the assumed role's key");
    assertEquals(1, sts.requests().size(), "the role's credentials are reused, not assumed per call");
    String printed = out.toString(StandardCharsets.UTF_8);
    for (String secret : List.of(SOURCE_SECRET, FakeSts.SECRET, FakeSts.SESSION_TOKEN)) assertFalse(printed.contains(secret), printed);
  }

  @Test void aCredentialSourceProfileAssumesTheRoleWithTheEnvironmentsKeys() {
    // surefire sets AWS_ACCESS_KEY_ID=AKIDTESTTESTTESTTEST for every test (provisioner/pom.xml)
    ProfileFile file = profiles("[profile ci]", "role_arn = " + ROLE, "credential_source = Environment");
    launchAndDestroy(Aws.credentials("ci", () -> file));
    assertEquals("AKIDTESTTESTTESTTEST", sts.requests().get(0).accessKey());
    assertEquals(Set.of(FakeSts.ACCESS_KEY), ec2.accessKeys());
  }

  @Test void aWebIdentityProfileSendsItsTokenToSts() throws Exception {
    Path token = Files.writeString(tmp.resolve("token"), "eyJ.fake-oidc-token.sig");
    ProfileFile file = profiles("[profile pod]", "role_arn = " + ROLE, "web_identity_token_file = " + token);
    Aws.credentials("pod", () -> file).resolveCredentials();
    FakeSts.Request call = sts.requests().get(0);
    assertEquals("AssumeRoleWithWebIdentity", call.action());
    assertEquals("eyJ.fake-oidc-token.sig", call.params().get("WebIdentityToken"));
    assertNull(call.accessKey(), "AssumeRoleWithWebIdentity is not signed");
  }

  @Test void aCredentialProcessProfileSignsWithWhatTheProcessPrints() throws Exception {
    Path script = Files.writeString(tmp.resolve("creds.sh"),
        "echo '{\"Version\": 1, \"AccessKeyId\": \"AKIDFROMPROCESS00001\", \"SecretAccessKey\": \"process/secret\"}'\n");
    ProfileFile file = profiles("[profile sso-broker]", "credential_process = sh " + script);
    launchAndDestroy(Aws.credentials("sso-broker", () -> file));
    assertEquals(Set.of("AKIDFROMPROCESS00001"), ec2.accessKeys());
    assertTrue(sts.requests().isEmpty());
  }

  @Test void anIdentityCenterProfileWithoutALoginSaysWhichCommandToRun() {
    // a session name no one has logged in to: the SDK looks for ~/.aws/sso/cache/<sha1 of it>.json and finds none
    String session = "netflix-jobs-test-" + UUID.randomUUID();
    ProfileFile file = profiles(
        "[profile dev]", "sso_session = " + session, "sso_account_id = 123456789012", "sso_role_name = HadoopAdmin", "region = us-east-1",
        "[sso-session " + session + "]", "sso_start_url = https://" + session + ".awsapps.example/start", "sso_region = us-east-1",
        "sso_registration_scopes = sso:account:access",
        "[profile legacy]", "sso_start_url = https://" + session + ".legacy.example/start", "sso_region = us-east-1",
        "sso_account_id = 123456789012", "sso_role_name = HadoopAdmin",
        "[profile admin]", "role_arn = " + ROLE, "source_profile = dev");
    for (String[] c : new String[][] {{"dev", "dev"}, {"legacy", "legacy"}, {"admin", "dev"}}) {
      Problem p = assertThrows(Problem.class, () -> Aws.credentials(c[0], () -> file));
      assertEquals(2, p.exitCode());
      assertTrue(p.getMessage().endsWith("run aws sso login --profile " + c[1]), p.getMessage());
      assertOneSentence(p.getMessage());
    }
    assertTrue(sts.requests().isEmpty(), "no role is assumed without its source's login");
  }

  @Test void otherFailuresSayWhatIsWrong() throws Exception {
    ProfileFile file = profiles(
        "[profile base]", "aws_access_key_id = " + SOURCE_KEY, "aws_secret_access_key = " + SOURCE_SECRET,
        "[profile deploy]", "role_arn = " + ROLE, "source_profile = base",
        "[profile orphan]", "role_arn = " + ROLE, "source_profile = gone",
        "[profile half]", "aws_access_key_id = " + SOURCE_KEY,
        "[profile empty]", "region = eu-west-1",
        "[profile broken-process]", "credential_process = sh -c 'echo token expired >&2; exit 3'");
    sts.denyWith = "AccessDenied";
    Map<String, String> expected = Map.of(
        "deploy", "could not assume role " + ROLE + " for AWS profile deploy: AccessDenied: User: arn:aws:iam::123456789012:user/dev is not authorized",
        "orphan", "could not assume role " + ROLE + " for AWS profile orphan:",
        "half", "no usable credentials in AWS profile half: Profile property 'aws_secret_access_key' was not configured",
        "empty", "no usable credentials in AWS profile empty: it has no keys, role, IAM Identity Center login or credential_process",
        "broken-process", "the credential_process of AWS profile broken-process failed:",
        "nope", "no AWS credentials for profile nope: there is no such profile in ~/.aws/config or ~/.aws/credentials");
    expected.forEach((profile, start) -> {
      Problem p = assertThrows(Problem.class, () -> Aws.credentials(profile, () -> file), profile);
      assertEquals(2, p.exitCode(), p.getMessage());
      assertTrue(p.getMessage().startsWith(start), p.getMessage());
      assertOneSentence(p.getMessage());
      assertFalse(p.getMessage().contains(SOURCE_SECRET) || p.getMessage().contains("run aws configure"), p.getMessage());
    });
  }

  static void assertOneSentence(String m) {
    assertFalse(m.contains("\n") || m.contains("Exception") || m.contains("ProfileFile("), m);
  }
}
