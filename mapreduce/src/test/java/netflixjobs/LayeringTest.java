package netflixjobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The job jar's package graph, read from its sources: every mention of {@code netflixjobs.PKG}
 * (an import or a qualified name) in a file of package P is an arrow P -> PKG. The house stands
 * on {@code netflixjobs.common}, which points at nothing of ours; the launcher
 * ({@code netflixjobs}, {@code netflixjobs.cli}) stands above the jobs, which never point at it;
 * and no arrows go round in a circle.
 */
class LayeringTest {
  static final Path MAIN = Path.of("src/main/java");
  static final String GROUND = "netflixjobs.common";
  static final Set<String> TOP = Set.of("netflixjobs", "netflixjobs.cli");
  /**
   * A mention of one of our packages: lower-case segments up to the first class name or end;
   * a string that ends in a dot ("netflixjobs.svd.") is a property prefix, no mention.
   */
  private static final Pattern MENTION = Pattern.compile("\\bnetflixjobs((?:\\.[a-z][a-z0-9_]*)*+)(?!\\.\")");

  static Map<String, Set<String>> graph() {
    Map<String, Set<String>> arrows = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String from = MAIN.relativize(f.getParent()).toString().replace('/', '.');
        Set<String> to = arrows.computeIfAbsent(from, k -> new TreeSet<>());
        Matcher m = MENTION.matcher(Files.readString(f));
        while (m.find()) {
          String pkg = "netflixjobs" + m.group(1);
          if (!pkg.equals(from) && !pkg.equals("netflixjobs.home")) { // netflixjobs.home: a property name
            to.add(pkg);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // a mention of a package that holds no sources (a property prefix such as netflixjobs.knn.batch) is no arrow
    arrows.values().forEach(to -> to.retainAll(arrows.keySet()));
    return arrows;
  }

  @Test
  void theGroundPackageImportsNothingOfOurs() {
    Map<String, Set<String>> g = graph();
    assertTrue(g.containsKey(GROUND), "the ground package exists");
    assertEquals(Set.of(), g.get(GROUND), GROUND + " points up at");
  }

  @Test
  void onlyTheLauncherPointsAtTheLauncher() {
    graph().forEach((from, to) -> {
      if (!TOP.contains(from)) {
        for (String t : to) {
          assertTrue(!TOP.contains(t), from + " points up at the launcher " + t);
        }
      }
    });
  }

  @Test
  void thePackageGraphHasNoCycle() {
    Map<String, Set<String>> g = graph();
    assertTrue(g.size() > 8, "read the sources: " + g.keySet());
    Set<String> done = new TreeSet<>();
    for (String p : g.keySet()) {
      List<String> cycle = cycleFrom(p, g, new ArrayList<>(), done);
      assertEquals(List.of(), cycle, "a cycle of imports");
    }
  }

  /**
   * The recommender's rooms stand in one order, each pointing only down: the model's parameters
   * and maths, then its file formats, then its training passes, then the tools and readers.
   */
  @Test
  void theSvdRoomsPointOnlyDown() {
    List<String> order = List.of("netflixjobs.svd.model", "netflixjobs.svd.io", "netflixjobs.svd.train", "netflixjobs.svd");
    Map<String, Set<String>> g = graph();
    for (int low = 0; low < order.size(); low++) {
      assertTrue(g.containsKey(order.get(low)), "the package " + order.get(low) + " exists");
      for (int high = low + 1; high < order.size(); high++) {
        assertTrue(!g.get(order.get(low)).contains(order.get(high)), order.get(low) + " points up at " + order.get(high));
      }
    }
  }

  /** Depth first: the path back to a package already on it, or an empty list. */
  private static List<String> cycleFrom(String p, Map<String, Set<String>> g, List<String> path, Set<String> done) {
    int at = path.indexOf(p);
    if (at >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
      cycle.add(p);
      return cycle;
    }
    if (done.contains(p)) {
      return List.of();
    }
    path.add(p);
    for (String q : g.getOrDefault(p, Set.of())) {
      List<String> c = cycleFrom(q, g, path, done);
      if (!c.isEmpty()) {
        return c;
      }
    }
    path.remove(path.size() - 1);
    done.add(p);
    return List.of();
  }
}
