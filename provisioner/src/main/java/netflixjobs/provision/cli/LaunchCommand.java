package netflixjobs.provision.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import netflixjobs.provision.core.Backend;
import netflixjobs.provision.ec2.Ec2Backend;
import netflixjobs.provision.ec2.Ec2Launch;
import netflixjobs.provision.local.LocalBackend;
import netflixjobs.provision.model.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "launch", mixinStandardHelpOptions = true,
    description = "Start a master and workers and wait until HDFS and YARN are healthy; on failure remove what was created.")
final class LaunchCommand extends Main.Base {
  @Option(names = "--workers", description = "number of workers (DataNode + NodeManager)") Integer workers;
  @Option(names = "--dry-run", description = "EC2: check every call with EC2's DryRun flag, print the plan and configuration; create nothing") boolean dryRun;
  @Option(names = "--keep-on-failure", description = "keep the nodes and the key of a failed launch to find out why (destroy removes them)") boolean keep;
  // EC2
  @Option(names = "--instance-type", description = "EC2: workers' instance type") String instanceType;
  @Option(names = "--master-instance-type", description = "EC2: master's instance type (default: --instance-type)") String masterType;
  @Option(names = "--spot", description = "EC2: workers on spot instances (terminated if EC2 reclaims them); the master stays on-demand") boolean spot;
  @Option(names = "--spot-master", description = "EC2: the master on spot too (a reclaimed master loses the cluster)") boolean spotMaster;
  @Option(names = "--max-price", description = "EC2: highest spot price in USD an hour (default: on-demand)") String maxPrice;
  @Option(names = "--volume-gb", description = "EC2: root volume (encrypted gp3) of each node, GB") Integer volumeGb;
  @Option(names = "--key-name", description = "EC2: an existing key pair (default: create one for the cluster)") String keyName;
  @Option(names = "--subnet", description = "EC2: subnet (default: the default VPC's)") String subnet;
  @Option(names = "--ami", description = "EC2: image (default: the current Amazon Linux 2023, from SSM)") String ami;
  @Option(names = "--hadoop-version", description = "EC2: Hadoop release to install") String hadoopVersion;
  @Option(names = "--hadoop-mirror", description = "EC2: where Hadoop releases are downloaded from") String hadoopMirror;
  @Option(names = "--idle-shutdown", description = "EC2: minutes without a YARN application before the nodes stop (0: never)") Integer idleMinutes;
  @Option(names = "--instance-profile", description = "EC2: an existing instance profile the nodes get (their credentials for S3)") String instanceProfile;
  @Option(names = "--hadoop-tarball", description = "EC2: a Hadoop release tarball instead of Apache's mirrors: a FILE on this machine (uploaded to the master) or s3://bucket/key (fetched by the master with --instance-profile)") String hadoopTarball;
  @Option(names = "--allow-cidr", description = "EC2: who may SSH in (default: this machine's public address /32)") String allowCidr;
  @Option(names = "--checkip-url", description = "where this machine's public address is looked up", hidden = true) String checkIpUrl;
  // local
  @Option(names = "--port-base", defaultValue = "0", description = "--local: master ports N..N+9 (NameNode RPC, web; ResourceManager, scheduler, tracker, admin, web; job history RPC, web, admin); 0: Hadoop's 8020, 9870, 8032, 8030, 8031, 8033, 8088, 10020, 19888, 10033") int portBase;
  @Option(names = "--worker-memory", defaultValue = "6144", description = "--local: MiB a worker offers (YARN gets this less 1536)") int workerMemory;
  @Option(names = "--worker-vcores", defaultValue = "4", description = "--local: virtual cores (container slots) a worker offers YARN") int workerVcores;

  LaunchCommand(Env env) { super(env); }

  @Override public Integer call() {
    common.cluster();
    if (workers == null) throw Problem.usage("--workers is missing");
    try (Backend b = common.local ? localLaunch() : ec2Launch()) {
      return lifecycle(b).launch(dryRun, keep, this::confirm);
    }
  }

  private Backend localLaunch() {
    int t = common.timeout == null ? 300 : common.timeout;
    return local().launching(new LocalBackend.Settings(workers, portBase, workerMemory, workerVcores, Duration.ofSeconds(t)));
  }

  private Backend ec2Launch() {
    if (workers < 1) throw Problem.usage("--workers must be at least 1, not " + workers);
    if (instanceType == null) throw Problem.usage("no instance type: pass --instance-type or set instance-type in conf/provision.properties");
    if (volumeGb == null || volumeGb < 8 || volumeGb > 16384) throw Problem.usage("--volume-gb must be 8 to 16384, not " + volumeGb);
    if (spotMaster && !spot) throw Problem.usage("--spot-master applies with --spot only");
    if (maxPrice != null) {
      if (!spot) throw Problem.usage("--max-price applies to --spot only");
      try {
        if (Double.parseDouble(maxPrice) <= 0) throw new NumberFormatException();
      } catch (NumberFormatException e) {
        throw Problem.usage("--max-price must be a positive number of USD an hour, not " + maxPrice);
      }
    }
    if (idleMinutes == null || idleMinutes < 0) throw Problem.usage("--idle-shutdown must be 0 (never) or more minutes");
    Path tarballFile = null;
    String tarballS3 = null;
    if (hadoopTarball != null && hadoopTarball.startsWith("s3://")) {
      if (instanceProfile == null)
        throw Problem.usage("--hadoop-tarball " + hadoopTarball + " is read by the master with its own credentials: pass --instance-profile too");
      tarballS3 = hadoopTarball;
    } else if (hadoopTarball != null) {
      tarballFile = Path.of(hadoopTarball);
      if (!Files.isRegularFile(tarballFile)) throw Problem.usage("--hadoop-tarball " + hadoopTarball + " is neither a file nor an s3://bucket/key address");
    }
    if (hadoopVersion == null) throw Problem.usage("no Hadoop version: pass --hadoop-version or set hadoop-version in conf/provision.properties");
    if (instanceProfile != null && !instanceProfile.matches("[\\w+=,.@-]{1,128}")) throw Problem.usage("bad instance profile name " + instanceProfile);
    Path keyFile = null;
    if (keyName != null) {
      keyFile = common.identityFile != null ? common.identityFile : Path.of(System.getProperty("user.home"), ".ssh", keyName + ".pem");
      if (!Files.isReadable(keyFile)) throw Problem.usage("the private key " + keyFile + " of key pair " + keyName + " does not exist; pass --identity-file");
    }
    String cidr = allowCidr != null ? Cidr.check(allowCidr) : null;
    Ec2Launch.Options options = new Ec2Launch.Options(workers, instanceType, masterType != null ? masterType : instanceType, spot, spotMaster,
        maxPrice, volumeGb, keyName, keyFile, subnet, ami, hadoopVersion, hadoopMirror, idleMinutes, cidr, instanceProfile, tarballFile, tarballS3);
    Ec2Backend b;
    try {
      if (cidr == null) options = options.withSshCidr(Cidr.check(env.callerIp().lookup(checkIpUrl == null ? "https://checkip.amazonaws.com" : checkIpUrl) + "/32"));
      b = ec2();
    } catch (Problem missing) {
      // a dry run still shows what it can: the plan and its cost, then what is missing, in one sentence
      if (dryRun && missing.exitCode() == 2) Ec2Launch.offlinePlan(env.out(), env.conf(), common.cluster(), options, common.region);
      throw missing;
    }
    return b.launching(options);
  }
}
