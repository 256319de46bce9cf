package netflixjobs.importer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

import netflixjobs.ratings.Dataset;

/**
 * Writes each reduce's records to DATASET/ratings/part-r-N and DATASET/probe/part-r-N (rating
 * SequenceFiles as {@link Dataset#writer} makes them, written by {@link RatingFileWriter};
 * created even when empty so every part exists) and its rejected lines to
 * DATASET/rejects/part-r-N (text, only when there are some). The committer moves all three.
 */
public class ImportOutputFormat extends FileOutputFormat<IntWritable, ImportRecord> {

  @Override
  public RecordWriter<IntWritable, ImportRecord> getRecordWriter(TaskAttemptContext context) throws IOException {
    Path work = ((FileOutputCommitter) getOutputCommitter(context)).getWorkPath();
    String name = getUniqueFile(context, "part", "");
    Configuration conf = context.getConfiguration();
    RatingFileWriter ratings = new RatingFileWriter(conf, new Path(work, "ratings/" + name));
    RatingFileWriter probe = new RatingFileWriter(conf, new Path(work, "probe/" + name));
    Path rejectsPath = new Path(work, "rejects/" + name);
    return new RecordWriter<>() {
      private OutputStream rejects;

      @Override
      public void write(IntWritable block, ImportRecord r) throws IOException {
        append(ratings, r.ratings());
        append(probe, r.probe());
        for (String line : r.rejects()) {
          if (rejects == null) {
            rejects = rejectsPath.getFileSystem(conf).create(rejectsPath, false);
          }
          rejects.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }

      private void append(RatingFileWriter to, ImportChunk c) throws IOException {
        for (int i = 0; i < c.size(); i++) {
          to.append(c.user(i), c.movie(i), c.payload(i));
        }
      }

      @Override
      public void close(TaskAttemptContext c) throws IOException {
        try (probe) {
          ratings.close();
        }
        if (rejects != null) {
          rejects.close();
        }
      }
    };
  }
}
