package netflixjobs.svd.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.junit.jupiter.api.Test;

import netflixjobs.RoundTrip;

/** A pass's tasks, as the client plans them and a task reads its split back. */
class TaskSplitTest {
  @Test
  void splitsSurviveARoundTrip() throws IOException {
    TaskInputFormat.Split s = RoundTrip.of(new TaskInputFormat.Split(3, -1), new TaskInputFormat.Split());
    assertEquals(3, s.userBlock);
    assertEquals(-1, s.movieBlock, "a probe task's movie block");
  }

  @Test
  void eachSubEpochTaskHasItsOwnBlockPair() throws IOException {
    Configuration conf = new Configuration(false);
    TaskInputFormat.setTasks(conf, Trainer.subEpochTasks(3, 2));
    List<InputSplit> splits = new TaskInputFormat().getSplits(Job.getInstance(conf));
    StringBuilder got = new StringBuilder();
    for (InputSplit sp : splits) {
      TaskInputFormat.Split s = RoundTrip.of((TaskInputFormat.Split) sp, new TaskInputFormat.Split());
      got.append(s.userBlock).append(':').append(s.movieBlock).append(' ');
    }
    assertEquals("0:2 1:0 2:1 ", got.toString(), "no two tasks share a user block or a movie block");
  }
}
