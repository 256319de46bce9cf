package netflixjobs.svd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The real-data benchmark's reference: its SVD++ keeps each user's implicit sum up to date and
 * writes the y_j once per user; that must be the same arithmetic as Surprise's loop, which
 * recomputes the sum and moves every y_j at each rating.
 */
class SurpriseReferenceTest {
  @Test
  void svdppEqualsTheNaiveLoopAndBothBeatTheMean() {
    SplittableRandom rng = new SplittableRandom(5);
    List<double[]> train = new ArrayList<>();
    List<double[]> test = new ArrayList<>();
    for (int u = 1; u <= 40; u++) {
      Set<Integer> seen = new HashSet<>();
      int n = 5 + rng.nextInt(30);
      double taste = rng.nextDouble() * 2 - 1;
      while (seen.size() < n) {
        int m = 1 + rng.nextInt(60);
        if (seen.add(m)) {
          double r = Math.max(1, Math.min(5, Math.round(3 + 1.5 * taste * (m % 2 == 0 ? 1 : -1) + rng.nextGaussian() * 0.3)));
          (seen.size() % 5 == 0 ? test : train).add(new double[] {u, m, r});
        }
      }
    }
    SurpriseReference.Index ix = new SurpriseReference.Index();
    SurpriseReference.Data d = SurpriseReference.train(train, ix);
    SurpriseReference.Test t = SurpriseReference.test(test, ix);
    double fast = SurpriseReference.svdpp(d, t, 5, 30, 0.007, 0.02, 3);
    double naive = naiveSvdpp(d, t, 5, 30, 0.007, 0.02, 3);
    assertEquals(naive, fast, 1e-9);
    double sse = 0;
    for (double r : t.rating()) {
      sse += (r - d.mean()) * (r - d.mean());
    }
    double meanOnly = Math.sqrt(sse / t.rating().length);
    double svdpp = SurpriseReference.svdpp(d, t, 5, 200, 0.02, 0.02, 3);
    double svd = SurpriseReference.svd(d, t, 5, 200, 0.02, 0.02, 3);
    assertTrue(svdpp < 0.8 * meanOnly, "SVD++ " + svdpp + " vs the mean " + meanOnly);
    assertTrue(svd < 0.8 * meanOnly, "SVD " + svd + " vs the mean " + meanOnly);
  }

  /** Surprise's SVD++ loop as written there. */
  private static double naiveSvdpp(SurpriseReference.Data d, SurpriseReference.Test t, int f, int epochs, double lr,
                                   double reg, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] pu = SurpriseReference.normal(rng, d.users() * f, 0.1);
    double[] qi = SurpriseReference.normal(rng, d.items() * f, 0.1);
    double[] yj = SurpriseReference.normal(rng, d.items() * f, 0.1);
    double[] bu = new double[d.users()];
    double[] bi = new double[d.items()];
    double[] impl = new double[f];
    for (int e = 0; e < epochs; e++) {
      for (int u = 0; u < d.users(); u++) {
        int s = d.userStart()[u];
        int end = d.userStart()[u + 1];
        double norm = 1 / Math.sqrt(end - s);
        for (int k = s; k < end; k++) {
          int i = d.item()[k];
          java.util.Arrays.fill(impl, 0);
          for (int j = s; j < end; j++) {
            for (int c = 0; c < f; c++) {
              impl[c] += yj[d.item()[j] * f + c];
            }
          }
          double est = d.mean() + bu[u] + bi[i];
          for (int c = 0; c < f; c++) {
            impl[c] *= norm;
            est += qi[i * f + c] * (pu[u * f + c] + impl[c]);
          }
          double err = d.rating()[k] - est;
          bu[u] += lr * (err - reg * bu[u]);
          bi[i] += lr * (err - reg * bi[i]);
          for (int c = 0; c < f; c++) {
            double puf = pu[u * f + c];
            double qif = qi[i * f + c];
            pu[u * f + c] += lr * (err * qif - reg * puf);
            qi[i * f + c] += lr * (err * (puf + impl[c]) - reg * qif);
            for (int j = s; j < end; j++) {
              int jo = d.item()[j] * f + c;
              yj[jo] += lr * (err * qif * norm - reg * yj[jo]);
            }
          }
        }
      }
    }
    double sse = 0;
    for (int k = 0; k < t.user().length; k++) {
      int u = t.user()[k];
      int i = t.item()[k];
      double est = d.mean() + (u >= 0 ? bu[u] : 0) + (i >= 0 ? bi[i] : 0);
      if (u >= 0 && i >= 0) {
        int s = d.userStart()[u];
        int end = d.userStart()[u + 1];
        for (int c = 0; c < f; c++) {
          double y = 0;
          for (int j = s; j < end; j++) {
            y += yj[d.item()[j] * f + c];
          }
          est += qi[i * f + c] * (pu[u * f + c] + y / Math.sqrt(end - s));
        }
      }
      double err = t.rating()[k] - SurpriseReference.clip(d, est);
      sse += err * err;
    }
    return Math.sqrt(sse / t.user().length);
  }
}
