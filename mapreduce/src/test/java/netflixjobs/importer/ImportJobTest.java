package netflixjobs.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;


class ImportJobTest {
  private static final String MV1 = "file:/in/training_set/mv_0000001.txt";

  private static SourceLine at(String file, long line, Format f, boolean probe) {
    return new SourceLine(file, line, f, probe);
  }

  private static int rating(int half, int day) {
    return ImportChunk.payload(ImportChunk.Kind.RATING, half, day);
  }

  private static int probeId() {
    return ImportChunk.payload(ImportChunk.Kind.PROBE_ID, 0, 0);
  }

  private static int probeRating(int half, int day) {
    return ImportChunk.payload(ImportChunk.Kind.PROBE_RATING, half, day);
  }

  private static MapDriver<SourceLine, Text, IntWritable, ImportChunk> mapper() {
    return MapDriver.newMapDriver(new ImportJob.ParseMapper());
  }

  @Test
  void mapperSendsEachUsersRatingsAsOneChunkAndCountsEveryLine() throws IOException {
    var d = mapper();
    d.withInput(at(MV1, 1, Format.NETFLIX_RATINGS, false), new Text("1:"))
        .withInput(at(MV1, 2, Format.NETFLIX_RATINGS, false), new Text("7,3,2005-09-06"))
        .withInput(at(MV1, 3, Format.NETFLIX_RATINGS, false), new Text("7,9,2005-09-06"))
        .withInput(at(MV1, 4, Format.NETFLIX_RATINGS, false), new Text("6,2,2005-09-07"))
        .withInput(at(MV1, 5, Format.NETFLIX_RATINGS, false), new Text("2:"))
        .withInput(at(MV1, 6, Format.NETFLIX_RATINGS, false), new Text("7,5,2005-09-08"))
        .withOutput(new IntWritable(ImportJob.REJECT_USER),
            new ImportChunk().setReject(MV1 + ":3\trating out of range\t7,9,2005-09-06"))
        .withOutput(new IntWritable(6), new ImportChunk().add(1, rating(4, 13033)))
        .withOutput(new IntWritable(7), new ImportChunk().add(1, rating(6, 13032)).add(2, rating(10, 13034)))
        .runTest();
    assertEquals(4, d.getCounters().findCounter(ImportJob.Count.RATING_LINES_READ).getValue(), "headers are not records");
    assertEquals(1, d.getCounters().findCounter(Bad.RATING_OUT_OF_RANGE).getValue());
  }

  @Test
  void mapperFlushesWhenItsBufferIsFullAndUsersMaySpanChunks() throws IOException {
    var d = mapper();
    d.getConfiguration().setInt(ImportJob.MAP_BUFFER_RECORDS, 2);
    for (int i = 1; i <= 3; i++) {
      d.withInput(at(MV1, i, Format.PLAIN_CSV, false), new Text("5," + i + ",4"));
    }
    List<Pair<IntWritable, ImportChunk>> out = d.run();
    assertEquals(2, out.size(), "one chunk per flush");
    assertEquals(3, out.get(0).getSecond().size() + out.get(1).getSecond().size());
  }

  @Test
  void mapperMarksProbeFiles() throws IOException {
    String probe = "file:/in/probe.txt";
    var d = mapper();
    d.withInput(at(probe, 1, Format.NETFLIX_PROBE, true), new Text("3:"))
        .withInput(at(probe, 2, Format.NETFLIX_PROBE, true), new Text("42"))
        .withInput(at("file:/in/u1.test", 1, Format.MOVIELENS_TAB, true), new Text("5\t9\t4\t881250949"))
        .withOutput(new IntWritable(5), new ImportChunk().add(9, probeRating(8, 881250949 / 86400)))
        .withOutput(new IntWritable(42), new ImportChunk().add(3, probeId()))
        .runTest();
    assertEquals(2, d.getCounters().findCounter(ImportJob.Count.PROBE_LINES_READ).getValue());
  }

  @Test
  void mapperKeepsOnlySomeRejectsButCountsThemAll() throws IOException {
    var d = mapper();
    d.getConfiguration().setInt(ImportJob.REJECTS_KEPT, 1);
    d.withInput(at(MV1, 1, Format.PLAIN_CSV, false), new Text("1,b"))
        .withInput(at(MV1, 2, Format.PLAIN_CSV, false), new Text("2,d"));
    assertEquals(1, d.run().size());
    assertEquals(2, d.getCounters().findCounter(Bad.MALFORMED).getValue());
  }

  private static ReduceDriver<IntWritable, ImportChunk, IntWritable, ImportRecord> reducer() {
    return ReduceDriver.newReduceDriver(new ImportJob.ResolveReducer());
  }

  @Test
  void duplicatesKeepTheLatestRatingAndAreCounted() throws IOException {
    var d = reducer();
    d.withInput(new IntWritable(6), List.of(new ImportChunk().add(1, rating(4, 100)).add(3, rating(2, 5)),
            new ImportChunk().add(1, rating(10, 200)).add(1, rating(2, 150))))
        .withOutput(new IntWritable(6), new ImportRecord().rating(1, rating(10, 200)).rating(3, rating(2, 5)))
        .runTest();
    assertEquals(2, d.getCounters().findCounter(Bad.DUPLICATE).getValue());
    assertEquals(2, d.getCounters().findCounter(ImportJob.Count.RATINGS).getValue());
    assertEquals(1, d.getCounters().findCounter(ImportJob.Count.USERS).getValue());
    assertEquals(12, d.getCounters().findCounter(ImportJob.Count.HALF_STARS_SUM).getValue());
  }

  @Test
  void aProbeEntryMovesItsRatingToProbe() throws IOException {
    var d = reducer();
    d.withInput(new IntWritable(6), List.of(new ImportChunk().add(1, probeId()), new ImportChunk().add(1, rating(8, 100))))
        .withOutput(new IntWritable(6), new ImportRecord().probe(1, rating(8, 100)))
        .runTest();
    assertEquals(1, d.getCounters().findCounter(ImportJob.Count.PROBE_MATCHED).getValue());
    assertEquals(1, d.getCounters().findCounter(ImportJob.Count.MOVED_TO_PROBE).getValue());
    assertEquals(0, d.getCounters().findCounter(ImportJob.Count.RATINGS).getValue());
    assertEquals(0, d.getCounters().findCounter(ImportJob.Count.USERS).getValue(), "no rating kept");
  }

  @Test
  void aProbeEntryWithoutRatingIsRejected() throws IOException {
    var d = reducer();
    d.withInput(new IntWritable(99), List.of(new ImportChunk().add(2, probeId())))
        .withOutput(new IntWritable(99), new ImportRecord().reject("user 99, movie 2\tprobe entry with no rating\t"))
        .runTest();
    assertEquals(1, d.getCounters().findCounter(Bad.PROBE_NO_RATING).getValue());
  }

  @Test
  void heldOutRatingsWinOverTheSamePairInTraining() throws IOException {
    var d = reducer();
    d.withInput(new IntWritable(5), List.of(new ImportChunk().add(9, rating(2, 1)).add(9, probeRating(8, 2))))
        .withOutput(new IntWritable(5), new ImportRecord().probe(9, rating(8, 2)))
        .runTest();
    assertEquals(1, d.getCounters().findCounter(ImportJob.Count.PROBE_RATINGS).getValue());
    assertEquals(1, d.getCounters().findCounter(Bad.DUPLICATE).getValue());
  }

  @Test
  void rejectsPassThrough() throws IOException {
    reducer().withInput(new IntWritable(ImportJob.REJECT_USER), List.of(new ImportChunk().setReject("f:1\tmalformed line\tx")))
        .withOutput(new IntWritable(ImportJob.REJECT_USER), new ImportRecord().reject("f:1\tmalformed line\tx"))
        .runTest();
  }

  @Test
  void theProbeSplitIsDeterministicAndNearItsFraction() {
    int held = 0;
    int n = 200_000;
    for (int i = 0; i < n; i++) {
      boolean a = ImportJob.heldOut(7, i, i % 100 + 1, 0.1);
      assertEquals(a, ImportJob.heldOut(7, i, i % 100 + 1, 0.1));
      held += a ? 1 : 0;
    }
    assertEquals(0.1, held / (double) n, 0.005);
    assertTrue(ImportJob.heldOut(7, 1, 1, 1.0));
  }

  @Test
  void theRadixSortOrdersByUserAndKeepsInputOrderWithinAUser() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    long[] a = new long[100_000];
    for (int i = 0; i < a.length; i++) {
      a[i] = (long) r.nextInt(Integer.MAX_VALUE) % (i % 2 == 0 ? 1000 : Integer.MAX_VALUE) << 32 | i;
    }
    long[] expected = a.clone();
    java.util.Arrays.sort(expected); // (user, index) order is exactly the stable order by user
    assertTrue(java.util.Arrays.equals(expected, ImportJob.sortByHighInt(a)));
  }

  @Test
  void partitionsHoldWholeUsers() {
    ImportJob.UserPartitioner p = new ImportJob.UserPartitioner();
    for (int u = 0; u < 1000; u++) {
      int part = p.getPartition(new IntWritable(u), new ImportChunk().add(1, 0), 7);
      assertEquals(part, p.getPartition(new IntWritable(u), new ImportChunk().add(17770, 0), 7));
      assertTrue(part >= 0 && part < 7);
    }
  }
}
