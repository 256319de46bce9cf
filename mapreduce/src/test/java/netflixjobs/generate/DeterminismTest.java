package netflixjobs.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {
  static final double SCALE = 0.0005;

  @TempDir
  Path tmp;

  @Test
  void theSameSeedGivesTheSameBytesWhateverTheThreadCount() throws IOException {
    Generator.write(tmp.resolve("one"), SCALE, 42, 1, null);
    Generator.write(tmp.resolve("four"), SCALE, 42, 4, null);
    List<Path> one = files(tmp.resolve("one"));
    List<Path> four = files(tmp.resolve("four"));
    assertEquals(one.stream().map(p -> tmp.resolve("one").relativize(p)).toList(),
        four.stream().map(p -> tmp.resolve("four").relativize(p)).toList());
    assertTrue(one.size() > 100, "training files, probe, titles, properties: " + one.size());
    for (int i = 0; i < one.size(); i++) {
      assertArrayEquals(Files.readAllBytes(one.get(i)), Files.readAllBytes(four.get(i)), one.get(i).toString());
    }
  }

  @Test
  void anotherSeedGivesOtherRatingsOfTheSameShape() throws IOException {
    Generator.Summary a = Generator.write(tmp.resolve("a"), SCALE, 1, 2, null);
    Generator.Summary b = Generator.write(tmp.resolve("b"), SCALE, 2, 2, null);
    assertEquals(a.movies(), b.movies());
    assertEquals(a.users(), b.users());
    for (String f : new String[] {"probe.txt", "movie_titles.txt", "training_set/mv_0000001.txt"}) {
      assertFalse(java.util.Arrays.equals(Files.readAllBytes(tmp.resolve("a").resolve(f)),
          Files.readAllBytes(tmp.resolve("b").resolve(f))), f + " should differ");
    }
  }

  @Test
  void theModelIsRebuiltExactlyFromScaleAndSeed() {
    Model a = Model.build(SCALE, 9);
    Model b = Model.build(SCALE, 9);
    for (int u = 0; u < a.users; u += 97) {
      for (int m = 1; m <= a.movies; m += 13) {
        assertEquals(a.mean(u, m), b.mean(u, m));
      }
    }
    assertEquals(a.title(1), b.title(1));
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
