package netflixjobs.pi;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hot loop of the random method, plain Java with no Hadoop in it: throw darts at the unit
 * square and count those inside the quarter disc. Used by the map tasks and by the
 * single-thread baseline alike, so the benchmark compares the same loop.
 *
 * <h2>Streams</h2>
 * Map {@code i} of a run seeded with {@code seed} draws from the {@code (i+1)}-th split of
 * {@code new SplittableRandom(seed)} ({@link SplitMix}: the JDK's generator with its state in the
 * open): each split is a statistically independent SplitMix64 stream with its own gamma, and the
 * algorithm has been the same since Java 8. A map's stream depends only on the seed and its
 * index, so same seed, maps and samples give the same counts bit for bit, and a run with more
 * maps repeats the counts of the first maps of a run with fewer.
 *
 * <h2>A dart</h2>
 * One 64-bit output per dart: its top 31 bits are X and bits 1 to 31 are Y (bit 0 is not used),
 * the dart being the centre of cell (X, Y) of a 2^31 x 2^31 grid, ((X + 1/2) / 2^31, (Y + 1/2) /
 * 2^31). It is inside when (X + 1/2)^2 + (Y + 1/2)^2 < 2^62, that is, in integers and exactly,
 * when X(X+1) + Y(Y+1) < 2^62 (both sides are whole numbers and the left one is below 2^63, so a
 * signed long holds it). The grid biases the estimate by less than 1e-9 relative, far below the
 * standard error even at 10^12 darts (5e-7 relative); no rounding is involved.
 *
 * <h2>Speed</h2>
 * Exact integers also make the loop vectorisable with no change in any count: where the JDK's
 * incubating Vector API is present ({@code --add-modules jdk.incubator.vector}) and the CPU has
 * 512-bit vectors (AVX-512, whose {@code vpmullq} multiplies 64-bit lanes), {@link VectorDarts}
 * judges eight darts per step, nearly twice the scalar loop on one core; elsewhere the scalar
 * loop below runs. {@code -Dnetflixjobs.pi.scalar=true} forces the scalar loop.
 */
public final class Darts {
  static final long R2 = 1L << 62; // (2^31)^2: the unit radius in cell units, squared
  /** Darts per call of the vector loop: short enough for the JIT to compile it early and whole. */
  private static final int BLOCK = 1 << 16;
  /** The JDK module of the Vector API, which the JVM must be given ({@code --add-modules}). */
  static final String VECTOR_MODULE = "jdk.incubator.vector";
  private static final boolean VECTOR = vectorUsable();
  /**
   * A JVM's first calls of the vector loop take short blocks. The JIT compiles a method after
   * some thousands of calls but weighs the steps of a long loop less, and until it does the
   * Vector API runs interpreted, hundreds of times slower than compiled: 10^7 darts took 0.35 s
   * in a fresh JVM with only long blocks, 0.2 s with these (1 s for 10^9 instead of 1.2).
   */
  private static final int WARM_UP_BLOCK = 32;
  static final AtomicInteger WARM_UP_CALLS = new AtomicInteger(10_000);

  private Darts() {}

  /** The stream of map {@code index} (0-based) for a run seeded with {@code seed}. */
  public static SplitMix stream(long seed, int index) {
    if (index < 0) {
      throw new IllegalArgumentException("negative map index " + index);
    }
    SplitMix root = SplitMix.of(seed);
    SplitMix s = root.split();
    for (int i = 0; i < index; i++) {
      s = root.split();
    }
    return s;
  }

  /** Which loop {@link #throwDarts} uses here: "vector (8 lanes)" or "scalar". */
  public static String loop() {
    return VECTOR ? "vector (" + VectorDarts.LANES + " lanes)" : "scalar";
  }

  /**
   * Throws {@code n} darts from {@code rng}, which moves past them; returns how many fell inside
   * the quarter disc.
   */
  public static long throwDarts(SplitMix rng, long n) {
    long hits = 0;
    long done = 0;
    if (VECTOR) {
      for (; n - done >= WARM_UP_BLOCK && WARM_UP_CALLS.get() > 0; done += WARM_UP_BLOCK) {
        WARM_UP_CALLS.decrementAndGet();
        hits += VectorDarts.count(rng.seed(), rng.gamma(), WARM_UP_BLOCK);
        rng.skip(WARM_UP_BLOCK);
      }
      for (; n - done >= BLOCK; done += BLOCK) {
        hits += VectorDarts.count(rng.seed(), rng.gamma(), BLOCK);
        rng.skip(BLOCK);
      }
    }
    return hits + scalar(rng, n - done);
  }

  /** The scalar loop: the reference the vector loop must equal. */
  static long scalar(SplitMix rng, long n) {
    long hits = 0;
    for (long done = 0; done < n; ) {
      int k = (int) Math.min(n - done, 1 << 30);
      hits += scalarBlock(rng.seed(), rng.gamma(), k);
      rng.skip(k);
      done += k;
    }
    return hits;
  }

  /** An int-counted loop: the JIT unrolls those, not loops over a long (nearly twice as fast). */
  private static long scalarBlock(long seed, long gamma, int n) {
    long hits = 0;
    for (int i = 0; i < n; i++) {
      seed += gamma;
      long z = SplitMix.mix64(seed);
      long x = z >>> 33;
      long y = (z >>> 1) & 0x7FFFFFFFL;
      hits += (x * (x + 1) + y * (y + 1) - R2) >>> 63; // 1 when below 2^62: no branch to mispredict
    }
    return hits;
  }

  /** Whether one 64-bit output is a hit: the rule of {@link #throwDarts}, for tests. */
  static boolean inside(long z) {
    long x = z >>> 33;
    long y = (z >>> 1) & 0x7FFFFFFFL;
    return x * (x + 1) + y * (y + 1) < R2;
  }

  private static boolean vectorUsable() {
    if (Boolean.getBoolean("netflixjobs.pi.scalar")
        || ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
      return false;
    }
    try {
      return VectorDarts.supported();
    } catch (LinkageError e) {
      return false;
    }
  }
}
