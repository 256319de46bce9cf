package netflixjobs.knn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netflixjobs.cli.Embedded;
import netflixjobs.common.UsageException;
import netflixjobs.knn.KnnConf.Params;
import netflixjobs.knn.KnnTool.Result;
import netflixjobs.knn.KnnTool.Settings;
import netflixjobs.ratings.Dataset;

/** The whole knn job on an in-process HDFS against a brute-force computation. */
class KnnIntegrationTest {
  @TempDir
  static File tmp;
  static Embedded cluster;
  static Configuration conf;
  static KnnTestData data;
  static Dataset ds;

  @BeforeAll
  static void start() throws IOException {
    cluster = Embedded.hdfs(new File(tmp, "dfs"), 1);
    conf = cluster.conf();
    data = new KnnTestData(300, 120, 42);
    Configuration w = new Configuration(conf);
    w.setInt("io.seqfile.compress.blocksize", 4000); // many sync points, so splits cut users
    ds = data.write(w, new Path("/data"), 3);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  static Configuration smallSplits() {
    Configuration c = new Configuration(conf);
    c.setLong("mapreduce.input.fileinputformat.split.maxsize", 6000);
    c.setLong(KnnConf.LOCAL_MAX_BYTES, 0); // census and regroup as jobs (small inputs are prepared in-process)
    return c;
  }

  static List<String> lines(Path dir, String prefix) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    List<String> out = new ArrayList<>();
    for (Path p : Dataset.partFiles(conf, dir)) {
      if (p.getName().startsWith(prefix)) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
          for (String l; (l = in.readLine()) != null; ) {
            out.add(l);
          }
        }
      }
    }
    return out;
  }

  @Test
  void rawPearsonOfEveryPairMatchesBruteForceWithOneBlockAndWithMany() throws IOException {
    Params raw = new Params(5, 1, 0, -1, -1);
    BruteForce bf = new BruteForce(data.byUser, raw);
    Result one = KnnTool.run(conf, ds, new Path("/raw1"), Settings.defaults().withParams(raw).withBlocks(1), null);
    Result many = KnnTool.run(smallSplits(), ds, new Path("/raw7"),
        new Settings(raw, 7, 0, 3, false), null);
    assertEquals(1, one.blocks());
    assertEquals(7, many.blocks());

    // every similarity, from the --pairs side files, against commons-math
    for (String out : new String[] {"/raw1", "/raw7"}) {
      Map<Long, String> seen = new HashMap<>();
      for (String l : lines(new Path(out), "pairs-")) {
        String[] f = l.split("\t");
        int a = Integer.parseInt(f[0]);
        int b = Integer.parseInt(f[1]);
        assertTrue(a < b, l);
        BruteForce.Pair p = bf.pairs.get(BruteForce.key(a, b));
        assertNotNull(p, "knn scored a pair brute force has no similarity for: " + l);
        assertEquals(p.commonsMath(), Double.parseDouble(f[2]), 1e-12, l);
        assertEquals(p.n(), Integer.parseInt(f[3]), l);
        assertEquals(null, seen.put(BruteForce.key(a, b), l), "pair written twice: " + l);
      }
      assertEquals(bf.pairs.size(), seen.size(), "pairs written by " + out);
    }

    // the top-k lines exactly, and the same bytes whatever the blocks, splits and reducers
    List<String> top1 = lines(new Path("/raw1"), "part-");
    List<String> top7 = lines(new Path("/raw7"), "part-");
    top7.sort((x, y) -> Integer.compare(Integer.parseInt(x.split("\t")[0]), Integer.parseInt(y.split("\t")[0])));
    assertEquals(top1, top7);
    assertEquals(bf.byFilm.size(), top1.size());
    for (String l : top1) {
      int film = Integer.parseInt(l.split("\t")[0]);
      assertEquals(bf.line(film, 5), l);
    }
    // the work: every user's ratings, n(n-1)/2 pair updates each
    long work = data.byUser.values().stream().mapToLong(m -> (long) m.size() * (m.size() - 1) / 2).sum();
    assertEquals(work, one.pairUpdates());
    assertEquals(work, many.pairUpdates());
    assertEquals(data.ratings(), one.ratings());
    assertEquals(data.ratings(), many.ratings());
    assertEquals(data.byUser.size(), one.users());
    assertEquals(data.byUser.size(), many.users());
    assertEquals(one.filmsOneRater(), many.filmsOneRater());
    assertEquals(one.usersOneRating(), many.usersOneRating());
  }

  static Result defaults;

  /** knn with the default settings, run once for the tests that read it. */
  static synchronized Path defaultsOutput() throws IOException {
    if (defaults == null) {
      defaults = KnnTool.run(smallSplits(), ds, new Path("/defaults"), Settings.defaults().withBlocks(3), null);
    }
    return new Path("/defaults");
  }

  @Test
  void defaultsShrinkAndNeedCommonRatersAndCountTheEdgeCases() throws IOException {
    Params d = Params.defaults();
    BruteForce bf = new BruteForce(data.byUser, d);
    defaultsOutput();
    Result r = defaults;
    List<String> top = lines(new Path("/defaults"), "part-");
    for (String l : top) {
      int film = Integer.parseInt(l.split("\t")[0]);
      assertEquals(bf.line(film, d.k()), l);
    }
    assertTrue(top.contains(Integer.toString(data.oneRaterFilm)), "the film with one rater has an empty line");
    assertTrue(top.contains(Integer.toString(data.constantFilm)), "the constant film has an empty line");
    assertEquals(data.byUser.values().stream().filter(m -> m.size() == 1).count(), r.usersOneRating());
    assertTrue(r.usersOneRating() >= 1);
    assertEquals(bf.byFilm.values().stream().filter(m -> m.size() == 1).count(), r.filmsOneRater());
    assertTrue(r.filmsOneRater() >= 1);
    long empty = top.stream().filter(l -> !l.contains("\t")).count();
    assertEquals(empty, r.filmsWithoutNeighbours());
    assertTrue(empty >= 2);
  }

  @Test
  void neighboursPrintsATableByTitleOrIdAndExplainsBadQueries() throws IOException {
    Path out = defaultsOutput();
    List<NeighboursTool.Neighbour> expected = NeighboursTool.read(conf, out, 7);
    assertNotNull(expected);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    NeighboursTool.print(conf, out, ds, "film number 7", 3, new PrintStream(buf, true, StandardCharsets.UTF_8));
    String table = buf.toString(StandardCharsets.UTF_8);
    assertTrue(table.startsWith("Neighbours of Film Number 7 (1957), film 7:"), table);
    String[] rows = table.split("\n");
    assertEquals(2 + Math.min(3, expected.size()), rows.length, table);
    assertTrue(rows[2].contains("Film Number " + expected.get(0).id()), table);
    assertTrue(rows[2].trim().startsWith("1 "), table);

    ByteArrayOutputStream byId = new ByteArrayOutputStream();
    NeighboursTool.print(conf, out, ds, "7", 3, new PrintStream(byId, true, StandardCharsets.UTF_8));
    assertEquals(table, byId.toString(StandardCharsets.UTF_8));

    ByteArrayOutputStream lonely = new ByteArrayOutputStream();
    NeighboursTool.print(conf, out, ds, "the lonely film", 3, new PrintStream(lonely, true, StandardCharsets.UTF_8));
    assertTrue(lonely.toString(StandardCharsets.UTF_8).contains("none"));

    UsageException none = assertThrows(UsageException.class,
        () -> NeighboursTool.print(conf, out, ds, "Return of the Jedi", 3, new PrintStream(new ByteArrayOutputStream())));
    assertTrue(none.getMessage().contains("no film matches 'Return of the Jedi'"), none.getMessage());
    ByteArrayOutputStream listed = new ByteArrayOutputStream();
    UsageException several = assertThrows(UsageException.class,
        () -> NeighboursTool.print(conf, out, ds, "Film Number Twin", 3, new PrintStream(listed, true, StandardCharsets.UTF_8)));
    assertTrue(several.getMessage().startsWith("2 films match"), several.getMessage());
    assertTrue(listed.toString(StandardCharsets.UTF_8).contains("Film Number Twin (2001)"));
    // a title with no ratings is explained, not a stack trace
    UsageException unrated = assertThrows(UsageException.class,
        () -> NeighboursTool.print(conf, out, ds, "Film Number Twin (1999)", 3, new PrintStream(new ByteArrayOutputStream())));
    assertTrue(unrated.getMessage().contains("no ratings"), unrated.getMessage());
  }

  @Test
  void refusesAnExistingOutputAndADirectoryThatIsNoDataSet() throws IOException {
    FileSystem fs = FileSystem.get(conf);
    fs.mkdirs(new Path("/exists"));
    UsageException e = assertThrows(UsageException.class,
        () -> KnnTool.run(conf, ds, new Path("/exists"), Settings.defaults(), null));
    assertTrue(e.getMessage().contains("already exists"));
    UsageException e2 = assertThrows(UsageException.class,
        () -> KnnTool.run(conf, Dataset.at("/nowhere"), new Path("/x"), Settings.defaults(), null));
    assertTrue(e2.getMessage().contains("not an imported data set"));
  }
}
