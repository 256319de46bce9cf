package netflixjobs.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AliasSamplerTest {
  @Test
  void drawsInProportionToTheWeightsAndNeverAZeroWeight() {
    double[] w = {5, 0, 1, 3, 0.5, 0, 10, 0.25};
    double total = 0;
    for (double x : w) {
      total += x;
    }
    AliasSampler s = new AliasSampler(w);
    Rng rng = new Rng(7, 0, 0);
    int n = 1_000_000;
    int[] hits = new int[w.length];
    for (int i = 0; i < n; i++) {
      hits[s.sample(rng)]++;
    }
    for (int i = 0; i < w.length; i++) {
      double p = w[i] / total;
      double sd = Math.sqrt(n * p * (1 - p));
      assertEquals(n * p, hits[i], 5 * sd + 1e-9, "index " + i);
    }
    assertEquals(0, hits[1]);
    assertEquals(0, hits[5]);
  }

  @Test
  void refusesWeightsThatAreNotADistribution() {
    assertThrows(IllegalArgumentException.class, () -> new AliasSampler(new double[0]));
    assertThrows(IllegalArgumentException.class, () -> new AliasSampler(new double[] {0, 0}));
    assertThrows(IllegalArgumentException.class, () -> new AliasSampler(new double[] {1, -1}));
    assertThrows(IllegalArgumentException.class, () -> new AliasSampler(new double[] {1, Double.NaN}));
  }
}
