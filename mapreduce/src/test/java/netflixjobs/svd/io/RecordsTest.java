package netflixjobs.svd.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.hadoop.io.WritableComparator;
import org.junit.jupiter.api.Test;

import netflixjobs.RoundTrip;
import netflixjobs.svd.model.Blocks;

/** svd's records survive the shuffle and the files: write, read back, equal; the raw comparator sorts as compareTo. */
class RecordsTest {
  @Test
  void blockedRatingsSurviveARoundTrip() throws IOException {
    BlockedRating r = new BlockedRating(3, Blocks.order(1, 7, 9), 7, 9, 10);
    assertEquals(BlockedRating.BYTES, RoundTrip.bytes(r).length);
    BlockedRating back = RoundTrip.of(r, new BlockedRating());
    assertEquals(r, back);
    assertEquals(r.hashCode(), back.hashCode());
    assertEquals(10, back.halfStars());
    assertNotEquals(r, new BlockedRating(3, Blocks.order(1, 7, 9), 7, 9, 9), "the rating is part of the record");
  }

  @Test
  void theRawComparatorSortsAsCompareTo() throws IOException {
    assertSame(BlockedRating.Comparator.class, WritableComparator.get(BlockedRating.class).getClass());
    Random rnd = new Random(17);
    List<BlockedRating> rs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      // few distinct values, so ties on block, order and user are common; negatives test the signs
      rs.add(new BlockedRating(rnd.nextInt(3), rnd.nextInt(3) - 1L << 40, rnd.nextInt(3) - 1, rnd.nextInt(3) - 1, 1 + rnd.nextInt(10)));
    }
    WritableComparator raw = new BlockedRating.Comparator();
    for (BlockedRating a : rs) {
      byte[] ab = RoundTrip.bytes(a);
      for (BlockedRating b : rs.subList(0, 40)) {
        byte[] bb = RoundTrip.bytes(b);
        assertEquals(Integer.signum(a.compareTo(b)), Integer.signum(raw.compare(ab, 0, ab.length, bb, 0, bb.length)),
            a + " vs " + b);
      }
    }
  }

  @Test
  void factorRowsSurviveARoundTrip() throws IOException {
    FactorRow r = new FactorRow(Blocks.MOVIE, 4, 17_770, -0.25, new double[] {0.5, -1e-9, Double.MIN_VALUE});
    FactorRow back = RoundTrip.of(r, new FactorRow(Blocks.USER, 0, 1, 0, new double[5]));
    assertEquals(r, back, "a row read into a reused row of another width");
    assertEquals(r.hashCode(), back.hashCode());
    assertEquals(r.toString(), back.toString());
    assertNotEquals(r, new FactorRow(Blocks.MOVIE, 4, 17_770, -0.25, new double[] {0.5, -1e-9, 0}));
  }
}
