package netflixjobs.knn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;

import netflixjobs.ratings.Dataset;
import netflixjobs.ratings.MovieRating;
import netflixjobs.ratings.Titles;

/**
 * A small random data set with correlated ratings (two latent tastes), written as an imported
 * DATASET, plus the edge cases knn must handle: a film with one rater, a film every rater gives
 * the same rating, a user with one rating. Also keeps the ratings in memory for brute force.
 */
final class KnnTestData {
  /** user -> (film -> half stars), both sorted. */
  final TreeMap<Integer, TreeMap<Integer, Integer>> byUser = new TreeMap<>();
  final int oneRaterFilm;
  final int constantFilm;
  final int oneRatingUser;

  KnnTestData(int users, int films, long seed) {
    Random rnd = new Random(seed);
    double[][] filmTaste = new double[films + 1][2];
    double[] filmPop = new double[films + 1];
    for (int f = 1; f <= films; f++) {
      filmTaste[f][0] = rnd.nextGaussian();
      filmTaste[f][1] = rnd.nextGaussian();
      filmPop[f] = 0.02 + 0.5 * Math.pow(rnd.nextDouble(), 3);
    }
    oneRaterFilm = films + 1;
    constantFilm = films + 2;
    for (int u = 1; u <= users; u++) {
      int user = u * 7 + 3; // sparse, unordered-looking ids
      double a = rnd.nextGaussian();
      double b = rnd.nextGaussian();
      double activity = 0.3 + 2 * rnd.nextDouble() * rnd.nextDouble();
      TreeMap<Integer, Integer> m = new TreeMap<>();
      for (int f = 1; f <= films; f++) {
        if (rnd.nextDouble() < filmPop[f] * activity) {
          double v = 6 + 1.5 * (a * filmTaste[f][0] + b * filmTaste[f][1]) + rnd.nextGaussian();
          m.put(f, (int) Math.max(1, Math.min(10, Math.round(v))));
        }
      }
      if (u % 3 == 0) {
        m.put(constantFilm, 8);
      }
      if (u == 5) {
        m.put(oneRaterFilm, 9);
      }
      if (!m.isEmpty()) {
        byUser.put(user, m);
      }
    }
    oneRatingUser = (users + 1) * 7 + 3;
    TreeMap<Integer, Integer> one = new TreeMap<>();
    one.put(1, 6);
    byUser.put(oneRatingUser, one);
  }

  long ratings() {
    return byUser.values().stream().mapToLong(TreeMap::size).sum();
  }

  /** Writes DATASET/ratings as {@code parts} part files split by user, and DATASET/titles. */
  Dataset write(Configuration conf, Path root, int parts) throws IOException {
    Dataset ds = new Dataset(root);
    List<Integer> users = new ArrayList<>(byUser.keySet());
    int per = (users.size() + parts - 1) / parts;
    IntWritable key = new IntWritable();
    MovieRating value = new MovieRating();
    for (int p = 0; p < parts; p++) {
      try (SequenceFile.Writer w = Dataset.writer(conf, new Path(ds.ratings(), String.format("part-m-%05d", p)))) {
        for (int i = p * per; i < Math.min(users.size(), (p + 1) * per); i++) {
          int u = users.get(i);
          key.set(u);
          for (var e : byUser.get(u).entrySet()) {
            w.append(key, value.set(e.getKey(), e.getValue(), 15000));
          }
        }
      }
    }
    List<Titles.Film> films = new ArrayList<>();
    for (int f = 1; f <= constantFilm; f++) {
      films.add(new Titles.Film(f, f == constantFilm ? 0 : 1950 + f % 60,
          f == oneRaterFilm ? "The Lonely Film" : f == constantFilm ? "Always Four Stars" : "Film Number " + f));
    }
    films.add(new Titles.Film(constantFilm + 1, 1999, "Film Number Twin"));
    films.add(new Titles.Film(constantFilm + 2, 2001, "Film Number Twin"));
    Titles.write(conf, ds, films);
    return ds;
  }
}
