package netflixjobs.svd.model;

import java.util.SplittableRandom;

/**
 * How ratings and factors are cut into blocks, and the seeded numbers of a run. Users and
 * movies each fall into one of d blocks by a hash of their id (so readers find a row knowing
 * only d); training block (i, j) holds the ratings of users of block i for movies of block j.
 * Inside a block ratings are ordered by a seeded hash of (user, movie): a fixed, well-mixed
 * order that does not depend on how the input was split.
 */
public final class Blocks {
  public static final int USER = 0;
  public static final int MOVIE = 1;

  private Blocks() {}

  /** SplitMix64's finaliser: a good 64-bit mix. */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** The block (0..d-1) of a user or movie id. */
  public static int of(int id, int d) {
    return (int) ((mix64(id + 0x9e3779b97f4a7c15L) >>> 1) % d);
  }

  /** The position key of a rating inside its block. */
  public static long order(long seed, int user, int movie) {
    return mix64(mix64(seed) ^ (((long) user << 32) | (movie & 0xffffffffL)));
  }

  /** Training block (i, j) as a number 0..d*d-1. */
  public static int train(int userBlock, int movieBlock, int d) {
    return userBlock * d + movieBlock;
  }

  /** Probe row i (the probe ratings of users of block i) as a number d*d..d*d+d-1. */
  public static int probe(int userBlock, int d) {
    return d * d + userBlock;
  }

  public static int count(int d) {
    return d * d + d;
  }

  /** File name of block number b: train-i-j or probe-i. */
  public static String fileName(int b, int d) {
    return b < d * d ? "train-" + b / d + "-" + b % d : "probe-" + (b - d * d);
  }

  public static String sliceName(int kind, int block) {
    return String.format("%s-%05d", kind == USER ? "users" : "movies", block);
  }

  /**
   * The initial factors of a user or movie: Gaussian, mean 0, spread {@code std}, from a stream
   * seeded by (seed, kind, id) only, so any task (or the in-memory trainer) makes the same.
   */
  public static void init(long seed, int kind, int id, double std, double[] out, int off, int f) {
    SplittableRandom rnd = new SplittableRandom(mix64(mix64(seed + kind) ^ id));
    for (int k = 0; k < f; k++) {
      out[off + k] = std * rnd.nextGaussian();
    }
  }
}
