package netflixjobs.svd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;

/** The oracle's ridge solve and posterior variance against commons-math on random normal equations. */
class PlantedOracleTest {
  @Test
  void choleskySolveAndQuadraticFormMatchCommonsMath() {
    SplittableRandom rng = new SplittableRandom(11);
    int d = 17;
    double[][] x = new double[60][d];
    for (double[] row : x) {
      for (int c = 0; c < d; c++) {
        row[c] = rng.nextDouble() * 2 - 1;
      }
    }
    RealMatrix xm = new Array2DRowRealMatrix(x);
    RealMatrix a = xm.transpose().multiply(xm);
    for (int r = 0; r < d; r++) {
      a.addToEntry(r, r, 0.8);
    }
    double[] b = new double[d];
    double[] v = new double[d];
    for (int c = 0; c < d; c++) {
      b[c] = rng.nextDouble();
      v[c] = rng.nextDouble();
    }
    double[] flat = new double[d * d];
    for (int r = 0; r < d; r++) {
      for (int c = 0; c <= r; c++) {
        flat[r * d + c] = a.getEntry(r, c);
      }
    }
    PlantedOracle.cholesky(flat, d);
    double[] w = new double[d];
    PlantedOracle.solve(flat, d, b, w);
    CholeskyDecomposition ref = new CholeskyDecomposition(a);
    RealVector expected = ref.getSolver().solve(new ArrayRealVector(b));
    for (int c = 0; c < d; c++) {
      assertEquals(expected.getEntry(c), w[c], 1e-10);
    }
    // v' A^-1 v as the oracle computes it: |L^-1 v|^2
    double[] t = v.clone();
    PlantedOracle.forward(flat, d, t);
    double q = 0;
    for (double z : t) {
      q += z * z;
    }
    assertEquals(new ArrayRealVector(v).dotProduct(ref.getSolver().solve(new ArrayRealVector(v))), q, 1e-10);
  }
}
