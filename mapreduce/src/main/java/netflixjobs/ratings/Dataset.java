package netflixjobs.ratings;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;

import netflixjobs.common.UsageException;

/**
 * An imported data set on the file system in use: {@code DATASET/ratings} and
 * {@code DATASET/probe} (SequenceFiles of IntWritable user -> {@link MovieRating}, split into
 * part files by user, each sorted by user then movie), {@code DATASET/titles} (UTF-8 text,
 * {@code movieId<TAB>year<TAB>title}, year empty when unknown) and
 * {@code DATASET/dataset.properties} (counts written by import).
 */
public record Dataset(Path root) {

  public static Dataset at(String path) {
    return new Dataset(new Path(path));
  }

  public Path ratings() {
    return new Path(root, "ratings");
  }

  public Path probe() {
    return new Path(root, "probe");
  }

  public Path titles() {
    return new Path(root, "titles");
  }

  public Path properties() {
    return new Path(root, "dataset.properties");
  }

  /** Fails with one sentence unless this looks like an imported data set. */
  public Dataset requireImported(Configuration conf) throws IOException {
    FileSystem fs = root.getFileSystem(conf);
    if (!fs.exists(ratings())) {
      throw new UsageException(root + " is not an imported data set (no " + ratings()
          + "); run 'import' first.");
    }
    return this;
  }

  /** The part files of a ratings directory (or the file itself), in name order. */
  public static List<Path> partFiles(Configuration conf, Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    List<Path> out = new ArrayList<>();
    if (fs.getFileStatus(dir).isFile()) {
      out.add(dir);
      return out;
    }
    FileStatus[] st = fs.listStatus(dir, p -> !p.getName().startsWith("_") && !p.getName().startsWith("."));
    Arrays.sort(st);
    for (FileStatus s : st) {
      if (s.isFile()) {
        out.add(s.getPath());
      }
    }
    return out;
  }

  /** Calls {@code each} for every rating under {@code dir}; for tests, readers and baselines. */
  public static long forEach(Configuration conf, Path dir, RatingConsumer each) throws IOException {
    IntWritable user = new IntWritable();
    MovieRating r = new MovieRating();
    long n = 0;
    for (Path p : partFiles(conf, dir)) {
      try (SequenceFile.Reader in = new SequenceFile.Reader(conf, SequenceFile.Reader.file(p))) {
        while (in.next(user, r)) {
          each.accept(user.get(), r.movie(), r.halfStars(), r.day());
          n++;
        }
      }
    }
    return n;
  }

  /**
   * A writer of rating records: block-compressed with Snappy (pure Java in Hadoop 3.3+), so
   * files stay splittable and {@code dfs -text} prints them.
   */
  public static SequenceFile.Writer writer(Configuration conf, Path file) throws IOException {
    return SequenceFile.createWriter(conf, SequenceFile.Writer.file(file),
        SequenceFile.Writer.keyClass(IntWritable.class),
        SequenceFile.Writer.valueClass(MovieRating.class),
        SequenceFile.Writer.compression(SequenceFile.CompressionType.BLOCK, new org.apache.hadoop.io.compress.SnappyCodec()));
  }

  /** One rating, as plain ints. */
  @FunctionalInterface
  public interface RatingConsumer {
    void accept(int user, int movie, int halfStars, int day) throws IOException;
  }
}
