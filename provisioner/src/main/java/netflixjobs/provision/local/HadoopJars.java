package netflixjobs.provision.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import netflixjobs.provision.model.Problem;

/**
 * The Hadoop jars a local cluster's daemons run from: the runtime classpath of
 * {@code provisioner/local-hadoop/pom.xml} (HDFS, YARN ResourceManager and NodeManager, the
 * MapReduce application master and shuffle), resolved by Maven into the local repository. There is
 * no Hadoop tarball: {@code mvn package} on that pom writes the list on first use.
 */
public final class HadoopJars {
  static final String POM = "provisioner/local-hadoop/pom.xml";
  static final String LIST = "provisioner/local-hadoop/target/classpath.txt";
  private static final Pattern COMMON = Pattern.compile("hadoop-common-(\\d+\\.\\d+\\.\\d+)\\.jar");

  private HadoopJars() {}

  /** The jars, resolving them with Maven first if the list is missing or older than its pom or the parent's (which holds the version). */
  public static List<Path> resolve(Path home, PrintStream out) {
    Path pom = home.resolve(POM), parent = home.resolve("pom.xml"), list = home.resolve(LIST);
    if (!Files.isRegularFile(pom) || !Files.isRegularFile(parent)) throw Problem.failed("no " + pom + ": this is not a netflix-jobs checkout");
    try {
      if (!Files.isRegularFile(list) || Files.getLastModifiedTime(list).compareTo(Files.getLastModifiedTime(pom)) < 0
          || Files.getLastModifiedTime(list).compareTo(Files.getLastModifiedTime(parent)) < 0) {
        out.println("resolving the Hadoop jars with Maven (first use) ...");
        // offline first: the jars are usually in the local repository already
        if (!maven(home, pom, true) && !maven(home, pom, false))
          throw Problem.failed("Maven could not resolve the Hadoop jars; run 'mvn -f " + POM + " package' in " + home + " to see why");
      }
      List<Path> jars = new ArrayList<>();
      for (String p : Files.readString(list, StandardCharsets.UTF_8).trim().split(":")) {
        if (p.isBlank()) continue;
        Path jar = Path.of(p);
        if (!Files.isRegularFile(jar)) {
          Files.delete(list);
          throw Problem.failed("the Hadoop jar " + jar + " is gone from the Maven repository; run the command again to resolve it anew");
        }
        jars.add(jar);
      }
      if (version(jars) == null) throw Problem.failed(list + " lists no hadoop-common jar");
      return jars;
    } catch (IOException e) {
      throw Problem.failed("cannot read " + list + ": " + e.getMessage(), e);
    }
  }

  /** The Hadoop version of these jars (from hadoop-common's file name), or null. */
  public static String version(List<Path> jars) {
    for (Path j : jars) {
      Matcher m = COMMON.matcher(j.getFileName().toString());
      if (m.matches()) return m.group(1);
    }
    return null;
  }

  private static boolean maven(Path home, Path pom, boolean offline) {
    List<String> cmd = new ArrayList<>(List.of("mvn", "-q", "-B", "-f", pom.toString(), "package"));
    if (offline) cmd.add(1, "-o");
    try {
      Path log = Files.createTempFile("netflix-jobs-mvn", ".log");
      try {
        Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
          p.destroyForcibly();
          return false;
        }
        return p.exitValue() == 0;
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      throw Problem.failed("cannot run Maven (mvn) to resolve the Hadoop jars: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Problem.failed("interrupted while Maven resolved the Hadoop jars");
    }
  }
}
