package netflixjobs.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.junit.jupiter.api.Test;

import netflixjobs.pi.PiTool.PiMapper;
import netflixjobs.pi.PiTool.Tally;

class PiMapperTest {

  @Test
  void oneRecordPerMapWithTheExactCountOfItsStream() throws IOException {
    PiSplit split = new PiSplit(2, 250_000, Method.RANDOM, 77);
    long expected = DartsTest.bruteForce(DartsTest.jdkStream(77, 2)::nextLong, 250_000);
    MapDriver<PiSplit, LongWritable, IntWritable, Tally> driver = MapDriver.newMapDriver(new PiMapper())
        .withInput(split, new LongWritable(100_000))
        .withInput(split, new LongWritable(100_000))
        .withInput(split, new LongWritable(50_000))
        .withOutput(new IntWritable(2), new Tally(250_000, expected));
    driver.runTest();
    assertEquals(250_000, driver.getCounters().findCounter(PiCounter.SAMPLES).getValue());
    assertEquals(expected, driver.getCounters().findCounter(PiCounter.HITS).getValue());
  }

  @Test
  void haltonMapStartsAtItsShareOfHadoopsSequence() throws IOException {
    PiSplit split = new PiSplit(3, 1000, Method.HALTON, 0);
    long expected = 0;
    Halton h = new Halton(0);
    for (int k = 1; k <= 4000; k++) {
      double[] p = h.next();
      double dx = p[0] - 0.5;
      double dy = p[1] - 0.5;
      if (k > 3000 && dx * dx + dy * dy <= 0.25) {
        expected++;
      }
    }
    MapDriver.newMapDriver(new PiMapper())
        .withInput(split, new LongWritable(600))
        .withInput(split, new LongWritable(400))
        .withOutput(new IntWritable(3), new Tally(1000, expected))
        .withCounter(PiCounter.SAMPLES, 1000)
        .withCounter(PiCounter.HITS, expected)
        .runTest();
  }

  @Test
  void eachSplitSeenGetsItsOwnRecord() throws IOException {
    PiSplit a = new PiSplit(0, 1000, Method.RANDOM, 5);
    PiSplit b = new PiSplit(1, 1000, Method.RANDOM, 5);
    MapDriver.newMapDriver(new PiMapper())
        .withInput(a, new LongWritable(1000))
        .withInput(b, new LongWritable(1000))
        .withOutput(new IntWritable(0), new Tally(1000, DartsTest.bruteForce(Darts.stream(5, 0)::nextLong, 1000)))
        .withOutput(new IntWritable(1), new Tally(1000, DartsTest.bruteForce(Darts.stream(5, 1)::nextLong, 1000)))
        .runTest();
  }
}
