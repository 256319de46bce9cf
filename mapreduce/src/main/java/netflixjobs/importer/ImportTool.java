package netflixjobs.importer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.util.Tool;

import netflixjobs.common.Args;
import netflixjobs.common.FailedException;
import netflixjobs.common.ToolMain;
import netflixjobs.common.UsageException;
import netflixjobs.pass.Passes;
import netflixjobs.ratings.Dataset;
import netflixjobs.ratings.Titles.Film;
import netflixjobs.ratings.Titles;

/**
 * {@code import [--titles FILE] [--probe FILE | --probe-fraction F] [--seed S] [--max-bad N|P%]
 * [--files N] INPUT... DATASET}: validates and flattens rating files into DATASET/ratings and
 * DATASET/probe, titles into DATASET/titles, and accounts for every line read.
 */
public class ImportTool extends Configured implements Tool {
  /** As ProgramDriver runs it: {@code netflix-jobs import ARGS}. */
  public static void main(String[] args) throws Exception {
    ToolMain.run(new ImportTool(), args);
  }

  static final String SYNOPSIS = "[--titles FILE] [--probe FILE | --probe-fraction F] [--seed S] "
      + "[--max-bad N|P%] [--files N] INPUT... DATASET";
  private static final long TARGET_SPLIT_BYTES = 128L << 20;
  private static final String REDUCE_INPUT_BUFFER = "mapreduce.reduce.input.buffer.percent";

  /** One input file and what it holds. */
  record Source(Path path, long bytes, Format format) {}

  /** The input files by what they hold. */
  record Inputs(List<Source> ratings, List<Source> probes, List<Source> titles) {
    long bytes() {
      long n = 0;
      for (Source s : ratings) {
        n += s.bytes();
      }
      for (Source s : probes) {
        n += s.bytes();
      }
      return n;
    }
  }

  @Override
  public int run(String[] argv) throws Exception {
    Args a = new Args("import", SYNOPSIS)
        .value("titles", "FILE", "titles file (Netflix movie_titles, MovieLens u.item / movies.dat / movies.csv)")
        .value("probe", "FILE", "probe file: Netflix probe.txt, or a ratings file of held-out ratings")
        .value("probe-fraction", "F", "share of ratings held out as probe when there is no probe file (default 0.1)")
        .value("seed", "S", "seed of the held-out split (default 1)")
        .value("max-bad", "N|P%", "fail (exit 1) when more lines than this are bad")
        .value("files", "N", "number of part files to write (default: from the input size)");
    if (!a.parse(argv)) {
      return 0;
    }
    // parse
    List<String> pos = a.positional(2, Integer.MAX_VALUE);
    Configuration conf = new Configuration(getConf());
    String name = pos.get(pos.size() - 1);
    Dataset ds = newDataset(conf, name);
    if (a.has("probe") && a.has("probe-fraction")) {
      throw new UsageException("give either --probe or --probe-fraction, not both.");
    }
    long seed = a.longValue("seed", ImportConf.DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
    String maxBad = a.string("max-bad", null);
    if (maxBad != null) {
      limit(maxBad, 0); // a bad value fails now, not after the job
    }
    int explicitFiles = a.intValue("files", 0, 1, 10_000);

    // plan: every file's format told by its content, the held-out share, the part files
    Inputs in = inputs(conf, pos.subList(0, pos.size() - 1), a.string("titles", null), a.string("probe", null));
    double fraction = a.doubleValue("probe-fraction", in.probes().isEmpty() ? ImportConf.DEFAULT_PROBE_FRACTION : 0, 0, 0.9);
    long inputBytes = in.bytes();
    int files = explicitFiles > 0 ? explicitFiles : (int) Math.max(2, Math.min(64, inputBytes / (128L << 20) + 1));

    // run the pass
    long start = System.nanoTime();
    Job job = runPass(conf, ds, in, seed, fraction, files, inputBytes);
    double secs = (System.nanoTime() - start) / 1e9;

    // keep or refuse what it wrote, then report
    ImportSummary s = ImportSummary.of(job);
    String firstBad = s.badTotal() == 0 ? null : firstBad(conf, ds);
    if (maxBad != null && s.badTotal() > limit(maxBad, s.read())) {
      ds.root().getFileSystem(conf).delete(ds.root(), true);
      throw new FailedException(String.format(Locale.ROOT,
          "%,d of %,d lines are bad, over --max-bad %s; first: %s. Nothing was imported.", s.badTotal(), s.read(), maxBad, firstBad));
    }
    List<Film> films = readTitles(conf, in.titles());
    Titles.write(conf, ds, films);
    writeProperties(conf, ds, s.kept(), s.probe(), s.users(), films.size(), s.mean(), s.read(), s.badTotal(), seed, fraction);
    s.print(System.out, name, secs, in.ratings().size() + in.probes().size(), files, films.size(), !in.probes().isEmpty(),
        seed, fraction, firstBad);
    return 0;
  }

  /** DATASET, qualified on its file system; it must not exist yet. */
  private static Dataset newDataset(Configuration conf, String name) throws IOException {
    Dataset ds = Dataset.at(name);
    FileSystem outFs = ds.root().getFileSystem(conf);
    ds = new Dataset(outFs.makeQualified(ds.root()));
    if (outFs.exists(ds.root())) {
      throw new UsageException(ds.root() + " already exists: remove it (dfs -rm -r) or choose another DATASET.");
    }
    return ds;
  }

  /** The inputs (directories expanded) and the --titles and --probe files, each file's format told by its content. */
  static Inputs inputs(Configuration conf, List<String> paths, String titlesFile, String probeFile) throws IOException {
    List<Source> ratings = new ArrayList<>();
    List<Source> probes = new ArrayList<>();
    List<Source> titles = new ArrayList<>();
    for (String in : paths) {
      collect(conf, new Path(in), true, ratings, probes, titles);
    }
    if (titlesFile != null) {
      titles.clear();
      collect(conf, new Path(titlesFile), true, new ArrayList<>(), new ArrayList<>(), titles);
      if (titles.isEmpty()) {
        throw new UsageException(titlesFile + " is not a titles file.");
      }
    }
    if (probeFile != null) {
      List<Source> p = new ArrayList<>();
      collect(conf, new Path(probeFile), true, p, probes, new ArrayList<>());
      probes.addAll(p); // a ratings-format probe file holds held-out ratings
      if (probes.isEmpty()) {
        throw new UsageException(probeFile + " is not a probe or ratings file.");
      }
    }
    if (ratings.isEmpty()) {
      throw new UsageException("no ratings among the inputs " + paths + " (empty, or no file in a known format).");
    }
    return new Inputs(ratings, probes, titles);
  }

  /** Runs the import pass (local files staged next to DATASET first on a cluster); returns the finished job. */
  private static Job runPass(Configuration conf, Dataset ds, Inputs in, long seed, double fraction, int files,
                             long inputBytes) throws IOException {
    Path staging = new Path(ds.root().getParent(), "." + ds.root().getName() + ".staging");
    try {
      List<Source> ratings = in.ratings();
      List<Source> probes = in.probes();
      if (!"local".equals(conf.get("mapreduce.framework.name", "local"))) {
        // Tasks on cluster nodes cannot read this machine's files: stage them next to DATASET.
        ratings = stage(conf, ratings, staging);
        probes = stage(conf, probes, staging);
      }
      return Passes.run(job(conf, ds, ratings, probes, seed, fraction, files, inputBytes));
    } finally {
      staging.getFileSystem(conf).delete(staging, true);
    }
  }

  static Job job(Configuration conf, Dataset ds, List<Source> ratings, List<Source> probes, long seed,
      double fraction, int files, long inputBytes) throws IOException {
    conf.setLong(ImportConf.SEED, seed);
    conf.setDouble(ImportConf.PROBE_FRACTION, fraction);
    List<String> probeNames = new ArrayList<>();
    for (Source s : probes) {
      probeNames.add(s.path().toString());
    }
    conf.setStrings(ImportConf.PROBE_FILES, probeNames.toArray(new String[0]));
    Job job = Job.getInstance(conf, "import");
    job.setJarByClass(ImportTool.class);
    job.setInputFormatClass(SourceFilesInputFormat.class);
    List<Path> inputs = new ArrayList<>();
    for (Source s : ratings) {
      inputs.add(s.path());
    }
    for (Source s : probes) {
      inputs.add(s.path());
    }
    SourceFilesInputFormat.setInputs(job, inputs);
    // Splits of at most about 128 MB (64 MB made scale 0.1 four maps in two waves on 2 cores,
    // an eighth slower than two); on the local runner a multiple of its parallel maps, so no
    // last split runs alone while the other cores wait.
    long splits = Math.max(1, (inputBytes + TARGET_SPLIT_BYTES - 1) / TARGET_SPLIT_BYTES);
    if ("local".equals(conf.get("mapreduce.framework.name", "local"))) {
      int slots = Math.max(1, conf.getInt("mapreduce.local.map.tasks.maximum", 1));
      splits = (splits + slots - 1) / slots * slots;
      // In one JVM the map outputs are already in the reduce's memory: keep them there rather
      // than merge them to disk first (Hadoop's default), a tenth of the job at scale 0.1.
      if (conf.getFloat(REDUCE_INPUT_BUFFER, 0) == 0 && !setByUser(conf, REDUCE_INPUT_BUFFER)) {
        job.getConfiguration().setFloat(REDUCE_INPUT_BUFFER, 0.5f);
      }
    }
    SourceFilesInputFormat.setMaxInputSplitSize(job, Math.max(1 << 20, inputBytes / splits + 1));
    job.setMapperClass(ImportJob.ParseMapper.class);
    job.setMapOutputKeyClass(IntWritable.class);
    job.setMapOutputValueClass(ImportChunk.class);
    job.setPartitionerClass(ImportJob.UserPartitioner.class);
    job.setReducerClass(ImportJob.ResolveReducer.class);
    job.setNumReduceTasks(files);
    job.setOutputKeyClass(IntWritable.class);
    job.setOutputValueClass(ImportRecord.class);
    job.setOutputFormatClass(ImportOutputFormat.class);
    ImportOutputFormat.setOutputPath(job, ds.root());
    return job;
  }

  private static boolean setByUser(Configuration conf, String key) {
    String[] from = conf.getPropertySources(key);
    return from != null && !Arrays.asList(from).equals(List.of("mapred-default.xml"));
  }

  /** Copies local sources to {@code staging} on the job's file system; others stay where they are. */
  static List<Source> stage(Configuration conf, List<Source> sources, Path staging) throws IOException {
    FileSystem to = staging.getFileSystem(conf);
    List<Source> out = new ArrayList<>();
    for (Source s : sources) {
      FileSystem from = s.path().getFileSystem(conf);
      if (!"file".equals(from.getScheme())) {
        out.add(s);
        continue;
      }
      Path dst = to.makeQualified(new Path(staging, String.format(Locale.ROOT, "%06d-%s", out.size(), s.path().getName())));
      FileUtil.copy(from, s.path(), to, dst, false, conf);
      out.add(new Source(dst, s.bytes(), s.format()));
    }
    return out;
  }

  /** Adds the files under {@code p} to the lists by format; explicit files of no known format are an error. */
  static void collect(Configuration conf, Path p, boolean explicit, List<Source> ratings, List<Source> probes,
      List<Source> titles) throws IOException {
    FileSystem fs = p.getFileSystem(conf);
    if (!fs.exists(p) && p.toUri().getScheme() == null && new java.io.File(p.toString()).exists()) {
      // a plain path that only this machine has: the user means the local file
      p = new Path(new java.io.File(p.toString()).getAbsoluteFile().toURI());
      fs = p.getFileSystem(conf);
    }
    FileStatus st;
    try {
      st = fs.getFileStatus(p);
    } catch (java.io.FileNotFoundException e) {
      throw new UsageException(p + ": no such file or directory.");
    }
    if (st.isDirectory()) {
      FileStatus[] children = fs.listStatus(p, c -> !c.getName().startsWith(".") && !c.getName().startsWith("_"));
      Arrays.sort(children);
      for (FileStatus c : children) {
        if (c.isDirectory()) {
          collect(conf, c.getPath(), false, ratings, probes, titles);
        } else {
          addFile(conf, c, false, ratings, probes, titles);
        }
      }
      return;
    }
    addFile(conf, st, explicit, ratings, probes, titles);
  }

  private static void addFile(Configuration conf, FileStatus st, boolean explicit, List<Source> ratings,
      List<Source> probes, List<Source> titles) throws IOException {
    Path p = st.getPath();
    Path q = p.getFileSystem(conf).makeQualified(p);
    if (st.getLen() == 0) {
      if (explicit) {
        throw new UsageException(p + " is empty.");
      }
      return;
    }
    Format f = detect(conf, q);
    if (f == null) {
      if (explicit) {
        throw new UsageException(p + " is in no format import understands (Netflix Prize, MovieLens, "
            + "or user,movie,rating CSV; see the README).");
      }
      System.err.println("import: skipping " + p + " (not a ratings, probe or titles file)");
      return;
    }
    Source s = new Source(q, st.getLen(), f);
    switch (f.kind()) {
      case RATINGS -> ratings.add(s);
      case PROBE_IDS -> probes.add(s);
      case TITLES -> titles.add(s);
      default -> throw new IllegalStateException(f.toString());
    }
  }

  static Format detect(Configuration conf, Path p) throws IOException {
    try (InputStream in = SourceFilesInputFormat.open(conf, p)) {
      byte[] head = in.readNBytes(SourceFilesInputFormat.HEAD_BYTES);
      return Format.detect(head, head.length);
    }
  }

  static List<Film> readTitles(Configuration conf, List<Source> sources) throws IOException {
    Map<Integer, Film> films = new TreeMap<>();
    for (Source s : sources) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(SourceFilesInputFormat.open(conf, s.path()), s.format().charset()))) {
        for (String line; (line = in.readLine()) != null; ) {
          Film f = TitleParser.parse(s.format(), line);
          if (f != null) {
            films.put(f.id(), f);
          }
        }
      }
    }
    return new ArrayList<>(films.values());
  }

  /** The first rejected line in file order, as file:line: cause. */
  static String firstBad(Configuration conf, Dataset ds) throws IOException {
    Path dir = new Path(ds.root(), "rejects");
    FileSystem fs = dir.getFileSystem(conf);
    if (!fs.exists(dir)) {
      return "none kept";
    }
    String best = null;
    String bestSortKey = null;
    for (Path p : Dataset.partFiles(conf, dir)) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          String[] f = line.split("\t", 3);
          String where = f[0];
          int colon = where.lastIndexOf(':');
          String sortKey = colon > 0 && where.substring(colon + 1).matches("\\d+")
              ? where.substring(0, colon) + String.format("%020d", Long.parseLong(where.substring(colon + 1)))
              : "\uffff" + where; // reduce-side rejects (no file:line) come last
          if (bestSortKey == null || sortKey.compareTo(bestSortKey) < 0) {
            bestSortKey = sortKey;
            best = where + (f.length > 1 ? ": " + f[1] : "");
          }
        }
      }
    }
    return best;
  }

  /** "100" or "0.5%" of the lines read. */
  static long limit(String maxBad, long read) {
    try {
      if (maxBad.endsWith("%")) {
        double pct = Double.parseDouble(maxBad.substring(0, maxBad.length() - 1));
        if (pct < 0 || pct > 100) {
          throw new NumberFormatException();
        }
        return (long) Math.floor(read * pct / 100);
      }
      long n = Long.parseLong(maxBad);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException("--max-bad wants a count or a percentage such as 1000 or 0.5%, not '" + maxBad + "'.");
    }
  }

  private static void writeProperties(Configuration conf, Dataset ds, long ratings, long probe, long users,
      int titles, double mean, long read, long bad, long seed, double fraction) throws IOException {
    Properties p = new Properties();
    p.setProperty("ratings", Long.toString(ratings));
    p.setProperty("probe", Long.toString(probe));
    p.setProperty("users", Long.toString(users));
    p.setProperty("titles", Integer.toString(titles));
    p.setProperty("mean", String.format(Locale.ROOT, "%.6f", mean));
    p.setProperty("lines.read", Long.toString(read));
    p.setProperty("lines.bad", Long.toString(bad));
    p.setProperty("probe.seed", Long.toString(seed));
    p.setProperty("probe.fraction", Double.toString(fraction));
    try (FSDataOutputStream out = ds.properties().getFileSystem(conf).create(ds.properties(), false)) {
      p.store(out, "written by netflix-jobs import");
    }
  }
}
