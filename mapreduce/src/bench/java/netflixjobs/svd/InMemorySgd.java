package netflixjobs.svd;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.hadoop.conf.Configuration;

import netflixjobs.common.Args;
import netflixjobs.cli.Embedded;
import netflixjobs.common.UsageException;
import netflixjobs.ratings.Dataset;
import netflixjobs.svd.model.Blocks;
import netflixjobs.svd.model.FactorTable;
import netflixjobs.svd.model.Params;
import netflixjobs.svd.model.Sgd;
import netflixjobs.svd.model.SvdConf;

/**
 * The same biased SGD as the svd passes, single-threaded over all ratings in memory: the
 * limit the distributed epoch is measured against, and the reference the tests compare the
 * passes with. Ratings are visited in the order of a one-block run ({@link Blocks#order}).
 * <p>
 * As a program (the svd benchmark's baseline):
 * {@code InMemorySgd [--fs URI | --data-dir DIR] [--factors F] [--epochs E] [--lr A] [--reg R]
 * [--seed S] DATASET} prints seconds per epoch and the training and probe RMSE; {@code --factors 0}
 * trains global mean + biases alone.
 */
public final class InMemorySgd {
  private final Params p;
  private final FactorTable users;
  private final FactorTable movies;
  private final int n;
  private final int[] userRows;
  private final int[] movieRows;
  private final byte[] halfStars;
  private int epochs;

  /** Ratings in any order; they are put in training order here. Params carry mu and the range. */
  public InMemorySgd(Params p, int[] users, int[] movies, byte[] halfStars) {
    this.p = p;
    this.n = users.length;
    int[] idx = order(p.seed(), users, movies);
    int[] u = new int[n];
    int[] m = new int[n];
    this.halfStars = new byte[n];
    for (int k = 0; k < n; k++) {
      u[k] = users[idx[k]];
      m[k] = movies[idx[k]];
      this.halfStars[k] = halfStars[idx[k]];
    }
    this.users = new FactorTable(p.factors(), 1024);
    this.movies = new FactorTable(p.factors(), 1024);
    this.userRows = Sgd.rows(n, u, this.users, Blocks.USER, p);
    this.movieRows = Sgd.rows(n, m, this.movies, Blocks.MOVIE, p);
  }

  /** The data's mean and range, computed as the blocking pass does. */
  public static Params withData(Params p, byte[] halfStars) {
    long sum = 0;
    int lo = 10;
    int hi = 1;
    for (byte h : halfStars) {
      sum += h;
      lo = Math.min(lo, h);
      hi = Math.max(hi, h);
    }
    return p.withData(sum / 2.0 / halfStars.length, lo / 2.0, hi / 2.0);
  }

  /** One epoch; returns the training RMSE of the predictions made during it. */
  public double epoch() {
    return Math.sqrt(Sgd.pass(n, userRows, movieRows, halfStars, users, movies, p, ++epochs) / n);
  }

  public FactorTable users() {
    return users;
  }

  public FactorTable movies() {
    return movies;
  }

  /** RMSE over other ratings, with the readers' fallbacks. */
  public double rmse(int[] us, int[] ms, byte[] hs) {
    double sse = 0;
    for (int k = 0; k < us.length; k++) {
      double e = hs[k] * 0.5 - Sgd.predict(p, users, users.row(us[k]), movies, movies.row(ms[k]));
      sse += e * e;
    }
    return Math.sqrt(sse / us.length);
  }

  /** Indices sorted by (order key, user, movie): a one-block run's order. */
  static int[] order(long seed, int[] users, int[] movies) {
    int n = users.length;
    long[] keys = new long[n];
    int[] idx = new int[n];
    for (int k = 0; k < n; k++) {
      keys[k] = Blocks.order(seed, users[k], movies[k]);
      idx[k] = k;
    }
    sort(keys, idx, users, movies, 0, n - 1);
    return idx;
  }

  private static boolean less(long[] keys, int[] idx, int[] us, int[] ms, int a, long kb, int ib) {
    if (keys[a] != kb) {
      return keys[a] < kb;
    }
    int ia = idx[a];
    return us[ia] != us[ib] ? us[ia] < us[ib] : ms[ia] < ms[ib];
  }

  private static void sort(long[] keys, int[] idx, int[] us, int[] ms, int lo, int hi) {
    while (hi - lo > 16) {
      int mid = (lo + hi) >>> 1;
      long pk = keys[mid];
      int pi = idx[mid];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (less(keys, idx, us, ms, i, pk, pi)) {
          i++;
        }
        while (lessRev(keys, idx, us, ms, j, pk, pi)) {
          j--;
        }
        if (i <= j) {
          swap(keys, idx, i++, j--);
        }
      }
      if (j - lo < hi - i) {
        sort(keys, idx, us, ms, lo, j);
        lo = i;
      } else {
        sort(keys, idx, us, ms, i, hi);
        hi = j;
      }
    }
    for (int i = lo + 1; i <= hi; i++) {
      for (int j = i; j > lo && less(keys, idx, us, ms, j, keys[j - 1], idx[j - 1]); j--) {
        swap(keys, idx, j, j - 1);
      }
    }
  }

  /** pivot < element at a. */
  private static boolean lessRev(long[] keys, int[] idx, int[] us, int[] ms, int a, long kb, int ib) {
    if (keys[a] != kb) {
      return kb < keys[a];
    }
    int ia = idx[a];
    return us[ib] != us[ia] ? us[ib] < us[ia] : ms[ib] < ms[ia];
  }

  private static void swap(long[] keys, int[] idx, int a, int b) {
    long k = keys[a];
    keys[a] = keys[b];
    keys[b] = k;
    int t = idx[a];
    idx[a] = idx[b];
    idx[b] = t;
  }

  /** A data set's ratings as arrays. */
  public record Loaded(int[] users, int[] movies, byte[] halfStars) {}

  public static Loaded load(Configuration conf, org.apache.hadoop.fs.Path dir) throws IOException {
    List<int[]> chunks = new ArrayList<>();
    int[][] cur = {new int[3 << 16]};
    int[] fill = {0};
    Dataset.forEach(conf, dir, (u, m, h, day) -> {
      if (fill[0] == cur[0].length) {
        chunks.add(cur[0]);
        cur[0] = new int[3 << 16];
        fill[0] = 0;
      }
      cur[0][fill[0]++] = u;
      cur[0][fill[0]++] = m;
      cur[0][fill[0]++] = h;
    });
    chunks.add(java.util.Arrays.copyOf(cur[0], fill[0]));
    int n = 0;
    for (int[] c : chunks) {
      n += c.length / 3;
    }
    int[] us = new int[n];
    int[] ms = new int[n];
    byte[] hs = new byte[n];
    int k = 0;
    for (int[] c : chunks) {
      for (int i = 0; i < c.length; i += 3, k++) {
        us[k] = c[i];
        ms[k] = c[i + 1];
        hs[k] = (byte) c[i + 2];
      }
    }
    return new Loaded(us, ms, hs);
  }

  public static void main(String[] argv) throws Exception {
    Args a = new Args("InMemorySgd", "[--fs URI | --data-dir DIR] [--factors F] [--epochs E] [--lr A] [--lr-decay G] [--reg R] [--seed S] DATASET")
        .value("fs", "URI", "file system of DATASET (default: the embedded HDFS under --data-dir)")
        .value("data-dir", "DIR", "embedded HDFS directory (default .netflix-jobs)")
        .value("factors", "F", "").value("epochs", "E", "").value("lr", "A", "").value("reg", "R", "")
        .value("seed", "S", "").value("init-std", "X", "").value("lr-decay", "G", "");
    int code = 0;
    Embedded cluster = null;
    try {
      if (!a.parse(argv)) {
        return;
      }
      Params p = new Params(a.intValue("factors", SvdConf.DEFAULT_FACTORS, 0, 1000), 1,
          a.doubleValue("lr", SvdConf.DEFAULT_LR, 0, 1), a.doubleValue("lr-decay", SvdConf.DEFAULT_DECAY, 0, 1),
          a.doubleValue("reg", SvdConf.DEFAULT_REG, 0, 10),
          a.doubleValue("init-std", SvdConf.DEFAULT_INIT_STD, 0, 1), a.longValue("seed", SvdConf.DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE),
          0, 1, 5);
      int epochs = a.intValue("epochs", SvdConf.DEFAULT_EPOCHS, 1, 100_000);
      Dataset ds = Dataset.at(a.positional(1, 1).get(0));
      cluster = Embedded.open(a.string("fs", null), new File(a.string("data-dir", Embedded.DEFAULT_DATA_DIR)), 2);
      Configuration conf = cluster.conf();
      long t0 = System.nanoTime();
      Loaded train = load(conf, ds.ratings());
      Loaded probe = ds.probe().getFileSystem(conf).exists(ds.probe()) ? load(conf, ds.probe()) : new Loaded(new int[0], new int[0], new byte[0]);
      double loadSecs = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      InMemorySgd sgd = new InMemorySgd(withData(p, train.halfStars()), train.users(), train.movies(), train.halfStars());
      System.out.printf(Locale.ROOT, "in-memory: %,d ratings, %,d probe; loaded in %.1f s, ordered in %.1f s%n",
          train.users().length, probe.users().length, loadSecs, (System.nanoTime() - t1) / 1e9);
      for (int e = 1; e <= epochs; e++) {
        long s = System.nanoTime();
        double tr = sgd.epoch();
        double secs = (System.nanoTime() - s) / 1e9;
        double pr = probe.users().length == 0 ? Double.NaN : sgd.rmse(probe.users(), probe.movies(), probe.halfStars());
        System.out.printf(Locale.ROOT, "in-memory epoch %3d/%d  train RMSE %.5f  probe RMSE %.5f  %6.2f s%n",
            e, epochs, tr, pr, secs);
      }
    } catch (UsageException e) {
      System.err.println("InMemorySgd: " + e.getMessage());
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
