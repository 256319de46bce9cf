package netflixjobs.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;

import netflixjobs.importer.ImportRecord.Target;

class ImportJobTest {
  private static final String MV1 = "file:/in/training_set/mv_0000001.txt";

  private static SourceLine at(String file, long line, Format f, boolean probe) {
    return new SourceLine(file, line, f, probe);
  }

  @Test
  void mapperKeysRatingsByUserAndMovieAndCountEveryLine() throws IOException {
    MapDriver<SourceLine, Text, LongWritable, ImportValue> d = MapDriver.newMapDriver(new ImportJob.ParseMapper());
    d.withInput(at(MV1, 1, Format.NETFLIX_RATINGS, false), new Text("1:"))
        .withInput(at(MV1, 2, Format.NETFLIX_RATINGS, false), new Text("6,3,2005-09-06"))
        .withInput(at(MV1, 3, Format.NETFLIX_RATINGS, false), new Text("7,9,2005-09-06"))
        .withOutput(new LongWritable(ImportJob.pairKey(6, 1)), ImportValue.rating(6, 13032))
        .withOutput(new LongWritable(ImportJob.REJECT_KEY),
            ImportValue.reject(MV1 + ":3\trating out of range\t7,9,2005-09-06"))
        .runTest();
    assertEquals(2, d.getCounters().findCounter(ImportJob.Count.RATING_LINES_READ).getValue(), "the header is not a record");
    assertEquals(1, d.getCounters().findCounter(Bad.RATING_OUT_OF_RANGE).getValue());
  }

  @Test
  void mapperMarksProbeFiles() throws IOException {
    String probe = "file:/in/probe.txt";
    MapDriver<SourceLine, Text, LongWritable, ImportValue> d = MapDriver.newMapDriver(new ImportJob.ParseMapper());
    d.withInput(at(probe, 1, Format.NETFLIX_PROBE, true), new Text("3:"))
        .withInput(at(probe, 2, Format.NETFLIX_PROBE, true), new Text("42"))
        .withInput(at("file:/in/u1.test", 1, Format.MOVIELENS_TAB, true), new Text("5\t9\t4\t881250949"))
        .withOutput(new LongWritable(ImportJob.pairKey(42, 3)), ImportValue.probeId())
        .withOutput(new LongWritable(ImportJob.pairKey(5, 9)), ImportValue.probeRating(8, 881250949 / 86400))
        .runTest();
    assertEquals(2, d.getCounters().findCounter(ImportJob.Count.PROBE_LINES_READ).getValue());
  }

  @Test
  void mapperKeepsOnlySomeRejectsButCountsThemAll() throws IOException {
    MapDriver<SourceLine, Text, LongWritable, ImportValue> d = MapDriver.newMapDriver(new ImportJob.ParseMapper());
    d.getConfiguration().setInt(ImportJob.REJECTS_KEPT, 1);
    d.withInput(at(MV1, 1, Format.PLAIN_CSV, false), new Text("1,b"))
        .withInput(at(MV1, 2, Format.PLAIN_CSV, false), new Text("2,d"));
    List<Pair<LongWritable, ImportValue>> out = d.run();
    assertEquals(1, out.size());
    assertEquals(2, d.getCounters().findCounter(Bad.MALFORMED).getValue());
  }

  private static ReduceDriver<LongWritable, ImportValue, IntWritable, ImportRecord> reducer() {
    return ReduceDriver.newReduceDriver(new ImportJob.ResolveReducer());
  }

  @Test
  void duplicatesKeepTheLatestRatingAndAreCounted() throws IOException {
    var d = reducer();
    d.withInput(new LongWritable(ImportJob.pairKey(6, 1)),
            List.of(ImportValue.rating(4, 100), ImportValue.rating(10, 200), ImportValue.rating(2, 150)))
        .withOutput(new IntWritable(6), ImportRecord.of(Target.RATINGS, 1, 10, 200))
        .runTest();
    assertEquals(2, d.getCounters().findCounter(Bad.DUPLICATE).getValue());
    assertEquals(1, d.getCounters().findCounter(ImportJob.Count.RATINGS).getValue());
    assertEquals(1, d.getCounters().findCounter(ImportJob.Count.USERS).getValue());
  }

  @Test
  void aProbeEntryMovesItsRatingToProbe() throws IOException {
    var d = reducer();
    d.withInput(new LongWritable(ImportJob.pairKey(6, 1)), List.of(ImportValue.probeId(), ImportValue.rating(8, 100)))
        .withOutput(new IntWritable(6), ImportRecord.of(Target.PROBE, 1, 8, 100))
        .runTest();
    assertEquals(1, d.getCounters().findCounter(ImportJob.Count.PROBE_MATCHED).getValue());
    assertEquals(1, d.getCounters().findCounter(ImportJob.Count.MOVED_TO_PROBE).getValue());
    assertEquals(0, d.getCounters().findCounter(ImportJob.Count.RATINGS).getValue());
  }

  @Test
  void aProbeEntryWithoutRatingIsRejected() throws IOException {
    var d = reducer();
    d.withInput(new LongWritable(ImportJob.pairKey(99, 2)), List.of(ImportValue.probeId()))
        .withOutput(new IntWritable(99), ImportRecord.reject("user 99, movie 2\tprobe entry with no rating\t"))
        .runTest();
    assertEquals(1, d.getCounters().findCounter(Bad.PROBE_NO_RATING).getValue());
  }

  @Test
  void heldOutRatingsWinOverTheSamePairInTraining() throws IOException {
    var d = reducer();
    d.withInput(new LongWritable(ImportJob.pairKey(5, 9)), List.of(ImportValue.rating(2, 1), ImportValue.probeRating(8, 2)))
        .withOutput(new IntWritable(5), ImportRecord.of(Target.PROBE, 9, 8, 2))
        .runTest();
    assertEquals(1, d.getCounters().findCounter(ImportJob.Count.PROBE_RATINGS).getValue());
    assertEquals(1, d.getCounters().findCounter(Bad.DUPLICATE).getValue());
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
  void partitionsHoldWholeUsers() {
    ImportJob.UserPartitioner p = new ImportJob.UserPartitioner();
    for (int u = 0; u < 1000; u++) {
      int part = p.getPartition(new LongWritable(ImportJob.pairKey(u, 1)), null, 7);
      assertEquals(part, p.getPartition(new LongWritable(ImportJob.pairKey(u, 17770)), null, 7));
      assertTrue(part >= 0 && part < 7);
    }
  }
}
