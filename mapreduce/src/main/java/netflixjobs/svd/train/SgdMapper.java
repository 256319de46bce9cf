package netflixjobs.svd.train;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Mapper;

import netflixjobs.svd.io.BlockFile;
import netflixjobs.svd.io.FactorRow;
import netflixjobs.svd.io.SliceFile;
import netflixjobs.svd.model.Blocks;
import netflixjobs.svd.model.FactorTable;
import netflixjobs.svd.model.Params;
import netflixjobs.svd.model.Sgd;
import netflixjobs.svd.model.SvdConf;

/**
 * One DSGD task: for block (i, j) loads user slice i and movie slice j as the previous
 * sub-epoch left them (none before the first epoch: rows start from their seeded values),
 * runs SGD over the block's ratings in their fixed order, and emits both slices, in id order.
 * Counts ratings and the squared error of the predictions made before each update.
 */
public final class SgdMapper extends Mapper<IntWritable, IntWritable, NullWritable, FactorRow> {
  @Override
  protected void map(IntWritable userBlock, IntWritable movieBlock, Context context)
      throws IOException, InterruptedException {
    Configuration conf = context.getConfiguration();
    Params p = Params.fromConf(conf);
    int i = userBlock.get();
    int j = movieBlock.get();
    FactorTable users = new FactorTable(p.factors());
    FactorTable movies = new FactorTable(p.factors());
    String in = conf.get(SvdConf.FACTORS_IN, "");
    if (!in.isEmpty()) {
      SliceFile.readInto(conf, new Path(in), Blocks.USER, i, users);
      SliceFile.readInto(conf, new Path(in), Blocks.MOVIE, j, movies);
    }
    context.progress();
    BlockFile.Ratings r = BlockFile.read(conf, new Path(conf.get(SvdConf.BLOCKS_DIR)), Blocks.train(i, j, p.blocks()), p.blocks());
    int knownUsers = users.size();
    int knownMovies = movies.size();
    int[] ur = Sgd.rows(r.size(), r.users(), users, Blocks.USER, p);
    int[] mr = Sgd.rows(r.size(), r.movies(), movies, Blocks.MOVIE, p);
    context.getCounter(SvdCounter.NEW_USERS).increment(users.size() - knownUsers);
    context.getCounter(SvdCounter.NEW_MOVIES).increment(movies.size() - knownMovies);
    context.progress();
    double sse = Sgd.pass(r.size(), ur, mr, r.halfStars(), users, movies, p, conf.getInt(SvdConf.EPOCH, 1));
    context.getCounter(SvdCounter.TRAIN_RATINGS).increment(r.size());
    context.getCounter(SvdCounter.TRAIN_SSE_MICRO).increment(SvdCounter.micro(sse));
    emit(context, Blocks.USER, i, users);
    emit(context, Blocks.MOVIE, j, movies);
  }

  private static void emit(Context context, int kind, int slice, FactorTable t)
      throws IOException, InterruptedException {
    FactorRow row = new FactorRow();
    int f = t.factors();
    for (int r : t.rowsById()) {
      context.write(NullWritable.get(), row.set(kind, slice, t.id(r), t.bias(r), t.vectors(), r * f, f));
    }
  }
}
