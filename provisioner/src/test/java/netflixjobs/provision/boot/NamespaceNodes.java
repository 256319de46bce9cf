package netflixjobs.provision.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Nodes on this machine, each in its own network namespace on a private bridge (10.200.0.0/24, the
 * machine itself at .1) and, while a node's setup runs, its own mount and UTS namespaces (see
 * src/test/resources/boot/node.sh). {@link #close} takes everything down again: the nodes'
 * processes by PID, the namespaces, the bridge, the user the setup created, the directories.
 */
final class NamespaceNodes implements AutoCloseable {
  static final String BRIDGE = "njboot0";
  static final String HOST_ADDRESS = "10.200.0.1";
  /** Where a node's setup writes, bind-mounted from the node's own directory. */
  static final List<String> NODE_PATHS = List.of("/opt", "/etc/hadoop", "/data", "/var/log", "/var/lib/netflix-jobs",
      "/usr/local/bin", "/usr/local/sbin", "/etc/systemd/system", "/run/netflix-jobs");
  static final Path RESOURCES = Path.of(System.getProperty("netflixjobs.home", "..")).toAbsolutePath().normalize()
      .resolve("provisioner/src/test/resources/boot");

  record Node(String name, String address, Path root) {
    String netns() { return "njboot-" + name; }
    String hostname() { return "ip-" + address.replace('.', '-'); }
    Path state() { return root.resolve("state"); }
  }

  private final Path dir;
  private final String user;
  private final boolean userExisted;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final List<Path> createdDirs = new ArrayList<>();
  private final List<Process> setups = new ArrayList<>();

  NamespaceNodes(Path dir, String user) throws Exception {
    this.dir = dir;
    this.user = user;
    this.userExisted = run(10, "id", user).exitValue() == 0;
    sh("ip", "link", "add", BRIDGE, "type", "bridge");
    sh("ip", "addr", "add", HOST_ADDRESS + "/24", "dev", BRIDGE);
    sh("ip", "link", "set", BRIDGE, "up");
    List<String> needed = new ArrayList<>(NODE_PATHS);
    needed.add("/etc/netns"); // `ip netns exec` mounts /etc/netns/NAME/hosts over /etc/hosts
    for (String p : needed) {
      Path mp = Path.of(p);
      if (!Files.isDirectory(mp)) {
        Files.createDirectories(mp);
        createdDirs.add(mp);
      }
    }
  }

  /** A node at {@code address} with its own network namespace, hosts file and directories. */
  Node add(String name, String address, List<String> hostsLines) throws Exception {
    Node n = new Node(name, address, Files.createDirectories(dir.resolve(name)));
    nodes.put(name, n);
    Files.setPosixFilePermissions(n.root(), PosixFilePermissions.fromString("rwxr-xr-x"));
    for (String d : List.of("opt", "etc-hadoop", "data", "var-log", "state", "usr-local-bin", "usr-local-sbin", "systemd", "run"))
      Files.createDirectories(n.root().resolve(d));
    for (String standIn : List.of("systemctl", "dnf", "shutdown", "mvn")) {
      Path to = n.root().resolve("usr-local-sbin").resolve(standIn);
      Files.copy(RESOURCES.resolve(standIn), to);
      Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Path netnsEtc = Files.createDirectories(Path.of("/etc/netns", n.netns()));
    Files.writeString(netnsEtc.resolve("hosts"), "127.0.0.1 localhost\n" + String.join("\n", hostsLines) + "\n");
    String veth = "njb-" + name;
    sh("ip", "netns", "add", n.netns());
    sh("ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", n.netns());
    sh("ip", "link", "set", veth, "master", BRIDGE);
    sh("ip", "link", "set", veth, "up");
    sh("ip", "-n", n.netns(), "addr", "add", address + "/24", "dev", "eth0");
    sh("ip", "-n", n.netns(), "link", "set", "eth0", "up");
    sh("ip", "-n", n.netns(), "link", "set", "lo", "up");
    return n;
  }

  /** Starts the node's setup script (as cloud-init would run user-data), its output in root/setup.out. */
  Process startSetup(Node n, String script) throws IOException {
    Path f = n.root().resolve("user-data.sh");
    Files.writeString(f, script);
    Process p = new ProcessBuilder("ip", "netns", "exec", n.netns(), "unshare", "--mount", "--uts", "--propagation", "private",
        "bash", RESOURCES.resolve("node.sh").toString(), n.root().toString(), n.hostname(), f.toString())
        .redirectErrorStream(true).redirectOutput(n.root().resolve("setup.out").toFile()).start();
    setups.add(p);
    return p;
  }

  /** Runs a command inside the node (its network, mount and UTS namespaces), as root. */
  Result exec(Node n, int timeoutSeconds, String... cmd) throws Exception {
    List<String> all = new ArrayList<>(List.of("nsenter", "-t", anchor(n), "-m", "-n", "-u", "--", "env", "-i",
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"));
    all.addAll(List.of(cmd));
    Process p = new ProcessBuilder(all).redirectErrorStream(false).start();
    p.getOutputStream().close();
    byte[][] out = new byte[2][];
    Thread err = new Thread(() -> { try { out[1] = p.getErrorStream().readAllBytes(); } catch (IOException e) { out[1] = new byte[0]; } });
    err.start();
    out[0] = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) p.destroyForcibly();
    err.join();
    return new Result(p.exitValue(), new String(out[0], StandardCharsets.UTF_8), new String(out[1], StandardCharsets.UTF_8));
  }

  record Result(int exit, String out, String err) {}

  private static String anchor(Node n) throws IOException {
    return Files.readString(n.root().resolve("anchor.pid")).trim();
  }

  @Override public void close() throws Exception {
    for (Process p : setups) p.destroyForcibly();
    // every process of every node: the daemons the systemctl stand-in recorded, and whatever else runs in the namespaces
    List<String> pids = new ArrayList<>();
    for (Node n : nodes.values()) {
      Path recorded = n.state().resolve("test-systemd/pids");
      if (Files.isDirectory(recorded)) try (var s = Files.list(recorded)) { for (Path f : s.toList()) pids.add(Files.readString(f).trim()); }
      if (Files.isRegularFile(n.root().resolve("anchor.pid"))) pids.add(anchor(n));
      for (String pid : run(10, "ip", "netns", "pids", n.netns()).output().split("\\s+")) if (!pid.isBlank()) pids.add(pid);
    }
    signal("TERM", pids);
    for (int i = 0; i < 50 && alive(pids); i++) Thread.sleep(100);
    signal("KILL", pids);
    for (Node n : nodes.values()) {
      run(10, "ip", "netns", "del", n.netns());
      run(10, "rm", "-rf", "/etc/netns/" + n.netns());
    }
    run(10, "ip", "link", "del", BRIDGE);
    if (!userExisted && run(10, "id", user).exitValue() == 0) run(30, "userdel", "-r", user);
    for (Path d : createdDirs) run(10, "rmdir", d.toString());
    run(60, "rm", "-rf", dir.toString());
  }

  private static void signal(String sig, List<String> pids) throws Exception {
    if (pids.isEmpty()) return;
    List<String> cmd = new ArrayList<>(List.of("kill", "-" + sig));
    cmd.addAll(pids);
    run(10, cmd.toArray(String[]::new));
  }

  private static boolean alive(List<String> pids) {
    for (String p : pids) if (Files.exists(Path.of("/proc", p))) return true;
    return false;
  }

  record Ran(int exitValue, String output) {}

  static Ran run(int timeoutSeconds, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Ran(-1, out);
    }
    return new Ran(p.exitValue(), out);
  }

  static String sh(String... cmd) throws Exception {
    Ran r = run(30, cmd);
    if (r.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed: " + r.output());
    return r.output();
  }
}
