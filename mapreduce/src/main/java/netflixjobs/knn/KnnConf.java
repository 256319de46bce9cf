package netflixjobs.knn;

import org.apache.hadoop.conf.Configuration;

/** The job configuration keys of knn (set by {@link KnnTool}, read by the tasks) and its defaults. */
public final class KnnConf {
  public static final String CENSUS = "netflixjobs.knn.census";
  public static final String BLOCKS = "netflixjobs.knn.blocks";
  public static final String BLOCK_DIR = "netflixjobs.knn.block.dir";
  public static final String K = "netflixjobs.knn.k";
  public static final String MIN_COMMON = "netflixjobs.knn.min.common";
  public static final String SHRINK = "netflixjobs.knn.shrink";
  public static final String MIN_SIM = "netflixjobs.knn.min.sim";
  /** When set, every pair with similarity at least this is also written (side files pairs-*). */
  public static final String PAIRS = "netflixjobs.knn.pairs";

  /** Ratings up to this many bytes on disk are counted and regrouped in the client instead of by two jobs. */
  public static final String LOCAL_MAX_BYTES = "netflixjobs.knn.local.max.bytes";
  public static final long DEFAULT_LOCAL_MAX_BYTES = 32L << 20;

  public static final int DEFAULT_K = 20;
  public static final int DEFAULT_MIN_COMMON = 10;
  public static final double DEFAULT_SHRINK = 100;
  public static final double DEFAULT_MIN_SIM = -1;

  private KnnConf() {}

  /** The similarity settings a pair task applies. */
  public record Params(int k, int minCommon, double shrink, double minSim, double pairs) {
    public static Params defaults() {
      return new Params(DEFAULT_K, DEFAULT_MIN_COMMON, DEFAULT_SHRINK, DEFAULT_MIN_SIM, Double.NaN);
    }

    public static Params from(Configuration conf) {
      String p = conf.get(PAIRS);
      return new Params(conf.getInt(K, DEFAULT_K), conf.getInt(MIN_COMMON, DEFAULT_MIN_COMMON),
          conf.getDouble(SHRINK, DEFAULT_SHRINK), conf.getDouble(MIN_SIM, DEFAULT_MIN_SIM),
          p == null ? Double.NaN : Double.parseDouble(p));
    }

    public void to(Configuration conf) {
      conf.setInt(K, k);
      conf.setInt(MIN_COMMON, minCommon);
      conf.setDouble(SHRINK, shrink);
      conf.setDouble(MIN_SIM, minSim);
      if (!Double.isNaN(pairs)) {
        conf.setDouble(PAIRS, pairs);
      }
    }
  }
}
