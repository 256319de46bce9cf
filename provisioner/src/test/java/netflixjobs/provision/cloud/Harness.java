package netflixjobs.provision.cloud;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import netflixjobs.provision.cli.Env;
import netflixjobs.provision.cli.Main;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** Runs bin/provision's commands in-process against a {@link FakeEc2} and a {@link FakeRemote}. */
public final class Harness implements AutoCloseable {
  public static final String ACCESS_KEY = "AKIDFAKEFAKEFAKEFAKE";
  public static final String SECRET = "fake/secret+do-not-leak";
  public final FakeEc2 ec2;
  public final FakeRemote remote;
  public final Path state;
  public String out = "", err = "";
  public String input = "";
  public String callerIp = "203.0.113.7";

  public Harness(Path state) throws Exception {
    this.ec2 = new FakeEc2();
    this.remote = new FakeRemote(ec2);
    this.state = state;
  }

  public Ec2Cloud.Settings settings() {
    return new Ec2Cloud.Settings(Region.US_EAST_1, StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET)),
        ec2.endpoint(), Duration.ofMillis(5), Duration.ofSeconds(20), Duration.ofMillis(5), 4);
  }

  public Env env(PrintStream o, PrintStream e) {
    Path home = Path.of(System.getProperty("netflixjobs.home", "..")).toAbsolutePath().normalize();
    return new Env(home, state, o, e, new BufferedReader(new StringReader(input)),
        (region, profile, out) -> {
          Aws.region(region, profile); // the same checks as the real factory
          return new Ec2Cloud(settings(), out);
        },
        (key, known) -> remote, url -> callerIp, Duration.ofMillis(5), Duration.ofSeconds(5), Duration.ofSeconds(5), false);
  }

  /** Runs one command line; keeps its output in {@link #out} and {@link #err}. */
  public int run(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
    int code;
    try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8); PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
      code = Main.execute(env(po, pe), args);
    }
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return code;
  }

  @Override public void close() { ec2.close(); }
}
