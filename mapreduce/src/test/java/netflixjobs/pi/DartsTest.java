package netflixjobs.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

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
  static long bruteForce(SplittableRandom rng, long n) {
    long hits = 0;
    for (long i = 0; i < n; i++) {
      if (insideExact(rng.nextLong())) {
        hits++;
      }
    }
    return hits;
  }

  @Test
  void countsAsTheExactRuleDoes() {
    assertEquals(bruteForce(Darts.stream(11, 3), 200_000), Darts.throwDarts(Darts.stream(11, 3), 200_000));
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
    SplittableRandom a = Darts.stream(5, 1);
    SplittableRandom b = Darts.stream(5, 1);
    assertEquals(Darts.throwDarts(a, 300_001), Darts.throwDarts(b, 100_000) + Darts.throwDarts(b, 200_001));
    assertEquals(a.nextLong(), b.nextLong());
  }
}
