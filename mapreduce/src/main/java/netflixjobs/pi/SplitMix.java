package netflixjobs.pi;

/**
 * SplitMix64, exactly as {@link java.util.SplittableRandom} computes it (Steele, Lea and Flood,
 * "Fast splittable pseudorandom number generators", OOPSLA 2014), but with its state in the open:
 * output k of a stream is {@code mix64(seed + k * gamma)}, so a vector loop can compute several
 * outputs at once and a stream can skip ahead in O(1). {@code DartsTest} checks, output for output
 * and split for split, that it is the JDK's generator.
 */
public final class SplitMix {
  static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private long seed;
  private final long gamma;

  SplitMix(long seed, long gamma) {
    this.seed = seed;
    this.gamma = gamma;
  }

  /** The stream of {@code new SplittableRandom(seed)}. */
  public static SplitMix of(long seed) {
    return new SplitMix(seed, GOLDEN_GAMMA);
  }

  /** The state before the next output: that output is {@code mix64(seed() + gamma())}. */
  long seed() {
    return seed;
  }

  long gamma() {
    return gamma;
  }

  /** Moves past {@code n} outputs without computing them. */
  void skip(long n) {
    seed += n * gamma;
  }

  public long nextLong() {
    return mix64(seed += gamma);
  }

  /** A new, independent stream, as {@link java.util.SplittableRandom#split()} makes it. */
  public SplitMix split() {
    long s = nextLong();
    return new SplitMix(s, mixGamma(seed += gamma));
  }

  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static long mixGamma(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    z = (z ^ (z >>> 33)) | 1L;
    int n = Long.bitCount(z ^ (z >>> 1));
    return n < 24 ? z ^ 0xaaaaaaaaaaaaaaaaL : z;
  }
}
