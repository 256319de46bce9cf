package netflixjobs.provision.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import netflixjobs.provision.cloud.Ec2Cloud;
import netflixjobs.provision.cloud.Ec2Errors;
import netflixjobs.provision.core.Backend;
import netflixjobs.provision.core.Lifecycle;
import netflixjobs.provision.ec2.Ec2Backend;
import netflixjobs.provision.local.LocalBackend;
import netflixjobs.provision.model.Cluster;
import netflixjobs.provision.model.Problem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** bin/provision: launch, inspect, use, resize, stop, start and destroy a Hadoop cluster on EC2, or on this machine with --local. */
@Command(name = "provision", mixinStandardHelpOptions = true,
    description = "Launch and manage a Hadoop cluster on EC2 (or on this machine with --local). Without a command: launch.",
    footer = {"", "Defaults: conf/provision.properties (keys are the flags without dashes); flags win."})
public final class Main implements Callable<Integer> {
  static final String JOB_JAR = "mapreduce/target/netflix-jobs.jar";

  public static void main(String[] args) {
    int code = execute(Env.real(), args);
    System.out.flush();
    System.exit(code);
  }

  /** Runs a command line; returns the exit code (0 done, 1 failed, 2 bad input). */
  public static int execute(Env env, String... args) {
    List<String> a = new ArrayList<>(List.of(args));
    Set<String> top = Set.of("-h", "--help", "-V", "--version", "help");
    if (a.isEmpty() || (a.get(0).startsWith("-") && !top.contains(a.get(0)))) a.add(0, "launch");
    try {
      Config config = new Config(List.of(env.conf().resolve("provision.properties"), userConfig(env, a)));
      CommandLine cl = new CommandLine(new Main());
      cl.addSubcommand("launch", new LaunchCommand(env));
      UseCommands.addTo(cl, env);
      ChangeCommands.addTo(cl, env);
      for (String pass : List.of("ssh", "submit")) cl.getSubcommands().get(pass).setStopAtPositional(true).setUnmatchedOptionsArePositionalParams(true);
      cl.setDefaultValueProvider(config);
      cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().usageMessage().showDefaultValues(true));
      cl.setOut(new PrintWriter(env.out(), true));
      cl.setErr(new PrintWriter(env.err(), true));
      cl.setParameterExceptionHandler((ex, argv) -> {
        CommandLine c = ex.getCommandLine();
        String help = c.getParent() == null ? "bin/provision --help" : "bin/provision " + c.getCommandName() + " --help";
        env.err().println("provision: " + ex.getMessage() + " (see " + help + ")");
        return 2;
      });
      cl.setExecutionExceptionHandler((ex, cmd, parsed) -> report(env, ex));
      return cl.execute(a.toArray(String[]::new));
    } catch (RuntimeException e) {
      return report(env, e);
    }
  }

  static int report(Env env, Exception ex) {
    int code = ex instanceof Problem p ? p.exitCode() : ex instanceof IllegalArgumentException ? 2 : 1;
    String msg = ex instanceof Problem || ex instanceof IllegalArgumentException ? ex.getMessage() : Ec2Errors.message(ex);
    env.err().println("provision: " + msg);
    env.err().flush();
    return code;
  }

  /** The user's config file: --config FILE, else the state directory's provision.properties. */
  public static Path userConfig(Env env, List<String> a) {
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i).equals("--config") && i + 1 < a.size()) return checked(Path.of(a.get(i + 1)));
      if (a.get(i).startsWith("--config=")) return checked(Path.of(a.get(i).substring(9)));
    }
    return env.stateDir().resolve("provision.properties");
  }

  private static Path checked(Path p) {
    if (!Files.isReadable(p)) throw Problem.usage("the config file " + p + " does not exist");
    return p;
  }

  @Override public Integer call() {
    CommandLine.usage(this, System.out);
    return 2;
  }

  /** Options every command takes. */
  static final class Common {
    @Option(names = "--local", description = "a cluster of processes on this machine (127.0.0.1 only) instead of EC2") boolean local;
    @Option(names = "--name", description = "cluster name (default from conf/provision.properties)") String name;
    @Option(names = "--region", description = "AWS region (else the SDK's default chain: AWS_REGION, profile)") String region;
    @Option(names = "--profile", description = "AWS profile for credentials and region") String profile;
    @Option(names = "--config", description = "a properties file of defaults, over conf/provision.properties") Path config;
    @Option(names = "--identity-file", description = "private key of --key-name (default ~/.ssh/KEY-NAME.pem)") Path identityFile;
    @Option(names = {"-y", "--yes"}, description = "do not ask before spending or destroying") boolean yes;
    @Option(names = "--setup-timeout", description = "EC2: minutes the nodes' setup may take (default: from the steps' bounds and the node count)") Integer setupMinutes;
    @Option(names = "--timeout", description = "seconds HDFS and YARN may take to become healthy (default: 600 on EC2, 300 --local)") Integer timeout;

    String cluster() {
      if (name == null) throw Problem.usage("no cluster name: pass --name or set name in conf/provision.properties");
      if (!Cluster.NAME.matcher(name).matches())
        throw Problem.usage("a cluster name is 1 to 31 lower-case letters, digits or '-', starting with a letter: " + name);
      return name;
    }
  }

  /** A command: its options, the backend --local picks, the lifecycle over it. */
  abstract static class Base implements Callable<Integer> {
    final Env env;
    @Mixin Common common;
    @Spec CommandLine.Model.CommandSpec spec;

    Base(Env env) { this.env = env; }

    Backend backend() { return common.local ? local() : ec2(); }

    LocalBackend local() { return new LocalBackend(env.stateDir(), common.cluster(), env.home(), env.out()); }

    Ec2Backend ec2() {
      String name = common.cluster();
      Ec2Cloud cloud = env.clouds().open(common.region, common.profile, env.out());
      if (common.setupMinutes != null && common.setupMinutes < 1) throw Problem.usage("--setup-timeout must be at least 1 minute");
      Duration setup = common.setupMinutes != null ? Duration.ofMinutes(common.setupMinutes) : env.setupTimeout();
      return new Ec2Backend(cloud, name, env.stateDir(), env.conf(), env.out(), env.remotes()::open, env.poll(), setup, common.identityFile);
    }

    Lifecycle lifecycle(Backend b) {
      Duration timeout = common.timeout != null ? Duration.ofSeconds(common.timeout) : common.local ? Duration.ofSeconds(300) : env.healthTimeout();
      if (common.timeout != null && common.timeout < 10) throw Problem.usage("--timeout must be at least 10 seconds");
      return new Lifecycle(b, env.out(), env.err(), common.local ? Duration.ofSeconds(1) : env.poll(), timeout, env.shutdownHook());
    }

    boolean confirm(String question) {
      if (common.yes || common.local) return true;
      env.out().print(question + " [y/N] ");
      env.out().flush();
      try {
        String line = env.in().readLine();
        return line != null && (line.trim().equalsIgnoreCase("y") || line.trim().equalsIgnoreCase("yes"));
      } catch (IOException e) {
        return false;
      }
    }

    boolean given(String option) { return spec.commandLine().getParseResult().hasMatchedOption(option); }
  }
}
