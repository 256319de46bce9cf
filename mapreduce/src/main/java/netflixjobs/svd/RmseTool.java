package netflixjobs.svd;

import java.util.List;
import java.util.Locale;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.Tool;

import netflixjobs.common.Args;
import netflixjobs.common.ToolMain;
import netflixjobs.common.UsageException;
import netflixjobs.ratings.Dataset;
import netflixjobs.svd.model.Blocks;
import netflixjobs.svd.model.FactorTable;
import netflixjobs.svd.model.Params;
import netflixjobs.svd.model.Sgd;

/**
 * {@code rmse MODEL RATINGS_PATH}: root mean squared error (and mean absolute error) of the
 * model over a ratings directory such as DATASET/probe. Ratings of users or films the model
 * never saw get the fallback prediction and are counted.
 */
public class RmseTool extends Configured implements Tool {
  /** As ProgramDriver runs it: {@code netflix-jobs rmse ARGS}. */
  public static void main(String[] args) throws Exception {
    ToolMain.run(new RmseTool(), args);
  }

  @Override
  public int run(String[] argv) throws Exception {
    Args a = new Args("rmse", "MODEL RATINGS_PATH");
    if (!a.parse(argv)) {
      return 0;
    }
    List<String> pos = a.positional(2, 2);
    Configuration conf = getConf();
    SvdModel m = SvdModel.open(conf, pos.get(0));
    Path path = new Path(pos.get(1));
    FileSystem fs = path.getFileSystem(conf);
    if (!fs.exists(path)) {
      throw new UsageException(path + ": no such file or directory.");
    }
    if (fs.getFileStatus(path).isDirectory() && fs.exists(new Path(path, "ratings"))) {
      throw new UsageException(path + " is a data set: give " + new Path(path, "probe") + " or "
          + new Path(path, "ratings") + ".");
    }
    Result r = rmse(conf, m, path);
    if (r.n() == 0) {
      throw new UsageException(path + " holds no ratings.");
    }
    System.out.printf(Locale.ROOT, "RMSE %.5f  MAE %.5f  over %,d ratings in %s%n", r.rmse(), r.mae(), r.n(), path);
    if (r.unknownUser() + r.unknownMovie() == 0) {
      System.out.println("every user and film is in the model");
    } else {
      System.out.printf(Locale.ROOT, "fallback predictions: %,d ratings of users not in the model, %,d of films "
          + "not in the model (%,d of both)%n", r.unknownUser(), r.unknownMovie(), r.unknownBoth());
    }
    return 0;
  }

  /** Error figures of a model over some ratings. */
  public record Result(long n, double rmse, double mae, long unknownUser, long unknownMovie, long unknownBoth) {}

  public static Result rmse(Configuration conf, SvdModel m, Path ratings) throws java.io.IOException {
    FactorTable users = m.all(Blocks.USER);
    FactorTable movies = m.all(Blocks.MOVIE);
    Params p = m.params();
    double[] s = new double[2];
    long[] c = new long[3];
    long n = Dataset.forEach(conf, ratings, (user, movie, half, day) -> {
      int u = users.row(user);
      int i = movies.row(movie);
      c[0] += u < 0 ? 1 : 0;
      c[1] += i < 0 ? 1 : 0;
      c[2] += u < 0 && i < 0 ? 1 : 0;
      double e = half * 0.5 - Sgd.predict(p, users, u, movies, i);
      s[0] += e * e;
      s[1] += Math.abs(e);
    });
    return new Result(n, n == 0 ? Double.NaN : Math.sqrt(s[0] / n), n == 0 ? Double.NaN : s[1] / n, c[0], c[1], c[2]);
  }
}
