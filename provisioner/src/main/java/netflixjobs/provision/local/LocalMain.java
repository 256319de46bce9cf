package netflixjobs.provision.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import netflixjobs.provision.cli.Config;
import netflixjobs.provision.cli.Env;
import netflixjobs.provision.cli.Main;
import netflixjobs.provision.model.Problem;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/provision ... --local}: the same commands as for EC2 (launch, status, add-workers,
 * remove-workers, destroy) for a cluster of daemons on this machine ({@link LocalCluster}).
 */
@Command(name = "provision --local", mixinStandardHelpOptions = true,
    description = "A Hadoop cluster of separate JVMs on this machine (127.0.0.1 only). Without a command: launch.",
    footer = {"", "Defaults: conf/provision.properties (name, workers); flags win."})
public final class LocalMain implements Callable<Integer> {
  public static final String FLAG = "--local";

  private LocalMain() {}

  /** Runs a command line that holds {@code --local}; returns the exit code (0 done, 1 failed, 2 bad input). */
  public static int execute(Env env, String... args) {
    List<String> a = new ArrayList<>();
    for (String s : args) if (!s.equals(FLAG)) a.add(s);
    Set<String> top = Set.of("-h", "--help", "-V", "--version", "help");
    if (a.isEmpty() || (a.get(0).startsWith("-") && !top.contains(a.get(0)))) a.add(0, "launch");
    try {
      Config config = new Config(List.of(env.conf().resolve("provision.properties"), Main.userConfig(env, a)));
      CommandLine cl = new CommandLine(new LocalMain());
      cl.addSubcommand("launch", new Launch(env));
      cl.addSubcommand("status", new Status(env));
      cl.addSubcommand("add-workers", new AddWorkers(env));
      cl.addSubcommand("remove-workers", new RemoveWorkers(env));
      cl.addSubcommand("destroy", new Destroy(env));
      return Main.run(cl, env, config, " " + FLAG, a, ex -> report(env, ex));
    } catch (RuntimeException e) {
      return report(env, e);
    }
  }

  static int report(Env env, Exception ex) {
    int code = ex instanceof Problem p ? p.exitCode() : 1;
    String msg = ex instanceof Problem ? ex.getMessage() : ex.getClass().getSimpleName() + ": " + ex.getMessage();
    env.err().println("provision: " + msg);
    env.err().flush();
    return code;
  }

  @Override public Integer call() {
    CommandLine.usage(this, System.out);
    return 2;
  }

  static final class Common {
    @Option(names = "--name", description = "cluster name") String name;
    @Option(names = "--config", description = "a properties file of defaults, over conf/provision.properties") Path config;
    @Option(names = "--local", description = "a cluster on this machine (this help)") boolean local;
  }

  abstract static class Base implements Callable<Integer> {
    final Env env;
    @Mixin Common common;

    Base(Env env) { this.env = env; }

    LocalCluster cluster() {
      if (common.name == null) throw Problem.usage("no cluster name: pass --name or set name in conf/provision.properties");
      return new LocalCluster(env.stateDir(), common.name, env.home(), env.out());
    }
  }

  @Command(name = "launch", mixinStandardHelpOptions = true,
      description = "Start a NameNode, a ResourceManager, a job history server and per worker a DataNode and a NodeManager; wait until HDFS and YARN see every worker.")
  static final class Launch extends Base {
    @Option(names = "--workers", description = "number of workers (DataNode + NodeManager)") Integer workers;
    @Option(names = "--port-base", defaultValue = "0", description = "master ports N..N+9 (NameNode RPC, web; ResourceManager, scheduler, tracker, admin, web; job history RPC, web, admin); 0: Hadoop's 8020, 9870, 8032, 8030, 8031, 8033, 8088, 10020, 19888, 10033") int portBase;
    @Option(names = "--worker-memory", defaultValue = "6144", description = "MiB a worker offers (YARN gets this less 1536; one worker must hold an application master and any task)") int workerMemory;
    @Option(names = "--worker-vcores", defaultValue = "4", description = "virtual cores (container slots) a worker offers YARN") int workerVcores;
    @Option(names = "--timeout", defaultValue = "300", description = "seconds to wait for HDFS and YARN") int timeout;
    Launch(Env env) { super(env); }

    @Override public Integer call() {
      if (workers == null) throw Problem.usage("--workers is missing");
      LocalCluster.Settings s = new LocalCluster.Settings(workers, portBase, workerMemory, workerVcores, Duration.ofSeconds(timeout));
      cluster().launch(s, env.shutdownHook());
      return 0;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Daemons with PIDs, workers as HDFS and YARN see them; exit code 1 if a worker is lost.")
  static final class Status extends Base {
    Status(Env env) { super(env); }

    @Override public Integer call() { return cluster().status() == 0 ? 0 : 1; }
  }

  @Command(name = "add-workers", mixinStandardHelpOptions = true, description = "Start N more workers and wait until they joined HDFS and YARN.")
  static final class AddWorkers extends Base {
    @Parameters(index = "0", paramLabel = "N") int count;
    @Option(names = "--timeout", defaultValue = "300", description = "seconds to wait for the new workers") int timeout;
    AddWorkers(Env env) { super(env); }

    @Override public Integer call() {
      cluster().addWorkers(count, Duration.ofSeconds(timeout));
      return 0;
    }
  }

  @Command(name = "remove-workers", mixinStandardHelpOptions = true,
      description = "Remove N workers: lost ones first, then the newest, decommissioned first (HDFS copies their blocks away).")
  static final class RemoveWorkers extends Base {
    @Parameters(index = "0", paramLabel = "N") int count;
    @Option(names = "--timeout", defaultValue = "600", description = "seconds to wait for decommissioning") int timeout;
    RemoveWorkers(Env env) { super(env); }

    @Override public Integer call() {
      cluster().removeWorkers(count, Duration.ofSeconds(timeout));
      return 0;
    }
  }

  @Command(name = "destroy", mixinStandardHelpOptions = true, description = "Stop every daemon and container (by PID) and delete the cluster's directory. Safe to repeat.")
  static final class Destroy extends Base {
    @Option(names = "--keep-data", description = "keep HDFS and the configuration: a later launch --local starts it again") boolean keepData;
    @Option(names = {"-y", "--yes"}, description = "accepted for symmetry with EC2; a local destroy does not ask") boolean yes;
    Destroy(Env env) { super(env); }

    @Override public Integer call() {
      cluster().destroy(keepData);
      return 0;
    }
  }
}
