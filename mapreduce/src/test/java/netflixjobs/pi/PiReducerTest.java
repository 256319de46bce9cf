package netflixjobs.pi;

import java.io.IOException;
import java.util.List;

import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.junit.jupiter.api.Test;

import netflixjobs.pi.PiTool.PiReducer;
import netflixjobs.pi.PiTool.Tally;

class PiReducerTest {

  @Test
  void sumsEachMapThenTheTotal() throws IOException {
    ReduceDriver.newReduceDriver(new PiReducer())
        .withInput(new IntWritable(0), List.of(new Tally(10, 7), new Tally(5, 3)))
        .withInput(new IntWritable(1), List.of(new Tally(10, 8)))
        .withOutput(new Text("0"), new Text("15\t10"))
        .withOutput(new Text("1"), new Text("10\t8"))
        .withOutput(new Text("total"), new Text("25\t18"))
        .runTest();
  }

  @Test
  void totalsBeyondTenToTheTwelveDoNotOverflow() throws IOException {
    long n = 4_000_000_000_000L;
    ReduceDriver.newReduceDriver(new PiReducer())
        .withInput(new IntWritable(0), List.of(new Tally(n, n - 1)))
        .withInput(new IntWritable(1), List.of(new Tally(n, n - 2)))
        .withInput(new IntWritable(2), List.of(new Tally(n, 0)))
        .withOutput(new Text("0"), new Text(n + "\t" + (n - 1)))
        .withOutput(new Text("1"), new Text(n + "\t" + (n - 2)))
        .withOutput(new Text("2"), new Text(n + "\t0"))
        .withOutput(new Text("total"), new Text("12000000000000\t7999999999997"))
        .runTest();
  }
}
