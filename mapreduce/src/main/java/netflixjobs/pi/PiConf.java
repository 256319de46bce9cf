package netflixjobs.pi;

/** The job configuration keys of pi (set by {@link PiTool}, read by {@link PiInputFormat}), its defaults and limits. */
public final class PiConf {
  /** Map tasks: splits of the synthetic input. */
  public static final String MAPS = "netflixjobs.pi.maps";
  /** Samples (darts) per map task. */
  public static final String SAMPLES = "netflixjobs.pi.samples";
  /** random or halton: see {@link Method}. */
  public static final String METHOD = "netflixjobs.pi.method";
  /** Seed of the random streams. */
  public static final String SEED = "netflixjobs.pi.seed";
  /** Samples per record: about a tenth of a second of work. */
  public static final String CHUNK = "netflixjobs.pi.chunk";

  public static final long DEFAULT_CHUNK = 1L << 25;
  public static final int DEFAULT_MAPS = 10;
  public static final long DEFAULT_SAMPLES = 100_000_000L;
  public static final int MAX_MAPS = 100_000;
  /** 10^15 darts: about a week of one core's time; more is surely a typo. */
  public static final long MAX_TOTAL = 1_000_000_000_000_000L;

  private PiConf() {}
}
