package netflixjobs.knn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;

import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;

import netflixjobs.ratings.MovieRating;

/**
 * Pass 1, the census: ratings per film (which fixes the block plan) and per user (for the
 * counters: users, users with one rating, and the exact work, the sum over users of
 * n(n-1)/2 pair updates). One small record per film per map task and per user run; one reducer.
 * Keys: {@code kind << 32 | id} with kind 0 for films, 1 for users, so films come first.
 */
public final class Census {
  private Census() {}

  /** What the census found. */
  public record Stats(long ratings, long films, long users, long usersOneRating, long filmsOneRater,
      long badRatings, long pairUpdates, long shuffleBytes) {}

  /**
   * The same census in this process, for small inputs (a job's start-up costs more than reading
   * a few million ratings): writes the same {@code film<TAB>count} file.
   */
  static Stats inProcess(Configuration conf, SmallInput in, Path censusDir) throws IOException {
    // counts by sorting copies (no boxing): runs of equal ids
    int[] films = java.util.Arrays.copyOf(in.films, in.size);
    java.util.Arrays.sort(films);
    long total = 0;
    long oneRater = 0;
    int distinctFilms = 0;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < films.length; ) {
      int j = i;
      while (j < films.length && films[j] == films[i]) {
        j++;
      }
      long n = j - i;
      total += n;
      oneRater += n == 1 ? 1 : 0;
      distinctFilms++;
      sb.append(films[i]).append('\t').append(n).append('\n');
      i = j;
    }
    int[] users = java.util.Arrays.copyOf(in.users, in.size);
    java.util.Arrays.sort(users);
    long oneRating = 0;
    long work = 0;
    long distinctUsers = 0;
    for (int i = 0; i < users.length; ) {
      int j = i;
      while (j < users.length && users[j] == users[i]) {
        j++;
      }
      long n = j - i;
      oneRating += n == 1 ? 1 : 0;
      work += n * (n - 1) / 2;
      distinctUsers++;
      i = j;
    }
    Path file = new Path(censusDir, "part-r-00000");
    try (FSDataOutputStream out = file.getFileSystem(conf).create(file, false)) {
      out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
    return new Stats(total, distinctFilms, distinctUsers, oneRating, oneRater, in.bad, work, 0);
  }

  static final long FILM = 0;
  static final long USER = 1L << 32;

  public static long filmKey(int film) {
    return FILM | (film & 0xffffffffL);
  }

  public static long userKey(int user) {
    return USER | (user & 0xffffffffL);
  }

  /** Counts ratings per film in memory (flushed at the end) and per run of one user. */
  public static class CensusMapper extends Mapper<IntWritable, MovieRating, LongWritable, LongWritable> {
    private static final int DENSE_LIMIT = 1 << 24;
    private final Map<Integer, long[]> films = new HashMap<>();
    private long[] dense = new long[1 << 10];
    private final LongWritable key = new LongWritable();
    private final LongWritable value = new LongWritable();
    private int user;
    private long run;

    @Override
    protected void map(IntWritable u, MovieRating r, Context context) throws IOException, InterruptedException {
      if (r.halfStars() < 1 || r.halfStars() > 10) {
        context.getCounter(KnnCounter.BAD_RATINGS).increment(1);
        return;
      }
      if (run > 0 && u.get() != user) {
        flushUser(context);
      }
      user = u.get();
      run++;
      int f = r.movie();
      if (f >= 0 && f < DENSE_LIMIT) {
        if (f >= dense.length) {
          dense = java.util.Arrays.copyOf(dense, Math.max(f + 1, Math.min(DENSE_LIMIT, dense.length * 2)));
        }
        dense[f]++;
      } else {
        films.computeIfAbsent(f, x -> new long[1])[0]++;
      }
    }

    private void flushUser(Context context) throws IOException, InterruptedException {
      key.set(userKey(user));
      value.set(run);
      context.write(key, value);
      run = 0;
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      if (run > 0) {
        flushUser(context);
      }
      for (int f = 0; f < dense.length; f++) {
        if (dense[f] > 0) {
          key.set(filmKey(f));
          value.set(dense[f]);
          context.write(key, value);
        }
      }
      for (Map.Entry<Integer, long[]> e : films.entrySet()) {
        key.set(filmKey(e.getKey()));
        value.set(e.getValue()[0]);
        context.write(key, value);
      }
      films.clear();
    }
  }

  /** Sums; writes {@code film<TAB>ratings} lines and counts films, users and the work. */
  public static class CensusReducer extends Reducer<LongWritable, LongWritable, Text, NullWritable> {
    private final Text line = new Text();

    @Override
    protected void reduce(LongWritable k, Iterable<LongWritable> counts, Context context)
        throws IOException, InterruptedException {
      long n = 0;
      for (LongWritable c : counts) {
        n += c.get();
      }
      int id = (int) k.get();
      if ((k.get() & USER) == 0) {
        line.set(id + "\t" + n);
        context.write(line, NullWritable.get());
        context.getCounter(KnnCounter.FILMS).increment(1);
        context.getCounter(KnnCounter.RATINGS).increment(n);
        if (n == 1) {
          context.getCounter(KnnCounter.FILMS_ONE_RATER).increment(1);
        }
      } else {
        context.getCounter(KnnCounter.USERS).increment(1);
        if (n == 1) {
          context.getCounter(KnnCounter.USERS_ONE_RATING).increment(1);
        }
        context.getCounter(KnnCounter.PAIR_UPDATES).increment(n * (n - 1) / 2);
      }
    }
  }
}
