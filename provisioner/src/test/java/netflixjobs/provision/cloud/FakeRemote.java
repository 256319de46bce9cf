package netflixjobs.provision.cloud;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import netflixjobs.provision.remote.Remote;

/**
 * Stands in for SSH to the nodes: answers the setup markers and steps, and on the master the
 * NameNode's JMX and the ResourceManager's REST documents (what curl there would fetch) from the
 * fake EC2's running workers. {@code get} runs for real: its command runs in a local bash with
 * {@code hdfs} a function that copies from {@link #hdfs}, so the bytes go through tar as on a node.
 * Records every command.
 */
public final class FakeRemote implements Remote {
  private final FakeEc2 ec2;
  public final List<String> commands = Collections.synchronizedList(new ArrayList<>());
  /** Workers in the exclude file now, and every one that ever was. */
  public final Set<String> excluded = new TreeSet<>(), everExcluded = new TreeSet<>();
  /** When set, every node reports that its setup failed with this line. */
  public volatile String setupFails;
  /** Unreachable this many times before answering. */
  public volatile int unreachable;
  /** When set, SSH refuses the key on every node. */
  public volatile boolean refuseKey;
  /** When set, SSH never answers (sshd not up): evidence must come from EC2's console output. */
  public volatile boolean down;
  /** Steps the nodes report while setting up, one per poll, before READY. */
  public final List<String> steps = Collections.synchronizedList(new ArrayList<>());
  /** Running workers whose daemons do not report to the master. */
  public volatile int silentWorkers;
  /** Missing blocks the NameNode reports, this many polls. */
  public volatile int missingBlocksPolls;
  /** What stands in for HDFS: a local directory. */
  public volatile Path hdfs;
  /** What the master's idle timer file says (null: no file). */
  public volatile String idleMinutesLeft;

  public FakeRemote(FakeEc2 ec2) { this.ec2 = ec2; }

  @Override public Result run(String host, String command) {
    commands.add(host + ": " + command);
    if (refuseKey) return new Result(255, "ec2-user@" + host + ": Permission denied (publickey,gssapi-keyex,gssapi-with-mic).");
    if (down) return new Result(255, "ssh: connect to host " + host + " port 22: Connection timed out");
    if (unreachable > 0) {
      unreachable--;
      return new Result(255, "ssh: connect to host " + host + " port 22: Connection refused");
    }
    if (command.contains("/var/lib/netflix-jobs/ready")) {
      if (setupFails != null) return new Result(0, "FAILED\nsetup failed at line 42\n" + setupFails + "\n");
      synchronized (steps) {
        if (!steps.isEmpty()) return new Result(0, "SETTING-UP\n" + steps.remove(0) + "\n");
      }
      return new Result(0, "READY\n");
    }
    if (command.contains("tail -n") && command.contains("netflix-jobs-setup.log"))
      return new Result(0, "+ dnf install -y java-17\n" + (setupFails == null ? "" : setupFails + "\n"));
    if (command.contains("sudo tee /etc/hadoop/exclude")) {
      synchronized (excluded) {
        excluded.clear();
        for (String w : command.split("[ '\\\\|]+")) if (w.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) excluded.add(w);
        everExcluded.addAll(excluded);
      }
      return new Result(0, "");
    }
    if (command.contains("curl")) return new Result(0, documents(command));
    if (command.contains("idle-minutes-left")) return idleMinutesLeft == null ? new Result(1, "") : new Result(0, idleMinutesLeft + "\n");
    return new Result(0, "");
  }

  /** The three documents the health reader asks for, separated as the EC2 backend's curl command separates them. */
  String documents(String command) {
    String sep = command.replaceAll("(?s).*echo (NETFLIX-JOBS-DOCUMENT-END).*", "$1");
    List<String> all = ec2.runningWorkerIps();
    List<String> ips = all.subList(Math.min(all.size(), silentWorkers), all.size());
    StringBuilder live = new StringBuilder("{");
    StringBuilder nms = new StringBuilder("{\"nodes\":{\"node\":[");
    for (int i = 0; i < ips.size(); i++) {
      String ip = ips.get(i);
      String admin;
      synchronized (excluded) { admin = excluded.contains(ip) ? "Decommissioned" : "In Service"; }
      if (i > 0) { live.append(','); nms.append(','); }
      live.append("\\\"ip-").append(ip.replace('.', '-')).append(".ec2.internal:9866\\\":{\\\"xferaddr\\\":\\\"").append(ip)
          .append(":9866\\\",\\\"adminState\\\":\\\"").append(admin).append("\\\"}");
      nms.append("{\"id\":\"ip-").append(ip.replace('.', '-')).append(".ec2.internal:8041\",\"state\":\"RUNNING\"}");
    }
    live.append('}');
    nms.append("]}}");
    int missing = missingBlocksPolls > 0 ? 3 : 0;
    if (missingBlocksPolls > 0) missingBlocksPolls--;
    String info = "{\"beans\":[{\"name\":\"Hadoop:service=NameNode,name=NameNodeInfo\",\"Total\" : 211243687936,\"Used\" : 1000000,"
        + "\"Free\" : 199999000000,\"Safemode\" : \"\",\"LiveNodes\" : \"" + live + "\",\"DeadNodes\" : \"{}\"}]}";
    String fsns = "{\"beans\":[{\"name\":\"Hadoop:service=NameNode,name=FSNamesystem\",\"MissingBlocks\" : " + missing + "}]}";
    return info + "\n" + sep + "\n" + fsns + "\n" + sep + "\n" + nms + "\n" + sep + "\n";
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

  @Override public int fetch(String host, String command, Path stdout) {
    commands.add(host + ": (stdout " + stdout + ") " + command);
    if (hdfs == null) return 1;
    String fake = "hdfs() { cp -r \"" + hdfs + "/$3\" \"$4\"; }; ";
    try {
      return new ProcessBuilder("bash", "-c", fake + command).redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start().waitFor();
    } catch (IOException e) {
      return 255;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 255;
    }
  }
}
