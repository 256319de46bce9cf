package netflixjobs.svd.io;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

import netflixjobs.svd.model.Blocks;
import netflixjobs.svd.model.Params;

/**
 * Writes each {@link FactorRow} into the slice file it names ({@code users-0000i},
 * {@code movies-0000j}) in the task's work directory; the committer moves them into the
 * job's output directory when the task succeeds. Rows arrive in id order.
 */
public final class SliceOutputFormat extends FileOutputFormat<NullWritable, FactorRow> {
  @Override
  public RecordWriter<NullWritable, FactorRow> getRecordWriter(TaskAttemptContext context) throws IOException {
    Configuration conf = context.getConfiguration();
    int f = Params.fromConf(conf).factors();
    Path dir = ((FileOutputCommitter) getOutputCommitter(context)).getWorkPath();
    Map<String, SliceFile.Writer> open = new HashMap<>();
    return new RecordWriter<>() {
      @Override
      public void write(NullWritable key, FactorRow row) throws IOException {
        String name = Blocks.sliceName(row.kind(), row.slice());
        SliceFile.Writer w = open.get(name);
        if (w == null) {
          Path file = new Path(dir, name);
          w = new SliceFile.Writer(file.getFileSystem(conf).create(file, false), f);
          open.put(name, w);
        }
        w.write(row.id(), row.bias(), row.vec(), 0, f);
      }

      @Override
      public void close(TaskAttemptContext c) throws IOException {
        for (SliceFile.Writer w : open.values()) {
          w.close();
        }
      }
    };
  }
}
