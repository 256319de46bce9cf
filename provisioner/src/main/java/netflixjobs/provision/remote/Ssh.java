package netflixjobs.provision.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import netflixjobs.provision.model.Problem;

/**
 * {@link Remote} through the system's ssh and scp, with the cluster's private key and a known-hosts
 * file of the cluster's own (a host key is accepted the first time, then pinned).
 */
public final class Ssh implements Remote {
  private final Path key;
  private final Path knownHosts;
  private final String user;
  private final long timeoutSeconds;

  public Ssh(Path key, Path knownHosts, String user, long timeoutSeconds) {
    this.key = key;
    this.knownHosts = knownHosts;
    this.user = user;
    this.timeoutSeconds = timeoutSeconds;
  }

  List<String> options() {
    return List.of("-i", key.toString(), "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=accept-new",
        "-o", "UserKnownHostsFile=" + knownHosts, "-o", "ConnectTimeout=10", "-o", "ServerAliveInterval=30", "-o", "LogLevel=ERROR");
  }

  /** The command line a user can paste to log in (or tunnel, with extra options). */
  public List<String> command(String host, List<String> extraOptions, List<String> remote) {
    List<String> c = new ArrayList<>();
    c.add("ssh");
    c.addAll(options());
    c.addAll(extraOptions);
    c.add(user + "@" + host);
    c.addAll(remote);
    return c;
  }

  @Override public Result run(String host, String command) {
    List<String> c = command(host, List.of("-o", "BatchMode=yes"), List.of(command));
    try {
      Files.createDirectories(knownHosts.toAbsolutePath().getParent());
      Process p = new ProcessBuilder(c).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(255, "timed out");
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw Problem.failed("cannot run ssh: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Problem.failed("interrupted");
    }
  }

  @Override public int interactive(String host, List<String> command) {
    return exec(command(host, List.of(terminalOption(System.console() != null)), command), null);
  }

  /** A terminal (-t) only when this side has one: without, the remote output reaches a pipe or file byte for byte (no CR LF). */
  static String terminalOption(boolean console) { return console ? "-t" : "-T"; }

  @Override public int fetch(String host, String command, Path stdout) {
    try {
      Process p = new ProcessBuilder(command(host, List.of("-T", "-o", "BatchMode=yes"), List.of(command)))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).redirectOutput(stdout.toFile())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      return p.waitFor();
    } catch (IOException e) {
      throw Problem.failed("cannot run ssh: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Problem.failed("interrupted");
    }
  }

  @Override public void upload(String host, Path local, String remotePath) {
    List<String> c = new ArrayList<>(List.of("scp", "-q", "-r"));
    c.addAll(options());
    c.add(local.toString());
    c.add(user + "@" + host + ":" + remotePath);
    int code = exec(c, null);
    if (code != 0) throw Problem.failed("copying " + local + " to the master failed (scp exit code " + code + ")");
  }

  @Override public int pipe(String host, Path stdin, String command) {
    return exec(command(host, List.of(), List.of(command)), stdin);
  }

  private int exec(List<String> c, Path stdin) {
    try {
      ProcessBuilder pb = new ProcessBuilder(c).inheritIO();
      if (stdin != null) pb.redirectInput(stdin.toFile());
      return pb.start().waitFor();
    } catch (IOException e) {
      throw Problem.failed("cannot run " + c.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Problem.failed("interrupted");
    }
  }
}
