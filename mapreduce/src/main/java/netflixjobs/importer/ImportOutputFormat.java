package netflixjobs.importer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

import netflixjobs.ratings.Dataset;

/**
 * Writes each reduce's records to DATASET/ratings/part-r-N and DATASET/probe/part-r-N (rating
 * SequenceFiles, created even when empty so every part exists) and its rejected lines to
 * DATASET/rejects/part-r-N (text, only when there are some). The committer moves all three.
 */
public class ImportOutputFormat extends FileOutputFormat<IntWritable, ImportRecord> {

  @Override
  public RecordWriter<IntWritable, ImportRecord> getRecordWriter(TaskAttemptContext context) throws IOException {
    Path work = ((FileOutputCommitter) getOutputCommitter(context)).getWorkPath();
    String name = getUniqueFile(context, "part", "");
    Configuration conf = context.getConfiguration();
    SequenceFile.Writer ratings = Dataset.writer(conf, new Path(work, "ratings/" + name));
    SequenceFile.Writer probe = Dataset.writer(conf, new Path(work, "probe/" + name));
    Path rejectsPath = new Path(work, "rejects/" + name);
    return new RecordWriter<>() {
      private OutputStream rejects;

      @Override
      public void write(IntWritable user, ImportRecord r) throws IOException {
        switch (r.target()) {
          case RATINGS -> ratings.append(user, r.rating());
          case PROBE -> probe.append(user, r.rating());
          case REJECTS -> {
            if (rejects == null) {
              rejects = rejectsPath.getFileSystem(conf).create(rejectsPath, false);
            }
            rejects.write((r.rejectText() + "\n").getBytes(StandardCharsets.UTF_8));
          }
          default -> throw new IllegalStateException(r.toString());
        }
      }

      @Override
      public void close(TaskAttemptContext c) throws IOException {
        ratings.close();
        probe.close();
        if (rejects != null) {
          rejects.close();
        }
      }
    };
  }
}
