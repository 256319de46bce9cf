package netflixjobs.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import netflixjobs.RoundTrip;

/** import's records survive the shuffle: write, read back into a used record, equal. */
class RecordsTest {
  @Test
  void chunksSurviveARoundTrip() throws IOException {
    ImportChunk c = new ImportChunk();
    for (int i = 0; i < 40; i++) { // past the first growth of the record array
      c.add(1_000_000 + i, 17_770 - i, ImportChunk.payload(ImportChunk.Kind.values()[i % 3], 1 + i % 10, 2000 + i));
    }
    ImportChunk back = RoundTrip.of(c, new ImportChunk().add(9, 9, 9).add(8, 8, 8));
    assertEquals(c, back);
    assertEquals(c.hashCode(), back.hashCode());
    assertEquals(ImportChunk.Kind.PROBE_RATING, ImportChunk.kind(back.payload(5)));
    assertEquals(6, ImportChunk.halfStars(back.payload(5)));
    assertEquals(2005, ImportChunk.day(back.payload(5)));
    ImportChunk rejected = new ImportChunk().add(1, 2, 3).setReject("x.txt:7\tmalformed line\t1,2");
    assertEquals(rejected, RoundTrip.of(rejected, new ImportChunk().add(1, 2, 3)));
    assertNotEquals(rejected, new ImportChunk());
  }

  @Test
  void importRecordsSurviveARoundTrip() throws IOException {
    int payload = ImportChunk.payload(ImportChunk.Kind.RATING, 8, 1234);
    ImportRecord r = new ImportRecord().rating(1, 2, payload).rating(1, 3, payload).probe(1, 4, payload)
        .reject("user 1, movie 5\tprobe entry with no rating\t");
    ImportRecord back = RoundTrip.of(r, new ImportRecord().reject("stale").probe(9, 9, 9));
    assertEquals(r, back);
    assertEquals(r.hashCode(), back.hashCode());
    assertEquals(2, back.ratings().size());
    assertNotEquals(r, new ImportRecord().rating(1, 2, payload));
    assertEquals(new ImportRecord(), RoundTrip.of(new ImportRecord(), new ImportRecord().rating(1, 1, 1)), "empty");
  }

  @Test
  void sourceLinesSurviveARoundTrip() throws IOException {
    SourceLine s = new SourceLine("hdfs://nn/in/mv_0000001.txt", 3_000_000_000L, Format.NETFLIX_RATINGS, true);
    SourceLine back = RoundTrip.of(s, new SourceLine("old", 1, Format.PLAIN_CSV, false));
    assertEquals(s, back);
    assertEquals(s.hashCode(), back.hashCode());
    assertNotEquals(s, new SourceLine("hdfs://nn/in/mv_0000001.txt", 3_000_000_000L, Format.NETFLIX_RATINGS, false));
  }

  @Test
  void lineBlocksSurviveARoundTrip() throws IOException {
    LineBlock b = new LineBlock("1:\n38913,4,2005-03-05\nnaïve,5\n");
    LineBlock back = RoundTrip.of(b, new LineBlock("a longer block than the one read into it, left over\n"));
    assertEquals(b, back, "only the first length bytes count");
    assertEquals(b.hashCode(), back.hashCode());
    assertEquals(b.toString(), back.toString());
    byte[] buf = "12,3\nXXXX".getBytes(StandardCharsets.UTF_8);
    assertEquals(new LineBlock("12,3\n"), RoundTrip.of(new LineBlock().set(buf, 5), new LineBlock()), "a block set from part of a buffer");
  }
}
