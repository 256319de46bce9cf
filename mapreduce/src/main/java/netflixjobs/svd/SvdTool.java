package netflixjobs.svd;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.Tool;

import netflixjobs.common.Args;
import netflixjobs.common.ToolMain;
import netflixjobs.common.UsageException;
import netflixjobs.ratings.Dataset;
import netflixjobs.svd.model.Params;
import netflixjobs.svd.model.SvdConf;
import netflixjobs.svd.train.Trainer;

/**
 * {@code svd [--factors F] [--epochs E] [--lr A] [--reg R] [--seed S] [--blocks D]
 * [--init-std X] [--early-stop N] [--keep-blocks] [--resume] DATASET MODEL}: trains a biased
 * matrix factorisation by DSGD MapReduce passes (see {@link Trainer}).
 */
public class SvdTool extends Configured implements Tool {
  /** As ProgramDriver runs it: {@code netflix-jobs svd ARGS}. */
  public static void main(String[] args) throws Exception {
    ToolMain.run(new SvdTool(), args);
  }

  static final String SYNOPSIS = "[--factors F] [--epochs E] [--lr A] [--lr-decay G] [--reg R] [--seed S] [--blocks D] "
      + "[--init-std X] [--early-stop N] [--keep-blocks] [--resume] DATASET MODEL";

  @Override
  public int run(String[] argv) throws Exception {
    Args a = new Args("svd", SYNOPSIS)
        .value("factors", "F", "factors per user and film (default " + SvdConf.DEFAULT_FACTORS + ")")
        .value("epochs", "E", "epochs in all, counting those already done on --resume (default " + SvdConf.DEFAULT_EPOCHS + ")")
        .value("lr", "A", "learning rate, 0 < A <= 1 (default " + SvdConf.DEFAULT_LR + ")")
        .value("lr-decay", "G", "learning rate multiplied by G after each epoch, 0 < G <= 1 (default " + SvdConf.DEFAULT_DECAY + ")")
        .value("reg", "R", "regularisation, 0 <= R <= 10 (default " + SvdConf.DEFAULT_REG + ")")
        .value("seed", "S", "seed of the initial factors and the rating order (default " + SvdConf.DEFAULT_SEED + ")")
        .value("blocks", "D", "users and films are each cut into D blocks; D tasks per pass "
            + "(default: the local runner's parallel maps, 8 on a cluster)")
        .value("init-std", "X", "spread of the initial factors, 0 < X <= 1 (default " + SvdConf.DEFAULT_INIT_STD + ")")
        .value("early-stop", "N", "stop when probe RMSE has not improved for N epochs and keep the best (default 0: off)")
        .flag("keep-blocks", "keep MODEL/blocks (the ratings cut into blocks) after training")
        .flag("resume", "continue MODEL from its last complete epoch");
    if (!a.parse(argv)) {
      return 0;
    }
    Configuration conf = getConf();
    int factors = a.intValue("factors", SvdConf.DEFAULT_FACTORS, 1, 1000);
    int epochs = a.intValue("epochs", SvdConf.DEFAULT_EPOCHS, 1, 100_000);
    double lr = positive(a, "lr", SvdConf.DEFAULT_LR, 1);
    double decay = positive(a, "lr-decay", SvdConf.DEFAULT_DECAY, 1);
    double reg = a.doubleValue("reg", SvdConf.DEFAULT_REG, 0, 10);
    long seed = a.longValue("seed", SvdConf.DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
    int blocks = a.intValue("blocks", defaultBlocks(conf), 1, 1000);
    double initStd = positive(a, "init-std", SvdConf.DEFAULT_INIT_STD, 1);
    int patience = a.intValue("early-stop", 0, 0, 100_000);
    List<String> pos = a.positional(2, 2);
    Set<String> explicit = new HashSet<>();
    for (String o : List.of("factors", "lr", "lr-decay", "reg", "seed", "blocks", "init-std")) {
      if (a.has(o)) {
        explicit.add(o);
      }
    }
    Params p = new Params(factors, blocks, lr, decay, reg, initStd, seed, 0, 1, 5);
    new Trainer(conf, Dataset.at(pos.get(0)), new Path(pos.get(1)), System.out)
        .train(new Trainer.Options(p, epochs, patience, a.has("resume"), a.has("keep-blocks"), explicit));
    return 0;
  }

  private static double positive(Args a, String name, double dflt, double max) {
    double x = a.doubleValue(name, dflt, 0, max);
    if (x <= 0) {
      throw new UsageException("--" + name + " must be positive (and at most " + max + "), not " + a.string(name, "") + ".");
    }
    return x;
  }

  /** As many blocks as the local runner runs maps at once; 8 on a cluster. */
  static int defaultBlocks(Configuration conf) {
    if ("local".equals(conf.get("mapreduce.framework.name", "local"))) {
      return Math.max(1, conf.getInt("mapreduce.local.map.tasks.maximum", 1));
    }
    return 8;
  }
}
