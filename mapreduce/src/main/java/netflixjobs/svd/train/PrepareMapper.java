package netflixjobs.svd.train;

import java.io.IOException;

import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Mapper;

import netflixjobs.ratings.MovieRating;
import netflixjobs.svd.io.BlockedRating;
import netflixjobs.svd.model.Blocks;
import netflixjobs.svd.model.Params;

/**
 * Sends every rating to its block: training ratings to block (block of user, block of movie),
 * probe ratings to the probe row of their user's block. Counts training ratings by value
 * (for the global mean and the clipping range) and skips ratings outside 1..10 half stars.
 */
public abstract class PrepareMapper extends Mapper<IntWritable, MovieRating, BlockedRating, NullWritable> {
  private final boolean probe;
  private final BlockedRating out = new BlockedRating();
  private int d;
  private long seed;

  PrepareMapper(boolean probe) {
    this.probe = probe;
  }

  @Override
  protected void setup(Context context) {
    Params p = Params.fromConf(context.getConfiguration());
    d = p.blocks();
    seed = p.seed();
  }

  @Override
  protected void map(IntWritable key, MovieRating r, Context context) throws IOException, InterruptedException {
    int user = key.get();
    int h = r.halfStars();
    if (h < 1 || h > 10) {
      context.getCounter(SvdCounter.BAD_RATINGS).increment(1);
      return;
    }
    int ub = Blocks.of(user, d);
    int block;
    if (probe) {
      block = Blocks.probe(ub, d);
      context.getCounter(SvdCounter.PROBE_RATINGS).increment(1);
    } else {
      block = Blocks.train(ub, Blocks.of(r.movie(), d), d);
      context.getCounter(SvdCounter.TRAIN_RATINGS).increment(1);
      context.getCounter(SvdCounter.HalfStars.values()[h - 1]).increment(1);
    }
    context.write(out.set(block, Blocks.order(seed, user, r.movie()), user, r.movie(), h), NullWritable.get());
  }

  /** For DATASET/ratings. */
  public static final class Train extends PrepareMapper {
    public Train() {
      super(false);
    }
  }

  /** For DATASET/probe. */
  public static final class Probe extends PrepareMapper {
    public Probe() {
      super(true);
    }
  }
}
