package netflixjobs.provision.core;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import netflixjobs.provision.model.Problem;

/**
 * What one launch created, to undo it in reverse order if the launch does not finish: on any
 * exception, or on Ctrl-C through a JVM shutdown hook. Every creating call runs under the
 * ledger's lock, so a shutdown hook waits for a call in flight and then undoes its result too.
 */
public final class Ledger implements AutoCloseable {
  /** Undoes one created resource; describes it for the user. */
  public interface Undo {
    String what();
    void run() throws Exception;
  }

  private final Object lock = new Object();
  private final Deque<Undo> undos = new ArrayDeque<>();
  private final PrintStream out;
  private final Thread hook;
  private volatile boolean aborted;
  private boolean committed, rolledBack;

  public Ledger(PrintStream out, boolean installShutdownHook) {
    this.out = out;
    this.hook = installShutdownHook ? new Thread(this::interrupted, "netflix-jobs-rollback") : null;
    if (hook != null) Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Runs a creating call and records how to undo what it created. */
  public <T> T create(Supplier<T> call, java.util.function.Function<T, Undo> undo) {
    synchronized (lock) {
      if (aborted) throw Problem.failed("launch interrupted");
      T t = call.get();
      if (t != null) undos.push(undo.apply(t));
      return t;
    }
  }

  /** Records something already created (outside {@link #create}). */
  public void record(Undo undo) {
    synchronized (lock) { undos.push(undo); }
  }

  public boolean isEmpty() { synchronized (lock) { return undos.isEmpty(); } }

  /** The launch finished: keep everything. */
  public void commit() {
    synchronized (lock) { committed = true; undos.clear(); }
    removeHook();
  }

  /** Undoes everything recorded, newest first; reports each step and returns what could not be undone. */
  public java.util.List<String> rollback() {
    synchronized (lock) {
      aborted = true;
      if (committed || rolledBack) return java.util.List.of();
      rolledBack = true;
    }
    java.util.List<String> left = new java.util.ArrayList<>();
    Undo u;
    while ((u = next()) != null) {
      try {
        u.run();
        out.println("  rolled back: " + u.what());
      } catch (Exception e) {
        left.add(u.what());
        out.println("  could not undo " + u.what() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
      }
    }
    out.flush();
    return left;
  }

  private Undo next() { synchronized (lock) { return undos.poll(); } }

  /** What the shutdown hook runs on Ctrl-C (package-private for tests). */
  void interrupted() {
    aborted = true; // first, so the launch starts nothing new once its call in flight returns
    boolean pending;
    synchronized (lock) { pending = !committed && !rolledBack && !undos.isEmpty(); aborted = true; }
    if (!pending) return;
    out.println();
    out.println("interrupted: removing what this launch created ...");
    java.util.List<String> left = rollback();
    if (!left.isEmpty()) out.println("left behind: " + String.join(", ", left));
    out.flush();
  }

  private void removeHook() {
    if (hook == null) return;
    try { Runtime.getRuntime().removeShutdownHook(hook); } catch (IllegalStateException shuttingDown) { /* the hook runs */ }
  }

  /** Rolls back unless committed. */
  @Override public void close() {
    rollback();
    removeHook();
  }
}
