package netflixjobs.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import netflixjobs.ratings.Dataset;
import netflixjobs.ratings.MovieRating;

class RatingFileWriterTest {
  @TempDir
  java.nio.file.Path tmp;

  /** Same records through SequenceFile's writer and ours: the same bytes but for the sync marker. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 90, 91, 5000})
  void writesWhatSequenceFileWritesAndReadsBack(int n) throws IOException {
    Configuration conf = new Configuration();
    conf.setInt("io.seqfile.compress.blocksize", 1000); // blocks of 91 records: several blocks
    Path theirs = new Path(tmp.resolve("theirs/part-r-00000").toUri());
    Path ours = new Path(tmp.resolve("ours/part-r-00000").toUri());
    SplittableRandom r = new SplittableRandom(n);
    List<int[]> written = new ArrayList<>();
    try (SequenceFile.Writer w = Dataset.writer(conf, theirs); RatingFileWriter o = new RatingFileWriter(conf, ours)) {
      MovieRating m = new MovieRating();
      for (int i = 0; i < n; i++) {
        int user = r.nextInt(1, Integer.MAX_VALUE);
        int movie = r.nextInt(1, Integer.MAX_VALUE);
        int half = r.nextInt(1, 11);
        int day = r.nextInt(0, 65536);
        w.append(new IntWritable(user), m.set(movie, half, day));
        o.append(user, movie, ImportChunk.payload(ImportChunk.Kind.RATING, half, day));
        written.add(new int[] {user, movie, half, day});
      }
      assertEquals(n, o.records());
    }
    byte[] a = Files.readAllBytes(java.nio.file.Path.of(theirs.toUri()));
    byte[] b = Files.readAllBytes(java.nio.file.Path.of(ours.toUri()));
    int headerEnd; // the header ends with the sync marker
    try (SequenceFile.Reader in = new SequenceFile.Reader(conf, SequenceFile.Reader.file(theirs))) {
      headerEnd = (int) in.getPosition();
    }
    byte[] sync = java.util.Arrays.copyOfRange(a, headerEnd - 16, headerEnd);
    byte[] ourSync = RatingFileWriter.syncMarker("part-r-00000 ours");
    assertEquals(a.length, b.length);
    for (int i = 0; i + sync.length <= a.length; i++) { // put our marker where theirs is
      if (java.util.Arrays.equals(a, i, i + sync.length, sync, 0, sync.length)) {
        System.arraycopy(ourSync, 0, a, i, sync.length);
      }
    }
    assertArrayEquals(a, b);
    List<int[]> read = new ArrayList<>();
    Dataset.forEach(conf, ours, (u, m, h, d) -> read.add(new int[] {u, m, h, d}));
    assertEquals(written.size(), read.size());
    for (int i = 0; i < n; i++) {
      assertArrayEquals(written.get(i), read.get(i));
    }
  }
}
