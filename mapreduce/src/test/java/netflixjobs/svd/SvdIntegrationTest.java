package netflixjobs.svd;

import netflixjobs.Programs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IOUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netflixjobs.cli.Cli;
import netflixjobs.cli.Embedded;
import netflixjobs.ratings.Dataset;
import netflixjobs.svd.model.Blocks;
import netflixjobs.svd.model.FactorTable;
import netflixjobs.svd.model.Params;
import netflixjobs.svd.model.Sgd;
import netflixjobs.svd.train.Trainer;

/** The svd program and its readers on an in-process HDFS, against in-memory computations. */
class SvdIntegrationTest {
  @TempDir
  static File tmp;
  static Embedded cluster;
  static Configuration conf;
  static FileSystem fs;
  static Planted data;
  static Dataset ds;
  static Trainer.Result four;

  @BeforeAll
  static void start() throws IOException {
    cluster = Embedded.hdfs(new File(tmp, "dfs"), 1);
    conf = cluster.conf();
    fs = FileSystem.get(conf);
    data = Planted.make(120, 60, 2, 0.5, 0.4, 0.05, 11);
    ds = Dataset.at("/data");
    data.write(conf, ds);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  static Params params(int blocks) {
    return new Params(6, blocks, 0.01, 0.9, 0.05, 0.1, 5, 0, 1, 5);
  }

  static Trainer.Result train(String model, int blocks, int epochs, boolean resume) throws IOException {
    return train(model, blocks, epochs, resume, false);
  }

  static Trainer.Result train(String model, int blocks, int epochs, boolean resume, boolean keepBlocks) throws IOException {
    return new Trainer(conf, ds, new Path(model), new PrintStream(new ByteArrayOutputStream()))
        .train(new Trainer.Options(params(blocks), epochs, 0, resume, keepBlocks, Set.of()));
  }

  /** Four epochs of two blocks, trained once for the tests that read it. */
  static synchronized Trainer.Result fourEpochs() throws IOException {
    if (four == null) {
      four = train("/m4", 2, 4, false);
    }
    return four;
  }

  @Test
  void oneEpochOfOneBlockEqualsInMemorySgdOverTheSameRatings() throws IOException {
    Trainer.Result r = train("/m1", 1, 1, false);
    InMemorySgd ref = new InMemorySgd(r.params(), data.trainU, data.trainM, data.trainH);
    double trainRmse = ref.epoch();
    assertEquals(InMemorySgd.withData(params(1), data.trainH), r.params(), "mean and range as in memory");
    SvdModel m = SvdModel.open(conf, "/m1");
    sameTable(ref.users(), m.all(Blocks.USER), 1e-9);
    sameTable(ref.movies(), m.all(Blocks.MOVIE), 1e-9);
    assertEquals(trainRmse, r.epochs().get(0).trainRmse(), 1e-6);
    assertEquals(ref.rmse(data.probeU, data.probeM, data.probeH), r.epochs().get(0).probeRmse(), 1e-6);
  }

  static void sameTable(FactorTable expected, FactorTable actual, double delta) {
    assertEquals(expected.size(), actual.size());
    int f = expected.factors();
    for (int r = 0; r < expected.size(); r++) {
      int a = actual.row(expected.id(r));
      assertTrue(a >= 0, "id " + expected.id(r));
      assertEquals(expected.bias(r), actual.bias(a), delta);
      for (int k = 0; k < f; k++) {
        assertEquals(expected.vectors()[r * f + k], actual.vectors()[a * f + k], delta);
      }
    }
  }

  @Test
  void twoBlocksFollowTheStratifiedScheduleExactly() throws IOException {
    Trainer.Result r = fourEpochs();
    Params p = r.params();
    int d = p.blocks();
    // in memory: block (i, j) in training order; sub-epoch s visits blocks (i, (i + s) mod d), i = 0..d-1
    FactorTable users = new FactorTable(p.factors());
    FactorTable movies = new FactorTable(p.factors());
    int[][][] ur = new int[d][d][];
    int[][][] mr = new int[d][d][];
    byte[][][] hs = new byte[d][d][];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        List<Integer> in = new ArrayList<>();
        for (int k = 0; k < data.trainU.length; k++) {
          if (Blocks.of(data.trainU[k], d) == i && Blocks.of(data.trainM[k], d) == j) {
            in.add(k);
          }
        }
        int[] us = in.stream().mapToInt(k -> data.trainU[k]).toArray();
        int[] ms = in.stream().mapToInt(k -> data.trainM[k]).toArray();
        int[] idx = InMemorySgd.order(p.seed(), us, ms);
        int[] u = Arrays.stream(idx).map(k -> us[k]).toArray();
        int[] m = Arrays.stream(idx).map(k -> ms[k]).toArray();
        hs[i][j] = new byte[idx.length];
        for (int k = 0; k < idx.length; k++) {
          hs[i][j][k] = data.trainH[in.get(idx[k])];
        }
        ur[i][j] = u;
        mr[i][j] = m;
      }
    }
    for (int e = 0; e < 4; e++) {
      for (int s = 0; s < d; s++) {
        for (int i = 0; i < d; i++) {
          int j = (i + s) % d;
          int n = hs[i][j].length;
          Sgd.pass(n, Sgd.rows(n, ur[i][j], users, Blocks.USER, p), Sgd.rows(n, mr[i][j], movies, Blocks.MOVIE, p),
              hs[i][j], users, movies, p, e + 1);
        }
      }
    }
    SvdModel m = SvdModel.open(conf, "/m4");
    sameTable(users, m.all(Blocks.USER), 0);
    sameTable(movies, m.all(Blocks.MOVIE), 0);
  }

  @Test
  void rmseFallsOverEpochsAndTheModelHoldsSummaryAndPlot() throws IOException {
    Trainer.Result r = fourEpochs();
    assertEquals(4, r.epochs().size());
    for (int i = 1; i < 4; i++) {
      assertTrue(r.epochs().get(i).trainRmse() < r.epochs().get(i - 1).trainRmse(), "train RMSE falls at " + (i + 1));
      assertTrue(r.epochs().get(i).probeRmse() < r.epochs().get(i - 1).probeRmse(), "probe RMSE falls at " + (i + 1));
    }
    assertEquals(data.probeH.length, r.epochs().get(3).probeRatings());
    String summary = text(new Path("/m4/summary.json"));
    assertTrue(summary.contains("\"finalEpoch\" : 4"), summary);
    byte[] png = new byte[8];
    try (InputStream in = fs.open(new Path("/m4/rmse.png"))) {
      IOUtils.readFully(in, png, 0, 8);
    }
    assertEquals("PNG", new String(png, 1, 3, StandardCharsets.US_ASCII));
    assertFalse(fs.exists(new Path("/m4/blocks")), "blocks are removed after training");
    assertTrue(fs.exists(new Path("/m4/epoch-003/checkpoint.json")));
    assertFalse(fs.exists(new Path("/m4/epoch-002/users-00000")), "old epochs keep only their checkpoint");
  }

  @Test
  void aResumedRunEndsWithTheSameFactorsAsAnUninterruptedOne() throws IOException {
    fourEpochs();
    train("/m2", 2, 2, false, true);
    assertTrue(fs.exists(new Path("/m2/blocks/_SUCCESS")), "--keep-blocks");
    // then a run that died inside epoch 3
    fs.mkdirs(new Path("/m2/epoch-003/sub-0"));
    fs.create(new Path("/m2/epoch-003/sub-0/users-00000")).close();
    assertEquals(0, Programs.run(conf, "svd", new String[] {"--blocks", "2", "--resume", "--epochs", "4", "/data", "/m2"}));
    assertEquals(0, Programs.run(conf, "svd", new String[] {"--resume", "--epochs", "4", "/data", "/m2"}),
        "resuming a finished run is harmless");
    FileStatus[] a = fs.listStatus(new Path("/m4/factors"));
    FileStatus[] b = fs.listStatus(new Path("/m2/factors"));
    assertEquals(4, a.length);
    assertEquals(a.length, b.length);
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i].getPath().getName(), b[i].getPath().getName());
      assertArrayEquals(bytes(a[i].getPath()), bytes(b[i].getPath()), a[i].getPath().getName());
    }
  }

  @Test
  void predictRmseAndRecommendReadTheModel() throws IOException {
    Trainer.Result r = fourEpochs();
    SvdModel m = SvdModel.open(conf, "/m4");
    FactorTable users = m.all(Blocks.USER);
    FactorTable movies = m.all(Blocks.MOVIE);
    int user = data.trainU[0];
    int movie = data.trainM[5];
    String out = run("predict", "/m4", "" + user, "" + movie);
    double expected = Sgd.predict(m.params(), users, users.row(user), movies, movies.row(movie));
    assertEquals(expected, Double.parseDouble(out.split("\t")[0]), 0.0005);
    assertTrue(out.contains("factors"), out);
    String stranger = run("predict", "/m4", "5", "" + movie);
    assertTrue(stranger.contains("user not in the model"), stranger);
    assertEquals(m.params().clip(m.params().mu() + movies.bias(movies.row(movie))),
        Double.parseDouble(stranger.split("\t")[0]), 0.0005);

    String rmse = run("rmse", "/m4", "/data/probe");
    assertEquals(r.epochs().get(3).probeRmse(), Double.parseDouble(rmse.split("\\s+")[1]), 1e-5);

    String rec = run("recommend", "--n", "5", "/m4", "/data", "" + user);
    List<Integer> rated = new ArrayList<>();
    for (int i = 0; i < data.trainU.length; i++) {
      if (data.trainU[i] == user) {
        rated.add(data.trainM[i]);
      }
    }
    // brute force: every unrated film by prediction, best first
    List<double[]> all = new ArrayList<>();
    for (int k = 0; k < movies.size(); k++) {
      if (!rated.contains(movies.id(k))) {
        all.add(new double[] {Sgd.predict(m.params(), users, users.row(user), movies, k), movies.id(k)});
      }
    }
    all.sort((x, y) -> x[0] != y[0] ? Double.compare(y[0], x[0]) : Double.compare(x[1], y[1]));
    String[] lines = rec.strip().split("\n");
    assertEquals(6, lines.length, rec);
    for (int k = 0; k < 5; k++) {
      String[] f = lines[k + 1].split("\t");
      assertEquals((int) all.get(k)[1], Integer.parseInt(f[2]), rec);
      assertEquals("Film number " + f[2] + " (" + (1990 + Integer.parseInt(f[2]) % 20) + ")", f[3]);
    }
    assertEquals(rated.size(), RatedMovies.of(conf, ds.ratings(), user).length);
    int last = data.trainU[data.trainU.length - 1];
    int[] lastRated = Arrays.stream(indicesOf(last)).map(i -> data.trainM[i]).sorted().toArray();
    assertArrayEquals(lastRated, RatedMovies.of(conf, ds.ratings(), last));
  }

  private static int[] indicesOf(int user) {
    return java.util.stream.IntStream.range(0, data.trainU.length).filter(i -> data.trainU[i] == user).toArray();
  }

  @Test
  void badArgumentsExitWithCodeTwo() throws IOException {
    fourEpochs();
    String[][] bad = {
        {"--factors", "0", "/data", "/new"},
        {"--epochs", "0", "/data", "/new"},
        {"--lr", "0", "/data", "/new"},
        {"--lr", "1.5", "/data", "/new"},
        {"--reg", "-1", "/data", "/new"},
        {"/data", "/m4"},
        {"--resume", "/data", "/nothing-here"},
        {"--resume", "--factors", "9", "/data", "/m4"},
        {"/no-data", "/new"},
    };
    for (String[] args : bad) {
      assertEquals(Cli.USAGE, Programs.run(conf, "svd", args), String.join(" ", args));
    }
    assertFalse(fs.exists(new Path("/new")));
    assertEquals(Cli.USAGE, Programs.run(conf, "predict", new String[] {"/nothing-here", "1", "2"}));
    assertEquals(Cli.USAGE, Programs.run(conf, "predict", new String[] {"/m4", "x", "2"}));
    assertEquals(Cli.USAGE, Programs.run(conf, "rmse", new String[] {"/m4", "/data"}));
  }

  static String run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Programs.run(conf, args[0], Arrays.copyOfRange(args, 1, args.length));
    } finally {
      System.setOut(old);
    }
    assertEquals(0, code, String.join(" ", args));
    return buf.toString(StandardCharsets.UTF_8);
  }

  static String text(Path p) throws IOException {
    return new String(bytes(p), StandardCharsets.UTF_8);
  }

  static byte[] bytes(Path p) throws IOException {
    try (InputStream in = fs.open(p)) {
      return in.readAllBytes();
    }
  }
}
