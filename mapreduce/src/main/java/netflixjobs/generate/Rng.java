package netflixjobs.generate;

import java.util.SplittableRandom;

/**
 * A reproducible random stream: SplittableRandom seeded from (seed, stream, index) by SplitMix64
 * mixing, so every movie (or user block) has its own stream whatever thread draws from it.
 * Gaussians by Marsaglia's polar method with {@link StrictMath}, so the same seed gives the same
 * numbers on every JVM (the JDK's own nextGaussian is an implementation detail).
 */
final class Rng {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private final SplittableRandom random;
  private double spare;
  private boolean hasSpare;

  Rng(long seed, long stream, long index) {
    random = new SplittableRandom(mix(mix(seed * GOLDEN + stream) + index * GOLDEN));
  }

  /** SplitMix64's finaliser: a bijection that scatters nearby inputs. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1). */
  double uniform() {
    return random.nextDouble();
  }

  /** Uniform in [0, n). */
  int below(int n) {
    return random.nextInt(n);
  }

  /** Standard normal. */
  double gaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double u;
    double v;
    double s;
    do {
      u = 2 * random.nextDouble() - 1;
      v = 2 * random.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double f = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
    spare = v * f;
    hasSpare = true;
    return u * f;
  }

  /** Number of failures before the first success, success probability p in (0, 1]. */
  int geometric(double p) {
    if (p >= 1) {
      return 0;
    }
    return (int) StrictMath.floor(StrictMath.log(1 - uniform()) / StrictMath.log(1 - p));
  }
}
