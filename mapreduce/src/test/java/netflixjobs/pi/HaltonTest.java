package netflixjobs.pi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.random.HaltonSequenceGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HaltonTest {

  /** Map i of Hadoop's example takes points i*N+1 .. i*N+N. */
  private static long hits(int maps, long samples) {
    long hits = 0;
    for (int i = 0; i < maps; i++) {
      hits += new Halton((long) i * samples).throwDarts(samples);
    }
    return hits;
  }

  /** Outputs of Hadoop's own `hadoop jar hadoop-mapreduce-examples.jar pi M N` (its documentation and runs). */
  @ParameterizedTest(name = "pi {0} {1} = {2}")
  @CsvSource({"10, 100, 3.148", "10, 1000, 3.1408", "16, 1000, 3.1425", "10, 10000, 3.1412",
      "16, 100000, 3.141575"})
  void reproducesHadoopsEstimates(int maps, long samples, String hadoop) {
    PiResult r = new PiResult(Method.HALTON, maps, samples, 0, maps * samples, hits(maps, samples), 1);
    assertEquals(hadoop, r.estimate().toPlainString());
  }

  @Test
  void pointsAreTheUnscrambledHaltonSequenceInOrder() {
    HaltonSequenceGenerator reference = new HaltonSequenceGenerator(2, new int[] {2, 3}, null);
    for (long start : new long[] {0, 999, 123_456_789_012L}) {
      Halton h = new Halton(start);
      if (start >= Integer.MAX_VALUE) {
        // Commons Math indexes by int: compare against the radical inverse directly.
        for (int k = 1; k <= 1000; k++) {
          assertArrayEquals(new double[] {radicalInverse(start + k, 2), radicalInverse(start + k, 3)}, h.next(), 1e-12);
        }
        continue;
      }
      reference.skipTo((int) start); // returns H(start); the next vector is H(start + 1)
      for (int k = 0; k < 10_000; k++) {
        assertArrayEquals(reference.nextVector(), h.next(), 1e-12, "point " + (start + k + 1));
      }
    }
  }

  @Test
  void chunkingChangesNothing() {
    Halton whole = new Halton(5000);
    Halton parts = new Halton(5000);
    long a = whole.throwDarts(100_000);
    long b = parts.throwDarts(1) + parts.throwDarts(33_333) + parts.throwDarts(66_666);
    assertEquals(a, b);
    assertEquals(whole.index(), parts.index());
  }

  @Test
  void quasiRandomErrorShrinksFasterThanMonteCarlo() {
    long n = 1_000_000;
    double err = Math.abs(4.0 * new Halton(0).throwDarts(n) / n - Math.PI);
    // A Monte Carlo standard error at this n is 1.6e-3; Halton points do far better.
    assertTrue(err < 1e-4, "error " + err);
  }

  private static double radicalInverse(long k, int base) {
    double v = 0;
    double f = 1.0 / base;
    for (; k > 0; k /= base, f /= base) {
      v += (k % base) * f;
    }
    return v;
  }
}
