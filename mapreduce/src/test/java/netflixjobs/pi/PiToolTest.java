package netflixjobs.pi;

import netflixjobs.Programs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import netflixjobs.cli.Cli;
import netflixjobs.cli.Embedded;
import netflixjobs.pi.PiTool.Tally;

/** The whole job on an in-process HDFS with the local runner, against brute force. */
class PiToolTest {
  @TempDir
  static File dir;
  private static Embedded cluster;
  private static Configuration conf;

  @BeforeAll
  static void start() throws IOException {
    cluster = Embedded.hdfs(new File(dir, "dfs"), 1);
    conf = cluster.conf();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Runs {@code pi ARGS} as bin/netflix-jobs would; returns exit code and standard output. */
  private static String[] run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Programs.run(new Configuration(conf), "pi", args);
    } finally {
      System.setOut(old);
    }
    return new String[] {Integer.toString(code), buf.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void clusterMapJvmsGetTheVectorModuleOnce() {
    Configuration c = new Configuration(false);
    assertEquals("--add-modules=jdk.incubator.vector", PiTool.mapJavaOpts(c));
    c.set("mapred.child.java.opts", "-Xmx300m");
    assertEquals("-Xmx300m --add-modules=jdk.incubator.vector", PiTool.mapJavaOpts(c));
    c.set("mapreduce.map.java.opts", "-Xmx1638m -XX:+UseSerialGC");
    assertEquals("-Xmx1638m -XX:+UseSerialGC --add-modules=jdk.incubator.vector", PiTool.mapJavaOpts(c));
    c.set("mapreduce.map.java.opts", "--add-modules=jdk.incubator.vector -Xmx1g");
    assertEquals("--add-modules=jdk.incubator.vector -Xmx1g", PiTool.mapJavaOpts(c));
  }

  @Test
  void haltonPrintsHadoopsValues() {
    String[] a = run("--maps", "10", "--samples", "1000", "--method", "halton", "halton-1000");
    assertEquals("0", a[0]);
    assertTrue(a[1].startsWith("estimate\t3.1408\n"), a[1]);
    String[] b = run("--maps", "10", "--samples", "100", "--method", "HALTON", "halton-100");
    assertEquals("0", b[0]);
    assertTrue(b[1].startsWith("estimate\t3.148\n"), b[1]);
  }

  @Test
  void seededRunMatchesBruteForceAndIsReproducible() throws IOException {
    int maps = 3;
    long n = 400_000;
    PiResult r = PiTool.estimatePi(conf, maps, n, Method.RANDOM, 42, new Path("random-3"));
    long[] perMap = new long[maps];
    long hits = 0;
    for (int i = 0; i < maps; i++) {
      perMap[i] = DartsTest.bruteForce(Darts.stream(42, i)::nextLong, n);
      hits += perMap[i];
    }
    assertEquals(maps * n, r.samples());
    assertEquals(hits, r.hits());
    double z = (r.estimate().doubleValue() - Math.PI) / r.standardError();
    assertTrue(Math.abs(z) < 5, r.estimate() + " is " + z + " standard errors from pi");

    TreeMap<String, Tally> tallies = PiTool.readTallies(conf, new Path("random-3"));
    for (int i = 0; i < maps; i++) {
      assertEquals(new Tally(n, perMap[i]), tallies.get(Integer.toString(i)), "map " + i);
    }
    assertEquals(new Tally(maps * n, hits), tallies.get("total"));

    FileSystem fs = FileSystem.get(conf);
    String record = new String(fs.open(new Path("random-3/" + PiTool.RESULT_FILE)).readAllBytes(),
        StandardCharsets.UTF_8);
    assertEquals(r.text().replaceAll("seconds\t.*\n", ""), record.replaceAll("seconds\t.*\n", ""));
    assertTrue(record.contains("hits\t" + hits + "\n"), record);

    // Determinism, as documented: same seed and maps, same counts to the last dart; with one more
    // map, the first maps' counts are unchanged and the new map brings its own stream.
    PiResult again = PiTool.estimatePi(conf, maps, n, Method.RANDOM, 42, new Path("random-3-again"));
    assertEquals(r.hits(), again.hits());
    assertEquals(r.estimate(), again.estimate());
    PiResult more = PiTool.estimatePi(conf, maps + 1, n, Method.RANDOM, 42, new Path("random-4"));
    TreeMap<String, Tally> four = PiTool.readTallies(conf, new Path("random-4"));
    for (int i = 0; i < maps; i++) {
      assertEquals(tallies.get(Integer.toString(i)), four.get(Integer.toString(i)), "map " + i);
    }
    assertEquals(hits + DartsTest.bruteForce(Darts.stream(42, maps)::nextLong, n), more.hits());
  }

  @Test
  void smallChunksGiveTheSameCountsAsOne() throws IOException {
    Configuration small = new Configuration(conf);
    small.setLong(PiConf.CHUNK, 777);
    PiResult chunked = PiTool.estimatePi(small, 2, 10_000, Method.RANDOM, -3, new Path("chunked"));
    long expected = DartsTest.bruteForce(Darts.stream(-3, 0)::nextLong, 10_000) + DartsTest.bruteForce(Darts.stream(-3, 1)::nextLong, 10_000);
    assertEquals(expected, chunked.hits());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "--maps 0", "--maps -2", "--maps many", "--samples 0", "--samples -5", "--samples 1.5",
      "--method sobol", "--maps 100000 --samples 10^12", "--frobnicate", "one two", "--maps"})
  void badArgumentsExitWithTwo(String args) {
    assertEquals("2", run(args.split(" "))[0], args);
  }

  @Test
  void helpPrintsUsageAndRunsNothing() {
    String[] r = run("--help");
    assertEquals("0", r[0]);
    assertTrue(r[1].startsWith("usage: pi [--maps M]"), r[1]);
  }

  @Test
  void existingOutputIsRefused() throws IOException {
    FileSystem.get(conf).mkdirs(new Path("taken"));
    String[] r = run("--maps", "1", "--samples", "10", "taken");
    assertEquals("2", r[0]);
    assertEquals("", r[1]);
  }
}
