package netflixjobs.knn;

import java.io.IOException;
import java.util.Arrays;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import netflixjobs.ratings.Dataset;

/**
 * Ratings small enough to hold in the client (at most {@link KnnConf#LOCAL_MAX_BYTES}
 * on disk): read once, then counted ({@link Census#inProcess}) and split into block files
 * ({@link Regroup#inProcess}) here, because starting two MapReduce jobs costs more than that
 * work. The pair pass is a MapReduce job whatever the size.
 */
final class SmallInput {
  int size;
  int[] users = new int[1 << 16];
  int[] films = new int[1 << 16];
  byte[] ratings = new byte[1 << 16];
  long bad;

  static SmallInput read(Configuration conf, Path dir) throws IOException {
    SmallInput in = new SmallInput();
    Dataset.forEach(conf, dir, (user, film, half, day) -> {
      if (half < 1 || half > 10) {
        in.bad++;
        return;
      }
      if (in.size == in.users.length) {
        int m = 2 * in.size;
        in.users = Arrays.copyOf(in.users, m);
        in.films = Arrays.copyOf(in.films, m);
        in.ratings = Arrays.copyOf(in.ratings, m);
      }
      in.users[in.size] = user;
      in.films[in.size] = film;
      in.ratings[in.size] = (byte) half;
      in.size++;
    });
    return in;
  }
}
