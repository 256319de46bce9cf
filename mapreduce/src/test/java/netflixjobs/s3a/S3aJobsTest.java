package netflixjobs.s3a;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import netflixjobs.ProgramRun;
import netflixjobs.cli.Embedded;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Jobs read their input from and write their output to s3a:// paths, as on a cluster whose nodes
 * carry hadoop-aws: through Hadoop's real S3A connector against a local S3-compatible server, with
 * the results byte for byte those of the same jobs on HDFS.
 */
class S3aJobsTest {
  private static final String BUCKET = "netflix-jobs-test";
  @TempDir
  static java.nio.file.Path tmp;
  private static S3Proxy s3;
  private static Embedded hdfs;
  private static Configuration conf;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3Proxy.start(tmp);
    try (S3Client client = S3Client.builder().endpointOverride(URI.create(s3.endpoint())).forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Proxy.IDENTITY, S3Proxy.CREDENTIAL)))
        .build()) {
      client.createBucket(b -> b.bucket(BUCKET));
    }
    hdfs = Embedded.hdfs(tmp.resolve("dfs").toFile(), 1);
    conf = new Configuration(hdfs.conf());
    s3.configure(conf);
    // a part of the committed sample: titles and the first 40 films
    FileSystem s3fs = new Path("s3a://" + BUCKET + "/").getFileSystem(conf);
    java.nio.file.Path sample = java.nio.file.Path.of("../data/sample");
    s3fs.copyFromLocalFile(new Path(sample.resolve("movie_titles.txt").toUri()), new Path("s3a://" + BUCKET + "/in/movie_titles.txt"));
    for (int film = 1; film <= 40; film++) {
      String f = String.format("mv_%07d.txt", film);
      s3fs.copyFromLocalFile(new Path(sample.resolve("training_set").resolve(f).toUri()), new Path("s3a://" + BUCKET + "/in/training_set/" + f));
      FileSystem.getLocal(conf).copyFromLocalFile(new Path(sample.resolve("training_set").resolve(f).toUri()),
          new Path(tmp.resolve("local-in/training_set/" + f).toUri()));
    }
    FileSystem.getLocal(conf).copyFromLocalFile(new Path(sample.resolve("movie_titles.txt").toUri()),
        new Path(tmp.resolve("local-in/movie_titles.txt").toUri()));
  }

  @AfterAll
  static void stop() {
    if (hdfs != null) hdfs.close();
    if (s3 != null) s3.close();
  }

  private static ProgramRun run(String program, String... args) {
    return ProgramRun.of(conf, program, args);
  }

  /** Every file under dir (relative name to bytes), skipping Hadoop's _SUCCESS marker and hidden files. */
  private static Map<String, byte[]> files(String dir) throws IOException {
    Path root = new Path(dir);
    FileSystem fs = root.getFileSystem(conf);
    Map<String, byte[]> m = new TreeMap<>();
    List<FileStatus> todo = new ArrayList<>(List.of(fs.listStatus(root)));
    while (!todo.isEmpty()) {
      FileStatus s = todo.remove(todo.size() - 1);
      String name = s.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) continue;
      if (s.isDirectory()) {
        todo.addAll(List.of(fs.listStatus(s.getPath())));
        continue;
      }
      String rel = s.getPath().toUri().getPath().substring(root.toUri().getPath().length());
      try (InputStream in = fs.open(s.getPath())) {
        m.put(rel, in.readAllBytes());
      }
    }
    return m;
  }

  private static void assertSameFiles(Map<String, byte[]> expected, Map<String, byte[]> actual) {
    assertEquals(expected.keySet(), actual.keySet());
    expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), k));
  }

  @Test
  void importReadsAnS3aInputAndKnnWritesAnS3aOutputAsOnHdfs() throws IOException {
    ProgramRun fromS3 = run("import", "--seed", "7", "s3a://" + BUCKET + "/in", "/ds-s3");
    assertEquals(0, fromS3.code(), fromS3.err());
    ProgramRun fromLocal = run("import", "--seed", "7", tmp.resolve("local-in").toString(), "/ds-local");
    assertEquals(0, fromLocal.code(), fromLocal.err());
    assertSameFiles(files("/ds-local/ratings"), files("/ds-s3/ratings"));
    assertSameFiles(files("/ds-local/probe"), files("/ds-s3/probe"));
    assertTrue(fromS3.out().contains(" read"), fromS3.out());

    ProgramRun knnS3 = run("knn", "--min-common", "1", "/ds-s3", "s3a://" + BUCKET + "/out/knn");
    assertEquals(0, knnS3.code(), knnS3.err());
    ProgramRun knnHdfs = run("knn", "--min-common", "1", "/ds-s3", "/out/knn");
    assertEquals(0, knnHdfs.code(), knnHdfs.err());
    Map<String, byte[]> s3Out = files("s3a://" + BUCKET + "/out/knn");
    assertFalse(s3Out.isEmpty());
    assertSameFiles(files("/out/knn"), s3Out);
    assertTrue(new Path("s3a://" + BUCKET + "/out/knn/_SUCCESS").getFileSystem(conf).exists(new Path("s3a://" + BUCKET + "/out/knn/_SUCCESS")));
  }

  @Test
  void svdTrainsIntoAnS3aModelAsOnHdfs() throws IOException {
    ProgramRun imp = run("import", "--seed", "3", tmp.resolve("local-in").toString(), "/ds-svd");
    assertEquals(0, imp.code(), imp.err());
    ProgramRun onS3 = run("svd", "--epochs", "1", "--factors", "4", "--seed", "5", "--blocks", "2", "/ds-svd", "s3a://" + BUCKET + "/models/svd");
    assertEquals(0, onS3.code(), onS3.err());
    ProgramRun onHdfs = run("svd", "--epochs", "1", "--factors", "4", "--seed", "5", "--blocks", "2", "/ds-svd", "/models/svd");
    assertEquals(0, onHdfs.code(), onHdfs.err());
    Map<String, byte[]> s3Factors = files("s3a://" + BUCKET + "/models/svd/factors");
    assertFalse(s3Factors.isEmpty());
    assertSameFiles(files("/models/svd/factors"), s3Factors);
  }

  @Test
  void aMissingS3aInputIsOneSentenceAndExitCode2() {
    ProgramRun r = run("import", "s3a://" + BUCKET + "/no-such-dir", "/ds-missing");
    assertEquals(2, r.code(), r.out() + r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }
}
