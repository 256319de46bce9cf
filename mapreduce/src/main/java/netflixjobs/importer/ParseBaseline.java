package netflixjobs.importer;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The import benchmark's baseline: one thread parsing every ratings file under a local
 * directory with the same parsers, no Hadoop, no output. Prints "ratings seconds".
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
    byte[] buf = new byte[1 << 16];
    byte[] line = new byte[1 << 12];
    ParsedLine out = new ParsedLine();
    for (Path f : files) {
      byte[] head = new byte[SourceFilesInputFormat.HEAD_BYTES];
      int n;
      try (InputStream in = Files.newInputStream(f)) {
        n = in.readNBytes(head, 0, head.length);
      }
      Format format = Format.detect(head, n);
      if (format == null || format.kind() != Format.Kind.RATINGS) {
        continue;
      }
      LineParser p = LineParser.of(format);
      try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
        int len = 0;
        for (int r; (r = in.read(buf)) > 0; ) {
          for (int i = 0; i < r; i++) {
            byte c = buf[i];
            if (c == '\n') {
              if (p.parse(line, len, out).outcome == ParsedLine.Outcome.RATING) {
                ratings++;
                checksum += out.user ^ out.movie ^ out.halfStars;
              }
              len = 0;
            } else if (len < line.length) {
              line[len++] = c;
            }
          }
        }
        if (len > 0 && p.parse(line, len, out).outcome == ParsedLine.Outcome.RATING) {
          ratings++;
        }
      }
    }
    double secs = (System.nanoTime() - start) / 1e9;
    System.out.printf(Locale.ROOT, "%d %.3f %d%n", ratings, secs, checksum);
  }
}
