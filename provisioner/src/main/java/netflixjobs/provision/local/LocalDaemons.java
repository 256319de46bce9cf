package netflixjobs.provision.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import netflixjobs.provision.model.Problem;

/**
 * The processes of one local cluster: each Hadoop daemon a JVM of its own session, marked on its
 * command line with the cluster's directory, its node and its daemon (so a PID reused by another
 * program is never taken for ours); Hadoop's command-line tools run against it; stopping by PID.
 */
final class LocalDaemons {
  static final String NODE_PROPERTY = "netflixjobs.node";
  static final String DAEMON_LOG4J = "log4j-daemons.properties";

  /** One daemon as started (or recorded). */
  record Started(String node, Daemon daemon, long pid) {}

  private final Path dir;
  private final String name;
  private final Path home;

  LocalDaemons(Path dir, String name, Path home) {
    this.dir = dir;
    this.name = name;
    this.home = home;
  }

  Path confDir() { return dir.resolve("conf"); }

  private Path pidFile(String node, Daemon d) { return dir.resolve("pids").resolve(node + "." + d.tag() + ".pid"); }

  long pid(String node, Daemon d) {
    try {
      return Long.parseLong(Files.readString(pidFile(node, d)).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  void forget(String node) throws IOException {
    for (Daemon d : Daemon.values()) Files.deleteIfExists(pidFile(node, d));
  }

  private List<String> marks(String node, Daemon d) {
    return List.of("-Dnetflixjobs.local=" + dir, "-D" + NODE_PROPERTY + "=" + node, "-Dnetflixjobs.daemon=" + d.tag());
  }

  boolean running(String node, Daemon d) { return Procs.runs(pid(node, d), marks(node, d)); }

  boolean running(Started s) { return Procs.runs(s.pid(), marks(s.node(), s.daemon())); }

  private List<String> javaCommand(String node, Daemon d, List<String> args) {
    Path logs = dir.resolve("logs").resolve(node);
    List<String> cmd = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) cmd.add("/usr/bin/setsid"); // its own session: a terminal's hang-up does not reach it
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx" + d.heapMiB + "m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true"));
    cmd.addAll(marks(node, d));
    cmd.addAll(List.of("-Dhadoop.log.dir=" + logs, "-Dyarn.log.dir=" + logs, "-Dhadoop.log.file=" + d.tag() + ".log",
        "-Dyarn.log.file=" + d.tag() + ".log", "-Dhadoop.home.dir=" + dir, "-Dhadoop.root.logger=INFO,RFA",
        "-Dlog4j.configuration=file:" + confDir().resolve(DAEMON_LOG4J),
        "-cp", confDir() + ":" + dir.resolve("webroot") + ":" + dir.resolve("lib") + "/*", d.mainClass));
    cmd.addAll(args);
    return cmd;
  }

  private ProcessBuilder builder(String node, Daemon d, List<String> args, String outName) throws IOException {
    Path logs = dir.resolve("logs").resolve(node);
    Files.createDirectories(logs);
    ProcessBuilder pb = new ProcessBuilder(javaCommand(node, d, args));
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("HADOOP_") || k.startsWith("YARN_") || k.equals("CLASSPATH"));
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("HADOOP_CONF_DIR", confDir().toString());
    env.put("HADOOP_HOME", dir.toString());
    env.put("HADOOP_LOG_DIR", logs.toString());
    pb.directory(dir.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logs.resolve(outName).toFile()));
    return pb;
  }

  Started start(String node, Daemon d) {
    try {
      Process p = builder(node, d, List.of(), d.tag() + ".out").start();
      Files.writeString(pidFile(node, d), Long.toString(p.pid()));
      return new Started(node, d, p.pid());
    } catch (IOException e) {
      throw Problem.failed("cannot start the " + d.title + " of " + node + ": " + e.getMessage(), e);
    }
  }

  /** Formats the NameNode's directory (a fresh cluster only). */
  void format(Duration timeout) {
    try {
      Process p = builder(LocalBackend.MASTER, Daemon.NAMENODE, List.of("-format", "-clusterid", name, "-force", "-nonInteractive"), "format.out").start();
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw Problem.failed("formatting HDFS took more than " + timeout.toSeconds() + " s; the log is " + dir.resolve("logs/master/format.out"));
      }
      if (p.exitValue() != 0)
        throw Problem.failed("formatting HDFS failed (" + excerpt(dir.resolve("logs/master/namenode.log"), dir.resolve("logs/master/format.out")) + ")");
    } catch (IOException e) {
      throw Problem.failed("cannot start java to format HDFS: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Problem.failed("interrupted while formatting HDFS");
    }
  }

  /** Runs a Hadoop command-line tool (DFSAdmin, FsShell) against the cluster; returns its output or fails. */
  String tool(String mainClass, Duration timeout, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-XX:TieredStopAtLevel=1", "-Dlog4j.configuration=file:" + home.resolve("conf/log4j-quiet.properties"),
        "-cp", confDir() + ":" + dir.resolve("lib") + "/*", mainClass));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      byte[] output = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw Problem.failed(mainClass.replaceAll(".*\\.", "") + " " + String.join(" ", args) + " took more than " + timeout.toSeconds() + " s");
      }
      String text = new String(output, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) throw Problem.failed(mainClass.replaceAll(".*\\.", "") + " " + String.join(" ", args) + " failed: " + lastLine(text));
      return text;
    } catch (IOException e) {
      throw Problem.failed("cannot run java: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Problem.failed("interrupted");
    }
  }

  /** The error a daemon's log ends with (or its console output's last line), and where the log is. */
  String why(String node, Daemon d) {
    Path logs = dir.resolve("logs").resolve(node);
    return excerpt(logs.resolve(d.tag() + ".log"), logs.resolve(d.tag() + ".out")) + "; log: " + logs.resolve(d.tag() + ".log");
  }

  static String excerpt(Path log, Path console) {
    String found = null;
    try {
      if (Files.exists(log)) {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          String l = lines.get(i);
          if (l.contains(" FATAL ") || l.contains(" ERROR ")) {
            String msg = l.replaceFirst("^\\S+ \\S+ (FATAL|ERROR) ", "");
            if (i + 1 < lines.size() && lines.get(i + 1).matches("^[\\w.$]+(Exception|Error)(: .*)?$")) msg += ": " + lines.get(i + 1);
            found = msg;
            if (l.contains(" FATAL ")) break;
          }
        }
      }
      if (found == null && Files.exists(console)) {
        String last = lastLine(Files.readString(console, StandardCharsets.UTF_8));
        if (!last.isEmpty()) found = last;
      }
    } catch (IOException e) {
      found = "cannot read " + log + ": " + e.getMessage();
    }
    if (found == null) return "no error in its log";
    return found.length() > 400 ? found.substring(0, 400) + " ..." : found;
  }

  static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1].strip();
  }

  /** Stops these daemons (SIGTERM, then SIGKILL after the grace time). */
  void stop(List<Started> daemons, Duration grace) {
    List<Long> pids = new ArrayList<>();
    for (Started s : daemons) if (running(s)) pids.add(s.pid());
    List<Long> stuck = new ArrayList<>(Procs.stop(pids, grace));
    if (!stuck.isEmpty()) throw Problem.failed("processes " + stuck + " of local cluster " + name + " would not stop, even with SIGKILL");
  }

  /** Processes left from this cluster's nodes (YARN containers outlive a killed NodeManager), or all of it ({@code node} null). */
  List<Long> leftovers(String node) {
    List<Long> pids = new ArrayList<>();
    if (node == null) {
      pids.addAll(Procs.mentioning("-Dnetflixjobs.local=" + dir));
      for (String sub : List.of("nodes", "logs")) pids.addAll(Procs.mentioning(dir.resolve(sub) + "/"));
    } else {
      for (String sub : List.of("nodes", "logs")) pids.addAll(Procs.mentioning(dir.resolve(sub).resolve(node) + "/"));
    }
    return pids.stream().distinct().toList();
  }

  void killLeftovers(String node) {
    List<Long> stuck = Procs.stop(leftovers(node), Duration.ofSeconds(5));
    if (!stuck.isEmpty()) throw Problem.failed("processes " + stuck + " of local cluster " + name + " would not stop, even with SIGKILL");
  }

  /** Deletes a file or a directory tree (not following links). */
  static void delete(Path p) throws IOException {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
    try (java.util.stream.Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
    }
  }
}
