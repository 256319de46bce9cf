package netflixjobs.provision.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import netflixjobs.provision.model.Problem;
import org.junit.jupiter.api.Test;

/** The ledger undoes what a launch created, newest first, also when Ctrl-C arrives in the middle of a call. */
class LedgerTest {
  final List<String> undone = Collections.synchronizedList(new ArrayList<>());
  final ByteArrayOutputStream out = new ByteArrayOutputStream();

  Ledger.Undo undo(String what) {
    return new Ledger.Undo() {
      public String what() { return what; }
      public void run() { undone.add(what); }
    };
  }

  @Test void rollsBackNewestFirstAndOnlyOnce() {
    Ledger l = new Ledger(new PrintStream(out, true), false);
    l.create(() -> "key", this::undo);
    l.create(() -> "group", this::undo);
    l.create(() -> "instances", this::undo);
    assertEquals(List.of(), l.rollback().stream().toList());
    assertEquals(List.of("instances", "group", "key"), undone);
    l.close();
    assertEquals(3, undone.size(), "close after rollback undoes nothing twice");
    assertThrows(Problem.class, () -> l.create(() -> "late", this::undo));
  }

  @Test void commitKeepsEverything() {
    try (Ledger l = new Ledger(new PrintStream(out, true), false)) {
      l.create(() -> "key", this::undo);
      l.commit();
    }
    assertEquals(List.of(), undone);
  }

  @Test void aFailedUndoIsReportedAndTheRestStillRuns() {
    Ledger l = new Ledger(new PrintStream(out, true), false);
    l.create(() -> "key", this::undo);
    l.record(new Ledger.Undo() {
      public String what() { return "stubborn group"; }
      public void run() { throw new IllegalStateException("DependencyViolation"); }
    });
    assertEquals(List.of("stubborn group"), l.rollback());
    assertEquals(List.of("key"), undone);
    assertTrue(out.toString().contains("could not undo stubborn group"));
  }

  @Test void ctrlCDuringACallWaitsForItAndUndoesItsResultToo() throws Exception {
    Ledger l = new Ledger(new PrintStream(out, true), false);
    l.create(() -> "group", this::undo);
    CountDownLatch inCall = new CountDownLatch(1);
    Thread launch = new Thread(() -> {
      try {
        l.create(() -> {
          inCall.countDown();
          sleep(300); // RunInstances in flight when Ctrl-C comes
          return "instances";
        }, this::undo);
        l.create(() -> "never", this::undo);
      } catch (Problem expected) {
        undone.add("launch stopped: " + expected.getMessage());
      }
    });
    launch.start();
    inCall.await();
    l.interrupted(); // what the shutdown hook runs
    launch.join();
    assertTrue(undone.contains("launch stopped: launch interrupted"), undone.toString());
    assertEquals(List.of("instances", "group"), undone.stream().filter(u -> !u.startsWith("launch stopped")).toList(),
        "the call in flight is undone too, newest first, and nothing new is started");
    assertTrue(out.toString().contains("interrupted: removing what this launch created"));
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new RuntimeException(e);
    }
  }
}
