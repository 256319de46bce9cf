package netflixjobs.svd;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.util.Tool;

import netflixjobs.common.Args;
import netflixjobs.common.ToolMain;
import netflixjobs.ratings.Dataset;
import netflixjobs.ratings.Titles;
import netflixjobs.svd.model.Blocks;
import netflixjobs.svd.model.FactorTable;
import netflixjobs.svd.model.Sgd;

/**
 * {@code recommend MODEL DATASET USER [--n N]}: the N films with the highest predicted rating
 * among those the user has not rated in DATASET/ratings, with titles. A user the model never
 * saw gets the films with the highest mean + film bias, and is told so.
 */
public class RecommendTool extends Configured implements Tool {
  /** As ProgramDriver runs it: {@code netflix-jobs recommend ARGS}. */
  public static void main(String[] args) throws Exception {
    ToolMain.run(new RecommendTool(), args);
  }

  @Override
  public int run(String[] argv) throws Exception {
    Args a = new Args("recommend", "[--n N] MODEL DATASET USER")
        .value("n", "N", "how many films (default 10)");
    if (!a.parse(argv)) {
      return 0;
    }
    int n = a.intValue("n", 10, 1, 1_000_000);
    List<String> pos = a.positional(3, 3);
    int user = Args.id(pos.get(2), "USER");
    Configuration conf = getConf();
    SvdModel m = SvdModel.open(conf, pos.get(0));
    Dataset ds = Dataset.at(pos.get(1)).requireImported(conf);
    int[] rated = RatedMovies.of(conf, ds.ratings(), user);
    Titles titles = Titles.read(conf, ds);
    FactorTable u = m.row(Blocks.USER, user);
    FactorTable movies = m.all(Blocks.MOVIE);
    int ur = u.size() > 0 ? 0 : -1;
    // Smallest of the best n on top; ties broken by the smaller movie id.
    PriorityQueue<double[]> top = new PriorityQueue<>((x, y) ->
        x[0] != y[0] ? Double.compare(x[0], y[0]) : Double.compare(y[1], x[1]));
    for (int r = 0; r < movies.size(); r++) {
      int id = movies.id(r);
      if (Arrays.binarySearch(rated, id) >= 0) {
        continue;
      }
      top.add(new double[] {Sgd.predict(m.params(), u, ur, movies, r), id});
      if (top.size() > n) {
        top.poll();
      }
    }
    double[][] best = top.toArray(new double[0][]);
    Arrays.sort(best, (x, y) -> x[0] != y[0] ? Double.compare(y[0], x[0]) : Double.compare(x[1], y[1]));
    System.out.printf(Locale.ROOT, "# user %d: rated %d films; %s%n", user, rated.length,
        ur >= 0 ? "predicted from biases and factors"
            : "not in the model: films ranked by mean + film bias (the fallback)");
    for (int k = 0; k < best.length; k++) {
      int id = (int) best[k][1];
      System.out.printf(Locale.ROOT, "%d\t%.3f\t%d\t%s%n", k + 1, best[k][0], id, titles.name(id));
    }
    return 0;
  }
}
