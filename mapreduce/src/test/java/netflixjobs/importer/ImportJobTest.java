package netflixjobs.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;

import netflixjobs.importer.ImportCounter.Bad;

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

  private static MapDriver<SourceLine, LineBlock, IntWritable, ImportChunk> mapper() {
    return MapDriver.newMapDriver(new ImportJob.ParseMapper());
  }

  @Test
  void mapperSendsEachBlockOfUsersAsOneChunkAndCountsEveryLine() throws IOException {
    var d = mapper();
    d.withInput(at(MV1, 1, Format.NETFLIX_RATINGS, false), new LineBlock("1:\n7,3,2005-09-06\n7,9,2005-09-06\n"))
        // the next block of the same file: the movie header and the line numbers carry on
        .withInput(at(MV1, 4, Format.NETFLIX_RATINGS, false), new LineBlock("6,2,2005-09-07\r\n2:\r\n7,5,2005-09-08"))
        .withOutput(new IntWritable(ImportJob.REJECT_USER),
            new ImportChunk().setReject(MV1 + ":3\trating out of range\t7,9,2005-09-06"))
        .withOutput(new IntWritable(0), new ImportChunk().add(7, 1, rating(6, 13032))
            .add(6, 1, rating(4, 13033)).add(7, 2, rating(10, 13034)))
        .runTest();
    assertEquals(4, d.getCounters().findCounter(ImportCounter.RATING_LINES_READ).getValue(), "headers are not records");
    assertEquals(1, d.getCounters().findCounter(Bad.RATING_OUT_OF_RANGE).getValue());
  }

  @Test
  void aNewFileStartsWithNoMovieAndLoneCarriageReturnsEndLines() throws IOException {
    String mv2 = "file:/in/training_set/mv_0000002.txt";
    var d = mapper();
    d.withInput(at(MV1, 1, Format.NETFLIX_RATINGS, false), new LineBlock("1:\r7,3,2005-09-06\r"))
        .withInput(at(mv2, 1, Format.NETFLIX_RATINGS, false), new LineBlock("\n8,3,2005-09-06\n"))
        .withOutput(new IntWritable(ImportJob.REJECT_USER),
            new ImportChunk().setReject(mv2 + ":2\trating before any MovieID: header\t8,3,2005-09-06"))
        .withOutput(new IntWritable(0), new ImportChunk().add(7, 1, rating(6, 13032)))
        .runTest();
    assertEquals(2, d.getCounters().findCounter(ImportCounter.RATING_LINES_READ).getValue());
  }

  @Test
  void mapperFlushesWhenItsBufferIsFullAndUsersMaySpanChunks() throws IOException {
    var d = mapper();
    d.getConfiguration().setInt(ImportConf.MAP_BUFFER_RECORDS, 2);
    d.withInput(at(MV1, 1, Format.PLAIN_CSV, false), new LineBlock("5,1,4\n5,2,4\n5,3,4\n"));
    List<Pair<IntWritable, ImportChunk>> out = d.run();
    assertEquals(2, out.size(), "one chunk per flush");
    assertEquals(3, out.get(0).getSecond().size() + out.get(1).getSecond().size());
  }

  @Test
  void mapperMarksProbeFiles() throws IOException {
    String probe = "file:/in/probe.txt";
    var d = mapper();
    d.withInput(at(probe, 1, Format.NETFLIX_PROBE, true), new LineBlock("3:\n42\n"))
        .withInput(at("file:/in/u1.test", 1, Format.MOVIELENS_TAB, true), new LineBlock("5\t9\t4\t881250949\n"))
        .withOutput(new IntWritable(0), new ImportChunk().add(42, 3, probeId()).add(5, 9, probeRating(8, 881250949 / 86400)))
        .runTest();
    assertEquals(2, d.getCounters().findCounter(ImportCounter.PROBE_LINES_READ).getValue());
  }

  @Test
  void mapperKeepsOnlySomeRejectsButCountsThemAll() throws IOException {
    var d = mapper();
    d.getConfiguration().setInt(ImportConf.REJECTS_KEPT, 1);
    d.withInput(at(MV1, 1, Format.PLAIN_CSV, false), new LineBlock("1,b\n2,d\n"));
    assertEquals(1, d.run().size());
    assertEquals(2, d.getCounters().findCounter(Bad.MALFORMED).getValue());
  }

  private static ReduceDriver<IntWritable, ImportChunk, IntWritable, ImportRecord> reducer() {
    return ReduceDriver.newReduceDriver(new ImportJob.ResolveReducer());
  }

  @Test
  void mapperSendsAChunkPerBlockOfUserIds() throws IOException {
    int other = ImportJob.BLOCK_USERS * 3 + 5;
    mapper().withInput(at(MV1, 1, Format.PLAIN_CSV, false), new LineBlock(other + ",2,4\n9,1,3\n" + other + ",1,5\n"))
        .withOutput(new IntWritable(0), new ImportChunk().add(9, 1, rating(6, 0)))
        .withOutput(new IntWritable(3), new ImportChunk().add(other, 2, rating(8, 0)).add(other, 1, rating(10, 0)))
        .runTest();
  }

  @Test
  void duplicatesKeepTheLatestRatingAndAreCounted() throws IOException {
    var d = reducer();
    d.withInput(new IntWritable(0), List.of(new ImportChunk().add(6, 1, rating(4, 100)).add(6, 3, rating(2, 5)),
            new ImportChunk().add(6, 1, rating(10, 200)).add(6, 1, rating(2, 150))))
        .withOutput(new IntWritable(0), new ImportRecord().rating(6, 1, rating(10, 200)).rating(6, 3, rating(2, 5)))
        .runTest();
    assertEquals(2, d.getCounters().findCounter(Bad.DUPLICATE).getValue());
    assertEquals(2, d.getCounters().findCounter(ImportCounter.RATINGS).getValue());
    assertEquals(1, d.getCounters().findCounter(ImportCounter.USERS).getValue());
    assertEquals(12, d.getCounters().findCounter(ImportCounter.HALF_STARS_SUM).getValue());
  }

  @Test
  void aBlocksUsersComeOutInOrderEachWithItsOwnRecords() throws IOException {
    int block = 7;
    int a = block * ImportJob.BLOCK_USERS;
    int b = a + ImportJob.BLOCK_USERS - 1;
    var d = reducer();
    // two map tasks' chunks, users interleaved; the same movie for both users is no duplicate
    d.withInput(new IntWritable(block), List.of(new ImportChunk().add(b, 4, rating(6, 1)).add(a + 1, 4, rating(2, 1)),
            new ImportChunk().add(a + 1, 2, rating(8, 1)).add(b, 1, rating(4, 1)).add(a, 4, probeId())))
        .withOutput(new IntWritable(block), new ImportRecord().rating(a + 1, 2, rating(8, 1)).rating(a + 1, 4, rating(2, 1))
            .rating(b, 1, rating(4, 1)).rating(b, 4, rating(6, 1))
            .reject("user " + a + ", movie 4\tprobe entry with no rating\t"))
        .runTest();
    assertEquals(0, d.getCounters().findCounter(Bad.DUPLICATE).getValue());
    assertEquals(1, d.getCounters().findCounter(Bad.PROBE_NO_RATING).getValue());
    assertEquals(4, d.getCounters().findCounter(ImportCounter.RATINGS).getValue());
    assertEquals(2, d.getCounters().findCounter(ImportCounter.USERS).getValue());
  }

  @Test
  void manyChunksInAnyOrderComeOutSortedByMovie() throws IOException {
    List<ImportChunk> chunks = new java.util.ArrayList<>();
    ImportRecord expected = new ImportRecord();
    for (int m = 40; m >= 1; m--) { // one chunk per map task, the last movies first
      chunks.add(new ImportChunk().add(9, 100 + m, rating(m % 10 + 1, m)).add(8, 200 - m, rating(2, m)));
    }
    for (int m = 160; m < 200; m++) {
      expected.rating(8, m, rating(2, 200 - m));
    }
    for (int m = 1; m <= 40; m++) {
      expected.rating(9, 100 + m, rating(m % 10 + 1, m));
    }
    var d = reducer();
    d.withInput(new IntWritable(0), chunks).withOutput(new IntWritable(0), expected).runTest();
    assertEquals(80, d.getCounters().findCounter(ImportCounter.RATINGS).getValue());
  }

  @Test
  void aProbeEntryMovesItsRatingToProbe() throws IOException {
    var d = reducer();
    d.withInput(new IntWritable(0), List.of(new ImportChunk().add(6, 1, probeId()), new ImportChunk().add(6, 1, rating(8, 100))))
        .withOutput(new IntWritable(0), new ImportRecord().probe(6, 1, rating(8, 100)))
        .runTest();
    assertEquals(1, d.getCounters().findCounter(ImportCounter.PROBE_MATCHED).getValue());
    assertEquals(1, d.getCounters().findCounter(ImportCounter.MOVED_TO_PROBE).getValue());
    assertEquals(0, d.getCounters().findCounter(ImportCounter.RATINGS).getValue());
    assertEquals(0, d.getCounters().findCounter(ImportCounter.USERS).getValue(), "no rating kept");
  }

  @Test
  void aProbeEntryWithoutRatingIsRejected() throws IOException {
    var d = reducer();
    d.withInput(new IntWritable(0), List.of(new ImportChunk().add(99, 2, probeId())))
        .withOutput(new IntWritable(0), new ImportRecord().reject("user 99, movie 2\tprobe entry with no rating\t"))
        .runTest();
    assertEquals(1, d.getCounters().findCounter(Bad.PROBE_NO_RATING).getValue());
  }

  @Test
  void heldOutRatingsWinOverTheSamePairInTraining() throws IOException {
    var d = reducer();
    d.withInput(new IntWritable(0), List.of(new ImportChunk().add(5, 9, rating(2, 1)).add(5, 9, probeRating(8, 2))))
        .withOutput(new IntWritable(0), new ImportRecord().probe(5, 9, rating(8, 2)))
        .runTest();
    assertEquals(1, d.getCounters().findCounter(ImportCounter.PROBE_RATINGS).getValue());
    assertEquals(1, d.getCounters().findCounter(Bad.DUPLICATE).getValue());
  }

  @Test
  void rejectsPassThrough() throws IOException {
    reducer().withInput(new IntWritable(ImportJob.REJECT_USER), List.of(new ImportChunk().setReject("f:1\tmalformed line\tx")))
        .withOutput(new IntWritable(ImportJob.REJECT_USER), new ImportRecord().reject("f:1\tmalformed line\tx"))
        .runTest();
  }

  @Test
  void chunksSurviveTheirSerialisation() throws IOException {
    ImportChunk c = new ImportChunk().add(5, 1, rating(2, 3)).add(5, 2, probeId()).add(9, 1, rating(10, 65535)).add(5, 7, 0);
    org.apache.hadoop.io.DataOutputBuffer out = new org.apache.hadoop.io.DataOutputBuffer();
    c.write(out);
    new ImportChunk().setReject("x").write(out);
    org.apache.hadoop.io.DataInputBuffer in = new org.apache.hadoop.io.DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    ImportChunk back = new ImportChunk();
    back.readFields(in);
    assertEquals(c, back);
    back.readFields(in);
    assertEquals("x", back.rejectText());
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
  void partitionsHoldWholeBlocksOfUsers() {
    ImportJob.UserPartitioner p = new ImportJob.UserPartitioner();
    int[] seen = new int[7];
    for (int block = 0; block < 1000; block++) {
      int part = p.getPartition(new IntWritable(block), new ImportChunk().add(block << ImportJob.BLOCK_BITS, 1, 0), 7);
      assertTrue(part >= 0 && part < 7);
      seen[part]++;
    }
    for (int n : seen) {
      assertTrue(n > 100, "blocks spread over the parts");
    }
    assertEquals(0, p.getPartition(new IntWritable(ImportJob.REJECT_USER), new ImportChunk().setReject("x"), 7));
  }
}
