package netflixjobs.knn;

import java.io.IOException;
import java.util.Arrays;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.compress.SnappyCodec;

import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.mapreduce.Reducer;

import netflixjobs.ratings.MovieRating;

/**
 * Pass 2, the regroup: each user's ratings split by film block into compact records
 * ({@link UserRatings}, about 1.5 bytes a rating), one reducer per block, so reducer b writes
 * {@code part-r-b}: block b's ratings, one record per user, sorted by user. The only pass whose
 * shuffle carries the ratings, once; the pair tasks then merge two such files by user.
 * Key: {@code block << 32 | user} (user compared unsigned).
 */
public final class Regroup {
  private Regroup() {}

  /**
   * The same regroup in this process for small inputs: writes the block files the reducers
   * would (one per block, one record per user sorted by user, unsigned); returns the number of
   * repeated (user, film) ratings dropped, keeping the lowest as the reducer does.
   */
  static long inProcess(Configuration conf, SmallInput in, BlockPlan plan, Path dir) throws IOException {
    int blocks = plan.blocks();
    int[] count = new int[blocks];
    int[] rank = new int[in.size];
    for (int i = 0; i < in.size; i++) {
      rank[i] = plan.rank(in.films[i]);
      count[plan.blockOfRank(rank[i])]++;
    }
    long[][] keys = new long[blocks][];
    for (int b = 0; b < blocks; b++) {
      keys[b] = new long[count[b]];
      count[b] = 0;
    }
    for (int i = 0; i < in.size; i++) {
      int b = plan.blockOfRank(rank[i]);
      // user (unsigned) then local index then rating; the sign flip makes signed order unsigned
      keys[b][count[b]++] = ((in.users[i] & 0xffffffffL) << 32
          | UserRatings.pack(plan.localOfRank(rank[i]), in.ratings[i])) ^ Long.MIN_VALUE;
    }
    long dropped = 0;
    IntWritable user = new IntWritable();
    UserRatings value = new UserRatings();
    for (int b = 0; b < blocks; b++) {
      long[] k = keys[b];
      Arrays.sort(k);
      try (SequenceFile.Writer w = SequenceFile.createWriter(conf,
          SequenceFile.Writer.file(BlockPairInputFormat.blockFile(dir, b)),
          SequenceFile.Writer.keyClass(IntWritable.class), SequenceFile.Writer.valueClass(UserRatings.class),
          SequenceFile.Writer.compression(SequenceFile.CompressionType.BLOCK, new SnappyCodec()))) {
        int i = 0;
        while (i < k.length) {
          long u = (k[i] ^ Long.MIN_VALUE) >>> 32;
          value.clear();
          int last = -1;
          for (; i < k.length && (k[i] ^ Long.MIN_VALUE) >>> 32 == u; i++) {
            int packed = (int) (k[i] ^ Long.MIN_VALUE);
            if (UserRatings.local(packed) == last) {
              dropped++;
              continue;
            }
            last = UserRatings.local(packed);
            value.addPacked(packed);
          }
          user.set((int) u);
          w.append(user, value);
        }
      }
      keys[b] = null;
    }
    return dropped;
  }

  public static long key(int block, int user) {
    return (long) block << 32 | (user & 0xffffffffL);
  }

  public static int block(long key) {
    return (int) (key >>> 32);
  }

  public static int user(long key) {
    return (int) key;
  }

  /** Collects a run of one user's ratings (input is sorted by user), then emits one record per block. */
  public static class RegroupMapper extends Mapper<IntWritable, MovieRating, LongWritable, UserRatings> {
    private BlockPlan plan;
    private UserRatings[] perBlock;
    private final LongWritable key = new LongWritable();
    private int user;
    private boolean pending;

    @Override
    protected void setup(Context context) throws IOException {
      plan = BlockPlan.fromConf(context.getConfiguration());
      perBlock = new UserRatings[plan.blocks()];
      for (int b = 0; b < perBlock.length; b++) {
        perBlock[b] = new UserRatings();
      }
    }

    @Override
    protected void map(IntWritable u, MovieRating r, Context context) throws IOException, InterruptedException {
      if (pending && u.get() != user) {
        flush(context);
      }
      int rating = r.halfStars();
      if (rating < 1 || rating > 10) {
        context.getCounter(KnnCounter.BAD_RATINGS).increment(1);
        return;
      }
      int rank = plan.rank(r.movie());
      if (rank < 0) {
        context.getCounter(KnnCounter.UNKNOWN_FILMS).increment(1);
        return;
      }
      user = u.get();
      pending = true;
      perBlock[plan.blockOfRank(rank)].add(plan.localOfRank(rank), rating);
    }

    private void flush(Context context) throws IOException, InterruptedException {
      for (int b = 0; b < perBlock.length; b++) {
        if (perBlock[b].size() > 0) {
          key.set(key(b, user));
          context.write(key, perBlock[b]);
          perBlock[b].clear();
        }
      }
      pending = false;
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      if (pending) {
        flush(context);
      }
    }
  }

  /** Block b goes to reducer b (mod the reducer count). */
  public static class BlockPartitioner extends Partitioner<LongWritable, UserRatings> {
    @Override
    public int getPartition(LongWritable key, UserRatings value, int partitions) {
      return block(key.get()) % partitions;
    }
  }

  /**
   * Writes one record per user: the user's records of this block merged (a user cut between two
   * input splits arrives in two parts), sorted by local index, repeated films dropped and counted.
   */
  public static class RegroupReducer extends Reducer<LongWritable, UserRatings, IntWritable, UserRatings> {
    private final IntWritable user = new IntWritable();
    private final UserRatings merged = new UserRatings();

    @Override
    protected void reduce(LongWritable key, Iterable<UserRatings> parts, Context context)
        throws IOException, InterruptedException {
      merged.clear();
      for (UserRatings p : parts) {
        merged.addAll(p);
      }
      int dropped = merged.sortDistinct();
      if (dropped > 0) {
        context.getCounter(KnnCounter.DUPLICATE_RATINGS).increment(dropped);
      }
      user.set(user(key.get()));
      context.write(user, merged);
    }
  }
}
