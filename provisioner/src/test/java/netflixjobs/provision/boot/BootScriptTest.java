package netflixjobs.provision.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import netflixjobs.provision.boot.NamespaceNodes.Node;
import netflixjobs.provision.boot.NamespaceNodes.Result;
import netflixjobs.provision.local.HadoopJars;
import netflixjobs.provision.model.Cluster;
import netflixjobs.provision.model.Layout;
import netflixjobs.provision.core.Health;
import netflixjobs.provision.model.Ports;
import netflixjobs.provision.model.Resources;
import netflixjobs.provision.model.Role;
import netflixjobs.provision.model.Software;
import netflixjobs.provision.render.Render;
import netflixjobs.provision.render.Templates;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered node setup (conf/user-data.sh) run for real on this machine: a master and a worker,
 * each in its own network namespace. Stood in are only what needs Amazon Linux or the internet: dnf
 * (Java must be here), systemd (src/test/resources/boot/systemctl runs a unit's ExecStart as its
 * user), the Hadoop release (a tarball built from the Maven jars, its bin/ scripts stand-ins, served
 * by this test as the "mirror") and reverse DNS (a hosts file per namespace). Real: the fetch with
 * its fallback and SHA-512 check, the master serving the tarball to the worker over the namespace
 * network, users, directories, configuration, the format, the daemons, HDFS and YARN health as
 * bin/provision reads it, the step file, the idle countdown.
 */
class BootScriptTest {
  static final Path HOME = Path.of(System.getProperty("netflixjobs.home", "..")).toAbsolutePath().normalize();
  static final String USER = "njboot";
  static final String MASTER = "10.200.0.10", WORKER = "10.200.0.11";

  @TempDir Path tmp;

  @Test @Timeout(300)
  void masterAndWorkerSetUpForRealInNetworkNamespaces() throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root (network namespaces, users, bind mounts)");
    for (String tool : List.of("ip", "unshare", "nsenter", "setpriv", "runuser", "useradd", "curl"))
      Assumptions.assumeTrue(NamespaceNodes.run(10, "sh", "-c", "command -v " + tool).exitValue() == 0, tool + " is not installed");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no /usr/bin/python3 (the master's file server)");
    NamespaceNodes.Ran probe = NamespaceNodes.run(10, "sh", "-c", "ip netns add njboot-probe && ip netns del njboot-probe");
    Assumptions.assumeTrue(probe.exitValue() == 0, "cannot create network namespaces here: " + probe.output());

    List<Path> jars = HadoopJars.resolve(HOME, System.out);
    String version = HadoopJars.version(jars);
    Path tarball = buildTarball(version, jars);
    String sha512 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(tarball)));
    String tarballPath = "/hadoop-" + version + "/hadoop-" + version + ".tar.gz";

    try (NamespaceNodes net = new NamespaceNodes(Files.createDirectories(tmp.resolve("nodes")), USER)) {
      AtomicInteger downloads = new AtomicInteger();
      HttpServer mirror = HttpServer.create(new InetSocketAddress(NamespaceNodes.HOST_ADDRESS, 0), 0);
      mirror.createContext("/", x -> {
        boolean ours = x.getRequestURI().getPath().equals(tarballPath);
        if (ours) downloads.incrementAndGet();
        x.sendResponseHeaders(ours ? 200 : 404, ours ? Files.size(tarball) : -1);
        if (ours) try (OutputStream o = x.getResponseBody()) { Files.copy(tarball, o); }
        x.close();
      });
      mirror.start();
      try {
        List<String> hosts = List.of(MASTER + " ip-10-200-0-10", WORKER + " ip-10-200-0-11");
        Node master = net.add("m", MASTER, hosts), worker = net.add("w1", WORKER, hosts);

        Cluster cluster = new Cluster("boot", MASTER, 1, List.of(WORKER),
            new Software(version, Software.Arch.X86_64, sha512, "https://mirror.invalid/hadoop", "java-17-amazon-corretto-headless")
                .withS3a("2.35.4"), // as with an instance profile: the master fetches S3A's SDK bundle (Maven stood in)
            new Layout("/opt/hadoop", "/etc/hadoop", "/data/hadoop", "/var/log/hadoop", USER, "nobody"), Ports.hadoopDefaults(),
            new Resources(8192, 2), new Resources(8192, 2), 60, Map.of());
        Render render = new Render(Templates.load(HOME.resolve("conf")));
        // the internet stood in: a mirror that refuses connections, then this test's
        String urls = "readonly HADOOP_URLS='http://" + NamespaceNodes.HOST_ADDRESS + ":1/dead.tar.gz http://"
            + NamespaceNodes.HOST_ADDRESS + ":" + mirror.getAddress().getPort() + tarballPath + "'";
        String masterScript = withUrls(render.userData(cluster, Role.MASTER), urls);
        String workerScript = withUrls(render.userData(cluster, Role.WORKER), urls);

        long start = System.nanoTime();
        Process ms = net.startSetup(master, masterScript), ws = net.startSetup(worker, workerScript);
        boolean done = ms.waitFor(180, TimeUnit.SECONDS) && ws.waitFor(60, TimeUnit.SECONDS);
        assertTrue(done, "setup did not finish in time; master:\n" + tail(master) + "\nworker:\n" + tail(worker));
        System.out.printf("boot test: both nodes set up in %.1f s%n", (System.nanoTime() - start) / 1e9);
        assertEquals(0, ms.exitValue(), "master setup failed: " + tail(master));
        assertEquals(0, ws.exitValue(), "worker setup failed: " + tail(worker));
        assertTrue(Files.exists(master.state().resolve("ready")) && Files.exists(worker.state().resolve("ready")));
        assertEquals("9/9 ready", Files.readString(master.state().resolve("step")).trim());
        assertEquals("6/6 ready", Files.readString(worker.state().resolve("step")).trim());

        // fetched once per cluster: the master from the second mirror, the worker from the master
        assertEquals(1, downloads.get(), "the mirror served the tarball to the master only");
        String masterLog = log(master), workerLog = log(worker);
        assertTrue(masterLog.contains("no good tarball from http://10.200.0.1:1/dead.tar.gz"), masterLog);
        assertTrue(masterLog.contains("step 1/9: fetching Hadoop " + version + " from 10.200.0.1:" + mirror.getAddress().getPort()), masterLog);
        assertTrue(workerLog.contains("step 2/6: fetching Hadoop " + version + " from the master"), workerLog);
        assertFalse(workerLog.contains("from 10.200.0.1"), "the worker never went to the mirror: " + workerLog);
        assertTrue(Files.isRegularFile(master.root().resolve("data/hadoop/name/current/VERSION")), "the master formatted HDFS");
        // S3A's SDK bundle: fetched by the master (by its Maven coordinates), served to the worker, checked, on both class paths
        assertTrue(masterLog.contains("step 5/9: fetching the AWS SDK for S3A") && masterLog.contains("mvn stand-in: software.amazon.awssdk:bundle:2.35.4"), masterLog);
        Path lib = Path.of("opt/hadoop/share/hadoop/common/lib/bundle-2.35.4.jar");
        byte[] masterJar = Files.readAllBytes(master.root().resolve(lib));
        assertTrue(masterJar.length > 65536, "the stand-in's jar: " + masterJar.length + " bytes");
        assertTrue(java.util.Arrays.equals(masterJar, Files.readAllBytes(worker.root().resolve(lib))), "the worker has the master's bundle, byte for byte");
        assertTrue(workerLog.contains("S3A: AWS SDK bundle 2.35.4 on the common class path") && !workerLog.contains("s3a:// unavailable"), workerLog);

        // healthy as bin/provision reads it: the NameNode's JMX and the ResourceManager's REST nodes, fetched by curl on the master
        Ports ports = Ports.hadoopDefaults();
        Health health = new Health(wanted -> {
          List<String> docs = new ArrayList<>();
          for (String u : wanted) {
            try {
              NamespaceNodes.Result r = net.exec(master, 30, "curl", "-fs", "--max-time", "20", "-H", "Accept: application/json", u);
              docs.add(r.exit() == 0 ? r.out() : null);
            } catch (Exception e) {
              docs.add(null);
            }
          }
          return docs;
        }, "http://" + MASTER + ":" + ports.namenodeHttp(), "http://" + MASTER + ":" + ports.rmWeb());
        Health.Report report = Health.Report.NONE;
        for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90); System.nanoTime() < until; Thread.sleep(2000)) {
          report = health.read();
          if (report.liveDatanodes() == 1 && report.runningNodeManagers() == 1) break;
        }
        assertEquals(1, report.liveDatanodes(), "live DataNodes: " + report + "\n" + tail(worker));
        assertEquals(1, report.runningNodeManagers(), "running NodeManagers: " + report);

        idleCountdown(net, master, worker);
      } finally {
        mirror.stop(0);
      }
    }
  }

  /** The master's countdown: written each minute, reset by an HDFS write; a worker stops when it ends. */
  private static void idleCountdown(NamespaceNodes net, Node master, Node worker) throws Exception {
    String[] watchMaster = {"/usr/local/sbin/netflix-jobs-idle", "master", "60", MASTER, Integer.toString(Ports.MASTER_FILES)};
    String[] watchWorker = {"/usr/local/sbin/netflix-jobs-idle", "worker", "60", MASTER, Integer.toString(Ports.MASTER_FILES)};
    Path left = master.state().resolve("idle-minutes-left"), activeAt = master.root().resolve("run/active-at");
    assertEquals(0, net.exec(master, 120, watchMaster).exit());
    assertEquals("60", Files.readString(left).trim());
    // half an hour without activity
    Files.writeString(activeAt, Long.toString(System.currentTimeMillis() / 1000 - 1800));
    assertEquals(0, net.exec(master, 120, watchMaster).exit());
    assertEquals("30", Files.readString(left).trim());
    // an HDFS write counts as activity: seen once the NameNode's JMX shows the new transaction id,
    // which its metrics cache for a few seconds (the watcher runs every minute, so at most one late)
    assertEquals(0, net.exec(master, 60, "runuser", "-u", USER, "--", "hdfs", "dfs", "-mkdir", "/idle-probe").exit());
    for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(40); ; Thread.sleep(2000)) {
      assertEquals(0, net.exec(master, 120, watchMaster).exit());
      if (Files.readString(left).trim().equals("60") || System.nanoTime() > until) break;
    }
    assertEquals("60", Files.readString(left).trim());
    // a worker follows the master's countdown over the network and stops (shutdown -h) when it ends
    assertEquals(0, net.exec(worker, 60, watchWorker).exit());
    assertFalse(Files.exists(worker.state().resolve("test-shutdown")), "the worker stopped while the master counts 60");
    Files.writeString(master.state().resolve("serve/idle"), "0 " + System.currentTimeMillis() / 1000 + "\n");
    assertEquals(0, net.exec(worker, 60, watchWorker).exit());
    assertEquals("shutdown -h now", Files.readString(worker.state().resolve("test-shutdown")).trim());
  }

  /** A Hadoop release tarball with the real layout where the node setup reads it, made of the Maven jars. */
  private Path buildTarball(String version, List<Path> jars) throws Exception {
    Path top = Files.createDirectories(tmp.resolve("stage/hadoop-" + version));
    Path lib = Files.createDirectories(top.resolve("share/hadoop/common/lib"));
    for (Path j : jars) Files.createSymbolicLink(lib.resolve(j.getFileName()), j);
    Files.createDirectories(top.resolve("share/hadoop/mapreduce"));
    // the daemons' web UIs load their (here empty) web apps from the class path, as in the release
    for (String w : List.of("hdfs", "datanode", "secondary", "journal", "static"))
      Files.createDirectories(top.resolve("share/hadoop/hdfs/webapps").resolve(w));
    Path etc = Files.createDirectories(top.resolve("etc/hadoop"));
    Files.writeString(etc.resolve("hadoop-env.sh"), "# Hadoop's own defaults would be here\n");
    Files.writeString(etc.resolve("log4j.properties"), "log4j.rootLogger=INFO,console\nlog4j.appender.console=org.apache.log4j.ConsoleAppender\n"
        + "log4j.appender.console.target=System.err\nlog4j.appender.console.layout=org.apache.log4j.PatternLayout\n"
        + "log4j.appender.console.layout.ConversionPattern=%d{ISO8601} %p %c{2}: %m%n\n");
    Path bin = Files.createDirectories(top.resolve("bin"));
    for (String cmd : List.of("hadoop", "hdfs", "yarn", "mapred")) {
      Files.copy(NamespaceNodes.RESOURCES.resolve("hadoop-bin"), bin.resolve(cmd));
      Files.setPosixFilePermissions(bin.resolve(cmd), PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Path tarball = tmp.resolve("hadoop-" + version + ".tar.gz");
    NamespaceNodes.Ran tar = NamespaceNodes.run(120, "tar", "-czhf", tarball.toString(), "-C", tmp.resolve("stage").toString(), "hadoop-" + version);
    assertEquals(0, tar.exitValue(), tar.output());
    return tarball;
  }

  private static String withUrls(String script, String urls) {
    String out = script.replaceFirst("(?m)^readonly HADOOP_URLS='[^']*'$", urls);
    assertFalse(out.equals(script), "the script names its mirrors in one HADOOP_URLS line");
    return out;
  }

  private static String log(Node n) throws Exception {
    Path f = n.root().resolve("var-log/netflix-jobs-setup.log");
    return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "(no setup log)";
  }

  /** The end of the node's setup log and of each daemon's output. */
  private static String tail(Node n) throws Exception {
    StringBuilder b = new StringBuilder(last(log(n), 2000));
    Path units = n.state().resolve("test-systemd/logs");
    if (Files.isDirectory(units)) try (var s = Files.list(units)) {
      for (Path u : s.toList()) b.append("\n--- ").append(u.getFileName()).append('\n').append(last(Files.readString(u), 1500));
    }
    return b.toString();
  }

  private static String last(String s, int chars) { return s.substring(Math.max(0, s.length() - chars)); }
}
