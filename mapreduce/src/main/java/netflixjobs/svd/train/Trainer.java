package netflixjobs.svd.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.NullOutputFormat;

import com.fasterxml.jackson.databind.JsonNode;

import netflixjobs.common.UsageException;
import netflixjobs.pass.Passes;
import netflixjobs.ratings.Dataset;
import netflixjobs.svd.io.BlockFile;
import netflixjobs.svd.io.BlockedRating;
import netflixjobs.svd.io.FactorRow;
import netflixjobs.svd.io.SliceOutputFormat;
import netflixjobs.svd.model.Blocks;
import netflixjobs.svd.model.Params;
import netflixjobs.svd.model.SvdConf;

/**
 * Trains a model as a sequence of MapReduce passes, all state on the file system under MODEL:
 * <pre>
 * MODEL/model.json        hyperparameters, global mean, rating range, data set, counts
 * MODEL/blocks/           the ratings cut into d x d training blocks and d probe rows (one pass)
 * MODEL/epoch-NNN/        users-0000i, movies-0000j after epoch NNN, then checkpoint.json (last)
 * MODEL/factors/          the final slices;  MODEL/summary.json;  MODEL/rmse.png
 * </pre>
 * An epoch is d DSGD passes (sub-epoch s: d map tasks on blocks (i, (i+s) mod d), which share
 * no user and no movie) and one probe pass. An epoch directory without its checkpoint is
 * incomplete and is discarded by {@code --resume}, which continues from the last complete
 * epoch and, the order and the initial values being fixed by the seed, ends with the same
 * factors as a run that was never stopped.
 */
public final class Trainer {
  /** What the user asked for. {@code explicit} lists the options given on the command line. */
  public record Options(Params params, int epochs, int patience, boolean resume, boolean keepBlocks,
                        java.util.Set<String> explicit) {}

  /** The outcome: the model's parameters, every epoch, and the one whose factors were kept. */
  public record Result(Params params, List<Epoch> epochs, int finalEpoch) {}

  private final Configuration conf;
  private final Dataset dataset;
  private final Path model;
  private final String shown;
  private final FileSystem fs;
  private final PrintStream out;

  public Trainer(Configuration conf, Dataset dataset, Path model, PrintStream out) throws IOException {
    this.conf = conf;
    this.dataset = dataset;
    this.fs = model.getFileSystem(conf);
    this.model = fs.makeQualified(model);
    this.shown = model.toString();
    this.out = out;
  }

  public Result train(Options o) throws IOException {
    dataset.requireImported(conf);
    boolean hasProbe = dataset.probe().getFileSystem(conf).exists(dataset.probe()) && !Dataset.partFiles(conf, dataset.probe()).isEmpty();
    if (o.patience() > 0 && !hasProbe) {
      throw new UsageException("--early-stop watches the probe RMSE, and " + dataset.probe() + " holds no ratings.");
    }
    boolean exists = fs.exists(model);
    if (exists && !o.resume()) {
      throw new UsageException(shown + " already exists: pass --resume to continue training it, or choose a new MODEL.");
    }
    if (!exists && o.resume()) {
      throw new UsageException("--resume: " + shown + " does not exist; drop --resume to start a new model.");
    }
    Params p = o.params();
    JsonNode meta = fs.exists(ModelDir.meta(model)) ? readJson(ModelDir.meta(model)) : null;
    if (meta != null) {
      Params stored = Params.fromJson(meta.get("params"));
      checkSame(o, stored);
      p = stored;
    }
    // Epochs: complete ones (with a checkpoint) are kept, later ones discarded.
    TreeMap<Integer, Epoch> done = meta == null ? new TreeMap<>() : completeEpochs();
    int last = done.isEmpty() ? 0 : done.lastKey();
    List<Epoch> history = new ArrayList<>(done.values());
    Path blocks = new Path(model, "blocks");
    boolean more = last < o.epochs() && !stopEarly(history, o.patience());
    if (more && !fs.exists(new Path(blocks, "_SUCCESS"))) {
      fs.delete(blocks, true);
      p = prepare(p, blocks, hasProbe, meta == null);
    }
    for (FileStatus st : fs.listStatus(model, path -> path.getName().startsWith("epoch-"))) {
      int e = Integer.parseInt(st.getPath().getName().substring(6));
      if (e > last) {
        fs.delete(st.getPath(), true);
      }
    }
    fs.delete(ModelDir.factors(model), true);
    if (last > 0) {
      out.printf(Locale.ROOT, "svd: resuming after epoch %d of %d%n", last, o.epochs());
    }
    for (int e = last + 1; e <= o.epochs() && !stopEarly(history, o.patience()); e++) {
      history.add(epoch(p, e, o.epochs(), blocks, hasProbe));
      keepOnly(e, best(history, o.patience()));
    }
    int fin = best(history, o.patience());
    finish(p, o, history, fin, blocks);
    return new Result(p, history, fin);
  }

  private void checkSame(Options o, Params stored) {
    Params p = o.params();
    Map<String, Object[]> pairs = new LinkedHashMap<>();
    pairs.put("factors", new Object[] {p.factors(), stored.factors()});
    pairs.put("blocks", new Object[] {p.blocks(), stored.blocks()});
    pairs.put("lr", new Object[] {p.lr(), stored.lr()});
    pairs.put("lr-decay", new Object[] {p.decay(), stored.decay()});
    pairs.put("reg", new Object[] {p.reg(), stored.reg()});
    pairs.put("init-std", new Object[] {p.initStd(), stored.initStd()});
    pairs.put("seed", new Object[] {p.seed(), stored.seed()});
    for (Map.Entry<String, Object[]> e : pairs.entrySet()) {
      Object[] v = e.getValue();
      if (o.explicit().contains(e.getKey()) && !v[0].equals(v[1])) {
        throw new UsageException(shown + " was trained with --" + e.getKey() + " " + v[1]
            + "; --resume continues with it: drop --" + e.getKey() + " or choose a new MODEL.");
      }
    }
  }

  /** The blocking pass; returns the parameters with the data's mean and rating range. */
  private Params prepare(Params p, Path blocks, boolean hasProbe, boolean writeMeta) throws IOException {
    Job job = job("svd prepare blocks", p);
    MultipleInputs.addInputPath(job, dataset.ratings(), SequenceFileInputFormat.class, PrepareMapper.Train.class);
    if (hasProbe) {
      MultipleInputs.addInputPath(job, dataset.probe(), SequenceFileInputFormat.class, PrepareMapper.Probe.class);
    }
    job.setMapOutputKeyClass(BlockedRating.class);
    job.setMapOutputValueClass(NullWritable.class);
    job.setPartitionerClass(PrepareReducer.BlockPartitioner.class);
    job.setReducerClass(PrepareReducer.class);
    job.setNumReduceTasks(Blocks.count(p.blocks()));
    job.setOutputKeyClass(BlockedRating.class);
    job.setOutputValueClass(NullWritable.class);
    job.setOutputFormatClass(BlockFile.OutputFormat.class);
    FileOutputFormat.setOutputPath(job, blocks);
    Passes.run(job);
    long n = 0;
    long sum = 0;
    int lo = 0;
    int hi = 0;
    for (SvdCounter.HalfStars h : SvdCounter.HalfStars.values()) {
      long c = Passes.counter(job, h);
      int v = h.ordinal() + 1;
      if (c > 0) {
        lo = lo == 0 ? v : lo;
        hi = v;
      }
      n += c;
      sum += c * v;
    }
    if (n == 0) {
      throw new UsageException(dataset.ratings() + " holds no ratings to train on.");
    }
    long probe = Passes.counter(job, SvdCounter.PROBE_RATINGS);
    long bad = Passes.counter(job, SvdCounter.BAD_RATINGS);
    Params q = p.withData(sum / 2.0 / n, lo / 2.0, hi / 2.0);
    out.printf(Locale.ROOT, "svd: %,d training ratings (mean %.4f stars, %s..%s), %,d probe ratings%s; "
            + "%d factors, %d blocks, lr %s (x %s per epoch), reg %s, seed %d%n", n, q.mu(), q.minStars(), q.maxStars(), probe,
        bad > 0 ? String.format(Locale.ROOT, ", %,d out-of-range ratings skipped", bad) : "",
        q.factors(), q.blocks(), q.lr(), q.decay(), q.reg(), q.seed());
    if (writeMeta) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("params", q.toJson());
      m.put("dataset", dataset.root().toString());
      m.put("trainRatings", n);
      m.put("probeRatings", probe);
      m.put("badRatings", bad);
      writeJson(ModelDir.meta(model), m);
    }
    return q;
  }

  /** One epoch: d SGD passes, the probe pass, the checkpoint that marks it complete, one line of progress. */
  private Epoch epoch(Params p, int e, int epochs, Path blocks, boolean hasProbe) throws IOException {
    long start = System.nanoTime();
    Path dir = ModelDir.epoch(model, e);
    fs.mkdirs(dir);
    long[] trained = sgdPasses(p, e, blocks, dir);
    Job probe = hasProbe ? probePass(p, e, blocks, dir) : null;
    double secs = (System.nanoTime() - start) / 1e9;
    long pn = probe == null ? 0 : Passes.counter(probe, SvdCounter.PROBE_RATINGS);
    double probeRmse = pn == 0 ? Double.NaN : Math.sqrt(Passes.counter(probe, SvdCounter.PROBE_SSE_MICRO) / 1e6 / pn);
    Epoch ep = new Epoch(e, trained[0] == 0 ? Double.NaN : Math.sqrt(trained[1] / 1e6 / trained[0]), probeRmse, pn,
        probe == null ? 0 : Passes.counter(probe, SvdCounter.PROBE_UNKNOWN_USER),
        probe == null ? 0 : Passes.counter(probe, SvdCounter.PROBE_UNKNOWN_MOVIE), secs);
    Map<String, Object> cp = ep.toJson();
    cp.put("params", p.toJson());
    Path tmp = new Path(dir, "_checkpoint.json.tmp");
    writeJson(tmp, cp);
    fs.rename(tmp, new Path(dir, "checkpoint.json"));
    out.printf(Locale.ROOT, "epoch %3d/%d  train RMSE %.5f  probe RMSE %s  %7.2f s%n", e, epochs,
        ep.trainRmse(), Double.isNaN(probeRmse) ? "-" : String.format(Locale.ROOT, "%.5f", probeRmse), secs);
    return ep;
  }

  /**
   * The epoch's d DSGD passes, each starting from the factors the last one left, the epoch's
   * factors moved into {@code dir} at the end; returns {ratings trained, their squared error in millionths}.
   */
  private long[] sgdPasses(Params p, int e, Path blocks, Path dir) throws IOException {
    int d = p.blocks();
    Path in = e == 1 ? null : ModelDir.epoch(model, e - 1);
    long n = 0;
    long sseMicro = 0;
    for (int s = 0; s < d; s++) {
      Path outDir = new Path(dir, "sub-" + s);
      Job job = job(String.format("svd epoch %d sub-epoch %d/%d", e, s + 1, d), p);
      TaskInputFormat.setTasks(job.getConfiguration(), subEpochTasks(d, s));
      job.getConfiguration().set(SvdConf.FACTORS_IN, in == null ? "" : in.toString());
      job.getConfiguration().set(SvdConf.BLOCKS_DIR, blocks.toString());
      job.getConfiguration().setInt(SvdConf.EPOCH, e);
      // Sub-epoch factors are read once, by the next pass: one replica is enough; the epoch's
      // own copy gets the full replication below, once it is complete.
      job.getConfiguration().setInt("dfs.replication", 1);
      job.setInputFormatClass(TaskInputFormat.class);
      job.setMapperClass(SgdMapper.class);
      job.setNumReduceTasks(0);
      job.setOutputKeyClass(NullWritable.class);
      job.setOutputValueClass(FactorRow.class);
      job.setOutputFormatClass(SliceOutputFormat.class);
      FileOutputFormat.setOutputPath(job, outDir);
      Passes.run(job);
      n += Passes.counter(job, SvdCounter.TRAIN_RATINGS);
      sseMicro += Passes.counter(job, SvdCounter.TRAIN_SSE_MICRO);
      if (in != null && in.getParent().equals(dir)) {
        fs.delete(in, true);
      }
      in = outDir;
    }
    short replication = (short) conf.getInt("dfs.replication", 3);
    for (FileStatus st : fs.listStatus(in, path -> !path.getName().startsWith("_"))) {
      Path to = new Path(dir, st.getPath().getName());
      fs.rename(st.getPath(), to);
      fs.setReplication(to, replication);
    }
    fs.delete(in, true);
    return new long[] {n, sseMicro};
  }

  /** Sub-epoch s: task i trains block (i, (i + s) mod d); no two tasks share a user or a film. */
  static int[][] subEpochTasks(int d, int s) {
    int[][] tasks = new int[d][];
    for (int i = 0; i < d; i++) {
      tasks[i] = new int[] {i, (i + s) % d};
    }
    return tasks;
  }

  /** The probe pass over the factors in {@code dir}: task i evaluates probe row i. */
  private Job probePass(Params p, int e, Path blocks, Path dir) throws IOException {
    int d = p.blocks();
    Job job = job(String.format("svd epoch %d probe", e), p);
    int[][] tasks = new int[d][];
    for (int i = 0; i < d; i++) {
      tasks[i] = new int[] {i, -1};
    }
    TaskInputFormat.setTasks(job.getConfiguration(), tasks);
    job.getConfiguration().set(SvdConf.FACTORS_EVAL, dir.toString());
    job.getConfiguration().set(SvdConf.BLOCKS_DIR, blocks.toString());
    job.setInputFormatClass(TaskInputFormat.class);
    job.setMapperClass(EvalMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputFormatClass(NullOutputFormat.class);
    return Passes.run(job);
  }

  /** Epochs whose checkpoint was written, by number. */
  private TreeMap<Integer, Epoch> completeEpochs() throws IOException {
    TreeMap<Integer, Epoch> done = new TreeMap<>();
    for (FileStatus st : fs.listStatus(model, path -> path.getName().matches("epoch-\\d+"))) {
      Path cp = new Path(st.getPath(), "checkpoint.json");
      if (fs.exists(cp)) {
        Epoch ep = Epoch.fromJson(readJson(cp));
        done.put(ep.epoch(), ep);
      }
    }
    // Only an unbroken run 1..k counts; the factors of the latest are never deleted.
    TreeMap<Integer, Epoch> run = new TreeMap<>();
    for (int e = 1; done.containsKey(e); e++) {
      run.put(e, done.get(e));
    }
    return run;
  }

  /** The epoch whose factors are the result: the last one, or with early stopping the best on probe. */
  static int best(List<Epoch> history, int patience) {
    if (history.isEmpty()) {
      return 0;
    }
    if (patience <= 0) {
      return history.get(history.size() - 1).epoch();
    }
    Epoch b = history.get(0);
    for (Epoch e : history) {
      if (e.probeRmse() < b.probeRmse()) {
        b = e;
      }
    }
    return b.epoch();
  }

  static boolean stopEarly(List<Epoch> history, int patience) {
    return patience > 0 && !history.isEmpty()
        && history.get(history.size() - 1).epoch() - best(history, patience) >= patience;
  }

  /** Deletes the factors of every epoch but the latest and the best (checkpoints stay). */
  private void keepOnly(int latest, int best) throws IOException {
    for (FileStatus st : fs.listStatus(model, path -> path.getName().matches("epoch-\\d+"))) {
      int e = Integer.parseInt(st.getPath().getName().substring(6));
      if (e != latest && e != best) {
        for (FileStatus f : fs.listStatus(st.getPath(), path -> !path.getName().equals("checkpoint.json"))) {
          fs.delete(f.getPath(), true);
        }
      }
    }
  }

  private void finish(Params p, Options o, List<Epoch> history, int fin, Path blocks) throws IOException {
    Path factors = ModelDir.factors(model);
    fs.mkdirs(factors);
    for (FileStatus st : fs.listStatus(ModelDir.epoch(model, fin), path -> !path.getName().endsWith(".json"))) {
      FileUtil.copy(fs, st.getPath(), fs, new Path(factors, st.getPath().getName()), false, conf);
    }
    Map<String, Object> s = new LinkedHashMap<>();
    JsonNode meta = readJson(ModelDir.meta(model));
    s.put("params", p.toJson());
    s.put("dataset", meta.get("dataset").asText());
    s.put("trainRatings", meta.get("trainRatings").asLong());
    s.put("probeRatings", meta.get("probeRatings").asLong());
    s.put("epochsAsked", o.epochs());
    s.put("earlyStopPatience", o.patience());
    s.put("finalEpoch", fin);
    Epoch f = history.stream().filter(e -> e.epoch() == fin).findFirst().orElseThrow();
    s.put("trainRmse", f.trainRmse());
    s.put("probeRmse", Double.isNaN(f.probeRmse()) ? null : f.probeRmse());
    List<Map<String, Object>> eps = new ArrayList<>();
    history.forEach(e -> eps.add(e.toJson()));
    s.put("epochs", eps);
    writeJson(new Path(model, "summary.json"), s);
    String plot = RmsePlot.writeIfAvailable(conf, new Path(model, "rmse.png"), history);
    if (!o.keepBlocks()) {
      fs.delete(blocks, true);
    }
    out.printf(Locale.ROOT, "svd: model in %s (factors of epoch %d: train RMSE %.5f, probe RMSE %s); "
            + "summary.json%s%n", shown, fin, f.trainRmse(),
        Double.isNaN(f.probeRmse()) ? "-" : String.format(Locale.ROOT, "%.5f", f.probeRmse()),
        plot == null ? "" : ", rmse.png");
    if (plot == null) {
      out.println("svd: XChart is not on the classpath here: no rmse.png (the figures are in summary.json).");
    }
  }

  private Job job(String name, Params p) throws IOException {
    Job job = Job.getInstance(new Configuration(conf), name);
    job.setJarByClass(Trainer.class);
    p.toConf(job.getConfiguration());
    job.getConfiguration().setBoolean("mapreduce.map.speculative", false);
    job.getConfiguration().setBoolean("mapreduce.reduce.speculative", false);
    return job;
  }

  JsonNode readJson(Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return ModelDir.JSON.readTree(in);
    }
  }

  void writeJson(Path p, Object value) throws IOException {
    try (OutputStream os = fs.create(p, true)) {
      ModelDir.JSON.writerWithDefaultPrettyPrinter().writeValue(os, value);
    }
  }
}
