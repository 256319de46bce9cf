package netflixjobs.svd;

import java.util.List;
import java.util.Locale;

import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.util.Tool;

import netflixjobs.common.Args;
import netflixjobs.common.ToolMain;
import netflixjobs.svd.model.Blocks;
import netflixjobs.svd.model.FactorTable;
import netflixjobs.svd.model.Sgd;

/**
 * {@code predict MODEL USER MOVIE}: the model's rating in stars, and what it was based on
 * (a user or film the model never saw gets the biases or the global mean).
 */
public class PredictTool extends Configured implements Tool {
  /** As ProgramDriver runs it: {@code netflix-jobs predict ARGS}. */
  public static void main(String[] args) throws Exception {
    ToolMain.run(new PredictTool(), args);
  }

  @Override
  public int run(String[] argv) throws Exception {
    Args a = new Args("predict", "MODEL USER MOVIE");
    if (!a.parse(argv)) {
      return 0;
    }
    List<String> pos = a.positional(3, 3);
    int user = Args.id(pos.get(1), "USER");
    int movie = Args.id(pos.get(2), "MOVIE");
    SvdModel m = SvdModel.open(getConf(), pos.get(0));
    FactorTable u = m.row(Blocks.USER, user);
    FactorTable i = m.row(Blocks.MOVIE, movie);
    int ur = u.size() > 0 ? 0 : -1;
    int ir = i.size() > 0 ? 0 : -1;
    double x = Sgd.predict(m.params(), u, ur, i, ir);
    System.out.printf(Locale.ROOT, "%.3f\tuser %d\tmovie %d\t(%s)%n", x, user, movie, SvdModel.Basis.of(ur, ir).text);
    return 0;
  }
}
