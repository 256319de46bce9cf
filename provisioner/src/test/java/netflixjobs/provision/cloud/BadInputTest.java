package netflixjobs.provision.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import netflixjobs.provision.cli.Env;
import netflixjobs.provision.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: one sentence on stderr, exit code 2, nothing sent that creates anything. */
class BadInputTest {
  @TempDir Path state;
  Harness h;

  @BeforeEach void start() throws Exception { h = new Harness(state); }
  @AfterEach void stop() { h.close(); }

  void refused(String expected, String... args) {
    assertEquals(2, h.run(args), h.out + h.err);
    assertTrue(h.err.contains(expected), h.err);
    assertEquals(1, h.err.strip().lines().count(), "one sentence: " + h.err);
    assertFalse(h.err.contains("Exception") || h.err.contains("\tat "), "no stack trace: " + h.err);
    assertEquals(List.of(), h.ec2.mutating());
    assertEquals(0, h.ec2.live().size());
  }

  @Test void workersBelowOne() { refused("--workers must be at least 1", "--name", "b", "--workers", "0", "--yes"); }

  @Test void unknownInstanceType() { refused("unknown instance type", "--name", "b", "--workers", "1", "--instance-type", "t9.huge", "--yes"); }

  @Test void unknownRegion() { refused("unknown AWS region mars-east-1", "--name", "b", "--workers", "1", "--region", "mars-east-1", "--yes"); }

  @Test void missingKeyFile() {
    refused("does not exist", "--name", "b", "--workers", "1", "--key-name", "mine", "--identity-file", state.resolve("no.pem").toString(), "--yes");
  }

  @Test void sshOpenToTheWorld() { refused("refusing to open SSH", "--name", "b", "--workers", "1", "--allow-cidr", "0.0.0.0/0", "--yes"); }

  @Test void badClusterName() { refused("a cluster name is", "--name", "Bad_Name", "--workers", "1", "--yes"); }

  @Test void tooSmallWorkers() { refused("choose a larger instance type", "--name", "b", "--workers", "1", "--instance-type", "t3.nano", "--yes"); }

  @Test void unknownOption() { refused("Unknown option", "launch", "--wrokers", "3"); }

  @Test void mixedArchitectures() {
    refused("must share a CPU architecture", "--name", "b", "--workers", "1", "--instance-type", "m6g.xlarge", "--master-instance-type", "t3.large", "--yes");
  }

  @Test void callerAddressUnknown() {
    Env base = h.env(System.out, System.err);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Env env = new Env(base.home(), state, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), base.in(),
        base.clouds(), base.remotes(), url -> { throw netflixjobs.provision.model.Problem.usage("cannot find this machine's public address at " + url + "; pass --allow-cidr"); },
        base.poll(), base.setupTimeout(), base.healthTimeout(), false);
    assertEquals(2, Main.execute(env, "--name", "b", "--workers", "1", "--yes"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--allow-cidr"));
    assertEquals(List.of(), h.ec2.requests());
  }

  /** The real factory with no usable credentials: the test JVM has no profile files, so a named profile cannot resolve. */
  @Test void noCredentials() {
    Env base = h.env(System.out, System.err);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Env env = new Env(base.home(), state, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8), base.in(),
        Aws::connect, base.remotes(), base.callerIp(), base.poll(), base.setupTimeout(), base.healthTimeout(), false);
    assertEquals(2, Main.execute(env, "list", "--profile", "no-such-profile", "--region", "us-east-1"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("no AWS credentials for profile no-such-profile"), err.toString());
  }

  /** A dry run on a machine with no credentials: the plan and its cost from what is known here, then one sentence, exit 2. */
  @Test void aDryRunWithoutCredentialsShowsThePlanAndTheCostThenWhatIsMissing() {
    Env base = h.env(System.out, System.err);
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    Env env = new Env(base.home(), state, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), base.in(),
        Aws::connect, base.remotes(), base.callerIp(), base.poll(), base.setupTimeout(), base.healthTimeout(), false);
    assertEquals(2, Main.execute(env, "launch", "--dry-run", "--workers", "3", "--profile", "no-such-profile", "--region", "us-east-1"));
    String o = out.toString(StandardCharsets.UTF_8), e = err.toString(StandardCharsets.UTF_8);
    assertTrue(o.contains("plan for cluster netflix in us-east-1"), o);
    assertTrue(o.contains("workers   3 x m6i.xlarge"), o);
    assertTrue(o.contains("HDFS replication 3"), o);
    assertTrue(o.matches("(?s).*cost: about \\$\\d+\\.\\d\\d an hour.*"), o);
    assertEquals(1, e.strip().lines().count(), "one sentence: " + e);
    assertTrue(e.contains("no AWS credentials for profile no-such-profile"), e);
    assertEquals(List.of(), h.ec2.requests());
  }

  @Test void aConfigFileGivesDefaultsAndFlagsWin() throws Exception {
    Path conf = Files.writeString(state.resolve("my.properties"), "name=fromfile\nworkers=1\ninstance-type=t3.medium\n");
    assertEquals(0, h.run("launch", "--config", conf.toString(), "--instance-type", "t3.large", "--dry-run"), h.err);
    assertTrue(h.out.contains("plan for cluster fromfile"), h.out);
    assertTrue(h.out.contains("workers   1 x t3.large"), h.out);
    h.ec2.clearRequests();
    refused("the config file", "launch", "--config", state.resolve("missing.properties").toString());
  }
}
