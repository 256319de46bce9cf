package netflixjobs.generate;

import netflixjobs.Programs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netflixjobs.cli.Cli;
import netflixjobs.common.UsageException;

class GenerateToolTest {
  @TempDir
  Path tmp;

  private int run(String... args) {
    return Programs.run(new Configuration(), "generate", args);
  }

  @Test
  void aTinySetIsWrittenAndSummarised() throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = run("--scale", "1e-4", "--seed", "3", tmp.resolve("tiny").toString());
    } finally {
      System.setOut(old);
    }
    assertEquals(0, code);
    String text = out.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("178 movies") && text.contains("noise floor RMSE"), text);
    assertTrue(Files.isRegularFile(tmp.resolve("tiny/training_set/mv_0000178.txt")));
    assertTrue(Files.readString(tmp.resolve("tiny/generator.properties")).contains("seed=3\n"));
  }

  @Test
  void theModelOptionsAreHonouredAndRecorded() throws Exception {
    Path dir = tmp.resolve("easy");
    assertEquals(0, run("--scale", "2e-4", "--seed", "5", "--factors", "4", "--noise", "0.5",
        "--threads", "3", dir.toString()));
    GeneratedData data = GeneratedData.read(dir);
    assertEquals(4, data.longProperty("factors"));
    assertEquals(0.5, data.doubleProperty("noiseSigma"));
    Model model = Model.build(2e-4, 5, 4, 0.5);
    double[] sse = GeneratorTest.probeSquaredErrors(data, model);
    assertEquals(data.doubleProperty("noiseFloorRmse"), Math.sqrt(sse[0] / data.probe.size()), 1e-9);
    assertEquals(Cli.USAGE, run("--scale", "2e-4", "--factors", "0", tmp.resolve("f").toString()));
    assertEquals(Cli.USAGE, run("--scale", "2e-4", "--noise", "-1", tmp.resolve("f").toString()));
  }

  @Test
  void badArgumentsExitWithCodeTwo() throws Exception {
    assertEquals(Cli.USAGE, run("--scale", "0", tmp.resolve("x").toString()));
    assertEquals(Cli.USAGE, run("--scale", "-1", tmp.resolve("x").toString()));
    assertEquals(Cli.USAGE, run("--scale", "11", tmp.resolve("x").toString()));
    assertEquals(Cli.USAGE, run("--scale", "abc", tmp.resolve("x").toString()));
    assertEquals(Cli.USAGE, run(tmp.resolve("x").toString()), "--scale is required");
    assertEquals(Cli.USAGE, run("--scale", "0.001"), "the directory is required");
    assertEquals(Cli.USAGE, run("--scale", "0.001", "hdfs://namenode/user/x"));
    Files.createDirectories(tmp.resolve("full"));
    Files.writeString(tmp.resolve("full/file"), "x");
    assertEquals(Cli.USAGE, run("--scale", "0.001", tmp.resolve("full").toString()));
    assertEquals(Cli.USAGE, run("--scale", "0.001", tmp.resolve("full/file").toString()));
    assertEquals(Cli.USAGE, run("--scale", "0.001", tmp.resolve("full/file/below").toString()));
    assertEquals(1, Files.list(tmp.resolve("full")).count(), "nothing written into a refused directory");
  }

  @Test
  void theLibraryRefusesTheSameWayInOneSentence() throws Exception {
    Files.createDirectories(tmp.resolve("full"));
    Files.writeString(tmp.resolve("full/a"), "x");
    UsageException e = assertThrows(UsageException.class, () -> Generator.write(tmp.resolve("full"), 0.001, 1));
    assertTrue(e.getMessage().contains("not empty"), e.getMessage());
    e = assertThrows(UsageException.class, () -> Generator.write(tmp.resolve("new"), 10.5, 1));
    assertTrue(e.getMessage().contains("--scale"), e.getMessage());
    assertTrue(!Files.exists(tmp.resolve("new")), "a refused run creates nothing");
  }

  @Test
  void anEmptyExistingDirectoryIsFine() throws Exception {
    Files.createDirectories(tmp.resolve("empty"));
    assertEquals(0, run("--scale", "1e-5", tmp.resolve("empty").toString()));
    assertTrue(Files.isRegularFile(tmp.resolve("empty/probe.txt")));
  }

  @Test
  void fileUrisAreLocalPaths() {
    assertEquals(Path.of("/tmp/x"), GenerateTool.localPath("file:///tmp/x"));
    assertEquals(Path.of("rel/dir"), GenerateTool.localPath("rel/dir"));
    assertThrows(UsageException.class, () -> GenerateTool.localPath("s3a://bucket/x"));
  }
}
