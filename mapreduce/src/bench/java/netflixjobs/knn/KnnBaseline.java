package netflixjobs.knn;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import netflixjobs.knn.KnnConf.Params;
import netflixjobs.ratings.Dataset;

/**
 * The benchmark's baseline: the plain single-thread in-memory computation of the same result,
 * with no Hadoop in the loop. Loads every rating into arrays (users in input order, films indexed
 * by id order), sums the six sums of every pair in one triangle of ints with the obvious double
 * loop over each user's ratings, then scores and keeps the top k. Prints {@code key=value} lines
 * (load, loop and score seconds, pair updates, updates a second); {@code --compare OUT} checks
 * that knn's output is the same, line for line; {@code --csv FILE} writes the ratings as
 * {@code user,film,stars} for other tools (Mahout).
 *
 * {@code --sample-users N} loops over every (users/N)-th user only: the loop's rate on the full-size
 * array when the whole loop would take too long (the result is then not compared).
 *
 * <p>{@code java -cp ... netflixjobs.knn.KnnBaseline [--k K] [--min-common N] [--shrink L]
 * [--min-sim X] [--compare OUT] [--csv FILE] [--sample-users N] DATASET}
 */
public final class KnnBaseline {
  private KnnBaseline() {}

  public static void main(String[] argv) throws IOException {
    Params d = Params.defaults();
    int k = d.k();
    int minCommon = d.minCommon();
    double shrink = d.shrink();
    double minSim = d.minSim();
    String compare = null;
    String csv = null;
    String dataset = null;
    int sampleUsers = 0;
    for (int i = 0; i < argv.length; i++) {
      switch (argv[i]) {
        case "--k" -> k = Integer.parseInt(argv[++i]);
        case "--min-common" -> minCommon = Integer.parseInt(argv[++i]);
        case "--shrink" -> shrink = Double.parseDouble(argv[++i]);
        case "--min-sim" -> minSim = Double.parseDouble(argv[++i]);
        case "--compare" -> compare = argv[++i];
        case "--csv" -> csv = argv[++i];
        case "--sample-users" -> sampleUsers = Integer.parseInt(argv[++i]);
        default -> dataset = argv[i];
      }
    }
    if (dataset == null) {
      System.err.println("usage: KnnBaseline [--k K] [--min-common N] [--shrink L] [--min-sim X] [--compare OUT] [--csv FILE] DATASET");
      System.exit(2);
    }
    Configuration conf = new Configuration();
    long t0 = System.nanoTime();
    // load: users in input order (sorted by user), films as given
    int[][] buf = {new int[1 << 20], new int[1 << 20]}; // film, rating
    List<Integer> starts = new ArrayList<>();
    int[] last = {Integer.MIN_VALUE, 0};
    long n = Dataset.forEach(conf, Dataset.at(dataset).ratings(), (user, film, half, day) -> {
      int c = last[1];
      if (c == buf[0].length) {
        buf[0] = Arrays.copyOf(buf[0], 2 * c);
        buf[1] = Arrays.copyOf(buf[1], 2 * c);
      }
      if (c == 0 || user != last[0]) {
        starts.add(c);
        last[0] = user;
      }
      buf[0][c] = film;
      buf[1][c] = half;
      last[1] = c + 1;
    });
    int count = last[1];
    int users = starts.size();
    int[] start = new int[users + 1];
    for (int u = 0; u < users; u++) {
      start[u] = starts.get(u);
    }
    start[users] = count;
    int[] filmIds = Arrays.stream(buf[0], 0, count).distinct().sorted().toArray();
    int films = filmIds.length;
    int[] index = new int[count];
    for (int i = 0; i < count; i++) {
      index[i] = Arrays.binarySearch(filmIds, buf[0][i]);
    }
    int[] rating = Arrays.copyOf(buf[1], count);
    buf[0] = null;
    buf[1] = null;
    if (csv != null) {
      try (BufferedWriter w = Files.newBufferedWriter(Paths.get(csv), StandardCharsets.UTF_8)) {
        for (int u = 0; u < users; u++) {
          for (int i = start[u]; i < start[u + 1]; i++) {
            w.write(u + "," + filmIds[index[i]] + "," + MovieRatingStars.of(rating[i]) + "\n");
          }
        }
      }
    }
    double load = (System.nanoTime() - t0) / 1e9;

    // the loop
    long t1 = System.nanoTime();
    long pairs = (long) films * (films - 1) / 2;
    int[] acc = new int[Math.toIntExact(pairs * 6)];
    long[] row = new long[films];
    for (int i = 0; i < films; i++) {
      row[i] = ((long) i * (2L * films - i - 1) / 2 - i - 1) * 6;
    }
    long updates = 0;
    // --sample-users N: time the loop over every (users/N)-th user only (the rate, not the result)
    int step = sampleUsers > 0 ? Math.max(1, users / sampleUsers) : 1;
    for (int u = 0; u < users; u += step) {
      int from = start[u];
      int to = start[u + 1];
      // films of a user are sorted by id (the data set's order), so index[p] < index[q] for p < q
      for (int p = from; p < to - 1; p++) {
        int x = rating[p];
        int base = (int) row[index[p]];
        for (int q = p + 1; q < to; q++) {
          int o = base + index[q] * 6;
          int y = rating[q];
          acc[o]++;
          acc[o + 1] += x;
          acc[o + 2] += y;
          acc[o + 3] += x * x;
          acc[o + 4] += y * y;
          acc[o + 5] += x * y;
        }
      }
      long m = to - from;
      updates += m * (m - 1) / 2;
    }
    double loop = (System.nanoTime() - t1) / 1e9;

    // score and keep the top k
    long t2 = System.nanoTime();
    TopK top = new TopK(films, k);
    long scored = 0;
    int o = 0;
    for (int i = 0; i < films; i++) {
      for (int j = i + 1; j < films; j++, o += 6) {
        int c = acc[o];
        if (c == 0 || c < minCommon) {
          continue;
        }
        double s = Similarity.of(c, acc[o + 1], acc[o + 2], acc[o + 3], acc[o + 4], acc[o + 5], shrink);
        if (Double.isNaN(s) || s < minSim) {
          continue;
        }
        scored++;
        top.offer(i, filmIds[j], s, c);
        top.offer(j, filmIds[i], s, c);
      }
    }
    String[] lines = new String[films];
    Candidates cand = new Candidates();
    for (int i = 0; i < films; i++) {
      top.sorted(i, cand);
      lines[i] = cand.size() == 0 ? Integer.toString(filmIds[i]) : filmIds[i] + "\t" + cand;
    }
    double score = (System.nanoTime() - t2) / 1e9;
    System.out.printf(Locale.ROOT, "ratings=%d%nusers=%d%nfilms=%d%nload_s=%.3f%nloop_s=%.3f%nscore_s=%.3f%n"
        + "pair_updates=%d%nupdates_per_s=%.0f%npairs_scored=%d%n", n, users, films, load, loop, score, updates,
        updates / Math.max(1e-9, loop), scored);
    if (step > 1) {
      System.out.println("sampled_users=" + (users + step - 1) / step);
      System.out.println("same_as_knn=sampled");
    } else if (compare != null) {
      System.out.println("same_as_knn=" + compare(conf, new Path(compare), filmIds, lines));
    }
  }

  /** "yes", or the first difference between knn's lines and ours. */
  static String compare(Configuration conf, Path out, int[] filmIds, String[] lines) throws IOException {
    FileSystem fs = out.getFileSystem(conf);
    int seen = 0;
    for (Path p : Dataset.partFiles(conf, out)) {
      if (!p.getName().startsWith("part-")) {
        continue;
      }
      try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
        for (String l; (l = in.readLine()) != null; ) {
          int tab = l.indexOf('\t');
          int film = Integer.parseInt(tab < 0 ? l : l.substring(0, tab));
          int i = Arrays.binarySearch(filmIds, film);
          if (i < 0) {
            return "no, knn has film " + film + " which the baseline has not";
          }
          if (!lines[i].equals(l)) {
            return "no, film " + film + ": knn '" + abbrev(l) + "' baseline '" + abbrev(lines[i]) + "'";
          }
          seen++;
        }
      }
    }
    return seen == lines.length ? "yes" : "no, knn has " + seen + " films, the baseline " + lines.length;
  }

  private static String abbrev(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }

  /** Half stars as stars text: 8 -> 4, 7 -> 3.5. */
  static final class MovieRatingStars {
    static String of(int half) {
      return netflixjobs.ratings.MovieRating.formatStars(half);
    }
  }
}
