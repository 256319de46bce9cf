package netflixjobs.pi;

import java.io.BufferedReader;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.TreeMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.apache.hadoop.util.Tool;

import netflixjobs.common.Args;
import netflixjobs.common.FailedException;
import netflixjobs.common.ToolMain;
import netflixjobs.common.UsageException;
import netflixjobs.pass.Passes;

/**
 * {@code pi [--maps M] [--samples N] [--seed S] [--method random|halton] [OUT]}: Monte Carlo pi.
 * Each of M map tasks throws N darts at the unit square (its own random stream, see
 * {@link Darts}, or Hadoop's Halton points, see {@link Halton}) and emits its count of darts
 * inside the quarter disc; one reduce sums them. The record (estimate, standard error, hits,
 * samples, maps, seconds, samples per second) goes to OUT/result.txt and to standard output; the
 * reduce's per-map counts to OUT/part-r-00000 ({@code map<TAB>samples<TAB>hits}, then
 * {@code total}).
 *
 * <p>Shaped as Hadoop's own QuasiMonteCarlo example: nested mapper and reducer, and the job as a
 * plain static method, {@link #estimatePi}; but no input files (the splits are synthetic) and
 * no per-sample work besides the dart itself.
 */
public class PiTool extends Configured implements Tool {
  /** As ProgramDriver runs it: {@code netflix-jobs pi ARGS}. */
  public static void main(String[] args) throws Exception {
    ToolMain.run(new PiTool(), args);
  }

  public static final String SYNOPSIS = "[--maps M] [--samples N] [--seed S] [--method random|halton] [OUT]";
  public static final String RESULT_FILE = "result.txt";

  static final String HELP = String.join("\n",
      "usage: pi " + SYNOPSIS,
      "Monte Carlo estimate of pi: M map tasks throw N darts each at the unit square, one reduce",
      "sums the darts inside the quarter disc.",
      "  --maps M        map tasks (default " + PiConf.DEFAULT_MAPS + ", at most " + PiConf.MAX_MAPS + ")",
      "  --samples N     darts per map (default 10^8; 1e9 and 10^9 accepted; M x N <= 10^15)",
      "  --seed S        seed of the maps' random streams (default: a fresh one, printed);",
      "                  same M, N and S give the same estimate, bit for bit",
      "  --method random|halton  random darts (default), or the Halton points of Hadoop's own",
      "                  pi example (same M and N give Hadoop's estimate)",
      "  OUT             output directory, must not exist (default pi-out/YYYYMMDD-HHMMSS);",
      "                  OUT/result.txt holds the record printed, OUT/part-r-00000 each map's counts");

  @Override
  public int run(String[] argv) throws IOException {
    Args args = new Args("pi", SYNOPSIS)
        .value("maps", "M", "map tasks (default " + PiConf.DEFAULT_MAPS + ")")
        .value("samples", "N", "darts per map (default 10^8; 1e9 and 10^9 are accepted)")
        .value("seed", "S", "seed of the random streams (default: a fresh one, printed)")
        .value("method", "random|halton", "random darts (default) or Hadoop's Halton points")
        .flag("help", "print this help");
    if (!args.parse(argv)) {
      return 0;
    }
    if (args.has("help")) {
      System.out.println(HELP);
      return 0;
    }
    List<String> rest = args.positional(0, 1);
    int maps = args.intValue("maps", PiConf.DEFAULT_MAPS, 1, PiConf.MAX_MAPS);
    long samples = args.longValue("samples", PiConf.DEFAULT_SAMPLES, 1, PiConf.MAX_TOTAL);
    if ((double) maps * samples > PiConf.MAX_TOTAL) {
      throw new UsageException("--maps " + maps + " x --samples " + samples
          + " is more than 10^15 darts in all (weeks of work); ask for fewer.");
    }
    Method method = Method.parse(args.string("method", "random"));
    long seed = args.has("seed") ? args.longValue("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE)
        : new SecureRandom().nextLong();
    if (method == Method.HALTON && args.has("seed")) {
      System.err.println("pi: note: Halton points are deterministic; --seed plays no part.");
    }
    Configuration conf = getConf();
    Path out = new Path(rest.isEmpty() ? defaultOut() : rest.get(0));
    FileSystem fs = out.getFileSystem(conf);
    if (fs.exists(out)) {
      throw new UsageException(fs.makeQualified(out) + " already exists: name another OUT or remove it"
          + " (netflix-jobs dfs -rm -r " + out + ").");
    }
    PiResult result = estimatePi(conf, maps, samples, method, seed, out);
    System.out.print(result.text());
    System.out.println("output\t" + fs.makeQualified(out));
    System.out.flush();
    return 0;
  }

  /** pi-out/YYYYMMDD-HHMMSS (UTC): a default that does not collide with the last run. */
  static String defaultOut() {
    return "pi-out/" + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
  }

  /**
   * Runs the job: {@code maps} maps of {@code samples} darts each, one reduce; the reduce's
   * output and the record go to {@code out}, which must not exist.
   */
  public static PiResult estimatePi(Configuration conf, int maps, long samples, Method method, long seed,
      Path out) throws IOException {
    Configuration c = new Configuration(conf);
    PiInputFormat.configure(c, maps, samples, method, seed);
    // A map emits one tiny record: no use for a large sort buffer (the embedded default's
    // 256 MB is allocated and zeroed by every map task).
    c.setInt("mapreduce.task.io.sort.mb", 1);
    // and the reduce's input, one record per map, can stay in memory instead of being merged
    // into a file first (Hadoop's default keeps none).
    c.setFloat("mapreduce.reduce.input.buffer.percent", 0.5f);
    Job job = Job.getInstance(c, "pi " + maps + "x" + samples + " " + method.label());
    job.setJarByClass(PiTool.class);
    job.setInputFormatClass(PiInputFormat.class);
    job.setMapperClass(PiMapper.class);
    job.setMapOutputKeyClass(IntWritable.class);
    job.setMapOutputValueClass(Tally.class);
    job.setReducerClass(PiReducer.class);
    job.setNumReduceTasks(1);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    job.setOutputFormatClass(TextOutputFormat.class);
    // CPU-bound and deterministic: a speculative copy of a map would only take a core away.
    job.setSpeculativeExecution(false);
    job.getConfiguration().set(MRJobConfig.MAP_JAVA_OPTS, mapJavaOpts(c));
    FileOutputFormat.setOutputPath(job, out);

    long start = System.nanoTime();
    Passes.run(job);
    double seconds = (System.nanoTime() - start) / 1e9;

    TreeMap<String, Tally> tallies = readTallies(conf, out);
    Tally total = tallies.get("total");
    if (total == null) {
      throw new FailedException("job '" + job.getJobName() + "' wrote no total to " + out);
    }
    long countedSamples = Passes.counter(job, PiCounter.SAMPLES);
    long countedHits = Passes.counter(job, PiCounter.HITS);
    if (total.samples() != (long) maps * samples || countedSamples != total.samples() || countedHits != total.hits()) {
      throw new FailedException("job '" + job.getJobName() + "' counted " + countedSamples + " samples and "
          + countedHits + " hits, but its reduce summed " + total + " of " + (long) maps * samples + " samples");
    }
    PiResult result = new PiResult(method, maps, samples, seed, total.samples(), total.hits(), seconds);
    FileSystem fs = out.getFileSystem(conf);
    try (Writer w = new OutputStreamWriter(fs.create(new Path(out, RESULT_FILE), false), StandardCharsets.UTF_8)) {
      w.write(result.text());
    }
    return result;
  }

  /**
   * The map JVMs' options on a cluster, with the Vector API module added so that they can run
   * the vector loop ({@link Darts} falls back to the scalar loop, with the same counts, where
   * the module or the CPU lacks it).
   */
  static String mapJavaOpts(Configuration conf) {
    String opts = conf.get(MRJobConfig.MAP_JAVA_OPTS, conf.get("mapred.child.java.opts", "")).trim();
    return opts.contains(Darts.VECTOR_MODULE) ? opts : (opts + " --add-modules=" + Darts.VECTOR_MODULE).trim();
  }

  /** The reduce's lines: map index (as text) or "total" -> its samples and hits. */
  public static TreeMap<String, Tally> readTallies(Configuration conf, Path out) throws IOException {
    FileSystem fs = out.getFileSystem(conf);
    TreeMap<String, Tally> tallies = new TreeMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        fs.open(new Path(out, "part-r-00000")), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.split("\t");
        if (f.length != 3) {
          throw new FailedException("unexpected line in " + out + "/part-r-00000: " + line);
        }
        tallies.put(f[0], new Tally(Long.parseLong(f[1]), Long.parseLong(f[2])));
      }
    }
    return tallies;
  }

  /**
   * Throws each chunk of its split's darts and, at the end of the split, emits map index ->
   * (samples, hits): one record per map, whatever N. The generator is created once per split
   * and carried from chunk to chunk, so the chunking changes nothing in the counts.
   */
  public static class PiMapper extends Mapper<PiSplit, LongWritable, IntWritable, Tally> {
    private PiSplit current;
    private SplitMix rng;
    private Halton halton;
    private long samples;
    private long hits;

    @Override
    protected void map(PiSplit split, LongWritable chunk, Context context) throws IOException, InterruptedException {
      if (!split.equals(current)) {
        flush(context);
        current = new PiSplit(split.index(), split.samples(), split.method(), split.seed());
        Object source = current.source();
        rng = source instanceof SplitMix r ? r : null;
        halton = source instanceof Halton h ? h : null;
      }
      long n = chunk.get();
      long h = halton != null ? halton.throwDarts(n) : Darts.throwDarts(rng, n);
      samples += n;
      hits += h;
      context.getCounter(PiCounter.SAMPLES).increment(n);
      context.getCounter(PiCounter.HITS).increment(h);
      context.setStatus(String.format("%,d of %,d darts thrown", samples, current.samples()));
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      flush(context);
    }

    private void flush(Context context) throws IOException, InterruptedException {
      if (current != null) {
        context.write(new IntWritable(current.index()), new Tally(samples, hits));
      }
      current = null;
      samples = 0;
      hits = 0;
    }
  }

  /**
   * The one reduce: sums each map's tallies (one per map, or more from a combiner-less
   * re-run), writes {@code map<TAB>samples<TAB>hits} per map and, last, the {@code total}.
   */
  public static class PiReducer extends Reducer<IntWritable, Tally, Text, Text> {
    private long samples;
    private long hits;

    @Override
    protected void reduce(IntWritable map, Iterable<Tally> tallies, Context context)
        throws IOException, InterruptedException {
      long s = 0;
      long h = 0;
      for (Tally t : tallies) {
        s = Math.addExact(s, t.samples());
        h = Math.addExact(h, t.hits());
      }
      context.write(new Text(Integer.toString(map.get())), new Text(s + "\t" + h));
      samples = Math.addExact(samples, s);
      hits = Math.addExact(hits, h);
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      context.write(new Text("total"), new Text(samples + "\t" + hits));
    }
  }

  /** Darts thrown and darts inside. */
  public static class Tally implements Writable {
    private long samples;
    private long hits;

    public Tally() {}

    public Tally(long samples, long hits) {
      this.samples = samples;
      this.hits = hits;
    }

    public long samples() {
      return samples;
    }

    public long hits() {
      return hits;
    }

    @Override
    public void write(DataOutput out) throws IOException {
      WritableUtils.writeVLong(out, samples);
      WritableUtils.writeVLong(out, hits);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      samples = WritableUtils.readVLong(in);
      hits = WritableUtils.readVLong(in);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Tally t && t.samples == samples && t.hits == hits;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(samples) * 31 + Long.hashCode(hits);
    }

    @Override
    public String toString() {
      return hits + " hits of " + samples;
    }
  }
}
