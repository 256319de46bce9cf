package netflixjobs.provision.ec2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import netflixjobs.provision.model.Node;
import netflixjobs.provision.model.Problem;

/** Data out of an EC2 cluster's HDFS: {@code hdfs dfs -get} into a temporary directory on the master, then tar over SSH. */
final class Ec2Data {
  private final Ec2Backend b;

  Ec2Data(Ec2Backend b) { this.b = b; }

  /** Copies a file or directory of HDFS to {@code local} (which must not exist), byte for byte. */
  void get(String hdfsPath, Path local) {
    Node m = b.master();
    String tmp = "/tmp/netflix-jobs-get-" + Long.toHexString(new Random().nextLong() & Long.MAX_VALUE);
    String command = "mkdir " + tmp + " && hdfs dfs -get " + Ec2Backend.quote(hdfsPath) + " " + tmp + "/x >&2 && tar -C " + tmp + " -cf - x; s=$?; rm -rf " + tmp + "; exit $s";
    try {
      Path parent = local.toAbsolutePath().getParent();
      Path archive = Files.createTempFile(parent, ".netflix-jobs-get", ".tar");
      try {
        int code = b.remote().fetch(m.publicAddress(), command, archive);
        if (code != 0) throw Problem.failed("copying hdfs:" + hdfsPath + " from cluster " + b.cluster() + " failed (exit code " + code + ")");
        untar(archive, local);
      } finally {
        Files.deleteIfExists(archive);
      }
    } catch (IOException e) {
      throw Problem.failed("cannot write " + local + ": " + e.getMessage());
    }
    b.out.println("copied hdfs:" + hdfsPath + " of cluster " + b.cluster() + " to " + local);
  }


  /** Unpacks the archive's one entry "x" (a file or a directory) as {@code local}, with the system's tar. */
  static void untar(Path archive, Path local) throws IOException {
    Path dir = Files.createTempDirectory(local.toAbsolutePath().getParent(), ".netflix-jobs-get");
    try {
      Process p = new ProcessBuilder("tar", "-C", dir.toString(), "-xf", archive.toString()).redirectErrorStream(true).start();
      String msg = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0 || !Files.exists(dir.resolve("x"))) throw Problem.failed("unpacking what the master sent failed: " + msg.trim());
      Files.move(dir.resolve("x"), local);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Problem.failed("interrupted");
    } finally {
      try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
        for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
      }
    }
  }
}
