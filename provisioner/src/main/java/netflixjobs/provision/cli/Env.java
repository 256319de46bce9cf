package netflixjobs.provision.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import netflixjobs.provision.cloud.Aws;
import netflixjobs.provision.cloud.Ec2Cloud;
import netflixjobs.provision.model.Problem;
import netflixjobs.provision.remote.Remote;
import netflixjobs.provision.remote.Ssh;

/**
 * What the commands use from the outside world, so tests can replace each part: the project
 * directory (conf/, the job jar), a directory for keys and known hosts, the terminal, EC2, SSH and
 * the lookup of this machine's public address.
 */
/* setupTimeout null: the nodes' setup limit follows the work (NodeSetup.budget). */
public record Env(Path home, Path stateDir, PrintStream out, PrintStream err, BufferedReader in,
                  CloudFactory clouds, RemoteFactory remotes, IpLookup callerIp, Duration poll,
                  Duration setupTimeout, Duration healthTimeout, boolean shutdownHook) {
  public interface CloudFactory { Ec2Cloud open(String region, String profile, PrintStream out); }
  public interface RemoteFactory { Remote open(Path key, Path knownHosts); }
  public interface IpLookup { String lookup(String url); }

  public static Env real() {
    Path home = Path.of(System.getProperty("netflixjobs.home", ".")).toAbsolutePath().normalize();
    Path state = Path.of(System.getProperty("user.home"), ".netflix-jobs");
    return new Env(home, state, System.out, System.err, new BufferedReader(new InputStreamReader(System.in)),
        Aws::connect, (key, known) -> new Ssh(key, known, "ec2-user", 120), Env::checkIp,
        Duration.ofSeconds(10), null, Duration.ofMinutes(10), true);
  }

  public Path conf() { return home.resolve("conf"); }

  /** This machine's public IPv4 address as an AWS service sees it. */
  static String checkIp(String url) {
    try {
      HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      String ip = r.body().trim();
      if (r.statusCode() != 200 || !ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) throw new IllegalStateException("answer " + r.statusCode());
      return ip;
    } catch (Exception e) {
      if (e instanceof InterruptedException) Thread.currentThread().interrupt();
      throw Problem.usage("cannot find this machine's public address at " + url + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
          + "); pass --allow-cidr with the address SSH may come from, such as 203.0.113.7/32");
    }
  }
}
