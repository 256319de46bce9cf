package netflixjobs.svd;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;

import netflixjobs.ratings.Dataset;
import netflixjobs.ratings.MovieRating;
import netflixjobs.ratings.Titles;

/**
 * Small data sets from a planted model for the tests: rating = clamp(round to half stars(mu +
 * b_u + b_i + p_u.q_i + N(0, sigma^2)), 0.5, 5). The noise floor is the RMSE of the best
 * possible prediction, E[rating | planted mean], over the probe ratings.
 */
final class Planted {
  final int[] trainU;
  final int[] trainM;
  final byte[] trainH;
  final int[] probeU;
  final int[] probeM;
  final byte[] probeH;
  final double noiseFloor;
  final int movies;

  private Planted(List<int[]> train, List<int[]> probe, double floor, int movies) {
    trainU = train.stream().mapToInt(r -> r[0]).toArray();
    trainM = train.stream().mapToInt(r -> r[1]).toArray();
    trainH = new byte[train.size()];
    for (int i = 0; i < trainH.length; i++) {
      trainH[i] = (byte) train.get(i)[2];
    }
    probeU = probe.stream().mapToInt(r -> r[0]).toArray();
    probeM = probe.stream().mapToInt(r -> r[1]).toArray();
    probeH = new byte[probe.size()];
    for (int i = 0; i < probeH.length; i++) {
      probeH[i] = (byte) probe.get(i)[2];
    }
    this.noiseFloor = floor;
    this.movies = movies;
  }

  /** Users get sparse ids (1000 + 7u); movies are 1..movies; each pair rated with probability density. */
  static Planted make(int users, int movies, int rank, double density, double sigma, double probeShare, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    double mu = 3.4;
    double[] bu = gauss(rnd, users, 0.3);
    double[] bi = gauss(rnd, movies, 0.4);
    double[] p = gauss(rnd, users * rank, 0.6);
    double[] q = gauss(rnd, movies * rank, 0.6);
    NormalDistribution noise = new NormalDistribution(0, sigma);
    List<int[]> train = new ArrayList<>();
    List<int[]> probe = new ArrayList<>();
    double sse = 0;
    for (int u = 0; u < users; u++) {
      for (int m = 0; m < movies; m++) {
        if (rnd.nextDouble() >= density) {
          continue;
        }
        double mean = mu + bu[u] + bi[m];
        for (int k = 0; k < rank; k++) {
          mean += p[u * rank + k] * q[m * rank + k];
        }
        int h = halfStars(mean + sigma * rnd.nextGaussian());
        int[] r = {1000 + 7 * u, m + 1, h};
        if (rnd.nextDouble() < probeShare) {
          probe.add(r);
          double e = h * 0.5 - expected(mean, noise);
          sse += e * e;
        } else {
          train.add(r);
        }
      }
    }
    return new Planted(train, probe, Math.sqrt(sse / probe.size()), movies);
  }

  static int halfStars(double x) {
    return (int) Math.max(1, Math.min(10, Math.round(2 * x)));
  }

  /** E[halfStars(mean + noise)] / 2. */
  static double expected(double mean, NormalDistribution noise) {
    double e = 0;
    for (int h = 1; h <= 10; h++) {
      double hi = h == 10 ? 1 : noise.cumulativeProbability((h + 0.5) / 2 - mean);
      double lo = h == 1 ? 0 : noise.cumulativeProbability((h - 0.5) / 2 - mean);
      e += h * 0.5 * (hi - lo);
    }
    return e;
  }

  private static double[] gauss(SplittableRandom rnd, int n, double sd) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = sd * rnd.nextGaussian();
    }
    return x;
  }

  /**
   * Writes DATASET/{ratings,probe,titles}: two part files each, split by user, sorted by
   * (user, movie), in small compressed blocks (so readers' searches cross many sync points).
   */
  void write(Configuration conf, Dataset ds) throws IOException {
    Configuration c = new Configuration(conf);
    c.setInt("io.seqfile.compress.blocksize", 2000);
    writeSorted(c, ds.ratings(), trainU, trainM, trainH);
    writeSorted(c, ds.probe(), probeU, probeM, probeH);
    List<Titles.Film> films = new ArrayList<>();
    for (int m = 1; m <= movies; m++) {
      films.add(new Titles.Film(m, 1990 + m % 20, "Film number " + m));
    }
    Titles.write(conf, ds, films);
  }

  private static void writeSorted(Configuration conf, Path dir, int[] us, int[] ms, byte[] hs) throws IOException {
    Integer[] idx = new Integer[us.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    java.util.Arrays.sort(idx, (a, b) -> us[a] != us[b] ? Integer.compare(us[a], us[b]) : Integer.compare(ms[a], ms[b]));
    int split = us.length == 0 ? 0 : us[idx[idx.length / 2]];
    try (SequenceFile.Writer w0 = Dataset.writer(conf, new Path(dir, "part-00000"));
         SequenceFile.Writer w1 = Dataset.writer(conf, new Path(dir, "part-00001"))) {
      IntWritable k = new IntWritable();
      MovieRating v = new MovieRating();
      for (int i : idx) {
        k.set(us[i]);
        v.set(ms[i], hs[i], 0);
        (us[i] < split ? w0 : w1).append(k, v);
      }
    }
  }
}
