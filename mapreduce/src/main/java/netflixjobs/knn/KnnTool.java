package netflixjobs.knn;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.SnappyCodec;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.apache.hadoop.util.Tool;

import netflixjobs.common.Args;
import netflixjobs.common.ToolMain;
import netflixjobs.common.UsageException;
import netflixjobs.knn.KnnConf.Params;
import netflixjobs.pass.Passes;
import netflixjobs.ratings.Dataset;

/**
 * {@code knn [options] DATASET OUT}: exact co-rated Pearson between every pair of films, and
 * each film's k nearest neighbours. Three passes: census (ratings per film and user), regroup
 * (each user's ratings split by film block, sorted by user), pairs (one task per block pair sums
 * in memory, then one reduce keeps each film's top k). See {@link Pairs} and {@link PairSums}.
 */
public class KnnTool extends Configured implements Tool {
  /** As ProgramDriver runs it: {@code netflix-jobs knn ARGS}. */
  public static void main(String[] args) throws Exception {
    ToolMain.run(new KnnTool(), args);
  }

  static final String SYNOPSIS = "[--k K] [--min-common N] [--shrink L] [--min-sim X] [--pairs X]"
      + " [--blocks B] [--task-memory MB] [--reducers R] [--keep-work] DATASET OUT";

  /** How to run: similarity settings plus the layout (0 = choose from the data). */
  public record Settings(Params params, int blocks, long taskMemoryMb, int reducers, boolean keepWork) {
    public static Settings defaults() {
      return new Settings(Params.defaults(), 0, 0, 1, false);
    }

    public Settings withBlocks(int b) {
      return new Settings(params, b, taskMemoryMb, reducers, keepWork);
    }

    public Settings withParams(Params p) {
      return new Settings(p, blocks, taskMemoryMb, reducers, keepWork);
    }
  }

  /** What a run did. */
  public record Result(long ratings, long films, long users, long usersOneRating, long filmsOneRater,
      int blocks, long pairUpdates, long pairsScored, long filmsWithoutNeighbours, long shuffleBytes,
      double pairSeconds, double seconds, long sumMillis, long scoreMillis, long loopMillis) {}

  @Override
  public int run(String[] argv) throws Exception {
    Args args = new Args("knn", SYNOPSIS)
        .value("k", "K", "neighbours per film (default " + KnnConf.DEFAULT_K + ")")
        .value("min-common", "N", "least common raters for a similarity (default " + KnnConf.DEFAULT_MIN_COMMON + ")")
        .value("shrink", "L", "multiply by n/(n+L), n common raters (default " + (int) KnnConf.DEFAULT_SHRINK
            + "; 0 = raw Pearson)")
        .value("min-sim", "X", "drop similarities below X (default -1: keep all)")
        .value("pairs", "X", "also write every pair with similarity >= X to OUT/pairs-*")
        .value("blocks", "B", "film blocks (default: from the film count and task memory)")
        .value("task-memory", "MB", "memory for one task's pair sums (default: from the heap, at most 2048)")
        .value("reducers", "R", "reduce tasks of the last pass, part files of OUT (default 1)")
        .flag("keep-work", "keep the intermediate OUT.work directory");
    if (!args.parse(argv)) {
      return 0;
    }
    List<String> pos = args.positional(2, 2);
    Params params = new Params(
        args.intValue("k", KnnConf.DEFAULT_K, 0, 1000),
        args.intValue("min-common", KnnConf.DEFAULT_MIN_COMMON, 1, Integer.MAX_VALUE),
        args.doubleValue("shrink", KnnConf.DEFAULT_SHRINK, 0, 1e12),
        args.doubleValue("min-sim", KnnConf.DEFAULT_MIN_SIM, -1, 1),
        args.has("pairs") ? args.doubleValue("pairs", 0, -1, 1) : Double.NaN);
    Settings s = new Settings(params, args.intValue("blocks", 0, 0, 100_000),
        args.longValue("task-memory", 0, 0, 1L << 30), args.intValue("reducers", 1, 1, 10_000),
        args.has("keep-work"));
    Result r = run(getConf(), Dataset.at(pos.get(0)), new Path(pos.get(1)), s, System.out);
    return r.films() == 0 ? 1 : 0;
  }

  /** Runs the three passes; prints a summary to {@code out} (may be null). */
  public static Result run(Configuration base, Dataset ds, Path out, Settings s, PrintStream out0)
      throws IOException {
    long start = System.nanoTime();
    ds.requireImported(base);
    FileSystem fs = out.getFileSystem(base);
    if (fs.exists(out)) {
      throw new UsageException(out + " already exists: choose another output or remove it.");
    }
    Path work = new Path(out.getParent() == null ? new Path(".") : out.getParent(), out.getName() + ".work");
    fs.delete(work, true);
    Path census = new Path(work, "census");
    Path blocksDir = new Path(work, "blocks");
    try {
      // pass 1: census (in this process when the ratings are small: a job costs more to start)
      long inputBytes = ds.ratings().getFileSystem(base).getContentSummary(ds.ratings()).getLength();
      SmallInput small = inputBytes <= base.getLong(KnnConf.LOCAL_MAX_BYTES, KnnConf.DEFAULT_LOCAL_MAX_BYTES)
          ? SmallInput.read(base, ds.ratings()) : null;
      Census.Stats cs = small != null ? Census.inProcess(base, small, census) : censusJob(base, ds, census);
      long budget = taskBudgetBytes(base, s.taskMemoryMb());
      int blocks = planBlocks(base, ds, cs, s, budget);

      // pass 2: regroup by block (in this process too for small inputs)
      Regrouped g = small != null
          ? new Regrouped(Regroup.inProcess(base, small, BlockPlan.read(base, census, blocks), blocksDir), 0)
          : regroupJob(base, ds, census, blocks, blocksDir);
      small = null; // the pair pass needs the memory

      // pass 3: block pairs, then top k per film
      long pairStart = System.nanoTime();
      Job p = pairsJob(base, s, census, blocks, blocksDir, budget, out);
      double pairSecs = (System.nanoTime() - pairStart) / 1e9;

      long shuffle = cs.shuffleBytes() + g.shuffleBytes()
          + Passes.counter(p, TaskCounter.REDUCE_SHUFFLE_BYTES);
      Result r = new Result(cs.ratings(), cs.films(), cs.users(), cs.usersOneRating(), cs.filmsOneRater(), blocks,
          Passes.counter(p, KnnCounter.PAIR_UPDATES), Passes.counter(p, KnnCounter.PAIRS_SCORED),
          Passes.counter(p, KnnCounter.FILMS_WITHOUT_NEIGHBOURS), shuffle,
          pairSecs, (System.nanoTime() - start) / 1e9, Passes.counter(p, KnnCounter.SUM_MILLIS),
          Passes.counter(p, KnnCounter.SCORE_MILLIS), Passes.counter(p, KnnCounter.LOOP_MILLIS));
      if (out0 != null) {
        report(out0, r, s.params(), cs.badRatings(), g.duplicates(), out);
      }
      return r;
    } finally {
      if (!s.keepWork()) {
        fs.delete(work, true);
      }
    }
  }

  /** The film blocks of the pair pass: --blocks, or as many as the task memory needs; checks the data fit. */
  private static int planBlocks(Configuration base, Dataset ds, Census.Stats cs, Settings s, long budget) {
    long films = cs.films();
    if (films == 0) {
      throw new UsageException(ds.ratings() + " holds no valid ratings.");
    }
    if (films > (1 << 27)) {
      throw new UsageException(films + " films are more than knn handles (2^27).");
    }
    int blocks = s.blocks() > 0 ? (int) Math.min(s.blocks(), films)
        : BlockPlan.chooseBlocks((int) films, budget, parallelism(base));
    long worst = worstPairs((int) films, blocks);
    if (worst * 6 > BlockPlan.MAX_ARRAY) {
      throw new UsageException(blocks + " blocks leave " + worst + " pairs in one task, more than one array"
          + " holds; use more --blocks.");
    }
    return blocks;
  }

  /** What the regroup dropped and moved. */
  private record Regrouped(long duplicates, long shuffleBytes) {}

  /** The regroup as a MapReduce pass: each user's ratings cut by film block, one file per block. */
  private static Regrouped regroupJob(Configuration base, Dataset ds, Path census, int blocks, Path blocksDir)
      throws IOException {
    Configuration rc = new Configuration(base);
    rc.set(KnnConf.CENSUS, census.toString());
    rc.setInt(KnnConf.BLOCKS, blocks);
    sortBuffer(rc, regroupSortMb(base, ds));
    rc.setBoolean("mapreduce.map.output.compress", true);
    rc.setClass("mapreduce.map.output.compress.codec", SnappyCodec.class, org.apache.hadoop.io.compress.CompressionCodec.class);
    Job g = Job.getInstance(rc, "knn-regroup");
    g.setJarByClass(KnnTool.class);
    g.setInputFormatClass(SequenceFileInputFormat.class);
    FileInputFormat.setInputPaths(g, ds.ratings());
    g.setMapperClass(Regroup.RegroupMapper.class);
    g.setPartitionerClass(Regroup.BlockPartitioner.class);
    g.setReducerClass(Regroup.RegroupReducer.class);
    g.setMapOutputKeyClass(LongWritable.class);
    g.setMapOutputValueClass(UserRatings.class);
    g.setOutputKeyClass(IntWritable.class);
    g.setOutputValueClass(UserRatings.class);
    g.setNumReduceTasks(blocks);
    g.setOutputFormatClass(SequenceFileOutputFormat.class);
    FileOutputFormat.setCompressOutput(g, true);
    FileOutputFormat.setOutputCompressorClass(g, SnappyCodec.class);
    SequenceFileOutputFormat.setOutputCompressionType(g, SequenceFile.CompressionType.BLOCK);
    FileOutputFormat.setOutputPath(g, blocksDir);
    Passes.run(g);
    return new Regrouped(Passes.counter(g, KnnCounter.DUPLICATE_RATINGS), Passes.counter(g, TaskCounter.REDUCE_SHUFFLE_BYTES));
  }

  /** The pair pass: one task per pair of film blocks sums and scores co-rated pairs; reducers keep each film's top k. */
  private static Job pairsJob(Configuration base, Settings s, Path census, int blocks, Path blocksDir, long budget,
                              Path out) throws IOException {
    Configuration pc = new Configuration(base);
    pc.set(KnnConf.CENSUS, census.toString());
    pc.setInt(KnnConf.BLOCKS, blocks);
    pc.set(KnnConf.BLOCK_DIR, blocksDir.toString());
    s.params().to(pc);
    pc.setBoolean("mapreduce.map.speculative", false);
    sortBuffer(pc, 16); // films x k candidates per task
    if (!isLocal(pc)) {
      long mb = budget >> 20;
      if (pc.getLong("mapreduce.map.memory.mb", 1024) < mb + 1024) {
        pc.setLong("mapreduce.map.memory.mb", mb + 1024);
        pc.set("mapreduce.map.java.opts", "-Xmx" + (mb + 768) + "m");
      }
    }
    Job p = Job.getInstance(pc, "knn-pairs");
    p.setJarByClass(KnnTool.class);
    p.setInputFormatClass(BlockPairInputFormat.class);
    p.setMapperClass(Pairs.PairMapper.class);
    p.setReducerClass(Pairs.TopKReducer.class);
    p.setMapOutputKeyClass(IntWritable.class);
    p.setMapOutputValueClass(Candidates.class);
    p.setOutputKeyClass(Text.class);
    p.setOutputValueClass(NullWritable.class);
    p.setNumReduceTasks(s.reducers());
    p.setOutputFormatClass(TextOutputFormat.class);
    FileOutputFormat.setOutputPath(p, out);
    return Passes.run(p);
  }

  /** The summary a person reads. */
  private static void report(PrintStream out0, Result r, Params params, long skipped, long dups, Path out) {
    out0.printf(Locale.ROOT, "knn: %,d ratings, %,d films, %,d users (%,d with one rating, %,d films with one rater)%n",
        r.ratings(), r.films(), r.users(), r.usersOneRating(), r.filmsOneRater());
    if (skipped + dups > 0) {
      out0.printf(Locale.ROOT, "knn: skipped %,d ratings outside 1..10 half stars and %,d repeated ratings%n", skipped, dups);
    }
    int blocks = r.blocks();
    double pairSecs = r.pairSeconds();
    out0.printf(Locale.ROOT, "knn: %d blocks, %d tasks; %,d pair updates in %.1f s (%,.0f a second); %,d pairs scored;"
        + " %,d films without neighbours%n", blocks, blocks * (blocks + 1) / 2, r.pairUpdates(), pairSecs,
        r.pairUpdates() / Math.max(1e-9, pairSecs), r.pairsScored(), r.filmsWithoutNeighbours());
    out0.printf(Locale.ROOT, "knn: inside the pair tasks: %,.0f updates a second a task reading users and summing"
        + " (%.1f s), %,.0f in the pair loop alone (%.1f s); %.1f s scoring (times over all tasks)%n",
        r.pairUpdates() / Math.max(1e-3, r.sumMillis() / 1e3), r.sumMillis() / 1e3,
        r.pairUpdates() / Math.max(1e-3, r.loopMillis() / 1e3), r.loopMillis() / 1e3, r.scoreMillis() / 1e3);
    out0.printf(Locale.ROOT, "knn: k %d, min common %d, shrink %s, min sim %s; %,d bytes shuffled; %.1f s in all%n",
        params.k(), params.minCommon(), fmt(params.shrink()), fmt(params.minSim()), r.shuffleBytes(), r.seconds());
    out0.println("knn: neighbours in " + out + " (film<TAB>neighbour:similarity:common...)");
  }

  /** The census as a MapReduce pass: for ratings too big to read in one process. */
  static Census.Stats censusJob(Configuration base, Dataset ds, Path census) throws IOException {
    Configuration cc = new Configuration(base);
    sortBuffer(cc, 16); // a few records per user and film: a small map sort buffer is enough
    Job c = Job.getInstance(cc, "knn-census");
    c.setJarByClass(KnnTool.class);
    c.setInputFormatClass(SequenceFileInputFormat.class);
    FileInputFormat.setInputPaths(c, ds.ratings());
    c.setMapperClass(Census.CensusMapper.class);
    c.setReducerClass(Census.CensusReducer.class);
    c.setMapOutputKeyClass(LongWritable.class);
    c.setMapOutputValueClass(LongWritable.class);
    c.setOutputKeyClass(Text.class);
    c.setOutputValueClass(NullWritable.class);
    c.setNumReduceTasks(1);
    c.setOutputFormatClass(TextOutputFormat.class);
    FileOutputFormat.setOutputPath(c, census);
    Passes.run(c);
    return new Census.Stats(Passes.counter(c, KnnCounter.RATINGS), Passes.counter(c, KnnCounter.FILMS),
        Passes.counter(c, KnnCounter.USERS), Passes.counter(c, KnnCounter.USERS_ONE_RATING),
        Passes.counter(c, KnnCounter.FILMS_ONE_RATER), Passes.counter(c, KnnCounter.BAD_RATINGS),
        Passes.counter(c, KnnCounter.PAIR_UPDATES), Passes.counter(c, TaskCounter.REDUCE_SHUFFLE_BYTES));
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  static long worstPairs(int films, int blocks) {
    long sz = (films + blocks - 1) / blocks;
    return blocks == 1 ? sz * (sz - 1) / 2 : sz * sz;
  }

  /**
   * Lowers the map sort buffer to what a pass needs: the embedded runner's default (256 MB,
   * allocated by every map task) costs more to allocate than a small pass takes to run.
   */
  static void sortBuffer(Configuration conf, int mb) {
    conf.setInt("mapreduce.task.io.sort.mb", Math.min(conf.getInt("mapreduce.task.io.sort.mb", 100), Math.max(8, mb)));
  }

  /** The regroup's map output is about twice its compressed input split (one record per user and block). */
  static int regroupSortMb(Configuration conf, Dataset ds) throws IOException {
    FileSystem fs = ds.ratings().getFileSystem(conf);
    long bytes = fs.getContentSummary(ds.ratings()).getLength();
    int files = Math.max(1, Dataset.partFiles(conf, ds.ratings()).size());
    long split = Math.min(bytes / files, fs.getDefaultBlockSize(ds.ratings()));
    return (int) Math.min(1024, 16 + 2 * (split >> 20));
  }

  static boolean isLocal(Configuration conf) {
    return "local".equals(conf.get("mapreduce.framework.name", "local"));
  }

  /** How many pair tasks may run at once (for the block count's lower bound). */
  static int parallelism(Configuration conf) {
    return isLocal(conf) ? Math.max(1, conf.getInt("mapreduce.local.map.tasks.maximum", 1)) : 8;
  }

  /**
   * Bytes for one task's pair sums: --task-memory, else (local runner, tasks share this heap) the
   * heap over the parallel tasks plus one, else 1 GiB; at most 2 GiB.
   */
  static long taskBudgetBytes(Configuration conf, long mb) {
    if (mb > 0) {
      return mb << 20;
    }
    long b = isLocal(conf) ? Runtime.getRuntime().maxMemory() / (parallelism(conf) + 1) : 1L << 30;
    return Math.max(16L << 20, Math.min(2L << 30, b));
  }
}
