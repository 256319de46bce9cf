package netflixjobs.provision.cli;

import netflixjobs.provision.core.Backend;
import netflixjobs.provision.ec2.AddWorkers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that change a running cluster: add-workers, remove-workers, stop, start, destroy. */
final class ChangeCommands {
  private ChangeCommands() {}

  static void addTo(CommandLine cl, Env env) {
    cl.addSubcommand("add-workers", new Add(env));
    cl.addSubcommand("remove-workers", new Remove(env));
    cl.addSubcommand("stop", new Stop(env));
    cl.addSubcommand("start", new Start(env));
    cl.addSubcommand("destroy", new Destroy(env));
  }

  @Command(name = "add-workers", mixinStandardHelpOptions = true, description = "Start N more workers, wait until they joined HDFS and YARN; replication follows.")
  static final class Add extends Main.Base {
    @Parameters(index = "0", paramLabel = "N") int count;
    @Option(names = "--instance-type", description = "EC2: the new workers' type (default: the cluster's)") String instanceType;
    @Option(names = "--spot", negatable = true, description = "EC2: the new workers on spot (default: as the cluster's workers)") Boolean spot;
    @Option(names = "--max-price", description = "EC2: highest spot price in USD an hour") String maxPrice;
    @Option(names = "--volume-gb", description = "EC2: root volume of each new worker, GB (default: the cluster's)") Integer volumeGb;
    Add(Env env) { super(env); }

    @Override public Integer call() {
      // the config file's defaults are for launch; here only flags given count
      AddWorkers.Options o = new AddWorkers.Options(given("--instance-type") ? instanceType : null, given("--spot") || given("--no-spot") ? spot : null,
          given("--max-price") ? maxPrice : null, given("--volume-gb") ? volumeGb : null);
      try (Backend b = common.local ? local() : ec2().adding(o)) {
        return lifecycle(b).addWorkers(count, this::confirm);
      }
    }
  }

  @Command(name = "remove-workers", mixinStandardHelpOptions = true,
      description = "Remove N workers: lost ones first, then the newest, decommissioned first (HDFS copies their blocks away); replication follows.")
  static final class Remove extends Main.Base {
    @Parameters(index = "0", paramLabel = "N") int count;
    @Option(names = "--force", description = "remove without decommissioning (blocks only there are lost)") boolean force;
    Remove(Env env) { super(env); }

    @Override public Integer call() {
      try (Backend b = backend()) {
        return lifecycle(b).removeWorkers(count, force, this::confirm);
      }
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop every node, keeping its data (EC2: the EBS volumes; only storage is billed).")
  static final class Stop extends Main.Base {
    Stop(Env env) { super(env); }

    @Override public Integer call() {
      try (Backend b = backend()) {
        return lifecycle(b).stop(this::confirm);
      }
    }
  }

  @Command(name = "start", mixinStandardHelpOptions = true, description = "Start a stopped cluster; wait until every worker is back and HDFS has every block.")
  static final class Start extends Main.Base {
    Start(Env env) { super(env); }

    @Override public Integer call() {
      try (Backend b = backend()) {
        return lifecycle(b).start();
      }
    }
  }

  @Command(name = "destroy", mixinStandardHelpOptions = true,
      description = "Remove all that is left of the cluster (EC2: instances in any state, security group, key pair). Safe to repeat.")
  static final class Destroy extends Main.Base {
    Destroy(Env env) { super(env); }

    @Override public Integer call() {
      try (Backend b = backend()) {
        return lifecycle(b).destroy(this::confirm);
      }
    }
  }
}
