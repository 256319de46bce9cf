package netflixjobs.svd;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import netflixjobs.common.Args;
import netflixjobs.common.UsageException;

/**
 * Surprise's SVD and SVD++ algorithms with Surprise's default settings, single-threaded and
 * in memory: the reference the real-data benchmark runs on the very folds it gives svd, so
 * the comparison holds on a data set whose Surprise figures are not published.
 * <ul>
 * <li>SVD: biased, 100 factors, 20 epochs, lr 0.005, reg 0.02, factors ~ N(0, 0.1), biases 0.
 * <li>SVD++: 20 factors, 20 epochs, lr 0.007, reg 0.02, implicit factors y_j over the films
 * each user rated in training. As in Surprise, a user's ratings are visited together and
 * every y_j of that user moves by the same step at each rating, so the implicit sum is kept
 * up to date in O(F) per rating and the y_j are written once per user: the same arithmetic
 * as recomputing the sum each time, without its O(|N(u)| F) cost.
 * </ul>
 * Ratings in visiting order: users by first appearance in the training file, each user's
 * ratings in file order (Surprise's trainset order). Predictions clipped to the training range.
 * <p>
 * {@code SurpriseReference [--seed S] TRAIN_CSV TEST_CSV}: files of {@code user,movie,rating[,...]}
 * lines (a header line is skipped); prints {@code surprise-svd RMSE} and {@code surprise-svdpp RMSE}.
 */
public final class SurpriseReference {
  private SurpriseReference() {}

  /** Ratings with dense user and item indices; users grouped in first-appearance order. */
  record Data(int[] userStart, int[] item, double[] rating, int users, int items, double mean, double lo, double hi) {}

  record Test(int[] user, int[] item, double[] rating) {}

  static final class Index {
    final Map<Long, Integer> users = new HashMap<>();
    final Map<Long, Integer> items = new HashMap<>();
  }

  /** Reads user,movie,rating lines (tab, comma or :: separated; a non-numeric first line is a header). */
  static List<double[]> read(Path file) throws IOException {
    List<double[]> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      String line;
      boolean first = true;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split("::|[,\t]");
        if (first && !Character.isDigit(f[0].trim().charAt(0))) {
          first = false;
          continue;
        }
        first = false;
        out.add(new double[] {Long.parseLong(f[0].trim()), Long.parseLong(f[1].trim()), Double.parseDouble(f[2].trim())});
      }
    }
    return out;
  }

  static Data train(List<double[]> rows, Index ix) {
    Map<Integer, List<double[]>> byUser = new java.util.LinkedHashMap<>();
    double sum = 0;
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (double[] row : rows) {
      int u = ix.users.computeIfAbsent((long) row[0], k -> ix.users.size());
      ix.items.computeIfAbsent((long) row[1], k -> ix.items.size());
      byUser.computeIfAbsent(u, k -> new ArrayList<>()).add(row);
      sum += row[2];
      lo = Math.min(lo, row[2]);
      hi = Math.max(hi, row[2]);
    }
    int n = rows.size();
    int[] start = new int[ix.users.size() + 1];
    int[] item = new int[n];
    double[] rating = new double[n];
    int k = 0;
    for (int u = 0; u < ix.users.size(); u++) {
      start[u] = k;
      for (double[] row : byUser.get(u)) {
        item[k] = ix.items.get((long) row[1]);
        rating[k++] = row[2];
      }
    }
    start[ix.users.size()] = n;
    return new Data(start, item, rating, ix.users.size(), ix.items.size(), sum / n, lo, hi);
  }

  static Test test(List<double[]> rows, Index ix) {
    int n = rows.size();
    int[] u = new int[n];
    int[] i = new int[n];
    double[] r = new double[n];
    for (int k = 0; k < n; k++) {
      u[k] = ix.users.getOrDefault((long) rows.get(k)[0], -1);
      i[k] = ix.items.getOrDefault((long) rows.get(k)[1], -1);
      r[k] = rows.get(k)[2];
    }
    return new Test(u, i, r);
  }

  static double[] normal(SplittableRandom rng, int n, double sd) {
    double[] a = new double[n];
    for (int k = 0; k < n; k++) {
      a[k] = sd * gaussian(rng);
    }
    return a;
  }

  private static double gaussian(SplittableRandom rng) {
    double u1 = 1 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  static double clip(Data d, double x) {
    return Math.max(d.lo(), Math.min(d.hi(), x));
  }

  /** Surprise's SVD; returns the test RMSE. */
  static double svd(Data d, Test t, int f, int epochs, double lr, double reg, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] pu = normal(rng, d.users() * f, 0.1);
    double[] qi = normal(rng, d.items() * f, 0.1);
    double[] bu = new double[d.users()];
    double[] bi = new double[d.items()];
    double mu = d.mean();
    for (int e = 0; e < epochs; e++) {
      for (int u = 0; u < d.users(); u++) {
        int uo = u * f;
        for (int k = d.userStart()[u]; k < d.userStart()[u + 1]; k++) {
          int i = d.item()[k];
          int io = i * f;
          double dot = 0;
          for (int c = 0; c < f; c++) {
            dot += qi[io + c] * pu[uo + c];
          }
          double err = d.rating()[k] - (mu + bu[u] + bi[i] + dot);
          bu[u] += lr * (err - reg * bu[u]);
          bi[i] += lr * (err - reg * bi[i]);
          for (int c = 0; c < f; c++) {
            double p = pu[uo + c];
            double q = qi[io + c];
            pu[uo + c] += lr * (err * q - reg * p);
            qi[io + c] += lr * (err * p - reg * q);
          }
        }
      }
    }
    return testRmse(d, t, mu, bu, bi, qi, f, (u, out) -> System.arraycopy(pu, u * f, out, 0, f));
  }

  /** A user's factor vector as the prediction uses it, written into {@code out}. */
  private interface UserFactors {
    void into(int user, double[] out);
  }

  /**
   * Test RMSE of mu + b_u + b_i + q_i . p_u, clipped, as Surprise predicts: a user or item
   * unseen in training contributes no bias and no product.
   */
  private static double testRmse(Data d, Test t, double mu, double[] bu, double[] bi, double[] qi, int f,
      UserFactors userFactors) {
    double[] pu = new double[f];
    double sse = 0;
    for (int k = 0; k < t.user().length; k++) {
      int u = t.user()[k];
      int i = t.item()[k];
      double est = mu;
      if (u >= 0) {
        est += bu[u];
      }
      if (i >= 0) {
        est += bi[i];
      }
      if (u >= 0 && i >= 0) {
        userFactors.into(u, pu);
        for (int c = 0; c < f; c++) {
          est += qi[i * f + c] * pu[c];
        }
      }
      double e = t.rating()[k] - clip(d, est);
      sse += e * e;
    }
    return Math.sqrt(sse / t.user().length);
  }

  /** Surprise's SVD++; returns the test RMSE. */
  static double svdpp(Data d, Test t, int f, int epochs, double lr, double reg, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    double[] pu = normal(rng, d.users() * f, 0.1);
    double[] qi = normal(rng, d.items() * f, 0.1);
    double[] yj = normal(rng, d.items() * f, 0.1);
    double[] bu = new double[d.users()];
    double[] bi = new double[d.items()];
    double mu = d.mean();
    double[] impl = new double[f];
    double[] add = new double[f]; // the shift every y_j of the user has taken since the user's first rating
    double keep = 1 - lr * reg; // what the regularisation leaves of a y_j at each step
    for (int e = 0; e < epochs; e++) {
      for (int u = 0; u < d.users(); u++) {
        int s = d.userStart()[u];
        int end = d.userStart()[u + 1];
        double norm = 1 / Math.sqrt(end - s);
        implicit(d, yj, f, u, norm, impl);
        // y_j(now) = scale * y_j(start) + add, for every j rated by u
        double scale = 1;
        java.util.Arrays.fill(add, 0);
        int uo = u * f;
        for (int k = s; k < end; k++) {
          int i = d.item()[k];
          int io = i * f;
          double dot = 0;
          for (int c = 0; c < f; c++) {
            dot += qi[io + c] * (pu[uo + c] + impl[c]);
          }
          double err = d.rating()[k] - (mu + bu[u] + bi[i] + dot);
          bu[u] += lr * (err - reg * bu[u]);
          bi[i] += lr * (err - reg * bi[i]);
          for (int c = 0; c < f; c++) {
            double p = pu[uo + c];
            double q = qi[io + c];
            pu[uo + c] += lr * (err * q - reg * p);
            qi[io + c] += lr * (err * (p + impl[c]) - reg * q);
            double step = lr * err * q * norm;
            add[c] = keep * add[c] + step;
            // the sum of the y_j over sqrt|N(u)| moves by the same rule, summed over N(u)
            impl[c] = keep * impl[c] + step * (end - s) * norm;
          }
          scale *= keep;
        }
        for (int k = s; k < end; k++) {
          int jo = d.item()[k] * f;
          for (int c = 0; c < f; c++) {
            yj[jo + c] = scale * yj[jo + c] + add[c];
          }
        }
      }
    }
    return testRmse(d, t, mu, bu, bi, qi, f, (u, out) -> {
      implicit(d, yj, f, u, 1 / Math.sqrt(d.userStart()[u + 1] - d.userStart()[u]), out);
      for (int c = 0; c < f; c++) {
        out[c] += pu[u * f + c];
      }
    });
  }

  private static void implicit(Data d, double[] yj, int f, int u, double norm, double[] impl) {
    java.util.Arrays.fill(impl, 0);
    for (int k = d.userStart()[u]; k < d.userStart()[u + 1]; k++) {
      int jo = d.item()[k] * f;
      for (int c = 0; c < f; c++) {
        impl[c] += yj[jo + c];
      }
    }
    for (int c = 0; c < f; c++) {
      impl[c] *= norm;
    }
  }

  public static void main(String[] argv) throws IOException {
    Args a = new Args("SurpriseReference", "[--seed S] TRAIN_CSV TEST_CSV").value("seed", "S", "seed (default 1)");
    long seed;
    List<String> files;
    try {
      if (!a.parse(argv)) {
        return;
      }
      seed = a.longValue("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
      files = a.positional(2, 2);
    } catch (UsageException e) {
      System.err.println("SurpriseReference: " + e.getMessage());
      System.exit(2);
      return;
    }
    Index ix = new Index();
    long t0 = System.nanoTime();
    Data d = train(read(Path.of(files.get(0))), ix);
    Test t = test(read(Path.of(files.get(1))), ix);
    double svd = svd(d, t, 100, 20, 0.005, 0.02, seed);
    long t1 = System.nanoTime();
    double svdpp = svdpp(d, t, 20, 20, 0.007, 0.02, seed);
    long t2 = System.nanoTime();
    System.out.printf(Locale.ROOT, "surprise-svd %.5f  (%d train, %d test, %.1f s)%n", svd, d.rating().length,
        t.rating().length, (t1 - t0) / 1e9);
    System.out.printf(Locale.ROOT, "surprise-svdpp %.5f  (%.1f s)%n", svdpp, (t2 - t1) / 1e9);
  }
}
