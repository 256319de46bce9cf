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
import netflixjobs.ratings.MovieRating;

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
      private final MovieRating rating = new MovieRating();
      private OutputStream rejects;

      @Override
      public void write(IntWritable user, ImportRecord r) throws IOException {
        append(ratings, user, r.ratings());
        append(probe, user, r.probe());
        for (String line : r.rejects()) {
          if (rejects == null) {
            rejects = rejectsPath.getFileSystem(conf).create(rejectsPath, false);
          }
          rejects.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }

      private void append(SequenceFile.Writer to, IntWritable user, ImportChunk c) throws IOException {
        for (int i = 0; i < c.size(); i++) {
          int p = c.payload(i);
          to.append(user, rating.set(c.movie(i), ImportChunk.halfStars(p), ImportChunk.day(p)));
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
