package netflixjobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netflixjobs.Programs;
import netflixjobs.common.UsageException;

class EmbeddedTest {
  @TempDir
  Path tmp;

  @Test
  void theEmbeddedHdfsKeepsItsDataBetweenRuns() throws IOException {
    File dir = tmp.resolve("dfs").toFile();
    try (Embedded first = Embedded.hdfs(dir, 2)) {
      FileSystem fs = FileSystem.get(first.conf());
      assertEquals("hdfs", fs.getScheme());
      try (FSDataOutputStream out = fs.create(new org.apache.hadoop.fs.Path("/kept/file"))) {
        out.writeUTF("imported yesterday");
      }
    }
    try (Embedded second = Embedded.hdfs(dir, 2)) {
      UsageException busy = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class, () -> Embedded.hdfs(dir, 2));
      assertTrue(busy.getMessage().contains("another netflix-jobs is using"), busy.getMessage());
      FileSystem fs = FileSystem.newInstance(second.conf());
      try (var in = fs.open(new org.apache.hadoop.fs.Path("/kept/file"))) {
        assertEquals("imported yesterday", in.readUTF());
      }
      assertEquals("local", second.conf().get("mapreduce.framework.name"));
      assertTrue(second.conf().getInt("mapreduce.local.map.tasks.maximum", 1) >= 1);
      fs.close();
    }
  }

  @Test
  void errorsAreOneSentenceWithTheirExitCode() throws IOException {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try (Embedded local = Embedded.localFs()) {
      Configuration conf = local.conf();
      assertEquals(Cli.USAGE, Programs.run(conf, "no-such-program", new String[0]));
      assertEquals(Cli.USAGE, Programs.run(conf, "import", new String[] {"--bogus", "a", "b"}));
      assertEquals(Cli.USAGE, Programs.run(conf, "import", new String[] {"--files", "0", "a", "b"}));
    } finally {
      System.setErr(old);
    }
    String[] lines = err.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertEquals(3, lines.length, err.toString());
    assertTrue(lines[0].contains("unknown program 'no-such-program'"), lines[0]);
    assertTrue(lines[2].contains("--files must be between 1"), lines[2]);
  }

  @Test
  void jobFilesGoWithTheLauncher() throws IOException {
    File scratch;
    PrintStream old = System.out;
    System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try (Embedded local = Embedded.localFs()) {
      Configuration conf = local.conf();
      File localDir = new File(conf.get("mapreduce.cluster.local.dir"));
      scratch = localDir.getParentFile();
      assertTrue(conf.get("mapreduce.jobtracker.staging.root.dir").startsWith(scratch.toURI().toString()),
          conf.get("mapreduce.jobtracker.staging.root.dir"));
      String out = tmp.resolve("pi-out").toUri().toString();
      for (int i = 0; i < 2; i++) {
        assertEquals(Cli.OK, Programs.run(conf, "pi", new String[] {"--maps", "2", "--samples", "1000", "--seed", "1", out + i}));
      }
      assertTrue(new File(localDir, "localRunner").isDirectory(), "the jobs worked under " + scratch);
    } finally {
      System.setOut(old);
    }
    assertFalse(scratch.exists(), scratch + " is left behind");
  }
}
