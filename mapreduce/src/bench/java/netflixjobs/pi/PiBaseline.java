package netflixjobs.pi;

import java.util.Locale;

import netflixjobs.common.Args;
import netflixjobs.common.UsageException;

/**
 * The limit the pi job is measured against: the same dart loop as a map task ({@link Darts} or
 * {@link Halton}), on map 0's points, in one thread of a plain JVM with no Hadoop. Prints
 * {@code key<TAB>value} lines: the loop (vector or scalar, see {@link Darts}), samples, hits,
 * estimate, seconds, samples_per_second, and the thread's CPU seconds (robust to a busy machine).
 * <pre>java -cp netflix-jobs.jar netflixjobs.pi.PiBaseline [--samples N] [--seed S] [--method random|halton]</pre>
 */
public final class PiBaseline {
  private PiBaseline() {}

  public static void main(String[] argv) {
    try {
      Args args = new Args("PiBaseline", "[--samples N] [--seed S] [--method random|halton]")
          .value("samples", "N", "darts (default 10^9)")
          .value("seed", "S", "seed (default 1)")
          .value("method", "random|halton", "random (default) or halton");
      if (!args.parse(argv)) {
        return;
      }
      args.positional(0, 0);
      long samples = args.longValue("samples", 1_000_000_000L, 1, PiConf.MAX_TOTAL);
      long seed = args.longValue("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
      Method method = Method.parse(args.string("method", "random"));
      java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long cpuStart = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      long hits = method == Method.HALTON ? new Halton(0).throwDarts(samples)
          : Darts.throwDarts(Darts.stream(seed, 0), samples);
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
      System.out.printf(Locale.ROOT, "loop\t%s%nsamples\t%d%nhits\t%d%nestimate\t%.8f%nseconds\t%.3f%nsamples_per_second\t%.4g%n"
          + "cpu_seconds\t%.3f%nsamples_per_cpu_second\t%.4g%n",
          method == Method.HALTON ? "halton" : Darts.loop(), samples, hits, 4.0 * hits / samples, seconds, samples / seconds, cpu, samples / cpu);
    } catch (UsageException e) {
      System.err.println("PiBaseline: " + e.getMessage());
      System.exit(2);
    }
  }
}
