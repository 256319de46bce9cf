package netflixjobs.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PiResultTest {
  @Test
  void estimateIsExactAndStandardErrorBinomial() {
    PiResult r = new PiResult(Method.RANDOM, 2, 5, 1, 10, 8, 2.0);
    assertEquals("3.2", r.estimate().toPlainString());
    assertEquals(4 * Math.sqrt(0.8 * 0.2 / 10), r.standardError(), 1e-15);
    assertEquals(5.0, r.samplesPerSecond());
    PiResult third = new PiResult(Method.RANDOM, 1, 3, 1, 3, 1, 1);
    assertEquals("1.33333333333333333333", third.estimate().toPlainString());
  }

  @Test
  void countsBeyondIntAndTenToTheTwelveStayExact() {
    long n = 1_000_000_000_000L;
    long hits = 785_398_163_397L;
    PiResult r = new PiResult(Method.RANDOM, 1000, n / 1000, 1, n, hits, 100);
    assertEquals("3.141592653588", r.estimate().toPlainString());
    assertTrue(r.text().contains("samples\t1000000000000\n"));
  }

  @Test
  void recordHasEveryFieldOnItsOwnLine() {
    String text = new PiResult(Method.HALTON, 10, 1000, 0, 10_000, 7852, 1.5).text();
    for (String key : new String[] {"estimate\t3.1408", "standard_error\t", "hits\t7852", "samples\t10000",
        "maps\t10", "seconds\t1.500", "samples_per_second\t"}) {
      assertTrue(text.contains(key), key + " missing from:\n" + text);
    }
  }
}
