package netflixjobs.knn;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

import netflixjobs.knn.KnnConf.Params;

/**
 * Pass 3, the pairs: one map task per block pair sums the six sums of all its film pairs in
 * memory over every user ({@link PairSums}), then scores each pair once and keeps each film's
 * best k candidates ({@link TopK}); it emits one short list per film, so the shuffle is
 * films x blocks x k records, whatever the number of users. The reducer merges a film's lists
 * into its final k neighbours.
 */
public final class Pairs {
  private Pairs() {}

  /** Sums pairs over the users of its block pair; scores and emits top-k candidates at the end. */
  public static class PairMapper extends Mapper<IntWritable, UserPair, IntWritable, Candidates> {
    private BlockPlan plan;
    private Params params;
    private int blockA = -1;
    private int blockB = -1;
    private PairSums sums;
    private long loopNanos;

    @Override
    protected void setup(Context context) throws IOException {
      plan = BlockPlan.fromConf(context.getConfiguration());
      params = Params.from(context.getConfiguration());
    }

    @Override
    public void run(Context context) throws IOException, InterruptedException {
      setup(context);
      try {
        InputSplit split = context.getInputSplit();
        if (split instanceof BlockPairInputFormat.BlockPairSplit s) {
          init(s.a(), s.b());
        }
        long t0 = System.nanoTime();
        while (context.nextKeyValue()) {
          map(context.getCurrentKey(), context.getCurrentValue(), context);
        }
        if (sums != null) {
          long t = System.nanoTime();
          sums.flush(); // the last batch of users
          loopNanos += System.nanoTime() - t;
        }
        context.getCounter(KnnCounter.SUM_MILLIS).increment((System.nanoTime() - t0) / 1_000_000);
      } finally {
        long t1 = System.nanoTime();
        cleanup(context);
        context.getCounter(KnnCounter.SCORE_MILLIS).increment((System.nanoTime() - t1) / 1_000_000);
      }
    }

    private void init(int a, int b) {
      if (a > b) {
        throw new IllegalArgumentException("block pair " + a + "," + b + " is not ordered");
      }
      blockA = a;
      blockB = b;
      sums = a == b ? PairSums.triangle(plan.size(a)) : PairSums.rectangle(plan.size(a), plan.size(b));
    }

    @Override
    protected void map(IntWritable user, UserPair value, Context context) {
      if (sums == null) {
        init(value.blockA(), value.blockB());
      } else if (value.blockA() != blockA || value.blockB() != blockB) {
        throw new IllegalArgumentException("record of blocks " + value.blockA() + "," + value.blockB()
            + " in the task of blocks " + blockA + "," + blockB);
      }
      long t = System.nanoTime();
      if (value.diagonal()) {
        sums.add(value.a().packed(), value.a().size());
      } else {
        sums.add(value.a().packed(), value.a().size(), value.b().packed(), value.b().size());
      }
      loopNanos += System.nanoTime() - t;
    }

    /** Scores the pairs summed, then emits each film's best k candidates. */
    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      if (sums == null) {
        return;
      }
      context.getCounter(KnnCounter.PAIR_UPDATES).increment(sums.updates());
      context.getCounter(KnnCounter.LOOP_MILLIS).increment(loopNanos / 1_000_000);
      boolean diag = blockA == blockB;
      int[] filmA = films(blockA);
      int[] filmB = films(blockB);
      TopK topA = new TopK(filmA.length, params.k());
      TopK topB = diag ? topA : new TopK(filmB.length, params.k());
      score(context, filmA, filmB, topA, topB);
      sums = null; // let the big array go before the candidate lists are written
      emit(context, filmA, topA);
      if (!diag) {
        emit(context, filmB, topB);
      }
    }

    /** The films of a block, by their row in it. */
    private int[] films(int block) {
      int[] films = new int[plan.size(block)];
      for (int i = 0; i < films.length; i++) {
        films[i] = plan.film(block, i);
      }
      return films;
    }

    /**
     * Scores each pair with enough common raters once, offers it to both films' top k, and with
     * --pairs writes it to the side file; counts what became of the pairs.
     */
    private void score(Context context, int[] filmA, int[] filmB, TopK topA, TopK topB)
        throws IOException, InterruptedException {
      boolean diag = blockA == blockB;
      int rows = filmA.length;
      int cols = filmB.length;
      BufferedWriter pairsOut = openPairs(context);
      long withCommon = 0;
      long tooFew = 0;
      long zeroVar = 0;
      long scored = 0;
      long written = 0;
      int[] acc = sums.array();
      int minCommon = Math.max(1, params.minCommon());
      double shrink = params.shrink();
      double minSim = params.minSim();
      double pairsMin = params.pairs();
      for (int i = 0; i < rows; i++) {
        int j0 = diag ? i + 1 : 0;
        int o = j0 < cols ? sums.offset(i, j0) : 0;
        for (int j = j0; j < cols; j++, o += 6) {
          int n = acc[o];
          if (n == 0) {
            continue;
          }
          withCommon++;
          if (n < minCommon) {
            tooFew++;
            continue;
          }
          double s = Similarity.of(n, acc[o + 1], acc[o + 2], acc[o + 3], acc[o + 4], acc[o + 5], shrink);
          if (Double.isNaN(s)) {
            zeroVar++;
            continue;
          }
          if (s < minSim) {
            continue;
          }
          scored++;
          topA.offer(i, filmB[j], s, n);
          topB.offer(j, filmA[i], s, n);
          if (pairsOut != null && s >= pairsMin) {
            int f = Math.min(filmA[i], filmB[j]);
            int g = Math.max(filmA[i], filmB[j]);
            pairsOut.write(f + "\t" + g + "\t" + s + "\t" + n + "\n");
            written++;
          }
        }
        if ((i & 255) == 0) {
          context.progress();
        }
      }
      if (pairsOut != null) {
        pairsOut.close();
      }
      context.getCounter(KnnCounter.PAIRS_WITH_COMMON_RATERS).increment(withCommon);
      context.getCounter(KnnCounter.PAIRS_TOO_FEW_COMMON).increment(tooFew);
      context.getCounter(KnnCounter.PAIRS_ZERO_VARIANCE).increment(zeroVar);
      context.getCounter(KnnCounter.PAIRS_SCORED).increment(scored);
      context.getCounter(KnnCounter.PAIRS_WRITTEN).increment(written);
    }

    private static void emit(Context context, int[] films, TopK top) throws IOException, InterruptedException {
      IntWritable film = new IntWritable();
      Candidates c = new Candidates();
      for (int i = 0; i < films.length; i++) {
        film.set(films[i]);
        context.write(film, top.sorted(i, c));
      }
    }

    /** With --pairs, a side file {@code pairs-A-B} in the task's output directory (committed with it). */
    private BufferedWriter openPairs(Context context) throws IOException, InterruptedException {
      if (Double.isNaN(params.pairs())) {
        return null;
      }
      Path dir = FileOutputFormat.getWorkOutputPath(context);
      Path file = new Path(dir, String.format("pairs-%03d-%03d", blockA, blockB));
      return new BufferedWriter(new OutputStreamWriter(file.getFileSystem(context.getConfiguration()).create(file, false),
          StandardCharsets.UTF_8), 1 << 16);
    }
  }

  /** Merges a film's candidate lists into its k best neighbours: one text line per film. */
  public static class TopKReducer extends Reducer<IntWritable, Candidates, Text, NullWritable> {
    private int k;
    private final Text line = new Text();
    private int[] ids = new int[64];
    private double[] sims = new double[64];
    private int[] commons = new int[64];

    @Override
    protected void setup(Context context) {
      k = KnnConf.Params.from(context.getConfiguration()).k();
    }

    @Override
    protected void reduce(IntWritable film, Iterable<Candidates> lists, Context context)
        throws IOException, InterruptedException {
      int n = 0;
      for (Candidates c : lists) {
        for (int i = 0; i < c.size(); i++) {
          if (n == ids.length) {
            ids = Arrays.copyOf(ids, 2 * n);
            sims = Arrays.copyOf(sims, 2 * n);
            commons = Arrays.copyOf(commons, 2 * n);
          }
          ids[n] = c.id(i);
          sims[n] = c.sim(i);
          commons[n] = c.common(i);
          n++;
        }
      }
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Similarity.better(sims[a], ids[a], sims[b], ids[b]) ? -1
          : Similarity.better(sims[b], ids[b], sims[a], ids[a]) ? 1 : 0);
      StringBuilder sb = new StringBuilder().append(film.get());
      int m = Math.min(k, n);
      for (int r = 0; r < m; r++) {
        int i = order[r];
        sb.append('\t').append(ids[i]).append(':').append(sims[i]).append(':').append(commons[i]);
      }
      if (m == 0) {
        context.getCounter(KnnCounter.FILMS_WITHOUT_NEIGHBOURS).increment(1);
      }
      line.set(sb.toString());
      context.write(line, NullWritable.get());
    }
  }
}
