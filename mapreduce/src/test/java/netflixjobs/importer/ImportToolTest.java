package netflixjobs.importer;

import netflixjobs.ProgramRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.GZIPOutputStream;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netflixjobs.cli.Cli;
import netflixjobs.cli.Embedded;
import netflixjobs.generate.Generator;
import netflixjobs.ratings.Dataset;
import netflixjobs.ratings.Titles;

/** Whole import runs on an in-process HDFS, checked against the input files line by line. */
class ImportToolTest {
  @TempDir
  static Path tmp;
  private static Embedded cluster;
  private static Configuration conf;

  @BeforeAll
  static void start() throws IOException {
    cluster = Embedded.hdfs(tmp.resolve("dfs").toFile(), 2);
    conf = cluster.conf();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** Runs import and returns exit code and what it printed. */
  private static ProgramRun run(String... args) {
    return ProgramRun.of(conf, "import", args);
  }

  private static Path write(String rel, String text) throws IOException {
    Path p = tmp.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  /** Every rating of a data set directory, "user,movie,halfStars". */
  private static Map<String, Integer> read(org.apache.hadoop.fs.Path dir) throws IOException {
    Map<String, Integer> m = new HashMap<>();
    Dataset.forEach(conf, dir, (u, mv, h, d) -> assertEquals(null, m.put(u + "," + mv, h), "pair twice"));
    return m;
  }

  @Test
  void netflixLayoutWithProbeTitlesAndBadLines() throws IOException {
    // 3 movies; probe lists two ratings and one that does not exist; bad lines of several kinds
    write("nf/training_set/mv_0000001.txt", "1:\n10,4,2005-09-06\n11,3,2005-09-07\n12,6,2005-01-01\n10,2,2004-09-06\n");
    write("nf/training_set/mv_0000002.txt", "\uFEFF2:\r\n10,5,2004-01-01\r\n13,2,2004-02-30\r\n14,x,2004-01-01\r\n11,1,2004-03-03");
    Path gz = tmp.resolve("nf/training_set/mv_0000003.txt.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      o.write("3:\n10,1,2003-03-03\n15,5,2003-03-04\n".getBytes(StandardCharsets.UTF_8));
    }
    write("nf/probe.txt", "1:\n11\n2:\n10\n99\n");
    write("nf/movie_titles.txt", "1,2003,Dinosaur Planet\n2,NULL,Isle of Man, The Road\n3,1997,Character\n");
    write("nf/README", "not data\n");
    ProgramRun r = run(tmp.resolve("nf").toString(), "nf-ds");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("check    8 good + 5 bad = 13 read"), r.out());
    assertTrue(r.err().contains("skipping") && r.err().contains("README"), r.err());

    Map<String, Integer> ratings = read(new org.apache.hadoop.fs.Path("nf-ds/ratings"));
    Map<String, Integer> probe = read(new org.apache.hadoop.fs.Path("nf-ds/probe"));
    assertEquals(Map.of("10,1", 8, "10,3", 2, "15,3", 10, "11,2", 2), ratings, "latest duplicate kept, probe pairs moved");
    assertEquals(Map.of("11,1", 6, "10,2", 10), probe);
    Titles t = Titles.read(conf, Dataset.at("nf-ds"));
    assertEquals("Isle of Man, The Road", t.get(2).title());
    assertEquals(0, t.get(2).year());
    assertEquals(1, t.find("dinosaur planet").size());
    Properties p = new Properties();
    try (var in = org.apache.hadoop.fs.FileSystem.get(conf).open(Dataset.at("nf-ds").properties())) {
      p.load(in);
    }
    assertEquals("4", p.getProperty("ratings"));
    assertEquals("3", p.getProperty("users"));
  }

  @Test
  void inputsOnHdfsReadTheSameAsLocalOnes() throws IOException {
    for (int m = 1; m <= 5; m++) { // enough files in one directory to be listed as a directory
      write("hdfs-in/training_set/mv_000000" + m + ".txt", m + ":\n" + (10 + m) + ",4,2005-09-06\n20,3,2005-09-07\n");
    }
    write("hdfs-in/probe.txt", "1:\n20\n");
    org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.get(conf);
    fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(tmp.resolve("hdfs-in").toUri()), new org.apache.hadoop.fs.Path("hdfs-in"));
    ProgramRun local = run(tmp.resolve("hdfs-in").toString(), "local-in-ds");
    ProgramRun remote = run("hdfs-in", "hdfs-in-ds");
    assertEquals(0, remote.code(), remote.err());
    assertTrue(remote.out().contains("check    11 good + 0 bad = 11 read"), remote.out());
    assertTrue(remote.out().contains("1 matched from probe files"), remote.out());
    assertEquals(read(new org.apache.hadoop.fs.Path("local-in-ds/ratings")), read(new org.apache.hadoop.fs.Path("hdfs-in-ds/ratings")));
    assertEquals(read(new org.apache.hadoop.fs.Path("local-in-ds/probe")), read(new org.apache.hadoop.fs.Path("hdfs-in-ds/probe")));
    assertEquals(0, local.code(), local.err());
  }

  @Test
  void movieLensWithHeldOutSplitIsDeterministic() throws IOException {
    StringBuilder sb = new StringBuilder();
    Map<String, Integer> expected = new HashMap<>();
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
    for (int u = 1; u <= 200; u++) {
      for (int m = 1; m <= 40; m++) {
        if (rnd.nextInt(3) == 0) {
          int half = 1 + rnd.nextInt(10);
          sb.append(u).append("::").append(m).append("::").append(half / 2).append(half % 2 == 1 ? ".5" : "")
              .append("::").append(978300760L + u).append('\n');
          expected.put(u + "," + m, half);
        }
      }
    }
    write("ml/ratings.dat", sb.toString());
    write("ml/movies.dat", "1::Toy Story (1995)::Animation\n2::Empire Strikes Back, The (1980)::Action\n");
    assertEquals(0, run("--probe-fraction", "0.2", "--seed", "9", "--files", "3", tmp.resolve("ml").toString(), "ml-a").code());
    assertEquals(0, run("--probe-fraction", "0.2", "--seed", "9", "--files", "5", tmp.resolve("ml").toString(), "ml-b").code());
    Map<String, Integer> ra = read(new org.apache.hadoop.fs.Path("ml-a/ratings"));
    Map<String, Integer> pa = read(new org.apache.hadoop.fs.Path("ml-a/probe"));
    assertEquals(ra, read(new org.apache.hadoop.fs.Path("ml-b/ratings")), "split does not depend on file count");
    assertEquals(pa, read(new org.apache.hadoop.fs.Path("ml-b/probe")));
    Map<String, Integer> all = new HashMap<>(ra);
    all.putAll(pa);
    assertEquals(expected, all, "every rating lands once, unchanged");
    assertEquals(0.2, pa.size() / (double) expected.size(), 0.04);
    assertEquals(3, Dataset.partFiles(conf, new org.apache.hadoop.fs.Path("ml-a/ratings")).size());
    assertEquals("The Empire Strikes Back", Titles.read(conf, Dataset.at("ml-a")).get(2).title());
    // each part file is sorted by (user, movie) and no user spans two files
    Map<Integer, Integer> fileOfUser = new HashMap<>();
    List<org.apache.hadoop.fs.Path> parts = Dataset.partFiles(conf, new org.apache.hadoop.fs.Path("ml-a/ratings"));
    for (int i = 0; i < parts.size(); i++) {
      int file = i;
      long[] last = {-1};
      Dataset.forEach(conf, parts.get(i), (u, m, h, d) -> {
        long k = (long) u << 32 | m;
        assertTrue(k > last[0], "sorted");
        last[0] = k;
        assertEquals(file, fileOfUser.merge(u, file, (x, y) -> x));
      });
    }
  }

  @Test
  void aGeneratedScaleHundredthIsImportedWithEveryRecordAccountedFor() throws Exception {
    Path dir = tmp.resolve("gen");
    Generator.Summary g = Generator.write(dir, 0.01, 5);
    ProgramRun r = run(dir.toString(), "gen-ds");
    assertEquals(0, r.code(), r.err());
    long read = g.ratings() + g.probe(); // every rating line, and every probe line
    assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "check    %,d good + 0 bad = %,d read", read, read)), r.out());
    long[] n = {0, 0};
    Dataset.forEach(conf, Dataset.at("gen-ds").ratings(), (u, m, h, d) -> n[0]++);
    Dataset.forEach(conf, Dataset.at("gen-ds").probe(), (u, m, h, d) -> n[1]++);
    assertEquals(g.ratings() - g.probe(), n[0], "training = generated ratings less the probe ones");
    assertEquals(g.probe(), n[1]);
    assertEquals(g.movies(), Titles.read(conf, Dataset.at("gen-ds")).size());

    // dfs -text shows readable records: user, movie, rating, date
    ProgramRun text = ProgramRun.of(conf, "dfs", "-text", "gen-ds/ratings/part-r-00000");
    assertEquals(0, text.code(), text.err());
    String first = text.out().lines().findFirst().orElseThrow();
    assertTrue(first.matches("\\d+\t\\d+\t[1-5]\t(199\\d|200\\d)-\\d\\d-\\d\\d"), first);
  }

  @Test
  void tooManyBadLinesFailNamingTheFirst() throws IOException {
    write("bad/r.csv", "1,2,3\n1,3,4\n1,4,9\n2,2,x\n2,3,1\n");
    ProgramRun r = run("--max-bad", "1", tmp.resolve("bad").toString(), "bad-ds");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("r.csv:3: rating out of range"), r.err());
    assertFalse(org.apache.hadoop.fs.FileSystem.get(conf).exists(new org.apache.hadoop.fs.Path("bad-ds")));
    assertEquals(0, run("--max-bad", "40%", tmp.resolve("bad").toString(), "bad-ds").code());
  }

  @Test
  void unusableInputsGiveOneSentenceAndExitTwo() throws IOException {
    write("empty/e.csv", "");
    write("ok/r.csv", "1,2,3\n");
    List<ProgramRun> rs = new ArrayList<>();
    rs.add(run(tmp.resolve("nope").toString(), "x1"));
    rs.add(run(tmp.resolve("empty").toString(), "x2"));
    rs.add(run(tmp.resolve("empty/e.csv").toString(), "x3"));
    rs.add(run(write("junk/j.txt", "hello\n").toString(), "x4"));
    rs.add(run(tmp.resolve("ok").toString()));
    assertEquals(0, run(tmp.resolve("ok").toString(), "exists").code());
    rs.add(run(tmp.resolve("ok").toString(), "exists"));
    rs.add(run("--max-bad", "lots", tmp.resolve("ok").toString(), "x5"));
    for (ProgramRun r : rs) {
      assertEquals(2, r.code(), r.err());
      assertEquals(1, r.err().strip().lines().count(), "one sentence: " + r.err());
      assertFalse(r.err().contains("Exception"), r.err());
    }
    assertTrue(rs.get(5).err().contains("already exists"));
  }
}
