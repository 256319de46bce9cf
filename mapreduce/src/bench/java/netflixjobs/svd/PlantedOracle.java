package netflixjobs.svd;

import java.io.File;
import java.io.FileReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.apache.hadoop.conf.Configuration;

import netflixjobs.common.Args;
import netflixjobs.cli.Embedded;
import netflixjobs.common.UsageException;
import netflixjobs.generate.Generator;
import netflixjobs.generate.Model;
import netflixjobs.ratings.Dataset;

/**
 * How close any model can get to the noise floor on a generated data set, given only each
 * user's training ratings: an oracle that knows the planted global mean, film biases and film
 * factors exactly and fits each user's bias and factors by ridge regression with the planted
 * prior (the posterior mean). The gap between its probe RMSE and the floor is what ~N ratings
 * per user cannot pin down, whatever the trainer; the svd benchmark reports ours against it.
 * <p>
 * {@code PlantedOracle [--fs URI | --data-dir DIR] DATASET GENERATED} where DATASET is the
 * imported {@code generate} output GENERATED (its generator.properties names the model).
 * Prints the floor, the planted model's own clipped mean (the best a linear predictor can do),
 * and the oracle both as a clipped linear prediction and as the posterior expected rating.
 */
public final class PlantedOracle {
  private PlantedOracle() {}

  /** Probe RMSE of the three predictors and the figures behind them. */
  public record Result(double floor, double plantedLinear, double oracleLinear, double oracleBayes,
                       int trainRatings, int probeRatings, int users) {}

  public static Result run(Model model, double floor, double noiseVar, double muPlanted, double userBiasSd,
                           double userFactorSd, InMemorySgd.Loaded train, InMemorySgd.Loaded probe) {
    final int k = model.factors;
    final int d = k + 1;
    final int nu = model.users;
    ByUser trained = ByUser.of(model, train.users());
    ByUser probed = ByUser.of(model, probe.users());
    int np = probe.users().length;
    // the films' features [1, q_i], flat, by movie id
    double[] x = new double[(model.movies + 1) * d];
    for (int m = 1; m <= model.movies; m++) {
      x[m * d] = 1;
      for (int f = 0; f < k; f++) {
        x[m * d + 1 + f] = model.movieFactor(m, f);
      }
    }

    double[] prior = new double[d]; // noise variance / prior variance: the ridge penalty per coordinate
    prior[0] = noiseVar / (userBiasSd * userBiasSd);
    for (int f = 1; f < d; f++) {
      prior[f] = noiseVar / (userFactorSd * userFactorSd);
    }
    double sigma = model.sigma;
    double[] a = new double[d * d];
    double[] b = new double[d];
    double[] w = new double[d];
    double[] t = new double[d];
    double sseLinear = 0;
    double sseBayes = 0;
    double ssePlanted = 0;
    for (int u = 0; u < nu; u++) {
      if (probed.count(u) == 0) {
        continue;
      }
      Arrays.fill(a, 0);
      Arrays.fill(b, 0);
      for (int j = trained.start[u]; j < trained.start[u + 1]; j++) {
        int i = trained.order[j];
        int m = train.movies()[i];
        double y = train.halfStars()[i] * 0.5 - muPlanted - model.movieBias(m);
        int xo = m * d;
        for (int r = 0; r < d; r++) {
          double xr = x[xo + r];
          b[r] += xr * y;
          for (int c = 0; c <= r; c++) {
            a[r * d + c] += xr * x[xo + c];
          }
        }
      }
      for (int r = 0; r < d; r++) {
        a[r * d + r] += prior[r];
      }
      cholesky(a, d);
      solve(a, d, b, w);
      for (int q = probed.start[u]; q < probed.start[u + 1]; q++) {
        int i = probed.order[q];
        int m = probe.movies()[i];
        double r = probe.halfStars()[i] * 0.5;
        double planted = model.mean(u, m);
        double e0 = r - clip(planted);
        ssePlanted += e0 * e0;
        int xo = m * d;
        double mean = muPlanted + model.movieBias(m);
        for (int c = 0; c < d; c++) {
          mean += w[c] * x[xo + c];
        }
        double e1 = r - clip(mean);
        sseLinear += e1 * e1;
        // posterior variance of the mean: noiseVar x' A^-1 x
        System.arraycopy(x, xo, t, 0, d);
        forward(a, d, t);
        double v = 0;
        for (int c = 0; c < d; c++) {
          v += t[c] * t[c];
        }
        v *= noiseVar;
        double e2 = r - Model.expectedRating(mean, Math.sqrt(sigma * sigma + v));
        sseBayes += e2 * e2;
      }
    }
    return new Result(floor, Math.sqrt(ssePlanted / np), Math.sqrt(sseLinear / np), Math.sqrt(sseBayes / np),
        train.users().length, np, nu);
  }

  /** Ratings grouped by planted user index: user u's are {@code order[start[u] .. start[u + 1])}. */
  private record ByUser(int[] start, int[] order) {
    static ByUser of(Model model, int[] userIds) {
      int nu = model.users;
      int[] index = new int[userIds.length];
      int[] start = new int[nu + 1];
      for (int i = 0; i < userIds.length; i++) {
        index[i] = model.userIndex(userIds[i]);
        if (index[i] < 0) {
          throw new IllegalArgumentException("user " + userIds[i] + " is not in the planted model");
        }
        start[index[i] + 1]++;
      }
      for (int u = 0; u < nu; u++) {
        start[u + 1] += start[u];
      }
      int[] fill = Arrays.copyOf(start, nu);
      int[] order = new int[userIds.length];
      for (int i = 0; i < userIds.length; i++) {
        order[fill[index[i]]++] = i;
      }
      return new ByUser(start, order);
    }

    int count(int u) {
      return start[u + 1] - start[u];
    }
  }

  private static double clip(double v) {
    return v < 1 ? 1 : v > 5 ? 5 : v;
  }

  /** In place: the lower triangle of a becomes L with L L' = a. */
  static void cholesky(double[] a, int d) {
    for (int j = 0; j < d; j++) {
      double s = a[j * d + j];
      for (int k = 0; k < j; k++) {
        s -= a[j * d + k] * a[j * d + k];
      }
      double l = Math.sqrt(s);
      a[j * d + j] = l;
      for (int i = j + 1; i < d; i++) {
        double v = a[i * d + j];
        for (int k = 0; k < j; k++) {
          v -= a[i * d + k] * a[j * d + k];
        }
        a[i * d + j] = v / l;
      }
    }
  }

  /** t := L^-1 t. */
  static void forward(double[] l, int d, double[] t) {
    for (int i = 0; i < d; i++) {
      double v = t[i];
      for (int k = 0; k < i; k++) {
        v -= l[i * d + k] * t[k];
      }
      t[i] = v / l[i * d + i];
    }
  }

  /** w := (L L')^-1 b. */
  static void solve(double[] l, int d, double[] b, double[] w) {
    System.arraycopy(b, 0, w, 0, d);
    forward(l, d, w);
    for (int i = d - 1; i >= 0; i--) {
      double v = w[i];
      for (int k = i + 1; k < d; k++) {
        v -= l[k * d + i] * w[k];
      }
      w[i] = v / l[i * d + i];
    }
  }

  public static void main(String[] argv) throws Exception {
    Args a = new Args("PlantedOracle", "[--fs URI | --data-dir DIR] DATASET GENERATED")
        .value("fs", "URI", "file system of DATASET (default: the embedded HDFS under --data-dir)")
        .value("data-dir", "DIR", "embedded HDFS directory (default .netflix-jobs)");
    int code = 0;
    Embedded cluster = null;
    try {
      if (!a.parse(argv)) {
        return;
      }
      List<String> paths = a.positional(2, 2);
      Dataset ds = Dataset.at(paths.get(0));
      File props = new File(paths.get(1), Generator.PROPERTIES);
      if (!props.isFile()) {
        throw new UsageException(props + " does not exist: GENERATED must be a directory written by generate.");
      }
      Properties g = new Properties();
      try (Reader r = new FileReader(props)) {
        g.load(r);
      }
      cluster = Embedded.open(a.string("fs", null), new File(a.string("data-dir", Embedded.DEFAULT_DATA_DIR)), 2);
      Configuration conf = cluster.conf();
      long t0 = System.nanoTime();
      InMemorySgd.Loaded train = InMemorySgd.load(conf, ds.ratings());
      if (!ds.probe().getFileSystem(conf).exists(ds.probe())) {
        throw new UsageException(ds.probe() + " does not exist: the oracle is judged on DATASET's probe ratings.");
      }
      InMemorySgd.Loaded probe = InMemorySgd.load(conf, ds.probe());
      Model model = Model.build(Double.parseDouble(g.getProperty("scale")), Long.parseLong(g.getProperty("seed")),
          Integer.parseInt(g.getProperty("factors")), Double.parseDouble(g.getProperty("noiseSigma")));
      double cont = Double.parseDouble(g.getProperty("continuousRmse"));
      Result res = run(model, Double.parseDouble(g.getProperty("noiseFloorRmse")), cont * cont,
          Double.parseDouble(g.getProperty("globalMean")), Double.parseDouble(g.getProperty("userBiasSd")),
          Double.parseDouble(g.getProperty("userFactorSd")), train, probe);
      double f = res.floor();
      System.out.printf(Locale.ROOT, "oracle: %,d training ratings, %,d probe, %,d users (%.1f ratings/user), %.1f s%n",
          res.trainRatings(), res.probeRatings(), res.users(), (double) res.trainRatings() / res.users(),
          (System.nanoTime() - t0) / 1e9);
      System.out.printf(Locale.ROOT, "oracle: noise floor                                  %.5f%n", f);
      System.out.printf(Locale.ROOT, "oracle: planted model, clipped mean (linear best)    %.5f  (%+.2f%%)%n",
          res.plantedLinear(), 100 * (res.plantedLinear() / f - 1));
      System.out.printf(Locale.ROOT, "oracle: films known, users by ridge, clipped mean    %.5f  (%+.2f%%)%n",
          res.oracleLinear(), 100 * (res.oracleLinear() / f - 1));
      System.out.printf(Locale.ROOT, "oracle: films known, users by ridge, E[r] posterior  %.5f  (%+.2f%%)%n",
          res.oracleBayes(), 100 * (res.oracleBayes() / f - 1));
    } catch (UsageException e) {
      System.err.println("PlantedOracle: " + e.getMessage());
      code = 2;
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
    System.out.flush();
    System.exit(code);
  }
}
