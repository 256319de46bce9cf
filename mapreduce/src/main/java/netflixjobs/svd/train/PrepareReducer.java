package netflixjobs.svd.train;

import java.io.IOException;

import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.Partitioner;

import netflixjobs.svd.io.BlockedRating;
import netflixjobs.svd.model.Blocks;

/**
 * Writes each block's ratings in their sorted order (one reduce task per block, see
 * {@link BlockPartitioner}). A (user, movie) pair rated twice in the input is kept once: the
 * last copy in sort order wins, and the duplicate is counted.
 */
public final class PrepareReducer extends Reducer<BlockedRating, NullWritable, BlockedRating, NullWritable> {
  @Override
  protected void reduce(BlockedRating key, Iterable<NullWritable> values, Context context)
      throws IOException, InterruptedException {
    long n = 0;
    for (NullWritable ignored : values) {
      n++;
    }
    if (n > 1) {
      context.getCounter(SvdCounter.DUPLICATES).increment(n - 1);
    }
    context.write(key, NullWritable.get());
  }

  /** Block b goes to reduce task b: the job has exactly {@link Blocks#count} reducers. */
  public static final class BlockPartitioner extends Partitioner<BlockedRating, NullWritable> {
    @Override
    public int getPartition(BlockedRating key, NullWritable value, int partitions) {
      return key.block() % partitions;
    }
  }
}
