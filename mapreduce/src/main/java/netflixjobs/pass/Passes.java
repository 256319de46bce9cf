package netflixjobs.pass;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;

import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobStatus;
import org.apache.hadoop.mapreduce.MRJobConfig;

import netflixjobs.common.FailedException;

/**
 * Runs MapReduce passes the one way this project runs them: submit, show one progress line
 * (name, map and reduce percent, elapsed), and throw with the job's name and tracking URL if it
 * fails. Replaces {@code waitForCompletion}, whose 5 s poll and INFO chatter suit no person.
 */
public final class Passes {
  /** Polls of a cluster's application master: a few a second is plenty. */
  private static final long POLL_MS = 200;
  /** The local runner answers in-process: a short poll does not add a fifth of a second to every short job. */
  private static final long LOCAL_POLL_MS = 20;

  private Passes() {}

  /** Runs the job to completion; returns it (for its counters) or throws {@link FailedException}. */
  public static Job run(Job job) {
    PrintStream out = System.err;
    boolean tty = System.console() != null;
    long start = System.nanoTime();
    boolean local = "local".equals(job.getConfiguration().get("mapreduce.framework.name"));
    long poll = local ? LOCAL_POLL_MS : POLL_MS;
    if (local) {
      // The local runner's tasks load their classes from this JVM's class path; copying the job
      // jar into the staging directory would cost every pass some 30 ms and serve nothing.
      job.getConfiguration().unset(MRJobConfig.JAR);
    }
    try {
      job.submit();
      String last = "";
      while (!job.isComplete()) {
        String line = progressLine(job, start);
        if (tty && !line.equals(last)) {
          out.print("\r" + line);
          last = line;
        }
        Thread.sleep(poll);
      }
      out.print((tty ? "\r" : "") + progressLine(job, start) + (job.isSuccessful() ? "" : "  FAILED") + "\n");
      if (!job.isSuccessful()) {
        JobStatus status = job.getStatus();
        String why = status.getFailureInfo();
        throw new FailedException("job '" + job.getJobName() + "' failed"
            + (why == null || why.isBlank() ? "" : ": " + firstLine(why))
            + " (tracking: " + job.getTrackingURL() + ")");
      }
      return job;
    } catch (IOException e) {
      throw new FailedException("job '" + job.getJobName() + "' could not run: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FailedException("job '" + job.getJobName() + "' was interrupted", e);
    } catch (ClassNotFoundException e) {
      throw new FailedException("job '" + job.getJobName() + "' is missing a class: " + e.getMessage(), e);
    }
  }

  /** A counter's value after the job ran. */
  public static long counter(Job job, Enum<?> which) {
    try {
      Counter c = job.getCounters().findCounter(which);
      return c == null ? 0 : c.getValue();
    } catch (IOException e) {
      throw new FailedException("could not read the counters of job '" + job.getJobName() + "'", e);
    }
  }

  private static String progressLine(Job job, long startNanos) throws IOException {
    double secs = (System.nanoTime() - startNanos) / 1e9;
    return String.format(Locale.ROOT, "%-24s map %3.0f%%  reduce %3.0f%%  %7.1fs",
        job.getJobName(), 100 * job.mapProgress(), 100 * job.reduceProgress(), secs);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
