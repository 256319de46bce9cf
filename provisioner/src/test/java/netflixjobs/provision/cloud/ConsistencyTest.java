package netflixjobs.provision.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import netflixjobs.provision.model.Problem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/**
 * EC2's eventual consistency: right after a create, calls naming the new group, key or instances
 * may answer NotFound for a while. A launch waits that out with backoff, within a bounded window
 * (1.8 s at the harness's 5 ms retry base), and says so in one sentence when it never ends.
 */
class ConsistencyTest {
  @TempDir Path state;
  Harness h;

  @BeforeEach void start() throws Exception { h = new Harness(state); }
  @AfterEach void stop() { h.close(); }

  int launch() {
    return h.run("--name", "t1", "--workers", "2", "--instance-type", "t3.large", "--yes");
  }

  @Test void aLaunchWaitsUntilTheNewGroupAndKeyAreKnown() {
    h.ec2.failTimes("AuthorizeSecurityGroupIngress", "InvalidGroup.NotFound", 3);
    h.ec2.failTimes("RunInstances", "InvalidGroup.NotFound", 2);
    h.ec2.failTimes("RunInstances", "InvalidKeyPair.NotFound", 1);
    assertEquals(0, launch(), h.out + h.err);
    assertEquals(4, h.ec2.requests("AuthorizeSecurityGroupIngress").size(), "three NotFound answers, then the rules");
    List<FakeEc2.Request> runs = h.ec2.requests("RunInstances");
    assertEquals(3 + 1 + 1, runs.size(), "the master's call three times refused, then master and workers");
    assertEquals(1, runs.subList(0, 4).stream().map(r -> r.get("ClientToken")).distinct().count(),
        "the repeated RunInstances keeps its client token, so EC2 starts the master once");
    assertEquals(3, h.ec2.live().size());
    assertTrue(h.out.contains("cluster t1 is up"), h.out);
  }

  @Test void aGroupThatNeverAppearsFailsWithinTheWindowInOneSentenceAndRollsBack() {
    h.ec2.failTimes("AuthorizeSecurityGroupIngress", "InvalidGroup.NotFound", 100_000);
    long t0 = System.nanoTime();
    assertEquals(1, launch(), h.out + h.err);
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    Duration window = AfterCreate.window(h.settings().retryBase());
    int tries = h.ec2.requests("AuthorizeSecurityGroupIngress").size();
    assertTrue(tries > 3 && tries < 100, "backed off, not hammered: " + tries + " calls");
    assertTrue(took.compareTo(window) >= 0 && took.compareTo(window.plusSeconds(30)) < 0, "bounded (a cold JVM's first launch included): " + took);
    String err = h.err.lines().filter(l -> l.contains("launch failed")).findFirst().orElse(h.err);
    assertTrue(err.contains("EC2 still did not know the new resource " + window.toMillis() + " ms after creating it, while opening SSH"), err);
    assertTrue(err.contains("InvalidGroup.NotFound"), err);
    assertFalse(err.contains("\n") || err.contains("Exception"), err);
    // the rollback removed the group (once EC2 knew it) and the key
    assertEquals(0, h.ec2.groupCount());
    assertEquals(0, h.ec2.keyPairCount());
    assertFalse(Files.exists(state.resolve("keys/netflix-jobs-t1.pem")));
  }

  /** The wait itself, timed alone: at least the window, and not much more. */
  @Test void theWaitEndsWhenTheWindowHasPassed() {
    Duration base = Duration.ofMillis(5), window = AfterCreate.window(base);
    AtomicInteger calls = new AtomicInteger();
    long t0 = System.nanoTime();
    Problem p = assertThrows(Problem.class, () -> AfterCreate.call("tagging the instances", base, () -> {
      calls.incrementAndGet();
      throw Ec2Exception.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidInstanceID.NotFound")
          .errorMessage("The instance ID 'i-0new' does not exist").build()).build();
    }));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertTrue(took.compareTo(window) >= 0 && took.compareTo(window.plusSeconds(2)) < 0, "took " + took);
    assertTrue(calls.get() > 3 && calls.get() < 30, calls + " calls");
    assertEquals(1, p.exitCode(), "a failed operation, not bad input");
    assertTrue(p.getMessage().startsWith("EC2 still did not know the new resource 1800 ms after creating it, while tagging the instances"
        + " (InvalidInstanceID.NotFound: The instance ID 'i-0new' does not exist)"), p.getMessage());
    // any other error is not waited on
    calls.set(0);
    assertThrows(Problem.class, () -> AfterCreate.call("tagging", base, () -> {
      calls.incrementAndGet();
      throw Ec2Exception.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidParameterValue").build()).build();
    }));
    assertEquals(1, calls.get());
  }

  @Test void aRollbackRightAfterRunInstancesStillTerminatesTheMaster() {
    h.ec2.failAt("RunInstances", 2); // the workers fail, the master was started
    h.ec2.failTimes("TerminateInstances", "InvalidInstanceID.NotFound", 2);
    assertEquals(1, launch(), h.out + h.err);
    assertEquals(3, h.ec2.requests("TerminateInstances").size());
    assertEquals(List.of(), h.ec2.live().stream().map(i -> i.id).toList(), "no instance left running");
    assertEquals(0, h.ec2.groupCount());
  }
}
