package netflixjobs.svd.train;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

import netflixjobs.svd.model.SvdConf;

/**
 * One map task per block pair listed in the configuration ("i:j,i:j,..."); each task's only
 * input record is (user block, movie block). The tasks read their own data themselves: the
 * ratings of their block and their slices of the factors.
 */
public final class TaskInputFormat extends InputFormat<IntWritable, IntWritable> {
  public static void setTasks(Configuration conf, int[][] pairs) {
    StringBuilder sb = new StringBuilder();
    for (int[] p : pairs) {
      sb.append(sb.length() == 0 ? "" : ",").append(p[0]).append(':').append(p[1]);
    }
    conf.set(SvdConf.TASKS, sb.toString());
  }

  @Override
  public List<InputSplit> getSplits(JobContext context) {
    List<InputSplit> out = new ArrayList<>();
    for (String t : context.getConfiguration().get(SvdConf.TASKS, "").split(",")) {
      if (!t.isEmpty()) {
        String[] ij = t.split(":");
        out.add(new Split(Integer.parseInt(ij[0]), Integer.parseInt(ij[1])));
      }
    }
    return out;
  }

  @Override
  public RecordReader<IntWritable, IntWritable> createRecordReader(InputSplit split, TaskAttemptContext context) {
    Split s = (Split) split;
    return new RecordReader<>() {
      private boolean done;

      @Override
      public void initialize(InputSplit sp, TaskAttemptContext c) {}

      @Override
      public boolean nextKeyValue() {
        if (done) {
          return false;
        }
        done = true;
        return true;
      }

      @Override
      public IntWritable getCurrentKey() {
        return new IntWritable(s.userBlock);
      }

      @Override
      public IntWritable getCurrentValue() {
        return new IntWritable(s.movieBlock);
      }

      @Override
      public float getProgress() {
        return done ? 1 : 0;
      }

      @Override
      public void close() {}
    };
  }

  /** A (user block, movie block) pair. */
  public static final class Split extends InputSplit implements Writable {
    int userBlock;
    int movieBlock;

    public Split() {}

    Split(int userBlock, int movieBlock) {
      this.userBlock = userBlock;
      this.movieBlock = movieBlock;
    }

    @Override
    public long getLength() {
      return 1;
    }

    @Override
    public String[] getLocations() {
      return new String[0];
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeInt(userBlock);
      out.writeInt(movieBlock);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      userBlock = in.readInt();
      movieBlock = in.readInt();
    }
  }
}
