package netflixjobs.provision.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import netflixjobs.provision.cloud.Ec2Cloud;
import netflixjobs.provision.core.Backend;
import netflixjobs.provision.ec2.Ec2Backend;
import netflixjobs.provision.ec2.Ec2Status;
import netflixjobs.provision.ec2.Prices;
import netflixjobs.provision.model.Node;
import netflixjobs.provision.model.Problem;
import netflixjobs.provision.model.Role;
import netflixjobs.provision.remote.Remote;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The commands that look at a cluster or use it: status, list, ssh, put, get, submit. */
final class UseCommands {
  private UseCommands() {}

  static void addTo(CommandLine cl, Env env) {
    cl.addSubcommand("status", new Status(env));
    cl.addSubcommand("list", new ListClusters(env));
    cl.addSubcommand("ssh", new SshCmd(env));
    cl.addSubcommand("put", new Put(env));
    cl.addSubcommand("get", new Get(env));
    cl.addSubcommand("submit", new Submit(env));
  }

  /** The EC2 backend; a local cluster is used through bin/netflix-jobs instead. */
  static Ec2Backend ec2Only(Main.Base c, String what) {
    if (c.common.local) throw Problem.usage(what + " is for EC2 clusters; a local cluster runs it with bin/netflix-jobs --cluster local " + what.replace("submit", "PROGRAM"));
    return c.ec2();
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Nodes, states, HDFS and YARN health, minutes to idle shutdown, the tunnel command; exit 1 if a local worker is lost.")
  static final class Status extends Main.Base {
    Status(Env env) { super(env); }

    @Override public Integer call() {
      try (Backend b = backend()) {
        return lifecycle(b).status();
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The clusters in the region.")
  static final class ListClusters extends Main.Base {
    ListClusters(Env env) { super(env); }

    @Override public Integer call() {
      try (Ec2Cloud cloud = env.clouds().open(common.region, common.profile, env.out())) {
        Map<String, List<Node>> all = cloud.clusters();
        if (all.isEmpty()) {
          env.out().println("no clusters in this region");
          return 0;
        }
        env.out().printf("%-20s %-8s %-8s %-16s %-12s %s%n", "NAME", "NODES", "RUNNING", "MASTER", "TYPE", "SINCE");
        all.forEach((name, nodes) -> {
          Node m = nodes.stream().filter(n -> n.role() == Role.MASTER).findFirst().orElse(nodes.get(0));
          env.out().printf("%-20s %-8d %-8d %-16s %-12s %s%n", name, nodes.size(), nodes.stream().filter(n -> n.state().equals("running")).count(),
              Ec2Status.dash(m.publicAddress()), m.type(), Ec2Status.when(m.launched()));
        });
        return 0;
      }
    }
  }

  @Command(name = "ssh", mixinStandardHelpOptions = true, description = "Log in to the master (or run COMMAND there; a terminal only if this side has one).")
  static final class SshCmd extends Main.Base {
    @Parameters(arity = "0..*", paramLabel = "COMMAND") List<String> command = new ArrayList<>();
    SshCmd(Env env) { super(env); }

    @Override public Integer call() {
      try (Ec2Backend b = ec2Only(this, "ssh")) {
        return b.remote().interactive(b.master().publicAddress(), command);
      }
    }
  }

  @Command(name = "put", mixinStandardHelpOptions = true, description = "Copy a local file or directory into the cluster's HDFS.")
  static final class Put extends Main.Base {
    @Parameters(index = "0", paramLabel = "LOCAL") Path local;
    @Parameters(index = "1", paramLabel = "HDFS_PATH") String hdfsPath;
    Put(Env env) { super(env); }

    @Override public Integer call() {
      if (!Files.exists(local)) throw Problem.usage(local + " does not exist");
      String dest = Cidr.quote(hdfsPath);
      try (Ec2Backend b = ec2Only(this, "put")) {
        Node m = b.master();
        Remote remote = b.remote();
        int code;
        if (Files.isDirectory(local)) {
          String tmp = "/tmp/netflix-jobs-put-" + Long.toHexString(new Random().nextLong() & Long.MAX_VALUE);
          remote.upload(m.publicAddress(), local, tmp);
          Remote.Result r = remote.run(m.publicAddress(), "hdfs dfs -put -f " + tmp + " " + dest + "; s=$?; rm -rf " + tmp + "; exit $s");
          env.out().print(r.output());
          code = r.code();
        } else {
          code = remote.pipe(m.publicAddress(), local, "hdfs dfs -put -f - " + dest);
        }
        if (code != 0) throw Problem.failed("copying " + local + " to hdfs:" + hdfsPath + " failed (exit code " + code + ")");
        env.out().println("copied " + local + " to hdfs:" + hdfsPath + " on cluster " + b.cluster());
        return 0;
      }
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Copy a file or directory of the cluster's HDFS to LOCAL (a new path), byte for byte.")
  static final class Get extends Main.Base {
    @Parameters(index = "0", paramLabel = "HDFS_PATH") String hdfsPath;
    @Parameters(index = "1", paramLabel = "LOCAL") Path local;
    Get(Env env) { super(env); }

    @Override public Integer call() {
      if (Files.exists(local)) throw Problem.usage(local + " exists already; name a new path");
      try {
        Files.createDirectories(local.toAbsolutePath().getParent()); // as cp would not, but a user means it
      } catch (java.io.IOException e) {
        throw Problem.usage("cannot create the folder of " + local + ": " + e.getMessage());
      }
      try (Backend b = backend()) {
        b.get(hdfsPath, local);
      }
      if (common.local) env.out().println("copied hdfs:" + hdfsPath + " of local cluster " + common.cluster() + " to " + local);
      return 0;
    }
  }

  @Command(name = "submit", mixinStandardHelpOptions = true, description = "Copy netflix-jobs.jar to the master, run JOB ARGS there, print its wall time and cost.")
  static final class Submit extends Main.Base {
    @Parameters(index = "0", paramLabel = "JOB") String job;
    @Parameters(index = "1..*", paramLabel = "ARGS") List<String> args = new ArrayList<>();
    Submit(Env env) { super(env); }

    @Override public Integer call() throws Exception {
      Path jar = env.home().resolve(Main.JOB_JAR);
      if (!Files.isReadable(jar)) throw Problem.usage("no job jar at " + jar + "; build it with: mvn -DskipTests package -pl mapreduce -am");
      String sum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
      try (Ec2Backend b = ec2Only(this, "submit")) {
        Node m = b.master();
        Remote remote = b.remote();
        Remote.Result have = remote.run(m.publicAddress(), "sha256sum netflix-jobs.jar 2>/dev/null | cut -d ' ' -f 1");
        if (!have.output().trim().equals(sum)) {
          env.out().println("copying " + jar.getFileName() + " to the master ...");
          remote.upload(m.publicAddress(), jar, "netflix-jobs.jar");
        }
        List<String> c = new ArrayList<>(List.of("hadoop", "jar", "netflix-jobs.jar", Cidr.quote(job)));
        args.forEach(a -> c.add(Cidr.quote(a)));
        long t0 = System.nanoTime();
        int code = remote.interactive(m.publicAddress(), c);
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        List<String> types = b.nodes().stream().filter(n -> n.state().equals("running")).map(Node::type).toList();
        env.out().println(cost(seconds, Prices.load(env.conf().resolve("prices.tsv")).clusterHourly(b.cloud().settings().region().id(), types)));
        return code;
      }
    }
  }

  /** "job took 3 min 12 s; at $0.77/h for this cluster that is $0.04". */
  static String cost(long seconds, Double hourly) {
    String took = seconds >= 60 ? (seconds / 60) + " min " + (seconds % 60) + " s" : seconds + " s";
    if (hourly == null) return "job took " + took + "; no price for this cluster's instance types in conf/prices.tsv";
    return String.format(Locale.ROOT, "job took %s; at $%.2f/h for this cluster that is $%.2f", took, hourly, hourly * seconds / 3600.0);
  }
}
