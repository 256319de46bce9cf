package netflixjobs.provision.local;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import netflixjobs.provision.cli.Env;
import netflixjobs.provision.cli.Main;

/**
 * Runs {@code bin/provision --local} commands in-process (through the real CLI entry) with a
 * temporary state directory, and the job jar as a user would: {@code netflixjobs.Programs} with
 * the cluster's rendered configuration first on the classpath.
 */
final class LocalHarness {
  static final Path HOME = Path.of(System.getProperty("netflixjobs.home", "..")).toAbsolutePath().normalize();
  static final String NAME = "ci";
  final Path state;
  final Path work;
  final int portBase;
  final Path jobJar;
  String out = "", err = "";

  LocalHarness(Path tmp) throws IOException {
    this.state = tmp.resolve("state");
    this.work = tmp.resolve("work");
    Files.createDirectories(work);
    this.portBase = freePortBase();
    Path jar = HOME.resolve("mapreduce/target/netflix-jobs.jar");
    Path cp = HOME.resolve("mapreduce/target/classpath.txt");
    if (!Files.isRegularFile(jar) || !Files.isRegularFile(cp))
      fail("the job jar " + jar + " (and its classpath.txt) must be built first: mvn -DskipTests package -pl mapreduce -am");
    // a copy: other builds in this checkout may rewrite the jar while jobs run
    this.jobJar = work.resolve("netflix-jobs.jar");
    Files.copy(jar, jobJar, StandardCopyOption.REPLACE_EXISTING);
  }

  Path clusterDir() { return state.resolve("local").resolve(NAME); }
  Path conf() { return clusterDir().resolve("conf"); }

  Env env(PrintStream o, PrintStream e) {
    return new Env(HOME, state, o, e, new BufferedReader(new StringReader("")), null, null, null, Duration.ofSeconds(1),
        Duration.ofMinutes(5), Duration.ofMinutes(5), false);
  }

  /** Runs one provision command line (with --local and --name added); output also goes to the test log. */
  int provision(String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    a.add("--local");
    a.add("--name");
    a.add(NAME);
    ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
    int code;
    try (PrintStream po = new PrintStream(new Tee(o, System.out), true, StandardCharsets.UTF_8);
         PrintStream pe = new PrintStream(new Tee(e, System.out), true, StandardCharsets.UTF_8)) {
      System.out.println("$ bin/provision " + String.join(" ", a));
      long start = System.nanoTime();
      code = Main.execute(env(po, pe), a.toArray(String[]::new));
      System.out.printf("  (exit %d after %.1f s)%n", code, (System.nanoTime() - start) / 1e9);
    }
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return code;
  }

  /** A job-jar program started on the cluster ({@code cluster} true) or on the local runner and local file system. */
  Process program(boolean cluster, Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-Dlog4j.configuration=file:" + HOME.resolve("conf/log4j-quiet.properties"), "-Dnetflixjobs.home=" + HOME, "-cp",
        (cluster ? conf() + ":" : "") + jobJar + ":" + Files.readString(HOME.resolve("mapreduce/target/classpath.txt")).trim()));
    // the jar's one entry, as bin/netflix-jobs starts it: on the cluster, or embedded on the local file system
    cmd.add("netflixjobs.Programs");
    if (!cluster) cmd.addAll(List.of("--embedded", "--fs", "file:///"));
    cmd.addAll(List.of(args));
    System.out.println("$ netflix-jobs " + (cluster ? "--cluster local " : "--fs file:/// ") + String.join(" ", args) + "   (log " + log + ")");
    return new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
  }

  /** Runs a program to its end; fails the test with its output if it fails. Returns its output. */
  String run(boolean cluster, Duration timeout, String... args) throws Exception {
    Path log = Files.createTempFile(work, "program", ".log");
    Process p = program(cluster, log, args);
    return finish(p, log, timeout, String.join(" ", args));
  }

  static String finish(Process p, Path log, Duration timeout, String what) throws Exception {
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      fail("'" + what + "' did not finish within " + timeout.toSeconds() + " s; its output:\n" + Files.readString(log));
    }
    String text = Files.readString(log);
    // where a slow run spent its time: the program's own job lines (name, progress, elapsed)
    System.out.printf("  '%s' ended with exit code %d%n", what, p.exitValue());
    text.lines().filter(l -> l.matches(".*map +\\d+%  reduce +\\d+%.*s\\s*(FAILED)?")).forEach(l -> System.out.println("    " + l.strip()));
    if (p.exitValue() != 0) fail("'" + what + "' failed with exit code " + p.exitValue() + ":\n" + text);
    return text;
  }

  /** The ResourceManager's JSON answer for a REST path. */
  String rm(String path) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (portBase + 6) + path))
          .header("Accept", "application/json").timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      return r.body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** Ten consecutive ports nobody listens on. */
  static int freePortBase() {
    Random r = new Random();
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = 20000 + r.nextInt(20000);
      boolean free = true;
      for (int p = base; p < base + 10 && free; p++) {
        try (ServerSocket s = new ServerSocket()) {
          s.setReuseAddress(true);
          s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
        } catch (IOException e) {
          free = false;
        }
      }
      if (free) return base;
    }
    throw new IllegalStateException("no 10 free consecutive ports found");
  }

  static void assertGone(List<Long> pids, String what) {
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    List<Long> alive;
    do {
      alive = pids.stream().filter(Procs::alive).toList();
      if (alive.isEmpty()) return;
      Procs.sleep(200);
    } while (System.nanoTime() < end);
    List<String> lines = new ArrayList<>();
    for (long p : alive) lines.add(p + " " + String.join(" ", Procs.commandLine(p)));
    assertTrue(alive.isEmpty(), what + " still running:\n" + String.join("\n", lines));
  }

  private static final class Tee extends OutputStream {
    private final OutputStream a, b;
    Tee(OutputStream a, OutputStream b) { this.a = a; this.b = b; }
    @Override public void write(int x) throws IOException { a.write(x); b.write(x); }
    @Override public void write(byte[] buf, int off, int len) throws IOException { a.write(buf, off, len); b.write(buf, off, len); }
    @Override public void flush() throws IOException { a.flush(); b.flush(); }
  }
}
