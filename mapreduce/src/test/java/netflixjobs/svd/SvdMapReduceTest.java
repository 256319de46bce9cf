package netflixjobs.svd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netflixjobs.ratings.MovieRating;
import netflixjobs.svd.io.BlockFile;
import netflixjobs.svd.io.BlockedRating;
import netflixjobs.svd.io.FactorRow;
import netflixjobs.svd.io.SliceFile;
import netflixjobs.svd.model.Blocks;
import netflixjobs.svd.model.FactorTable;
import netflixjobs.svd.model.Params;
import netflixjobs.svd.model.SvdConf;
import netflixjobs.svd.train.EvalMapper;
import netflixjobs.svd.train.PrepareMapper;
import netflixjobs.svd.train.PrepareReducer;
import netflixjobs.svd.train.SgdMapper;
import netflixjobs.svd.train.SvdCounter;

/** MRUnit tests of every mapper and reducer of the svd passes. */
class SvdMapReduceTest {
  @TempDir
  File tmp;

  private static Params params(int factors, int blocks) {
    return new Params(factors, blocks, 0.01, 1.0, 0.05, 0.1, 7, 3.5, 1, 5);
  }

  @Test
  void prepareMapperSendsTrainingRatingsToTheirBlockAndCountsThemByValue() throws IOException {
    MapDriver<IntWritable, MovieRating, BlockedRating, NullWritable> d = MapDriver.newMapDriver(new PrepareMapper.Train());
    Params p = params(2, 3);
    p.toConf(d.getConfiguration());
    d.withInput(new IntWritable(6), new MovieRating(17, 8, 0))
        .withInput(new IntWritable(9), new MovieRating(3, 7, 0))
        .withInput(new IntWritable(9), new MovieRating(4, 11, 0))
        .withOutput(new BlockedRating(Blocks.train(Blocks.of(6, 3), Blocks.of(17, 3), 3), Blocks.order(7, 6, 17), 6, 17, 8), NullWritable.get())
        .withOutput(new BlockedRating(Blocks.train(Blocks.of(9, 3), Blocks.of(3, 3), 3), Blocks.order(7, 9, 3), 9, 3, 7), NullWritable.get())
        .runTest();
    assertEquals(2, d.getCounters().findCounter(SvdCounter.TRAIN_RATINGS).getValue());
    assertEquals(1, d.getCounters().findCounter(SvdCounter.HalfStars.H8).getValue());
    assertEquals(1, d.getCounters().findCounter(SvdCounter.HalfStars.H7).getValue());
    assertEquals(1, d.getCounters().findCounter(SvdCounter.BAD_RATINGS).getValue(), "11 half stars is out of range");
  }

  @Test
  void prepareMapperSendsProbeRatingsToTheirUsersProbeRow() throws IOException {
    MapDriver<IntWritable, MovieRating, BlockedRating, NullWritable> d = MapDriver.newMapDriver(new PrepareMapper.Probe());
    params(2, 3).toConf(d.getConfiguration());
    d.withInput(new IntWritable(6), new MovieRating(17, 2, 0))
        .withOutput(new BlockedRating(9 + Blocks.of(6, 3), Blocks.order(7, 6, 17), 6, 17, 2), NullWritable.get())
        .runTest();
    assertEquals(1, d.getCounters().findCounter(SvdCounter.PROBE_RATINGS).getValue());
    assertEquals(0, d.getCounters().findCounter(SvdCounter.HalfStars.H2).getValue(), "probe ratings do not make the mean");
  }

  @Test
  void prepareReducerWritesEachRatingOnceAndCountsDuplicates() throws IOException {
    BlockedRating k = new BlockedRating(1, 42, 6, 17, 8);
    ReduceDriver<BlockedRating, NullWritable, BlockedRating, NullWritable> d = ReduceDriver.newReduceDriver(new PrepareReducer());
    d.withInput(k, List.of(NullWritable.get(), NullWritable.get()))
        .withInput(new BlockedRating(1, 43, 7, 1, 2), List.of(NullWritable.get()))
        .withOutput(k, NullWritable.get())
        .withOutput(new BlockedRating(1, 43, 7, 1, 2), NullWritable.get())
        .runTest();
    assertEquals(1, d.getCounters().findCounter(SvdCounter.DUPLICATES).getValue());
  }

  @Test
  void blockedRatingsSortByBlockThenOrderAndRawComparisonAgrees() throws IOException {
    List<BlockedRating> rs = List.of(new BlockedRating(0, 5, 1, 1, 2), new BlockedRating(0, -3, 9, 9, 2),
        new BlockedRating(1, -9, 1, 1, 2), new BlockedRating(0, 5, 1, 2, 2));
    BlockedRating.Comparator raw = new BlockedRating.Comparator();
    for (BlockedRating a : rs) {
      for (BlockedRating b : rs) {
        byte[] x = bytes(a);
        byte[] y = bytes(b);
        assertEquals(Integer.signum(a.compareTo(b)), Integer.signum(raw.compare(x, 0, x.length, y, 0, y.length)));
      }
    }
    assertTrue(rs.get(1).compareTo(rs.get(0)) < 0);
    assertTrue(rs.get(0).compareTo(rs.get(3)) < 0);
    assertTrue(rs.get(3).compareTo(rs.get(2)) < 0);
  }

  private static byte[] bytes(BlockedRating r) throws IOException {
    org.apache.hadoop.io.DataOutputBuffer b = new org.apache.hadoop.io.DataOutputBuffer();
    r.write(b);
    return java.util.Arrays.copyOf(b.getData(), b.getLength());
  }

  /** Ratings of a block in training order, as the blocking pass would write them. */
  private static BlockFile.Ratings ordered(long seed, int[] us, int[] ms, byte[] hs) {
    int[] idx = InMemorySgd.order(seed, us, ms);
    int[] u = new int[idx.length];
    int[] m = new int[idx.length];
    byte[] h = new byte[idx.length];
    for (int k = 0; k < idx.length; k++) {
      u[k] = us[idx[k]];
      m[k] = ms[idx[k]];
      h[k] = hs[idx[k]];
    }
    return BlockFile.Ratings.of(u, m, h);
  }

  @Test
  void sgdMapperWithOneBlockDoesWhatInMemorySgdDoes() throws IOException {
    Planted data = Planted.make(30, 20, 2, 0.5, 0.4, 0, 3);
    Params p = InMemorySgd.withData(params(4, 1), data.trainH);
    Configuration conf = new Configuration();
    Path blocks = new Path(tmp.toURI().toString(), "blocks");
    BlockFile.write(conf, new Path(blocks, Blocks.fileName(0, 1)), ordered(p.seed(), data.trainU, data.trainM, data.trainH));

    MapDriver<IntWritable, IntWritable, NullWritable, FactorRow> d = MapDriver.newMapDriver(new SgdMapper());
    p.toConf(d.getConfiguration());
    d.getConfiguration().set(SvdConf.BLOCKS_DIR, blocks.toString());
    d.withInput(new IntWritable(0), new IntWritable(0));
    List<Pair<NullWritable, FactorRow>> out = d.run();

    InMemorySgd ref = new InMemorySgd(p, data.trainU, data.trainM, data.trainH);
    double rmse = ref.epoch();
    List<FactorRow> expected = new ArrayList<>();
    rows(expected, Blocks.USER, ref.users());
    rows(expected, Blocks.MOVIE, ref.movies());
    assertEquals(expected.size(), out.size());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i), out.get(i).getSecond(), "row " + i);
    }
    assertEquals(data.trainH.length, d.getCounters().findCounter(SvdCounter.TRAIN_RATINGS).getValue());
    assertEquals(30, d.getCounters().findCounter(SvdCounter.NEW_USERS).getValue());
    double sse = d.getCounters().findCounter(SvdCounter.TRAIN_SSE_MICRO).getValue() / 1e6;
    assertEquals(rmse, Math.sqrt(sse / data.trainH.length), 1e-6);
  }

  static void rows(List<FactorRow> out, int kind, FactorTable t) {
    for (int r : t.rowsById()) {
      double[] v = java.util.Arrays.copyOfRange(t.vectors(), r * t.factors(), (r + 1) * t.factors());
      out.add(new FactorRow(kind, 0, t.id(r), t.bias(r), v));
    }
  }

  @Test
  void sgdMapperStartsFromTheSlicesItIsGivenAndEmitsOnlyItsOwnSlices() throws IOException {
    Configuration conf = new Configuration();
    Params p = params(3, 2);
    Path in = new Path(tmp.toURI().toString(), "in");
    Path blocks = new Path(tmp.toURI().toString(), "blocks");
    // users 1.. and movies 1.. whose blocks are (1, 0)
    int user = firstIn(1, 2);
    int movie = firstIn(0, 2);
    FactorTable us = new FactorTable(3);
    us.add(user, 0.25, new double[] {0.1, 0.2, 0.3}, 0);
    FactorTable ms = new FactorTable(3);
    ms.add(movie, -0.5, new double[] {0.3, -0.2, 0.1}, 0);
    SliceFile.write(conf, new Path(in, Blocks.sliceName(Blocks.USER, 1)), us);
    SliceFile.write(conf, new Path(in, Blocks.sliceName(Blocks.MOVIE, 0)), ms);
    BlockFile.write(conf, new Path(blocks, Blocks.fileName(Blocks.train(1, 0, 2), 2)),
        BlockFile.Ratings.of(new int[] {user}, new int[] {movie}, new byte[] {9}));
    // the expected update, by hand
    double pred = 3.5 + 0.25 - 0.5 + (0.03 - 0.04 + 0.03);
    double e = 4.5 - pred;
    double[] pu = {0.1, 0.2, 0.3};
    double[] qi = {0.3, -0.2, 0.1};
    double[] pu2 = new double[3];
    double[] qi2 = new double[3];
    for (int k = 0; k < 3; k++) {
      pu2[k] = pu[k] + 0.01 * (e * qi[k] - 0.05 * pu[k]);
      qi2[k] = qi[k] + 0.01 * (e * pu[k] - 0.05 * qi[k]);
    }
    MapDriver<IntWritable, IntWritable, NullWritable, FactorRow> d = MapDriver.newMapDriver(new SgdMapper());
    p.toConf(d.getConfiguration());
    d.getConfiguration().set(SvdConf.FACTORS_IN, in.toString());
    d.getConfiguration().set(SvdConf.BLOCKS_DIR, blocks.toString());
    List<Pair<NullWritable, FactorRow>> out = d.withInput(new IntWritable(1), new IntWritable(0)).run();
    assertEquals(2, out.size());
    FactorRow u = out.get(0).getSecond();
    FactorRow m = out.get(1).getSecond();
    assertEquals(Blocks.USER, u.kind());
    assertEquals(1, u.slice());
    assertEquals(Blocks.MOVIE, m.kind());
    assertEquals(0, m.slice());
    assertEquals(0.25 + 0.01 * (e - 0.05 * 0.25), u.bias(), 1e-12);
    assertEquals(-0.5 + 0.01 * (e + 0.05 * 0.5), m.bias(), 1e-12);
    for (int k = 0; k < 3; k++) {
      assertEquals(pu2[k], u.vec()[k], 1e-12);
      assertEquals(qi2[k], m.vec()[k], 1e-12);
    }
    assertEquals(0, d.getCounters().findCounter(SvdCounter.NEW_USERS).getValue());
    assertEquals(Math.round(e * e * 1e6), d.getCounters().findCounter(SvdCounter.TRAIN_SSE_MICRO).getValue());
  }

  static int firstIn(int block, int d) {
    for (int id = 1; ; id++) {
      if (Blocks.of(id, d) == block) {
        return id;
      }
    }
  }

  @Test
  void evalMapperCountsSquaredErrorAndFallsBackForUnknownUsersAndFilms() throws IOException {
    Configuration conf = new Configuration();
    Params p = params(2, 2);
    Path factors = new Path(tmp.toURI().toString(), "factors");
    Path blocks = new Path(tmp.toURI().toString(), "blocks");
    int user = firstIn(0, 2);
    int stranger = user + 1;
    while (Blocks.of(stranger, 2) != 0) {
      stranger++;
    }
    int m0 = firstIn(0, 2);
    int m1 = firstIn(1, 2);
    FactorTable us = new FactorTable(2);
    us.add(user, 0.5, new double[] {1, 2}, 0);
    FactorTable ms0 = new FactorTable(2);
    ms0.add(m0, -0.25, new double[] {0.5, 0.25}, 0);
    FactorTable ms1 = new FactorTable(2);
    ms1.add(m1, 0.125, new double[] {-1, 0}, 0);
    SliceFile.write(conf, new Path(factors, Blocks.sliceName(Blocks.USER, 0)), us);
    SliceFile.write(conf, new Path(factors, Blocks.sliceName(Blocks.MOVIE, 0)), ms0);
    SliceFile.write(conf, new Path(factors, Blocks.sliceName(Blocks.MOVIE, 1)), ms1);
    int unknownMovie = 999_999;
    BlockFile.write(conf, new Path(blocks, Blocks.fileName(Blocks.probe(0, 2), 2)), BlockFile.Ratings.of(
        new int[] {user, user, stranger, stranger, user},
        new int[] {m0, m1, m1, unknownMovie, unknownMovie},
        new byte[] {10, 4, 6, 2, 7}));
    double[] predictions = {
        Math.min(5, 3.5 + 0.5 - 0.25 + (0.5 + 0.5)), // 4.75
        3.5 + 0.5 + 0.125 - 1, // 3.125
        3.5 + 0.125, // stranger: mean + film bias
        3.5, // neither known
        3.5 + 0.5}; // film unknown: mean + user bias
    double[] actual = {5, 2, 3, 1, 3.5};
    double sse = 0;
    for (int i = 0; i < 5; i++) {
      sse += (actual[i] - predictions[i]) * (actual[i] - predictions[i]);
    }
    MapDriver<IntWritable, IntWritable, NullWritable, NullWritable> d = MapDriver.newMapDriver(new EvalMapper());
    p.toConf(d.getConfiguration());
    d.getConfiguration().set(SvdConf.FACTORS_EVAL, factors.toString());
    d.getConfiguration().set(SvdConf.BLOCKS_DIR, blocks.toString());
    d.withInput(new IntWritable(0), new IntWritable(-1)).runTest();
    assertEquals(5, d.getCounters().findCounter(SvdCounter.PROBE_RATINGS).getValue());
    assertEquals(2, d.getCounters().findCounter(SvdCounter.PROBE_UNKNOWN_USER).getValue());
    assertEquals(2, d.getCounters().findCounter(SvdCounter.PROBE_UNKNOWN_MOVIE).getValue());
    assertEquals(Math.round(sse * 1e6), d.getCounters().findCounter(SvdCounter.PROBE_SSE_MICRO).getValue());
  }
}
