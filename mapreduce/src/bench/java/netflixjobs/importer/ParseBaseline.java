package netflixjobs.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The import benchmark's baseline: one thread parsing every ratings file under a local
 * directory with the same parsers and the same walk over lines as the map, no Hadoop, no output.
 * Prints "ratings seconds checksum".
 * {@code java -cp ... netflixjobs.importer.ParseBaseline DIR}
 */
public final class ParseBaseline {
  private ParseBaseline() {}

  public static void main(String[] args) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(Paths.get(args[0]))) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    long start = System.nanoTime();
    long ratings = 0;
    long checksum = 0;
    ParsedLine out = new ParsedLine();
    for (Path f : files) {
      byte[] b = Files.readAllBytes(f); // a map reads a file in blocks of whole lines: here one block
      Format format = Format.detect(b, Math.min(b.length, SourceFilesInputFormat.HEAD_BYTES));
      if (format == null || format.kind() != Format.Kind.RATINGS) {
        continue;
      }
      LineParser p = LineParser.of(format);
      for (int i = 0; i < b.length; ) { // the map's walk over a block's lines
        int end = LineBlock.lineEnd(b, i, b.length);
        if (p.parse(b, i, end, out).outcome == ParsedLine.Outcome.RATING) {
          ratings++;
          checksum += out.user ^ out.movie ^ out.halfStars;
        }
        i = LineBlock.nextLine(b, end, b.length);
      }
    }
    double secs = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "%d %.3f %d%n", ratings, secs, checksum);
  }
}
