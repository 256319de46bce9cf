package netflixjobs.provision.model;

/**
 * A failure told to the user as one sentence: {@link #usage} for bad input (exit 2, nothing
 * created), {@link #failed} for an operation that did not work (exit 1).
 */
public final class Problem extends RuntimeException {
  private final int exitCode;

  private Problem(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public static Problem usage(String message) { return new Problem(message, 2, null); }
  public static Problem failed(String message) { return new Problem(message, 1, null); }
  public static Problem failed(String message, Throwable cause) { return new Problem(message, 1, cause); }

  public int exitCode() { return exitCode; }

  /** Waits; an interrupt (Ctrl-C during a wait) ends the command as the failure "interrupted". */
  public static void pause(java.time.Duration d) {
    try {
      Thread.sleep(d.toMillis(), (int) (d.toNanos() % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failed("interrupted");
    }
  }
}
