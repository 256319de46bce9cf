package netflixjobs.knn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;

import netflixjobs.knn.KnnConf.Params;

/**
 * The reference: for every pair of films, the common raters' ratings collected in memory, the
 * raw Pearson from commons-math, and the exact six sums; then each film's top k by sorting.
 */
final class BruteForce {
  record Pair(int f, int g, int n, double commonsMath, double exact) {}

  final Map<Long, Pair> pairs = new TreeMap<>();
  final TreeMap<Integer, TreeMap<Integer, Integer>> byFilm = new TreeMap<>();

  BruteForce(TreeMap<Integer, TreeMap<Integer, Integer>> byUser, Params p) {
    byUser.forEach((u, m) -> m.forEach((f, r) -> byFilm.computeIfAbsent(f, x -> new TreeMap<>()).put(u, r)));
    PearsonsCorrelation pc = new PearsonsCorrelation();
    List<Integer> films = new ArrayList<>(byFilm.keySet());
    for (int a = 0; a < films.size(); a++) {
      for (int b = a + 1; b < films.size(); b++) {
        int f = films.get(a);
        int g = films.get(b);
        TreeMap<Integer, Integer> rf = byFilm.get(f);
        TreeMap<Integer, Integer> rg = byFilm.get(g);
        List<double[]> xy = new ArrayList<>();
        long sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (var e : rf.entrySet()) {
          Integer y = rg.get(e.getKey());
          if (y != null) {
            int x = e.getValue();
            xy.add(new double[] {x, y});
            sx += x;
            sy += y;
            sxx += x * x;
            syy += y * y;
            sxy += x * y;
          }
        }
        int n = xy.size();
        if (n == 0 || n < p.minCommon()) {
          continue;
        }
        double exact = Similarity.of(n, sx, sy, sxx, syy, sxy, p.shrink());
        if (Double.isNaN(exact) || exact < p.minSim()) {
          continue;
        }
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
          xs[i] = xy.get(i)[0];
          ys[i] = xy.get(i)[1];
        }
        double raw = pc.correlation(xs, ys);
        double cm = p.shrink() == 0 ? raw : raw * (n / (n + p.shrink()));
        pairs.put(key(f, g), new Pair(f, g, n, cm, exact));
      }
    }
  }

  static long key(int f, int g) {
    return (long) Math.min(f, g) << 32 | Math.max(f, g);
  }

  /** The output line knn must write for film f, built from the exact sums. */
  String line(int f, int k) {
    List<Pair> mine = new ArrayList<>();
    for (Pair p : pairs.values()) {
      if (p.f() == f || p.g() == f) {
        mine.add(p);
      }
    }
    mine.sort(Comparator.comparingDouble((Pair p) -> -p.exact()).thenComparingInt(p -> p.f() == f ? p.g() : p.f()));
    StringBuilder sb = new StringBuilder().append(f);
    for (int i = 0; i < Math.min(k, mine.size()); i++) {
      Pair p = mine.get(i);
      sb.append('\t').append(p.f() == f ? p.g() : p.f()).append(':').append(p.exact()).append(':').append(p.n());
    }
    return sb.toString();
  }
}
