package netflixjobs.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

class DartsTest {
  private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64); // (2 * 2^31)^2

  /**
   * The dart rule in exact integers: X = the top 31 bits, Y = bits 1..31; the cell centres
   * (2X+1, 2Y+1) / 2^32 inside the unit circle.
   */
  static boolean insideExact(long z) {
    BigInteger x = BigInteger.valueOf(2 * (z >>> 33) + 1);
    BigInteger y = BigInteger.valueOf(2 * ((z & 0xFFFFFFFFL) >>> 1) + 1);
    return x.multiply(x).add(y.multiply(y)).compareTo(TWO_TO_64) < 0;
  }

  /** Brute force: the stream's outputs, one by one, judged exactly. */
  static long bruteForce(LongSupplier rng, long n) {
    long hits = 0;
    for (long i = 0; i < n; i++) {
      if (insideExact(rng.getAsLong())) {
        hits++;
      }
    }
    return hits;
  }

  /** The JDK's own generator for map {@code index}: the (index+1)-th split of the seed. */
  static SplittableRandom jdkStream(long seed, int index) {
    SplittableRandom root = new SplittableRandom(seed);
    SplittableRandom s = root.split();
    for (int i = 0; i < index; i++) {
      s = root.split();
    }
    return s;
  }

  @Test
  void countsAsTheExactRuleDoesOnTheJdksStream() {
    // 200,000 darts: three blocks of the vector loop (where it runs) and a scalar tail.
    assertEquals(bruteForce(jdkStream(11, 3)::nextLong, 200_000), Darts.throwDarts(Darts.stream(11, 3), 200_000));
  }

  @Test
  void splitMixIsTheJdksGenerator() {
    for (long seed : new long[] {0, 1, -7, 0x123456789abcdefL}) {
      SplittableRandom jdk = new SplittableRandom(seed);
      SplitMix ours = SplitMix.of(seed);
      for (int i = 0; i < 1000; i++) {
        assertEquals(jdk.nextLong(), ours.nextLong(), "seed " + seed + " output " + i);
      }
      SplittableRandom jdkChild = jdk.split().split();
      SplitMix ourChild = ours.split().split();
      for (int i = 0; i < 1000; i++) {
        assertEquals(jdkChild.nextLong(), ourChild.nextLong(), "seed " + seed + " split output " + i);
      }
    }
  }

  @Test
  void vectorLoopEqualsTheScalarLoop() {
    // Called directly, so it is checked wherever the module is there, whatever the CPU.
    for (long seed = 0; seed < 5; seed++) {
      SplitMix s = Darts.stream(seed, (int) seed);
      SplitMix v = Darts.stream(seed, (int) seed);
      for (int block = 0; block < 3; block++) {
        long vector = VectorDarts.count(v.seed(), v.gamma(), 1 << 14);
        v.skip(1 << 14);
        assertEquals(Darts.scalar(s, 1 << 14), vector, "seed " + seed + " block " + block);
      }
      assertEquals(s.nextLong(), v.nextLong());
    }
  }

  @Test
  void throwDartsMovesTheStreamPastItsDarts() {
    SplitMix a = Darts.stream(3, 0);
    SplitMix b = Darts.stream(3, 0);
    Darts.throwDarts(a, 70_001);
    for (int i = 0; i < 70_001; i++) {
      b.nextLong();
    }
    assertEquals(b.nextLong(), a.nextLong());
  }

  @Test
  void insideIsTheExactRule() {
    SplitMix r = SplitMix.of(42);
    for (int i = 0; i < 100_000; i++) {
      long z = r.nextLong();
      assertEquals(insideExact(z), Darts.inside(z), Long.toHexString(z));
    }
    // Cells on the diagonal where it crosses the circle: X = Y near 2^30.5, some in, some out.
    long c = 1518500249L;
    int in = 0;
    for (long dx = -2; dx <= 2; dx++) {
      for (long dy = -2; dy <= 2; dy++) {
        long z = (c + dx) << 33 | (c + dy) << 1;
        assertEquals(insideExact(z), Darts.inside(z), "X " + (c + dx) + " Y " + (c + dy));
        in += Darts.inside(z) ? 1 : 0;
      }
    }
    assertTrue(in > 0 && in < 25, in + " of 25 boundary cells inside");
  }

  @Test
  void cornersOfTheSquare() {
    assertTrue(Darts.inside(0));              // the cell at the origin
    assertTrue(!Darts.inside(-1L));           // the cell at (1, 1)
    assertTrue(Darts.inside(0xFFFFFFFFL));    // (0, 1 - half a cell): just inside
    assertTrue(!Darts.inside(0xFFFFFFFFL << 32 | 0x80000000L)); // (1, 0.5)
  }

  @Test
  void mapStreamsAreTheSplitsOfTheSeedInOrder() {
    SplittableRandom root = new SplittableRandom(99);
    for (int i = 0; i < 5; i++) {
      assertEquals(root.split().nextLong(), Darts.stream(99, i).nextLong(), "map " + i);
    }
    assertThrows(IllegalArgumentException.class, () -> Darts.stream(1, -1));
  }

  @Test
  void streamsDifferBetweenMapsAndSeeds() {
    Set<Long> firsts = new HashSet<>();
    for (long seed = 0; seed < 4; seed++) {
      for (int i = 0; i < 50; i++) {
        firsts.add(Darts.stream(seed, i).nextLong());
      }
    }
    assertEquals(200, firsts.size());
    assertNotEquals(Darts.stream(1, 0).nextLong(), new SplittableRandom(1).nextLong());
  }

  @Test
  void seededEstimateIsWithinFiveStandardErrorsOfPi() {
    long n = 20_000_000;
    long hits = Darts.throwDarts(Darts.stream(2024, 0), n);
    PiResult r = new PiResult(Method.RANDOM, 1, n, 2024, n, hits, 1);
    double z = (r.estimate().doubleValue() - Math.PI) / r.standardError();
    assertTrue(Math.abs(z) < 5, "estimate " + r.estimate() + " is " + z + " standard errors from pi");
  }

  @Test
  void chunkingChangesNothing() {
    SplitMix a = Darts.stream(5, 1);
    SplitMix b = Darts.stream(5, 1);
    assertEquals(Darts.throwDarts(a, 300_001), Darts.throwDarts(b, 100_000) + Darts.throwDarts(b, 200_001));
    assertEquals(a.nextLong(), b.nextLong());
  }

  @Test
  void aJvmsWarmUpBlocksChangeNothing() {
    int before = Darts.WARM_UP_CALLS.getAndSet(100); // 100 short blocks, then long ones and a tail
    try {
      SplitMix a = Darts.stream(8, 2);
      SplitMix b = Darts.stream(8, 2);
      assertEquals(Darts.scalar(a, 200_003), Darts.throwDarts(b, 200_003));
      if (Darts.loop().startsWith("vector")) {
        assertEquals(0, Darts.WARM_UP_CALLS.get(), "the short blocks were used");
      }
      assertEquals(a.nextLong(), b.nextLong());
    } finally {
      Darts.WARM_UP_CALLS.set(before);
    }
  }
}
