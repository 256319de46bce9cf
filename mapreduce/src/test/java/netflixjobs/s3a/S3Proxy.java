package netflixjobs.s3a;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;

/**
 * A local S3-compatible server for tests: S3Proxy (org.gaul:s3proxy, from Maven Central) with its
 * in-memory store, in a JVM of its own because its Jetty 11 would clash with Hadoop's. Listens on
 * 127.0.0.1 only; {@link #configure} points Hadoop's S3A connector at it.
 */
final class S3Proxy implements AutoCloseable {
  static final String IDENTITY = "local-test-identity";
  static final String CREDENTIAL = "local-test-credential";
  private static final Path JAR = Path.of("target/test-tools/s3proxy.jar");

  private final Process process;
  private final int port;
  private final Path log;

  private S3Proxy(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts the server with its files under {@code dir} and waits until it accepts connections. */
  static S3Proxy start(Path dir) throws IOException, InterruptedException {
    if (!Files.isRegularFile(JAR)) throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: mvn process-test-resources copies it");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path props = dir.resolve("s3proxy.properties");
    Files.writeString(props, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + IDENTITY,
        "s3proxy.credential=" + CREDENTIAL,
        "jclouds.provider=transient",
        "jclouds.identity=" + IDENTITY,
        "jclouds.credential=" + CREDENTIAL, ""), StandardCharsets.UTF_8);
    Path log = dir.resolve("s3proxy.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx256m", "-jar", JAR.toAbsolutePath().toString(), "--properties", props.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    S3Proxy proxy = new S3Proxy(p, port, log);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return proxy;
      } catch (IOException notYet) {
        if (!p.isAlive() || System.nanoTime() > end) {
          proxy.close();
          throw new IllegalStateException("S3Proxy did not start; its log:\n" + Files.readString(log));
        }
        Thread.sleep(100);
      }
    }
  }

  /** S3A settings that reach this server, as a cluster's core-site would reach S3. */
  void configure(Configuration conf) {
    conf.set("fs.s3a.endpoint", "http://127.0.0.1:" + port);
    conf.set("fs.s3a.endpoint.region", "us-east-1");
    conf.setBoolean("fs.s3a.path.style.access", true);
    conf.setBoolean("fs.s3a.connection.ssl.enabled", false);
    conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    conf.set("fs.s3a.access.key", IDENTITY);
    conf.set("fs.s3a.secret.key", CREDENTIAL);
    conf.setInt("fs.s3a.attempts.maximum", 2);
    // S3Proxy answers 501 to the checksum header the SDK puts on DeleteObjects: one delete a key,
    // as Hadoop's S3A documentation advises for third-party stores without bulk delete
    conf.setBoolean("fs.s3a.multiobjectdelete.enable", false);
    conf.setBoolean("fs.s3a.impl.disable.cache", true);
  }

  String endpoint() { return "http://127.0.0.1:" + port; }

  Path log() { return log; }

  @Override public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
