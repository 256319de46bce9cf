package netflixjobs.provision.cloud;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import netflixjobs.provision.remote.Remote;

/**
 * Stands in for SSH to the nodes: answers the setup markers, and on the master the HDFS and
 * YARN reports, from the fake EC2's running workers. Records every command.
 */
public final class FakeRemote implements Remote {
  private final FakeEc2 ec2;
  public final List<String> commands = Collections.synchronizedList(new ArrayList<>());
  public final Set<String> excluded = new TreeSet<>();
  /** When set, every node reports that its setup failed with this line. */
  public volatile String setupFails;
  /** Unreachable this many times before answering. */
  public volatile int unreachable;
  /** When set, SSH refuses the key on every node. */
  public volatile boolean refuseKey;

  public FakeRemote(FakeEc2 ec2) { this.ec2 = ec2; }

  @Override public Result run(String host, String command) {
    commands.add(host + ": " + command);
    if (refuseKey) return new Result(255, "ec2-user@" + host + ": Permission denied (publickey,gssapi-keyex,gssapi-with-mic).");
    if (unreachable > 0) {
      unreachable--;
      return new Result(255, "ssh: connect to host " + host + " port 22: Connection refused");
    }
    if (command.contains("/var/lib/netflix-jobs/ready"))
      return setupFails == null ? new Result(0, "READY\n") : new Result(0, "FAILED\nsetup failed at line 42\n" + setupFails + "\n");
    if (command.contains("tee -a") && command.contains("exclude")) {
      for (String w : command.split("[ '\\\\]+")) if (w.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) excluded.add(w);
      return new Result(0, "");
    }
    if (command.contains("dfsadmin -report")) return new Result(0, report());
    if (command.contains("yarn node -list")) return new Result(0, "Total Nodes:" + (ec2.liveWorkers()) + "\n         Node-Id\t     Node-State\n");
    return new Result(0, "");
  }

  String report() {
    List<String> ips = ec2.runningWorkerIps();
    StringBuilder b = new StringBuilder("Configured Capacity: 211243687936 (196.74 GB)\nPresent Capacity: 200000000000 (186.26 GB)\n"
        + "DFS Remaining: 199999000000 (186.26 GB)\nDFS Used: 1000000 (976.56 KB)\nDFS Used%: 0.00%\n\n"
        + "-------------------------------------------------\nLive datanodes (" + ips.size() + "):\n\n");
    for (String ip : ips)
      b.append("Name: ").append(ip).append(":9866 (ip-").append(ip.replace('.', '-')).append(".ec2.internal)\nHostname: x\n")
          .append("Decommission Status : ").append(excluded.contains(ip) ? "Decommissioned" : "Normal").append("\nConfigured Capacity: 1 (1 B)\n\n");
    return b.toString();
  }

  @Override public int interactive(String host, List<String> command) {
    commands.add(host + ": (interactive) " + String.join(" ", command));
    return 0;
  }

  @Override public void upload(String host, Path local, String remotePath) {
    commands.add(host + ": (upload) " + local + " -> " + remotePath);
  }

  @Override public int pipe(String host, Path stdin, String command) {
    commands.add(host + ": (stdin " + stdin + ") " + command);
    return 0;
  }
}
