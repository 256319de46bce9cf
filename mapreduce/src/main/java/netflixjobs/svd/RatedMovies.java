package netflixjobs.svd;

import java.io.IOException;
import java.util.Arrays;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;

import netflixjobs.ratings.Dataset;
import netflixjobs.ratings.MovieRating;

/**
 * The films one user rated, found without reading the whole data set: every part file is
 * sorted by user, so a binary search over the file's sync points finds the compressed block
 * where the user's ratings start, and only that stretch is read.
 */
public final class RatedMovies {
  private static final long CLOSE_ENOUGH = 1 << 16;

  private RatedMovies() {}

  /** The movies {@code user} rated under a ratings directory, sorted. */
  public static int[] of(Configuration conf, Path dir, int user) throws IOException {
    int[] out = new int[16];
    int n = 0;
    IntWritable key = new IntWritable();
    MovieRating r = new MovieRating();
    for (Path p : Dataset.partFiles(conf, dir)) {
      long len = p.getFileSystem(conf).getFileStatus(p).getLen();
      try (SequenceFile.Reader in = new SequenceFile.Reader(conf, SequenceFile.Reader.file(p))) {
        // Largest probe position whose next sync point starts with a user below ours.
        long lo = 0;
        long hi = len;
        while (hi - lo > CLOSE_ENOUGH) {
          long mid = (lo + hi) >>> 1;
          in.sync(mid);
          if (in.next(key) && key.get() < user) {
            lo = mid;
          } else {
            hi = mid;
          }
        }
        in.sync(lo);
        while (in.next(key, r)) {
          if (key.get() > user) {
            break;
          }
          if (key.get() == user) {
            if (n == out.length) {
              out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = r.movie();
          }
        }
      }
    }
    int[] movies = Arrays.copyOf(out, n);
    Arrays.sort(movies);
    return movies;
  }
}
