package netflixjobs.generate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A generated directory read back with a plain parser of the Netflix layout, written for the
 * tests and sharing no code with the generator's writer.
 */
final class GeneratedData {
  final List<Integer> movieOf = new ArrayList<>();
  final List<Integer> userOf = new ArrayList<>();
  final List<Integer> ratingOf = new ArrayList<>();
  final List<LocalDate> dateOf = new ArrayList<>();
  /** movie id -> (customer id -> index of the rating) */
  final Map<Integer, Map<Integer, Integer>> byMovie = new HashMap<>();
  /** (movie, customer) pairs of probe.txt in file order */
  final List<int[]> probe = new ArrayList<>();
  /** movie id -> {year or "NULL", title} */
  final Map<Integer, String[]> titles = new HashMap<>();
  final Properties properties = new Properties();

  static GeneratedData read(Path dir) throws IOException {
    GeneratedData d = new GeneratedData();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir.resolve("training_set"))) {
      files = s.sorted().toList();
    }
    for (Path f : files) {
      List<String> lines = Files.readAllLines(f, StandardCharsets.US_ASCII);
      String head = lines.get(0);
      if (!head.endsWith(":")) {
        throw new IllegalStateException(f + ": first line " + head);
      }
      int movie = Integer.parseInt(head.substring(0, head.length() - 1));
      if (!f.getFileName().toString().equals(String.format("mv_%07d.txt", movie))) {
        throw new IllegalStateException(f + " holds movie " + movie);
      }
      Map<Integer, Integer> users = d.byMovie.computeIfAbsent(movie, k -> new HashMap<>());
      for (int i = 1; i < lines.size(); i++) {
        String[] p = lines.get(i).split(",");
        if (p.length != 3) {
          throw new IllegalStateException(f + ":" + (i + 1) + ": " + lines.get(i));
        }
        int user = Integer.parseInt(p[0]);
        if (users.put(user, d.movieOf.size()) != null) {
          throw new IllegalStateException(f + ": user " + user + " twice");
        }
        d.movieOf.add(movie);
        d.userOf.add(user);
        d.ratingOf.add(Integer.parseInt(p[1]));
        d.dateOf.add(LocalDate.parse(p[2]));
      }
    }
    int movie = -1;
    for (String line : Files.readAllLines(dir.resolve("probe.txt"), StandardCharsets.US_ASCII)) {
      if (line.endsWith(":")) {
        movie = Integer.parseInt(line.substring(0, line.length() - 1));
      } else {
        d.probe.add(new int[] {movie, Integer.parseInt(line)});
      }
    }
    for (String line : Files.readAllLines(dir.resolve("movie_titles.txt"), StandardCharsets.ISO_8859_1)) {
      String[] p = line.split(",", 3);
      d.titles.put(Integer.parseInt(p[0]), new String[] {p[1], p[2]});
    }
    try (Reader r = new BufferedReader(Files.newBufferedReader(dir.resolve("generator.properties")))) {
      d.properties.load(r);
    }
    return d;
  }

  int size() {
    return ratingOf.size();
  }

  /** The index of the rating of (movie, user), or -1. */
  int find(int movie, int user) {
    Map<Integer, Integer> m = byMovie.get(movie);
    Integer i = m == null ? null : m.get(user);
    return i == null ? -1 : i;
  }

  long longProperty(String key) {
    return Long.parseLong(properties.getProperty(key));
  }

  double doubleProperty(String key) {
    return Double.parseDouble(properties.getProperty(key));
  }
}
