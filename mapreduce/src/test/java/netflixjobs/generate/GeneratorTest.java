package netflixjobs.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One small generated set (scale 0.002, about 200,000 ratings) read back and checked. */
class GeneratorTest {
  static final double SCALE = 0.002;
  static final long SEED = 11;
  static final double SIGMA = Model.DEFAULT_NOISE_SIGMA;

  @TempDir
  static Path tmp;
  static Generator.Summary summary;
  static GeneratedData data;
  static Model model;

  @BeforeAll
  static void generate() throws Exception {
    Path dir = tmp.resolve("set");
    summary = Generator.write(dir, SCALE, SEED, 2, null);
    data = GeneratedData.read(dir);
    model = Model.build(SCALE, SEED);
  }

  @Test
  void sizesFollowTheSquareRootRuleAndThePropertiesAgreeWithTheFiles() {
    int movies = (int) Math.round(17770 * Math.sqrt(SCALE));
    int users = (int) Math.round(480189 * Math.sqrt(SCALE));
    assertEquals(movies, data.byMovie.size());
    assertEquals(movies, data.titles.size());
    assertEquals(users, new HashSet<>(data.userOf).size(), "every user has at least one rating");
    double target = SCALE * 100_480_507;
    assertTrue(Math.abs(data.size() - target) < 0.05 * target, data.size() + " ratings, target " + target);
    assertEquals(data.size(), data.longProperty("ratings"));
    assertEquals(data.probe.size(), data.longProperty("probe"));
    assertEquals(movies, data.longProperty("movies"));
    assertEquals(users, data.longProperty("users"));
    assertEquals(data.size(), summary.ratings());
    double mean = data.ratingOf.stream().mapToInt(Integer::intValue).average().orElseThrow();
    assertEquals(mean, data.doubleProperty("meanRating"), 1e-9);
    for (int r = 1; r <= 5; r++) {
      final int star = r;
      assertEquals(data.ratingOf.stream().filter(x -> x == star).count(), data.longProperty("ratings." + r));
    }
  }

  @Test
  void ratingsAreOneToFiveWithANetflixLikeMeanAndDatesInTheNetflixPeriod() {
    int[] hist = new int[6];
    for (int r : data.ratingOf) {
      assertTrue(r >= 1 && r <= 5, "rating " + r);
      hist[r]++;
    }
    for (int r = 1; r <= 5; r++) {
      assertTrue(hist[r] > 0.02 * data.size(), "too few ratings of " + r + ": " + Arrays.toString(hist));
    }
    assertTrue(hist[4] > hist[2] && hist[3] > hist[1], "skewed to the top like Netflix: " + Arrays.toString(hist));
    double mean = data.ratingOf.stream().mapToInt(Integer::intValue).average().orElseThrow();
    assertTrue(mean > 3.45 && mean < 3.75, "mean " + mean);
    LocalDate first = LocalDate.of(1999, 11, 11);
    LocalDate last = LocalDate.of(2005, 12, 31);
    int in2005 = 0;
    for (LocalDate d : data.dateOf) {
      assertFalse(d.isBefore(first) || d.isAfter(last), d.toString());
      in2005 += d.getYear() == 2005 ? 1 : 0;
    }
    assertTrue(in2005 > data.size() / 4 && in2005 < data.size() * 3 / 4, "ratings grow over time: " + in2005);
  }

  @Test
  void nobodyRatesAFilmBeforeItIsAvailableOrBeforeJoining() {
    for (int i = 0; i < data.size(); i++) {
      int movie = data.movieOf.get(i);
      int u = model.userIndex(data.userOf.get(i));
      long day = data.dateOf.get(i).toEpochDay() - Model.FIRST_DAY.toEpochDay();
      assertTrue(u >= 0, "unknown customer " + data.userOf.get(i));
      assertTrue(day >= Math.floor(model.available[movie - 1]), "film " + movie + " rated before release");
      assertTrue(day >= Math.floor(model.userJoin[u]), "customer rated before joining");
    }
  }

  @Test
  void countsPerMovieAndPerUserAreHeavyTailed() {
    Map<Integer, Integer> perUser = new HashMap<>();
    for (int u : data.userOf) {
      perUser.merge(u, 1, Integer::sum);
    }
    int[] movies = data.byMovie.values().stream().mapToInt(Map::size).sorted().toArray();
    int[] users = perUser.values().stream().mapToInt(Integer::intValue).sorted().toArray();
    int movieMedian = movies[movies.length / 2];
    int userMedian = users[users.length / 2];
    assertTrue(movies[0] >= 3, "a film has at least 3 ratings");
    assertTrue(movies[movies.length - 1] > 30 * movieMedian, "max " + movies[movies.length - 1] + " median " + movieMedian);
    assertTrue(movies[movies.length - 1] < 0.5 * users.length, "no film rated by half the users");
    assertEquals(1, users[0]);
    assertTrue(users[users.length - 1] > 30 * userMedian, "max " + users[users.length - 1] + " median " + userMedian);
    // medians scale as sqrt(S) from Netflix's 561 per film and 96 per user
    double root = Math.sqrt(SCALE);
    assertTrue(movieMedian > 561 * root / 2 && movieMedian < 561 * root * 2, "film median " + movieMedian);
    assertTrue(userMedian > 96 * root / 2.5 && userMedian < 96 * root * 2.5, "user median " + userMedian);
  }

  @Test
  void probeHoldsEachUsersMostRecentRatingsAndIsInTheTrainingSet() {
    Set<Long> seen = new HashSet<>();
    Map<Integer, LocalDate> earliestProbe = new HashMap<>();
    int lastMovie = 0;
    for (int[] p : data.probe) {
      assertTrue(p[0] >= lastMovie, "probe movies in ascending order");
      lastMovie = p[0];
      assertTrue(seen.add(((long) p[0] << 32) | p[1]), "probe pair twice");
      int i = data.find(p[0], p[1]);
      assertTrue(i >= 0, "probe pair " + Arrays.toString(p) + " is not in training_set");
      earliestProbe.merge(p[1], data.dateOf.get(i), (a, b) -> a.isBefore(b) ? a : b);
    }
    double share = (double) data.probe.size() / data.size();
    assertTrue(share > 0.010 && share < 0.019, "probe share " + share);
    for (int i = 0; i < data.size(); i++) {
      long key = ((long) data.movieOf.get(i) << 32) | data.userOf.get(i);
      LocalDate probeStart = earliestProbe.get(data.userOf.get(i));
      if (probeStart != null && !seen.contains(key)) {
        assertFalse(data.dateOf.get(i).isAfter(probeStart), "a training rating is newer than the user's probe");
      }
    }
  }

  @Test
  void theNoiseFloorIsReproducedIndependentlyAndBeatsTheOtherPredictors() {
    double[] sse = probeSquaredErrors(data, model);
    double sseFloor = sse[0];
    double sseContinuous = sse[1];
    double sseMean = sse[2];
    int n = data.probe.size();
    double floor = Math.sqrt(sseFloor / n);
    double continuous = Math.sqrt(sseContinuous / n);
    assertEquals(data.doubleProperty("noiseFloorRmse"), floor, 1e-9);
    assertEquals(summary.noiseFloorRmse(), floor, 1e-9);
    assertEquals(data.doubleProperty("continuousRmse"), continuous, 1e-9);
    assertTrue(floor < continuous, floor + " vs continuous " + continuous);
    assertTrue(floor < 0.85 * Math.sqrt(sseMean / n), "the planted model beats the global mean");
    assertEquals(data.doubleProperty("expectedNoiseFloorRmse"), floor, 0.04, "realised floor near its expectation");
  }

  /**
   * Over the probe: squared errors of E[r | planted parameters] (computed here from the normal
   * distribution over each star's rounding interval), of the continuous model value, and of the
   * global mean.
   */
  static double[] probeSquaredErrors(GeneratedData data, Model model) {
    NormalDistribution eps = new NormalDistribution(null, 0, data.doubleProperty("noiseSigma"));
    double[] sse = new double[3];
    double trainingMean = data.doubleProperty("meanRating");
    for (int[] p : data.probe) {
      int r = data.ratingOf.get(data.find(p[0], p[1]));
      double x = model.mean(model.userIndex(p[1]), p[0]);
      double expected = 0;
      for (int star = 1; star <= 5; star++) {
        double lo = star == 1 ? Double.NEGATIVE_INFINITY : star - 0.5 - x;
        double hi = star == 5 ? Double.POSITIVE_INFINITY : star + 0.5 - x;
        expected += star * (eps.cumulativeProbability(hi) - eps.cumulativeProbability(lo));
      }
      sse[0] += (r - expected) * (r - expected);
      sse[1] += (r - x) * (r - x);
      sse[2] += (r - trainingMean) * (r - trainingMean);
    }
    return sse;
  }

  @Test
  void titlesAreUniqueWithCommasAndNullYearsAndFranchisesShareTheirName() {
    Set<String> names = new HashSet<>();
    int commas = 0;
    int nulls = 0;
    for (String[] t : data.titles.values()) {
      assertTrue(names.add(t[1]), "title twice: " + t[1]);
      commas += t[1].contains(",") ? 1 : 0;
      if (t[0].equals("NULL")) {
        nulls++;
      } else {
        int y = Integer.parseInt(t[0]);
        assertTrue(y >= 1900 && y <= 2005, "year " + y);
      }
    }
    assertTrue(commas > 0, "some titles have commas");
    assertTrue(nulls > 0, "some years are NULL");
    int franchises = 0;
    for (int id = 1; id <= model.movies; id++) {
      int[] work = model.work(id);
      if (work.length > 1 && work[0] == id) {
        franchises++;
        String core = data.titles.get(work[0])[1].replaceFirst("^The ", "").replaceFirst(": Season 1$", "");
        for (int other : work) {
          assertTrue(data.titles.get(other)[1].contains(core), data.titles.get(other)[1] + " vs " + core);
        }
      }
    }
    assertTrue(franchises > model.movies / 50, "franchises and series: " + franchises);
  }

  @Test
  void aSequelsNearestNeighbourIsItsFranchiseWhereTheyShareEnoughRaters() {
    // Pearson over co-raters with the knn default shrinkage n / (n + 100), by brute force, for
    // every film of a franchise or series that shares at least 100 raters with another of its work
    int cases = 0;
    int hits = 0;
    for (int film = 1; film <= model.movies; film++) {
      int[] work = model.work(film);
      boolean enough = false;
      for (int other : work) {
        enough |= other != film && coRaters(film, other) >= 100;
      }
      if (!enough) {
        continue;
      }
      Set<Integer> family = new HashSet<>();
      for (int m : work) {
        family.add(m);
      }
      double best = Double.NEGATIVE_INFINITY;
      int bestFilm = -1;
      for (int other = 1; other <= model.movies; other++) {
        if (other != film) {
          double s = shrunkPearson(film, other);
          if (s > best) {
            best = s;
            bestFilm = other;
          }
        }
      }
      cases++;
      hits += family.contains(bestFilm) ? 1 : 0;
    }
    assertTrue(cases >= 5, "franchise films with enough shared raters: " + cases);
    assertTrue(hits >= 0.75 * cases, hits + " of " + cases + " have their franchise first");
  }

  private static int coRaters(int a, int b) {
    int n = 0;
    for (Integer u : data.byMovie.get(a).keySet()) {
      n += data.byMovie.get(b).containsKey(u) ? 1 : 0;
    }
    return n;
  }

  private static double shrunkPearson(int a, int b) {
    Map<Integer, Integer> ra = data.byMovie.get(a);
    Map<Integer, Integer> rb = data.byMovie.get(b);
    if (ra.size() > rb.size()) {
      Map<Integer, Integer> t = ra;
      ra = rb;
      rb = t;
    }
    long n = 0;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    for (Map.Entry<Integer, Integer> e : ra.entrySet()) {
      Integer j = rb.get(e.getKey());
      if (j != null) {
        double x = data.ratingOf.get(e.getValue());
        double y = data.ratingOf.get(j);
        n++;
        sx += x;
        sy += y;
        sxx += x * x;
        syy += y * y;
        sxy += x * y;
      }
    }
    double den = Math.sqrt(n * sxx - sx * sx) * Math.sqrt(n * syy - sy * sy);
    if (n < 5 || den == 0) {
      return Double.NEGATIVE_INFINITY;
    }
    return (n * sxy - sx * sy) / den * n / (n + 100.0);
  }

  @Test
  void theClosedFormExpectationMatchesSimulatedRatings() {
    Rng rng = new Rng(1, 2, 3);
    for (double x : new double[] {0.2, 1.7, 3.1, 3.6, 4.45, 5.9}) {
      int n = 200_000;
      double sum = 0;
      double sum2 = 0;
      for (int i = 0; i < n; i++) {
        int r = Model.rating(x, rng.gaussian(), SIGMA);
        sum += r;
        sum2 += r * r;
      }
      double mean = sum / n;
      assertEquals(mean, Model.expectedRating(x, SIGMA), 0.01, "E[r] at " + x);
      assertEquals(sum2 / n - mean * mean, Model.ratingVariance(x, SIGMA), 0.01, "Var[r] at " + x);
    }
    // clamping: far above 5 the expectation is still at most 5, far below 1 at least 1
    assertTrue(Model.expectedRating(7, SIGMA) <= 5 && Model.expectedRating(7, SIGMA) > 4.99);
    assertTrue(Model.expectedRating(-1, SIGMA) >= 1 && Model.expectedRating(-1, SIGMA) < 1.01);
    assertEquals(4, Model.expectedRating(4.2, 0));
    assertEquals(0, Model.ratingVariance(4.2, 0));
  }
}
