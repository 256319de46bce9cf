package netflixjobs.pi;

import java.util.SplittableRandom;

/**
 * The hot loop of the random method, plain Java with no Hadoop in it: throw darts at the unit
 * square and count those inside the quarter disc. Used by the map tasks and by the
 * single-thread baseline alike, so the benchmark compares the same loop.
 *
 * <h2>Streams</h2>
 * Map {@code i} of a run seeded with {@code seed} draws from the {@code (i+1)}-th
 * {@link SplittableRandom#split() split} of {@code new SplittableRandom(seed)}: a generator
 * designed for exactly this (each split is a statistically independent SplitMix64 stream with
 * its own gamma), whose algorithm has been the same since Java 8. A map's stream depends only on
 * the seed and its index, so same seed, maps and samples give the same counts bit for bit, and a
 * run with more maps repeats the counts of the first maps of a run with fewer.
 *
 * <h2>A dart</h2>
 * One 64-bit output per dart: its top 31 bits are x and bits 1 to 31 are y (bit 0 is not
 * used), each taken as the centre of one of 2^31 cells ({@code (k + 0.5) / 2^31}); inside when
 * {@code x^2 + y^2 < 1}, computed in double precision ({@code fma(x, x, y*y)}, exactly rounded
 * the same everywhere). The cell grid biases the estimate by less than 1e-9 relative, and
 * rounding can misjudge only cells within about 1e-15 of the circle (some 2^-52 of them): both
 * far below the standard error even at 10^12 darts (5e-7 relative). Converting 32-bit ints and
 * using one fused multiply-add made this loop about a quarter faster than 32-bit coordinates
 * from longs.
 */
public final class Darts {
  private static final double R2 = 0x1p62; // (2^31)^2: the unit radius in cell units, squared

  private Darts() {}

  /** The stream of map {@code index} (0-based) for a run seeded with {@code seed}. */
  public static SplittableRandom stream(long seed, int index) {
    if (index < 0) {
      throw new IllegalArgumentException("negative map index " + index);
    }
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom s = root.split();
    for (int i = 0; i < index; i++) {
      s = root.split();
    }
    return s;
  }

  /** Throws {@code n} darts from {@code rng}; returns how many fell inside the quarter disc. */
  public static long throwDarts(SplittableRandom rng, long n) {
    long hits = 0;
    for (long done = 0; done < n; ) {
      int k = (int) Math.min(n - done, 1 << 30);
      hits += loop(rng, k);
      done += k;
    }
    return hits;
  }

  private static long loop(SplittableRandom rng, int n) {
    long hits = 0;
    for (int i = 0; i < n; i++) {
      long z = rng.nextLong();
      double x = (double) (int) (z >>> 33) + 0.5;
      double y = (double) ((int) z >>> 1) + 0.5;
      if (Math.fma(x, x, y * y) < R2) {
        hits++;
      }
    }
    return hits;
  }

  /** Whether one 64-bit output is a hit: the rule of {@link #throwDarts}, for tests. */
  static boolean inside(long z) {
    double x = (double) (int) (z >>> 33) + 0.5;
    double y = (double) ((int) z >>> 1) + 0.5;
    return Math.fma(x, x, y * y) < R2;
  }
}
