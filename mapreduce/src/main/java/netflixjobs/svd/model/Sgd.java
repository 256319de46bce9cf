package netflixjobs.svd.model;

/**
 * Funk's biased SGD step, shared by the map tasks and the in-memory trainer so both do the
 * same arithmetic in the same order. Prediction mu + b_u + b_i + p_u.q_i; for rating r with
 * error e = r - prediction: b_u += lr (e - reg b_u), b_i += lr (e - reg b_i),
 * p_u += lr (e q_i - reg p_u), q_i += lr (e p_u - reg q_i) (old values on the right).
 */
public final class Sgd {
  private Sgd() {}

  /**
   * One pass (in epoch 1, 2, ..., for the learning rate) over ratings whose users and movies are already rows of the two tables;
   * returns the sum of squared errors of the clipped predictions made before each update.
   */
  public static double pass(int n, int[] userRows, int[] movieRows, byte[] halfStars,
                            FactorTable users, FactorTable movies, Params p, int epoch) {
    final int f = users.f;
    final double mu = p.mu();
    final double lr = p.lrAt(epoch);
    final double reg = p.reg();
    final double[] ub = users.bias;
    final double[] uv = users.vec;
    final double[] mb = movies.bias;
    final double[] mv = movies.vec;
    double sse = 0;
    for (int i = 0; i < n; i++) {
      int u = userRows[i];
      int m = movieRows[i];
      int uo = u * f;
      int mo = m * f;
      double dot = 0;
      for (int k = 0; k < f; k++) {
        dot += uv[uo + k] * mv[mo + k];
      }
      double r = halfStars[i] * 0.5;
      double pred = mu + ub[u] + mb[m] + dot;
      double shown = r - p.clip(pred);
      sse += shown * shown;
      double e = r - pred;
      double bu = ub[u];
      double bi = mb[m];
      ub[u] = bu + lr * (e - reg * bu);
      mb[m] = bi + lr * (e - reg * bi);
      for (int k = 0; k < f; k++) {
        double pu = uv[uo + k];
        double qi = mv[mo + k];
        uv[uo + k] = pu + lr * (e * qi - reg * pu);
        mv[mo + k] = qi + lr * (e * pu - reg * qi);
      }
    }
    return sse;
  }

  /** Rows for the ids of a block, adding new ids with their seeded initial factors. */
  public static int[] rows(int n, int[] ids, FactorTable table, int kind, Params p) {
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = table.rowOrInit(ids[i], p.seed(), kind, p.initStd());
    }
    return rows;
  }

  /**
   * The model's prediction with fallbacks: without the user's row (row -1) mean + movie
   * bias, without the movie's mean + user bias, without both the global mean. Clipped.
   */
  public static double predict(Params p, FactorTable users, int u, FactorTable movies, int m) {
    double dot = 0;
    if (u >= 0 && m >= 0) {
      int f = users.f;
      double[] uv = users.vec;
      double[] mv = movies.vec;
      int uo = u * f;
      int mo = m * f;
      for (int k = 0; k < f; k++) {
        dot += uv[uo + k] * mv[mo + k];
      }
    }
    return p.clip(p.mu() + (u >= 0 ? users.bias[u] : 0) + (m >= 0 ? movies.bias[m] : 0) + dot);
  }
}
