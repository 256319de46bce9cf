package netflixjobs.provision.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    assertTrue(took.compareTo(window) >= 0 && took.compareTo(window.plusSeconds(20)) < 0, "bounded: " + took);
    System.out.println("never consistent: failed after " + took.toMillis() + " ms, " + tries + " calls (window " + window.toMillis() + " ms)");
    String err = h.err.lines().filter(l -> l.contains("launch failed")).findFirst().orElse(h.err);
    assertTrue(err.contains("EC2 still did not know the new resource " + window.toMillis() + " ms after creating it, while opening SSH"), err);
    assertTrue(err.contains("InvalidGroup.NotFound"), err);
    assertFalse(err.contains("\n") || err.contains("Exception"), err);
    // the rollback removed the group (once EC2 knew it) and the key
    assertEquals(0, h.ec2.groupCount());
    assertEquals(0, h.ec2.keyPairCount());
    assertFalse(Files.exists(state.resolve("keys/netflix-jobs-t1.pem")));
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
