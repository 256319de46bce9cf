package netflixjobs.pi;

import java.util.Locale;

import netflixjobs.common.UsageException;

/** How the darts are thrown. */
public enum Method {
  /** Pseudo-random points: one independent {@link java.util.SplittableRandom} stream per map. */
  RANDOM,
  /**
   * The quasi-random 2-D Halton points (bases 2 and 3) of Hadoop's own {@code pi} example, in its
   * order: map i takes points i*N+1 .. i*N+N. Deterministic; the seed plays no part.
   */
  HALTON;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** "random" or "halton" (any case); anything else is a usage error. */
  public static Method parse(String s) {
    for (Method m : values()) {
      if (m.label().equalsIgnoreCase(s.trim())) {
        return m;
      }
    }
    throw new UsageException("--method must be random or halton, not '" + s + "'.");
  }
}
