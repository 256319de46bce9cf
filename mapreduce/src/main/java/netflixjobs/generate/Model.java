package netflixjobs.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.math3.special.Erf;

/**
 * The planted parameters of a generated data set, rebuilt exactly from (scale, seed): who the
 * users and films are, how active and popular, when they joined or came out, and the rating
 * model {@code r = clamp(round(mu + b_u + b_i + p_u . q_i + eps), 1, 5)}, eps ~ N(0, sigma^2).
 *
 * <p>Sizes: movies = round(17770 sqrt(S)), users = round(480189 sqrt(S)), ratings about
 * S x 100,480,507, so ratings per movie and per user both grow as sqrt(S) and the density of
 * the matrix stays that of Netflix. Films come in works: stand-alone films, franchises (2 to 6
 * films) and TV series (seasons); a work's films have nearly the same factor vector q, so a
 * sequel's nearest neighbours are its franchise. Users are indexed 0..users-1 and have sparse
 * customer ids like Netflix's; movie ids are 1..movies.
 *
 * <p>Who rates what (a Chung-Lu style model): each film gets a planned count of ratings from a
 * lognormal popularity with a soft cap (3 up to 48.5% of the users); each user an activity
 * weight, lognormal times the length of their time as a customer. A film's raters are drawn
 * from the users by weight (alias method), duplicates rejected. On top of that: every user
 * first gets one film drawn by popularity (no user has no rating), a handful of "completists"
 * rate 25% to 96% of all films (Netflix's top users rate ~17,000), and a sequel draws most of
 * its audience from the earlier films of its work. At scale 1 this gives films from 4 to
 * ~233,000 ratings (median ~560) and users from 1 to ~17,000 (median ~98), as in Netflix.
 */
public final class Model {
  public static final int DEFAULT_FACTORS = 16;
  public static final double DEFAULT_NOISE_SIGMA = 0.7;
  static final double MU = 3.55;
  static final double USER_BIAS_SD = 0.30;
  static final double MOVIE_BIAS_SD = 0.45;
  /** Per factor; the movie vectors have squared length about 1 whatever the factor count. */
  static final double USER_FACTOR_SD = 0.80;
  // shares of a movie vector's squared length: its genre, its work, the film within its work
  static final double GENRE_VAR = 0.2;
  static final double WORK_VAR = 0.8;
  static final double FRANCHISE_FILM_VAR = 0.03;
  static final double SERIES_FILM_VAR = 0.015;

  public static final long NETFLIX_RATINGS = 100_480_507L;
  public static final int NETFLIX_MOVIES = 17_770;
  public static final int NETFLIX_USERS = 480_189;
  static final int NETFLIX_MAX_CUSTOMER_ID = 2_649_429;

  public static final LocalDate FIRST_DAY = LocalDate.of(1999, 11, 11);
  public static final LocalDate LAST_DAY = LocalDate.of(2005, 12, 31);
  /** Days from FIRST_DAY to LAST_DAY inclusive; a rating's day offset is in [0, DAYS). */
  public static final int DAYS = (int) (LAST_DAY.toEpochDay() - FIRST_DAY.toEpochDay() + 1);

  // Stream ids for Rng: one per purpose.
  static final long CATALOG = 1;
  static final long USERS = 2;
  static final long FIRST_RATINGS = 3;
  static final long MOVIE = 4;

  /** Popularity: lognormal with a soft cap, so counts run from 3 to about 0.485 x users. */
  static final double POPULARITY_SIGMA = 2.3;
  static final double POPULARITY_SOFT_CAP = 400;
  static final double MAX_MOVIE_SHARE = 0.485;
  static final double ACTIVITY_SIGMA = 1.3;
  static final double JOIN_GROWTH = 2.5;
  /** Expected share of each user's ratings, the most recent ones, that are probe ratings. */
  static final double PROBE_SHARE = 0.014;
  private static final int CUTOFF_GRID = 128;
  /** Share of a sequel's raters drawn from the raters of the earlier films of its work. */
  static final double FRANCHISE_OVERLAP = 0.9;
  static final double SERIES_OVERLAP = 0.9;

  /** A work: films (movie indices) in release order, and how much their audiences overlap. */
  record Work(int[] films, double overlap) {}

  public final double scale;
  public final long seed;
  /** Length of the factor vectors p_u and q_i. */
  public final int factors;
  /** Standard deviation of the rating noise eps. */
  public final double sigma;
  public final int movies;
  public final int users;
  public final long targetRatings;

  // users, by index
  final int[] userId;
  final double[] userJoin; // day offset (continuous) from which the user rates
  final double[] userBias;
  final double[] userFactors; // users x FACTORS
  final double[] userWeight; // activity, for the alias sampler
  final int[] completists; // a few users who rate a large share of all films, like Netflix's
  final double[] completistRate;

  // movies, by index = id - 1
  final int[] count; // planned number of ratings
  final double[] available; // day offset from which the film can be rated
  final double[] movieBias;
  final double[] movieFactors; // movies x FACTORS
  final int[] year; // 0 = NULL
  final String[] title;
  final String[] genre;
  final List<Work> works;
  final int[] workOf;

  // every user's first rating: a film drawn by popularity, so no user has none
  final int[] firstStart; // movies + 1 offsets into firstUsers
  final int[] firstUsers;

  /** A rating of user u at a time after probeCutoff[u] (a day offset) is a probe rating. */
  final double[] probeCutoff;

  final AliasSampler userSampler;

  private Model(double scale, long seed, int factors, double sigma) {
    if (!(scale > 0) || scale > 1000 || factors < 1 || factors > 1000 || !(sigma >= 0)) {
      throw new IllegalArgumentException("scale " + scale + ", factors " + factors + ", sigma " + sigma);
    }
    this.scale = scale;
    this.seed = seed;
    this.factors = factors;
    this.sigma = sigma;
    double root = Math.sqrt(scale);
    movies = (int) Math.max(1, Math.round(NETFLIX_MOVIES * root));
    users = (int) Math.max(1, Math.round(NETFLIX_USERS * root));
    targetRatings = Math.max(movies, Math.round(NETFLIX_RATINGS * scale));

    userId = new int[users];
    userJoin = new double[users];
    userBias = new double[users];
    userFactors = new double[users * factors];
    userWeight = new double[users];
    count = new int[movies];
    available = new double[movies];
    movieBias = new double[movies];
    movieFactors = new double[movies * factors];
    year = new int[movies];
    title = new String[movies];
    genre = new String[movies];
    workOf = new int[movies];
    works = new ArrayList<>();

    buildCatalog(new Rng(seed, CATALOG, 0));
    Rng ur = new Rng(seed, USERS, 0);
    buildUsers(ur);
    int nc = (int) Math.min(Math.max(1, Math.round(20 * root)), Math.max(1, users / 50));
    completists = new int[nc];
    completistRate = new double[nc];
    pickCompletists(ur);
    userSampler = new AliasSampler(userWeight);
    firstStart = new int[movies + 1];
    firstUsers = new int[users - nc];
    assignFirstRatings(new Rng(seed, FIRST_RATINGS, 0));
    probeCutoff = new double[users];
    probeCutoffs();
  }

  /** The planted model of the data set generated with this scale and seed (default model). */
  public static Model build(double scale, long seed) {
    return new Model(scale, seed, DEFAULT_FACTORS, DEFAULT_NOISE_SIGMA);
  }

  /** The planted model of the data set generated with these settings. */
  public static Model build(double scale, long seed, int factors, double sigma) {
    return new Model(scale, seed, factors, sigma);
  }

  // ---------------------------------------------------------------- catalogue

  private void buildCatalog(Rng rng) {
    List<FilmNames.Genre> genres = FilmNames.GENRES;
    final int k = factors;
    double genreSd = Math.sqrt(GENRE_VAR / k);
    double workSd = Math.sqrt(WORK_VAR / k);
    double[] centroids = new double[genres.size() * k];
    for (int i = 0; i < centroids.length; i++) {
      centroids[i] = genreSd * rng.gaussian();
    }
    Set<String> used = new HashSet<>();
    // films in catalogue order first, then shuffled into ids
    List<double[]> q = new ArrayList<>();
    double[] pop = new double[movies];
    double[] bias = new double[movies];
    double[] avail = new double[movies];
    int[] yr = new int[movies];
    String[] names = new String[movies];
    String[] gen = new String[movies];
    int[] workIndex = new int[movies];
    List<int[]> workFilms = new ArrayList<>();
    List<Double> workOverlap = new ArrayList<>();
    int made = 0;
    while (made < movies) {
      double kind = rng.uniform();
      boolean series = kind < 0.035;
      boolean franchise = !series && kind < 0.105;
      int size = 1;
      if (series) {
        size = 2 + rng.below(6);
      } else if (franchise) {
        double s = rng.uniform();
        size = s < 0.45 ? 2 : s < 0.75 ? 3 : s < 0.88 ? 4 : s < 0.95 ? 5 : 6;
      }
      size = Math.min(size, movies - made);
      FilmNames.Genre g = FilmNames.pickGenre(rng, series);
      int gi = genres.indexOf(g);
      double[] centre = new double[k];
      for (int f = 0; f < k; f++) {
        centre[f] = centroids[gi * k + f] + workSd * rng.gaussian();
      }
      double workPop = 0.95 * rng.gaussian() - (series ? 0.8 : 0);
      double workBias = MOVIE_BIAS_SD * rng.gaussian() + 0.08 * workPop;
      int firstYear = series ? 1995 + rng.below(11) : releaseYear(rng);
      int step = series ? 1 : 2 + rng.below(3);
      int lastYear = firstYear + step * (size - 1);
      if (lastYear > 2005) {
        firstYear -= lastYear - 2005;
      }
      String[] titles = null;
      for (int attempt = 0; titles == null; attempt++) {
        String[] t = series ? FilmNames.series(rng, g, size)
            : franchise && size > 1 ? FilmNames.franchise(rng, g, size)
            : new String[] {FilmNames.single(rng, g)};
        if (attempt > 200) { // vocabulary exhausted (only at huge scales): number them
          for (int i = 0; i < t.length; i++) {
            t[i] = t[i] + " (" + (made + i + 1) + ")";
          }
        }
        if (FilmNames.claim(used, t)) {
          titles = t;
        }
      }
      int[] members = new int[size];
      for (int j = 0; j < size; j++) {
        int m = made + j;
        members[j] = m;
        double sd = Math.sqrt((series ? SERIES_FILM_VAR : franchise ? FRANCHISE_FILM_VAR : 0) / k);
        double[] v = new double[k];
        for (int f = 0; f < k; f++) {
          v[f] = centre[f] + sd * rng.gaussian();
        }
        q.add(v);
        pop[m] = workPop - 0.25 * j + 0.3 * rng.gaussian();
        bias[m] = workBias - (size > 1 ? 0.06 * j + 0.12 * rng.gaussian() : 0);
        yr[m] = firstYear + step * j;
        avail[m] = availability(rng, yr[m]);
        names[m] = titles[j];
        gen[m] = g.name();
        workIndex[m] = workFilms.size();
      }
      workFilms.add(members);
      workOverlap.add(series ? SERIES_OVERLAP : FRANCHISE_OVERLAP);
      made += size;
    }
    // shuffle catalogue order into movie ids (Fisher-Yates): a franchise is not a run of ids
    int[] perm = new int[movies];
    for (int i = 0; i < movies; i++) {
      perm[i] = i;
    }
    for (int i = movies - 1; i > 0; i--) {
      int j = rng.below(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    for (int c = 0; c < movies; c++) {
      int m = perm[c];
      System.arraycopy(q.get(c), 0, movieFactors, m * k, k);
      movieBias[m] = bias[c];
      available[m] = avail[c];
      year[m] = yr[c];
      title[m] = names[c];
      genre[m] = gen[c];
      workOf[m] = workIndex[c];
    }
    for (int w = 0; w < workFilms.size(); w++) {
      int[] films = workFilms.get(w);
      for (int j = 0; j < films.length; j++) {
        films[j] = perm[films[j]];
      }
      works.add(new Work(films, workOverlap.get(w)));
    }
    // a few years unknown, as in the real file (7 of 17,770): stand-alone films only
    int nulls = (int) Math.max(1, Math.round(movies * 7.0 / NETFLIX_MOVIES));
    for (int tries = 0; nulls > 0 && tries < 100 * movies; tries++) {
      int m = rng.below(movies);
      if (year[m] != 0 && works.get(workOf[m]).films().length == 1) {
        year[m] = 0;
        available[m] = 0;
        nulls--;
      }
    }
    // counts from popularity: lognormal with a soft cap, scaled to the target total
    double[] w = new double[movies];
    double sum = 0;
    for (int c = 0; c < movies; c++) {
      double x = StrictMath.exp(POPULARITY_SIGMA * pop[c]);
      w[perm[c]] = x / (1 + x / POPULARITY_SOFT_CAP);
    }
    for (double x : w) {
      sum += x;
    }
    int cap = (int) Math.max(1, Math.floor(MAX_MOVIE_SHARE * users));
    int floor = Math.min(3, cap);
    // scale so that the clamped counts still add up to the target
    double factor = targetRatings / sum;
    for (int it = 0; it < 20; it++) {
      double total = 0;
      for (int m = 0; m < movies; m++) {
        total += Math.max(floor, Math.min(cap, w[m] * factor));
      }
      factor *= targetRatings / total;
    }
    for (int m = 0; m < movies; m++) {
      double x = w[m] * factor;
      long n = (long) Math.floor(x + rng.uniform());
      count[m] = (int) Math.max(floor, Math.min(cap, n));
    }
  }

  /** Year of release: mostly recent, a long tail back to the silent era. */
  private static int releaseYear(Rng rng) {
    double u = rng.uniform();
    if (u < 0.62) {
      return 1990 + Math.min(15, (int) (16 * Math.sqrt(rng.uniform())));
    } else if (u < 0.92) {
      return 1950 + rng.below(40);
    }
    return 1915 + rng.below(35);
  }

  /** First day a film can be rated: catalogue titles from the start, new ones after release. */
  private static double availability(Rng rng, int year) {
    if (year >= 2000) {
      double release = LocalDate.of(year, 1, 1).toEpochDay() - FIRST_DAY.toEpochDay();
      return Math.min(DAYS - 180.0, Math.max(0, release + 90 + 300 * rng.uniform()));
    }
    return rng.uniform() < 0.7 ? 0 : 0.75 * DAYS * rng.uniform();
  }

  // ---------------------------------------------------------------- users

  private void buildUsers(Rng rng) {
    double gap = Math.max(1.0, (double) NETFLIX_MAX_CUSTOMER_ID / NETFLIX_USERS);
    long id = 0;
    double growth = StrictMath.expm1(JOIN_GROWTH);
    for (int u = 0; u < users; u++) {
      id += 1 + rng.geometric(1 / gap);
      userId[u] = (int) Math.min(Integer.MAX_VALUE - users + u, id);
      // customers join at a growing rate; they rate from joining to the end
      double j = StrictMath.log1p(rng.uniform() * growth) / JOIN_GROWTH;
      userJoin[u] = j * DAYS;
      userWeight[u] = StrictMath.exp(ACTIVITY_SIGMA * rng.gaussian()) * (1.02 - j);
      userBias[u] = USER_BIAS_SD * rng.gaussian();
      for (int f = 0; f < factors; f++) {
        userFactors[u * factors + f] = USER_FACTOR_SD * rng.gaussian();
      }
    }
  }

  private void pickCompletists(Rng rng) {
    int n = completists.length;
    for (int c = 0; c < n; c++) {
      int u;
      do {
        u = rng.below(users);
      } while (userWeight[u] == 0);
      userWeight[u] = 0; // rates by completistRate, not by the sampler
      completists[c] = u;
      // the busiest rates 96% of all films; the others log-uniformly down to 25%
      completistRate[c] = n == 1 ? 0.96 : 0.96 * Math.pow(0.25 / 0.96, (double) c / (n - 1));
      userJoin[u] = 0;
    }
  }

  private void assignFirstRatings(Rng rng) {
    double[] w = new double[movies];
    for (int m = 0; m < movies; m++) {
      w[m] = count[m];
    }
    AliasSampler films = new AliasSampler(w);
    int[] pick = new int[users];
    for (int u = 0; u < users; u++) {
      pick[u] = userWeight[u] == 0 ? -1 : films.sample(rng);
      if (pick[u] >= 0) {
        firstStart[pick[u] + 1]++;
      }
    }
    for (int m = 0; m < movies; m++) {
      firstStart[m + 1] += firstStart[m];
    }
    int[] fill = firstStart.clone();
    for (int u = 0; u < users; u++) {
      if (pick[u] >= 0) {
        firstUsers[fill[pick[u]]++] = u;
      }
    }
  }

  /**
   * The probe is the most recent PROBE_SHARE of each user's ratings. A rating's time is uniform
   * between the later of the user's joining and the film's availability and the end; so for a
   * user who joined at day j the expected share of ratings after day c is
   * f(c) = sum_i n_i (END - max(c, lo_i)) / (END - lo_i) / sum_i n_i, lo_i = max(j, a_i). The
   * cutoff solves f(c) = PROBE_SHARE (bisection on a grid of joining days, interpolated), so the
   * probe share does not depend on when the popular films came out.
   */
  private void probeCutoffs() {
    double total = 0;
    for (int n : count) {
      total += n;
    }
    double[] grid = new double[CUTOFF_GRID + 1];
    for (int g = 0; g <= CUTOFF_GRID; g++) {
      double j = (double) g * DAYS / CUTOFF_GRID;
      double lo = j;
      double hi = DAYS;
      for (int it = 0; it < 40; it++) {
        double c = 0.5 * (lo + hi);
        double f = 0;
        for (int m = 0; m < movies; m++) {
          double from = Math.max(j, available[m]);
          if (from < DAYS) {
            f += count[m] * (DAYS - Math.max(c, from)) / (DAYS - from);
          }
        }
        if (f / total > PROBE_SHARE) {
          lo = c;
        } else {
          hi = c;
        }
      }
      grid[g] = 0.5 * (lo + hi);
    }
    for (int u = 0; u < users; u++) {
      double x = userJoin[u] / DAYS * CUTOFF_GRID;
      int g = Math.min(CUTOFF_GRID - 1, (int) x);
      double w = x - g;
      probeCutoff[u] = Math.max(userJoin[u], (1 - w) * grid[g] + w * grid[g + 1]);
    }
  }

  // ---------------------------------------------------------------- the rating model

  /** The customer id of user index u. */
  public int userId(int u) {
    return userId[u];
  }

  /** The user index of a customer id, or -1. */
  public int userIndex(int id) {
    int i = java.util.Arrays.binarySearch(userId, id);
    return i >= 0 ? i : -1;
  }

  public String title(int movieId) {
    return title[movieId - 1];
  }

  /** 0 when the year is NULL. */
  public int year(int movieId) {
    return year[movieId - 1];
  }

  public String genre(int movieId) {
    return genre[movieId - 1];
  }

  /** Movie ids of the work (franchise, series, or the film alone) the film belongs to. */
  public int[] work(int movieId) {
    int[] films = works.get(workOf[movieId - 1]).films();
    int[] ids = new int[films.length];
    for (int i = 0; i < films.length; i++) {
      ids[i] = films[i] + 1;
    }
    return ids;
  }

  /** The planted bias b_i of a film (for oracle bounds in benchmarks). */
  public double movieBias(int movieId) {
    return movieBias[movieId - 1];
  }

  /** Component f of the planted factor vector q_i of a film (for oracle bounds in benchmarks). */
  public double movieFactor(int movieId, int f) {
    return movieFactors[(movieId - 1) * factors + f];
  }

  /** mu + b_u + b_i + p_u . q_i: the rating before noise, rounding and clamping. */
  public double mean(int userIndex, int movieId) {
    int m = movieId - 1;
    double x = MU + userBias[userIndex] + movieBias[m];
    int k = factors;
    int pu = userIndex * k;
    int qi = m * k;
    for (int f = 0; f < k; f++) {
      x += userFactors[pu + f] * movieFactors[qi + f];
    }
    return x;
  }

  /** The rating: the model's mean plus sigma x noise, rounded and clamped to 1..5. */
  static int rating(double mean, double noise, double sigma) {
    long r = Math.round(mean + sigma * noise);
    return (int) Math.max(1, Math.min(5, r));
  }

  /**
   * E[r | mean]: r = 1 + #{k in 1..4 : mean + eps >= k + 1/2}, so E[r] = 1 + sum_k P(eps >=
   * k + 1/2 - mean) = 1 + sum_k Phi((mean - k - 1/2) / sigma). The best prediction any model
   * can make in squared error.
   */
  public static double expectedRating(double mean, double sigma) {
    double e = 1;
    for (int k = 1; k <= 4; k++) {
      e += sigma == 0 ? (mean >= k + 0.5 ? 1 : 0) : phi((mean - k - 0.5) / sigma);
    }
    return e;
  }

  /** Var[r | mean]: the irreducible squared error of a rating with this mean. */
  public static double ratingVariance(double mean, double sigma) {
    if (sigma == 0) {
      return 0;
    }
    double e = 0;
    double e2 = 0;
    for (int r = 1; r <= 5; r++) {
      double hi = r == 5 ? 1 : phi((r + 0.5 - mean) / sigma);
      double lo = r == 1 ? 0 : phi((r - 0.5 - mean) / sigma);
      double p = hi - lo;
      e += r * p;
      e2 += r * r * p;
    }
    return Math.max(0, e2 - e * e);
  }

  private static double phi(double z) {
    return 0.5 * Erf.erfc(-z / Math.sqrt(2));
  }
}
