package netflixjobs.knn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netflixjobs.knn.KnnConf.Params;
import netflixjobs.ratings.MovieRating;

/** MRUnit specifications of every mapper and reducer of knn. */
class KnnMapReduceTest {
  @TempDir
  File tmp;

  /** A census of films 10, 20, 30, 40 with 5, 4, 3, 2 ratings: ranks 0..3, with B=2 blocks 0,1,0,1. */
  private void census(Configuration conf, int blocks) throws IOException {
    File f = new File(tmp, "census.txt");
    Files.writeString(f.toPath(), "30\t3\n10\t5\n40\t2\n20\t4\n", StandardCharsets.UTF_8);
    conf.set("fs.defaultFS", "file:///");
    conf.set(KnnConf.CENSUS, f.getAbsolutePath());
    conf.setInt(KnnConf.BLOCKS, blocks);
  }

  private static UserRatings ratings(int... localRating) {
    UserRatings u = new UserRatings();
    for (int i = 0; i < localRating.length; i += 2) {
      u.add(localRating[i], localRating[i + 1]);
    }
    return u;
  }

  @Test
  void censusMapperCountsEachUsersRunAndEachFilmAndSkipsBadRatings() throws IOException {
    MapDriver<IntWritable, MovieRating, LongWritable, LongWritable> d =
        MapDriver.newMapDriver(new Census.CensusMapper());
    d.withInput(new IntWritable(1), new MovieRating(10, 8, 0))
        .withInput(new IntWritable(1), new MovieRating(20, 6, 0))
        .withInput(new IntWritable(2), new MovieRating(10, 4, 0))
        .withInput(new IntWritable(2), new MovieRating(99, 11, 0))
        .withOutput(new LongWritable(Census.userKey(1)), new LongWritable(2))
        .withOutput(new LongWritable(Census.userKey(2)), new LongWritable(1))
        .withOutput(new LongWritable(Census.filmKey(10)), new LongWritable(2))
        .withOutput(new LongWritable(Census.filmKey(20)), new LongWritable(1))
        .runTest();
    assertEquals(1, d.getCounters().findCounter(KnnCounter.BAD_RATINGS).getValue());
  }

  @Test
  void censusReducerWritesFilmCountsAndCountsUsersAndTheirPairWork() throws IOException {
    ReduceDriver<LongWritable, LongWritable, Text, NullWritable> d =
        ReduceDriver.newReduceDriver(new Census.CensusReducer());
    d.withInput(new LongWritable(Census.filmKey(10)), List.of(new LongWritable(2), new LongWritable(3)))
        .withInput(new LongWritable(Census.filmKey(11)), List.of(new LongWritable(1)))
        .withInput(new LongWritable(Census.userKey(7)), List.of(new LongWritable(1)))
        .withInput(new LongWritable(Census.userKey(8)), List.of(new LongWritable(2), new LongWritable(2)))
        .withOutput(new Text("10\t5"), NullWritable.get())
        .withOutput(new Text("11\t1"), NullWritable.get())
        .runTest();
    assertEquals(2, d.getCounters().findCounter(KnnCounter.FILMS).getValue());
    assertEquals(6, d.getCounters().findCounter(KnnCounter.RATINGS).getValue());
    assertEquals(1, d.getCounters().findCounter(KnnCounter.FILMS_ONE_RATER).getValue());
    assertEquals(2, d.getCounters().findCounter(KnnCounter.USERS).getValue());
    assertEquals(1, d.getCounters().findCounter(KnnCounter.USERS_ONE_RATING).getValue());
    assertEquals(4 * 3 / 2, d.getCounters().findCounter(KnnCounter.PAIR_UPDATES).getValue());
  }

  @Test
  void regroupMapperSplitsEachUsersRatingsByBlockWithLocalIndices() throws IOException {
    MapDriver<IntWritable, MovieRating, LongWritable, UserRatings> d =
        MapDriver.newMapDriver(new Regroup.RegroupMapper());
    census(d.getConfiguration(), 2);
    // ranks by count: 10 -> 0 (block 0, local 0), 20 -> 1 (1, 0), 30 -> 2 (0, 1), 40 -> 3 (1, 1)
    d.withInput(new IntWritable(5), new MovieRating(10, 8, 0))
        .withInput(new IntWritable(5), new MovieRating(20, 6, 0))
        .withInput(new IntWritable(5), new MovieRating(30, 4, 0))
        .withInput(new IntWritable(6), new MovieRating(40, 10, 0))
        .withInput(new IntWritable(6), new MovieRating(77, 10, 0))
        .withOutput(new LongWritable(Regroup.key(0, 5)), ratings(0, 8, 1, 4))
        .withOutput(new LongWritable(Regroup.key(1, 5)), ratings(0, 6))
        .withOutput(new LongWritable(Regroup.key(1, 6)), ratings(1, 10))
        .runTest();
    assertEquals(1, d.getCounters().findCounter(KnnCounter.UNKNOWN_FILMS).getValue());
  }

  @Test
  void regroupPartitionerSendsBlockBToReducerB() {
    Regroup.BlockPartitioner p = new Regroup.BlockPartitioner();
    assertEquals(3, p.getPartition(new LongWritable(Regroup.key(3, -5)), new UserRatings(), 4));
    assertEquals(0, p.getPartition(new LongWritable(Regroup.key(0, Integer.MAX_VALUE)), new UserRatings(), 4));
  }

  @Test
  void regroupReducerMergesAUsersPartsSortedAndDropsRepeatedFilms() throws IOException {
    ReduceDriver<LongWritable, UserRatings, IntWritable, UserRatings> d =
        ReduceDriver.newReduceDriver(new Regroup.RegroupReducer());
    d.withInput(new LongWritable(Regroup.key(1, 7)), List.of(ratings(2, 6, 0, 9), ratings(1, 4, 0, 8)))
        .withOutput(new IntWritable(7), ratings(0, 8, 1, 4, 2, 6))
        .runTest();
    assertEquals(1, d.getCounters().findCounter(KnnCounter.DUPLICATE_RATINGS).getValue());
  }

  @Test
  void regroupInProcessWritesWhatTheJobWouldSortedByUnsignedUserWithoutRepeats() throws IOException {
    Configuration conf = new Configuration();
    census(conf, 2);
    BlockPlan plan = BlockPlan.fromConf(conf);
    SmallInput in = new SmallInput();
    int[][] rows = {{7, 30, 4}, {-2, 10, 8}, {7, 10, 9}, {7, 30, 6}, {3, 20, 2}, {7, 40, 5}};
    for (int[] r : rows) {
      in.users[in.size] = r[0];
      in.films[in.size] = r[1];
      in.ratings[in.size] = (byte) r[2];
      in.size++;
    }
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(new File(tmp, "blocks").getAbsolutePath());
    assertEquals(1, Regroup.inProcess(conf, in, plan, dir)); // user 7 rated film 30 twice
    // block 0 = films 10 (local 0), 30 (local 1); block 1 = 20 (0), 40 (1); user -2 is 2^32 - 2 unsigned: last
    assertEquals(List.of("7=0:9 1:4", "-2=0:8"), read(conf, BlockPairInputFormat.blockFile(dir, 0)));
    assertEquals(List.of("3=0:2", "7=1:5"), read(conf, BlockPairInputFormat.blockFile(dir, 1)));
  }

  private static List<String> read(Configuration conf, org.apache.hadoop.fs.Path file) throws IOException {
    List<String> out = new java.util.ArrayList<>();
    IntWritable u = new IntWritable();
    UserRatings r = new UserRatings();
    try (org.apache.hadoop.io.SequenceFile.Reader in = new org.apache.hadoop.io.SequenceFile.Reader(conf,
        org.apache.hadoop.io.SequenceFile.Reader.file(file))) {
      while (in.next(u, r)) {
        out.add(u.get() + "=" + r);
      }
    }
    return out;
  }

  /** The six sums of two films' common raters, computed the obvious way. */
  private static double sim(int[][] users, int fi, int fj, Params p) {
    long n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (int[] u : users) {
      if (u[fi] > 0 && u[fj] > 0) {
        n++;
        sx += u[fi];
        sy += u[fj];
        sxx += u[fi] * u[fi];
        syy += u[fj] * u[fj];
        sxy += u[fi] * u[fj];
      }
    }
    return n < p.minCommon() ? Double.NaN : Similarity.of(n, sx, sy, sxx, syy, sxy, p.shrink());
  }

  @Test
  void pairMapperOfTwoBlocksSumsEveryCrossPairAndEmitsEachFilmsBest() throws IOException {
    MapDriver<IntWritable, UserPair, IntWritable, Candidates> d = MapDriver.newMapDriver(new Pairs.PairMapper());
    Params p = new Params(1, 1, 0, -1, Double.NaN);
    census(d.getConfiguration(), 2);
    p.to(d.getConfiguration());
    // films by rank: block 0 = [10, 30], block 1 = [20, 40]; users' half stars per rank 0..3 (0 = unrated)
    int[][] users = {{8, 6, 4, 2}, {10, 7, 6, 9}, {2, 4, 0, 6}, {6, 2, 8, 0}, {4, 0, 5, 3}};
    int[] film = {10, 20, 30, 40};
    for (int u = 0; u < users.length; u++) {
      UserPair v = new UserPair(0, 1);
      for (int r = 0; r < 4; r++) {
        if (users[u][r] > 0) {
          (r % 2 == 0 ? v.a() : v.b()).add(r / 2, users[u][r]);
        }
      }
      d.withInput(new IntWritable(u), v);
    }
    // each film's best (k = 1) among the other block's films, block 0's films first
    int[][] order = {{0, 1, 3}, {2, 1, 3}, {1, 0, 2}, {3, 0, 2}};
    for (int[] o : order) {
      double s1 = sim(users, o[0], o[1], p);
      double s2 = sim(users, o[0], o[2], p);
      int best = Similarity.better(s1, film[o[1]], s2, film[o[2]]) ? o[1] : o[2];
      int n = 0;
      for (int[] u : users) {
        n += u[o[0]] > 0 && u[best] > 0 ? 1 : 0;
      }
      d.withOutput(new IntWritable(film[o[0]]), new Candidates().add(film[best], sim(users, o[0], best, p), n));
    }
    d.runTest();
    long work = 0;
    for (int[] u : users) {
      work += (long) ((u[0] > 0 ? 1 : 0) + (u[2] > 0 ? 1 : 0)) * ((u[1] > 0 ? 1 : 0) + (u[3] > 0 ? 1 : 0));
    }
    assertEquals(work, d.getCounters().findCounter(KnnCounter.PAIR_UPDATES).getValue());
    assertEquals(4, d.getCounters().findCounter(KnnCounter.PAIRS_SCORED).getValue());
    // and one value against commons-math: films 10 and 20 over users 0..3
    double cm = new PearsonsCorrelation().correlation(new double[] {8, 10, 2, 6}, new double[] {6, 7, 4, 2});
    assertEquals(cm, sim(users, 0, 1, p), 1e-12);
  }

  @Test
  void pairMapperOfOneBlockSumsPairsWithinItAndCountsZeroVarianceAndTooFewRaters() throws IOException {
    MapDriver<IntWritable, UserPair, IntWritable, Candidates> d = MapDriver.newMapDriver(new Pairs.PairMapper());
    Params p = new Params(5, 2, 10, -1, Double.NaN);
    census(d.getConfiguration(), 1);
    p.to(d.getConfiguration());
    // one block: local index = rank: 10, 20, 30, 40. Film 40 (rank 3) always gets 8: zero variance.
    int[][] users = {{8, 6, 0, 8}, {4, 7, 6, 8}, {2, 4, 0, 8}, {0, 0, 3, 0}, {0, 5, 9, 0}};
    int[] film = {10, 20, 30, 40};
    for (int u = 0; u < users.length; u++) {
      UserPair v = new UserPair(0, 0);
      for (int r = 0; r < 4; r++) {
        if (users[u][r] > 0) {
          v.a().add(r, users[u][r]);
        }
      }
      d.withInput(new IntWritable(u), v);
    }
    // pairs with >= 2 common raters and variance on both sides: (10,20) n=3, (20,30) n=2
    double s1020 = sim(users, 0, 1, p);
    double s2030 = sim(users, 1, 2, p);
    d.withOutput(new IntWritable(10), new Candidates().add(20, s1020, 3))
        .withOutput(new IntWritable(20), Similarity.better(s1020, 10, s2030, 30)
            ? new Candidates().add(10, s1020, 3).add(30, s2030, 2)
            : new Candidates().add(30, s2030, 2).add(10, s1020, 3))
        .withOutput(new IntWritable(30), new Candidates().add(20, s2030, 2))
        .withOutput(new IntWritable(40), new Candidates());
    d.runTest();
    long work = 0;
    for (int[] u : users) {
      long n = java.util.Arrays.stream(u).filter(x -> x > 0).count();
      work += n * (n - 1) / 2;
    }
    assertEquals(work, d.getCounters().findCounter(KnnCounter.PAIR_UPDATES).getValue());
    assertEquals(2, d.getCounters().findCounter(KnnCounter.PAIRS_ZERO_VARIANCE).getValue()); // 40 with 10 and 20
    assertEquals(2, d.getCounters().findCounter(KnnCounter.PAIRS_TOO_FEW_COMMON).getValue()); // (10,30), (30,40)
    assertEquals(2, d.getCounters().findCounter(KnnCounter.PAIRS_SCORED).getValue());
  }

  @Test
  void topKReducerMergesListsBestFirstTiesBySmallerIdAndWritesEmptyLines() throws IOException {
    ReduceDriver<IntWritable, Candidates, Text, NullWritable> d = ReduceDriver.newReduceDriver(new Pairs.TopKReducer());
    d.getConfiguration().setInt(KnnConf.K, 3);
    d.withInput(new IntWritable(10), List.of(new Candidates().add(20, 0.5, 4).add(30, 0.2, 9),
            new Candidates().add(50, 0.9, 2).add(40, 0.5, 3)))
        .withInput(new IntWritable(11), List.of(new Candidates(), new Candidates()))
        .withOutput(new Text("10\t50:0.9:2\t20:0.5:4\t40:0.5:3"), NullWritable.get())
        .withOutput(new Text("11"), NullWritable.get())
        .runTest();
    assertEquals(1, d.getCounters().findCounter(KnnCounter.FILMS_WITHOUT_NEIGHBOURS).getValue());
  }
}
