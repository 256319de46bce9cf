package netflixjobs.svd.train;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Mapper;

import netflixjobs.svd.io.BlockFile;
import netflixjobs.svd.io.SliceFile;
import netflixjobs.svd.model.Blocks;
import netflixjobs.svd.model.FactorTable;
import netflixjobs.svd.model.Params;
import netflixjobs.svd.model.Sgd;
import netflixjobs.svd.model.SvdConf;

/**
 * Probe RMSE after an epoch: the task for user block i loads user slice i and every movie
 * slice, predicts each probe rating of those users (with the fallbacks of
 * {@link Sgd#predict} for users or films training never saw) and counts the squared error.
 * Emits nothing: the result is in the counters.
 */
public final class EvalMapper extends Mapper<IntWritable, IntWritable, NullWritable, NullWritable> {
  @Override
  protected void map(IntWritable userBlock, IntWritable ignored, Context context)
      throws IOException, InterruptedException {
    Configuration conf = context.getConfiguration();
    Params p = Params.fromConf(conf);
    int d = p.blocks();
    int i = userBlock.get();
    Path dir = new Path(conf.get(SvdConf.FACTORS_EVAL));
    FactorTable users = new FactorTable(p.factors());
    SliceFile.readInto(conf, dir, Blocks.USER, i, users);
    FactorTable movies = new FactorTable(p.factors());
    for (int j = 0; j < d; j++) {
      SliceFile.readInto(conf, dir, Blocks.MOVIE, j, movies);
    }
    context.progress();
    BlockFile.Ratings r = BlockFile.read(conf, new Path(conf.get(SvdConf.BLOCKS_DIR)), Blocks.probe(i, d), d);
    double sse = 0;
    long unknownUser = 0;
    long unknownMovie = 0;
    for (int k = 0; k < r.size(); k++) {
      int u = users.row(r.users()[k]);
      int m = movies.row(r.movies()[k]);
      unknownUser += u < 0 ? 1 : 0;
      unknownMovie += m < 0 ? 1 : 0;
      double e = r.halfStars()[k] * 0.5 - Sgd.predict(p, users, u, movies, m);
      sse += e * e;
    }
    context.getCounter(SvdCounter.PROBE_RATINGS).increment(r.size());
    context.getCounter(SvdCounter.PROBE_SSE_MICRO).increment(SvdCounter.micro(sse));
    context.getCounter(SvdCounter.PROBE_UNKNOWN_USER).increment(unknownUser);
    context.getCounter(SvdCounter.PROBE_UNKNOWN_MOVIE).increment(unknownMovie);
  }
}
