package netflixjobs.pi;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Darts}' loop on eight 64-bit lanes with the JDK's incubating Vector API: lane k holds the
 * stream's state {@code seed + (k+1) gamma}, every step advances all lanes by {@code 8 gamma},
 * and the hits are summed per lane. Only {@link Darts} touches this class, and only after checking
 * that the module is there, so a JVM without {@code --add-modules jdk.incubator.vector} never
 * loads it.
 */
final class VectorDarts {
  private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_512;
  static final int LANES = SPECIES.length();

  private VectorDarts() {}

  /**
   * Whether the CPU has 512-bit vectors. Narrower ones (AVX2) have no 64-bit lane multiply, and
   * the four multiplies per dart would be emulated: slower than the scalar loop.
   */
  static boolean supported() {
    return LongVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
  }

  /** Hits among the outputs {@code mix64(seed + k gamma)}, k = 1..n; n a multiple of 8. */
  static long count(long seed, long gamma, int n) {
    long[] start = new long[LANES];
    for (int k = 0; k < LANES; k++) {
      start[k] = seed + (k + 1) * gamma;
    }
    LongVector state = LongVector.fromArray(SPECIES, start, 0);
    LongVector step = LongVector.broadcast(SPECIES, LANES * gamma);
    LongVector hits = LongVector.zero(SPECIES);
    for (int i = 0; i < n; i += LANES) {
      LongVector z = state;
      z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xbf58476d1ce4e5b9L);
      z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94d049bb133111ebL);
      z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
      LongVector x = z.lanewise(VectorOperators.LSHR, 33);
      LongVector y = z.lanewise(VectorOperators.LSHR, 1).and(0x7FFFFFFFL);
      LongVector d = x.mul(x.add(1)).add(y.mul(y.add(1))).sub(Darts.R2);
      hits = hits.add(d.lanewise(VectorOperators.LSHR, 63));
      state = state.add(step);
    }
    return hits.reduceLanes(VectorOperators.ADD);
  }
}
