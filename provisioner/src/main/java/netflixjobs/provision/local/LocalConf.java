package netflixjobs.provision.local;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import netflixjobs.provision.model.Cluster;
import netflixjobs.provision.model.Layout;
import netflixjobs.provision.model.Ports;
import netflixjobs.provision.model.Problem;
import netflixjobs.provision.model.Resources;
import netflixjobs.provision.model.Software;
import netflixjobs.provision.render.Render;
import netflixjobs.provision.render.Templates;

/**
 * A local cluster's ports and configuration: the same render layer as an EC2 cluster's, with local
 * directories and ports, and the overrides of conf/local-cluster.properties (rendered with the
 * same values) as its input. Per-node directories are {@code ${netflixjobs.node}} in the one
 * configuration directory, which each daemon resolves from its own system property.
 */
final class LocalConf {
  static final String OVERRIDES = "local-cluster.properties";
  /** Empty web resource folders the daemons insist on finding on the classpath (hadoop-hdfs ships none). */
  static final List<String> WEBAPPS = List.of("hdfs", "datanode", "secondary", "journal", "static");

  private LocalConf() {}

  static Ports ports(int base) {
    Ports d = Ports.hadoopDefaults();
    if (base == 0) return new Ports(d.namenodeRpc(), d.namenodeHttp(), 0, 0, 0, d.resourceManager(), d.rmScheduler(), d.rmTracker(), d.rmAdmin(), d.rmWeb(), 0, 0, 0);
    return new Ports(base, base + 1, 0, 0, 0, base + 2, base + 3, base + 4, base + 5, base + 6, 0, 0, 0);
  }

  /** The job history server's ports (RPC, web, admin): Hadoop's 10020, 19888, 10033, or N+7..N+9. */
  static int[] historyPorts(int base) { return base == 0 ? new int[] {10020, 19888, 10033} : new int[] {base + 7, base + 8, base + 9}; }

  /** The master's ports by what they are for, in the order they are checked. */
  static Map<String, Integer> masterPorts(int base) {
    Ports p = ports(base);
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("NameNode RPC", p.namenodeRpc());
    m.put("NameNode web UI", p.namenodeHttp());
    m.put("ResourceManager client", p.resourceManager());
    m.put("ResourceManager scheduler", p.rmScheduler());
    m.put("ResourceManager resource tracker", p.rmTracker());
    m.put("ResourceManager admin", p.rmAdmin());
    m.put("ResourceManager web UI", p.rmWeb());
    int[] h = historyPorts(base);
    m.put("job history server", h[0]);
    m.put("job history web UI", h[1]);
    m.put("job history admin", h[2]);
    return m;
  }

  /** The cluster model for {@code live} workers, the local overrides rendered in. */
  static Cluster model(Path home, Path dir, String name, String version, int portBase, Resources worker, int live) {
    String user = System.getProperty("user.name");
    Path conf = dir.resolve("conf");
    String nodeDir = dir.resolve("nodes") + "/${" + LocalDaemons.NODE_PROPERTY + "}";
    String logDir = dir.resolve("logs") + "/${" + LocalDaemons.NODE_PROPERTY + "}";
    Layout layout = new Layout(dir.toString(), conf.toString(), nodeDir, logDir, user, user);
    String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "x86_64";
    Software sw = new Software(version, Software.Arch.fromEc2(arch), null, Software.APACHE_ARCHIVE, "java-17");
    Cluster plain = new Cluster(name, "127.0.0.1", Math.max(1, live), hosts(live), sw, layout, ports(portBase), new Resources(4096, 2), worker, 0, Map.of());
    Map<String, String> values = Render.values(plain);
    int[] hp = historyPorts(portBase);
    values.put("local.lib", dir.resolve("lib") + "/*");
    values.put("local.port.history", Integer.toString(hp[0]));
    values.put("local.port.history.web", Integer.toString(hp[1]));
    values.put("local.port.history.admin", Integer.toString(hp[2]));
    Properties p = new Properties();
    try {
      Path file = home.resolve("conf").resolve(OVERRIDES);
      p.load(new StringReader(Templates.render(OVERRIDES, Files.readString(file), values)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read conf/" + OVERRIDES + ": " + e.getMessage(), e);
    }
    Map<String, Map<String, String>> overrides = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      int slash = key.indexOf('/');
      overrides.computeIfAbsent(key.substring(0, slash), k -> new TreeMap<>()).put(key.substring(slash + 1), p.getProperty(key));
    }
    return new Cluster(name, "127.0.0.1", Math.max(1, live), hosts(live), sw, layout, ports(portBase), new Resources(4096, 2), worker, 0, overrides);
  }

  private static List<String> hosts(int live) { return java.util.Collections.nCopies(Math.max(1, live), "127.0.0.1"); }

  /** Writes conf/ (site files from the render layer, the daemons' log4j file, the exclude file). */
  static void write(Path home, Path confDir, Cluster c) throws IOException {
    Files.createDirectories(confDir);
    for (Map.Entry<String, String> f : new Render(Templates.load(home.resolve("conf"))).siteFiles(c).entrySet())
      Files.writeString(confDir.resolve(f.getKey()), f.getValue());
    Files.writeString(confDir.resolve("workers"), Render.workersFile(c));
    Path exclude = confDir.resolve("exclude");
    if (!Files.exists(exclude)) Files.writeString(exclude, "");
    try (var in = LocalConf.class.getResourceAsStream(LocalDaemons.DAEMON_LOG4J)) {
      if (in == null) throw new IllegalStateException("the resource " + LocalDaemons.DAEMON_LOG4J + " is missing from the provisioner jar");
      Files.write(confDir.resolve(LocalDaemons.DAEMON_LOG4J), in.readAllBytes());
    }
  }

  /** lib/ (links to the Maven-resolved Hadoop jars), webroot/ and pids/. */
  static void links(Path dir, List<Path> jars) throws IOException {
    // links are only added: running daemons and containers open jars through them lazily
    Path lib = dir.resolve("lib");
    Files.createDirectories(lib);
    for (Path jar : jars) {
      Path link = lib.resolve(jar.getFileName());
      if (Files.isSymbolicLink(link)) continue; // the same file name from two groups: the first on the classpath wins anyway
      try {
        Files.createSymbolicLink(link, jar);
      } catch (FileAlreadyExistsException e) {
        // created meanwhile
      }
    }
    for (String w : WEBAPPS) Files.createDirectories(dir.resolve("webroot").resolve("webapps").resolve(w));
    Files.createDirectories(dir.resolve("pids"));
  }

  /** Fails with one sentence if a master port is taken (naming the local cluster that holds it, if one does). */
  static void checkPorts(Path dir, Path home, java.io.PrintStream out, int base) {
    for (Map.Entry<String, Integer> e : masterPorts(base).entrySet()) {
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true); // as Hadoop's servers do: a closed connection in TIME_WAIT does not count as taken
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), e.getValue()));
      } catch (IOException taken) {
        String other = otherClusterOn(dir, home, out, base);
        throw Problem.usage("port " + e.getValue() + " (" + e.getKey() + ") is taken by another program" + (other == null ? "" : " (local cluster " + other + ")")
            + "; choose other ports with --port-base N (N to N+9) or stop it; nothing was started");
      }
    }
  }

  private static String otherClusterOn(Path dir, Path home, java.io.PrintStream out, int base) {
    Path root = dir.getParent();
    if (!Files.isDirectory(root)) return null;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
      for (Path p : ds) {
        if (p.equals(dir) || !Files.isRegularFile(p.resolve(LocalBackend.STATE))) continue;
        LocalBackend c = new LocalBackend(root.getParent(), p.getFileName().toString(), home, out);
        if (c.exists() && c.portBase() == base && !c.runningDaemons().isEmpty()) return c.cluster();
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }
}
