package netflixjobs.knn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.junit.jupiter.api.Test;

import netflixjobs.RoundTrip;

/** The plain-Java parts of knn: sums, similarity, top k, block plan, records. */
class KnnUnitTest {

  @Test
  void similarityIsCommonsMathPearsonAndNoneForZeroVariance() {
    double[] x = {2, 4, 4, 5, 9, 10};
    double[] y = {1, 3, 6, 6, 8, 7};
    long sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (int i = 0; i < x.length; i++) {
      sx += (long) x[i];
      sy += (long) y[i];
      sxx += (long) (x[i] * x[i]);
      syy += (long) (y[i] * y[i]);
      sxy += (long) (x[i] * y[i]);
    }
    double r = new PearsonsCorrelation().correlation(x, y);
    assertEquals(r, Similarity.of(6, sx, sy, sxx, syy, sxy, 0), 1e-15);
    assertEquals(r * 6 / 106, Similarity.of(6, sx, sy, sxx, syy, sxy, 100), 1e-15);
    assertTrue(Double.isNaN(Similarity.of(3, 24, 6, 192, 14, 48, 0)), "constant x: 8, 8, 8");
    assertTrue(Double.isNaN(Similarity.of(1, 8, 6, 64, 36, 48, 0)), "one common rater");
    assertEquals(1.0, Similarity.of(2, 3, 5, 5, 13, 8, 0), 0); // (1,2) and (2,3): exactly 1
    assertEquals(-1.0, Similarity.of(2, 3, 5, 5, 13, 7, 0), 0); // (1,3) and (2,2)... reversed
  }

  @Test
  void pairSumsMatchANaiveLoopForTrianglesAndRectangles() {
    Random rnd = new Random(7);
    int rows = 13;
    int cols = 9;
    long[][][] naiveT = new long[rows][rows][6];
    long[][][] naiveR = new long[rows][cols][6];
    PairSums t = PairSums.triangle(rows);
    PairSums r = PairSums.rectangle(rows, cols);
    for (int u = 0; u < 200; u++) {
      UserRatings a = random(rnd, rows);
      UserRatings b = random(rnd, cols);
      t.add(a.packed(), a.size());
      r.add(a.packed(), a.size(), b.packed(), b.size());
      for (int p = 0; p < a.size(); p++) {
        for (int q = p + 1; q < a.size(); q++) {
          bump(naiveT[a.localAt(p)][a.localAt(q)], a.ratingAt(p), a.ratingAt(q));
        }
        for (int q = 0; q < b.size(); q++) {
          bump(naiveR[a.localAt(p)][b.localAt(q)], a.ratingAt(p), b.ratingAt(q));
        }
      }
    }
    int[] at = t.array();
    int[] ar = r.array();
    for (int i = 0; i < rows; i++) {
      for (int j = i + 1; j < rows; j++) {
        for (int s = 0; s < 6; s++) {
          assertEquals(naiveT[i][j][s], at[t.offset(i, j) + s], "triangle " + i + "," + j + " sum " + s);
        }
      }
      for (int j = 0; j < cols; j++) {
        for (int s = 0; s < 6; s++) {
          assertEquals(naiveR[i][j][s], ar[r.offset(i, j) + s], "rectangle " + i + "," + j + " sum " + s);
        }
      }
    }
    assertEquals(rows * (rows - 1) / 2 * 6, at.length);
  }

  private static void bump(long[] s, int x, int y) {
    s[0]++;
    s[1] += x;
    s[2] += y;
    s[3] += x * x;
    s[4] += y * y;
    s[5] += x * y;
  }

  private static UserRatings random(Random rnd, int films) {
    UserRatings u = new UserRatings();
    for (int f = 0; f < films; f++) {
      if (rnd.nextInt(3) == 0) {
        u.add(f, 1 + rnd.nextInt(10));
      }
    }
    return u;
  }

  @Test
  void topKKeepsTheBestKByASortOfAllCandidates() {
    Random rnd = new Random(3);
    TopK top = new TopK(3, 4);
    List<double[]> all = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      double s = rnd.nextInt(7) / 7.0; // many ties
      int id = rnd.nextInt(1000);
      top.offer(1, id, s, i);
      all.add(new double[] {s, id, i});
    }
    all.sort(Comparator.<double[]>comparingDouble(c -> -c[0]).thenComparingDouble(c -> c[1]));
    Candidates c = top.sorted(1, new Candidates());
    assertEquals(4, c.size());
    for (int i = 0; i < 4; i++) {
      assertEquals(all.get(i)[1], c.id(i));
      assertEquals(all.get(i)[0], c.sim(i));
    }
    assertEquals(0, top.sorted(0, new Candidates()).size());
  }

  @Test
  void blockPlanDealsFilmsByPopularityRoundRobinAndFindsThemBack() {
    int[] ids = {5, 100000, 7, 9, 11};
    int[] counts = {3, 10, 10, 1, 4};
    BlockPlan p = new BlockPlan(ids, counts, 2);
    // ranks: 7 (10), 100000 (10), 11 (4), 5 (3), 9 (1)
    assertEquals(0, p.rank(7));
    assertEquals(1, p.rank(100000));
    assertEquals(4, p.rank(9));
    assertEquals(-1, p.rank(8));
    assertEquals(3, p.size(0));
    assertEquals(2, p.size(1));
    assertEquals(11, p.film(0, 1));
    assertEquals(5, p.film(1, 1));
    assertEquals(p.size(0) * p.size(1), p.pairs(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new BlockPlan(ids, counts, 6));
  }

  @Test
  void blockCountFitsTheLargestBlockPairIntoTheBudgetAndGivesParallelTasks() {
    assertEquals(1, BlockPlan.chooseBlocks(1000, 1L << 30, 1));
    assertEquals(2, BlockPlan.chooseBlocks(1000, 1L << 30, 2)); // 3 tasks for 2 cores
    assertEquals(3, BlockPlan.chooseBlocks(1000, 1L << 30, 6));
    int b = BlockPlan.chooseBlocks(17_770, 1L << 30, 1);
    long s = (17_770 + b - 1) / b;
    assertTrue(s * s * BlockPlan.BYTES_PER_PAIR <= 1L << 30, "largest block pair fits");
    long s1 = (17_770 + b - 2) / (b - 1);
    assertTrue((b == 2 ? s1 * (s1 - 1) / 2 : s1 * s1) * BlockPlan.BYTES_PER_PAIR > 1L << 30, "and no fewer blocks would");
  }

  @Test
  void recordsSurviveARoundTrip() throws IOException {
    UserRatings u = new UserRatings().add(5, 3).add(1, 10).add(70000, 1);
    assertEquals(u, RoundTrip.of(u, new UserRatings()), "unsorted, as a mapper writes it");
    u.sortDistinct();
    assertEquals("1:10 5:3 70000:1", u.toString());
    assertEquals(u, RoundTrip.of(u, new UserRatings()));
    Candidates c = new Candidates().add(3, 0.25, 7).add(1, -1.0 / 3, 2);
    assertEquals(c, RoundTrip.of(c, new Candidates()));
    UserPair p = new UserPair(2, 5);
    p.a().add(1, 2);
    p.b().add(3, 4).add(4, 5);
    UserPair q = RoundTrip.of(p, new UserPair());
    assertEquals(p.toString(), q.toString());
  }
}
