package netflixjobs.provision.ec2;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import netflixjobs.provision.core.Health;
import netflixjobs.provision.model.Node;
import netflixjobs.provision.model.Problem;
import netflixjobs.provision.model.Role;
import netflixjobs.provision.remote.Remote;

/** What {@code status} prints for an EC2 cluster: nodes, HDFS and YARN, minutes until idle shutdown, the tunnel. */
public final class Ec2Status {
  /** One integer the master keeps up to date: minutes until the idle timer stops the cluster. */
  static final String IDLE_LEFT = "/var/lib/netflix-jobs/idle-minutes-left";
  private final Ec2Backend b;

  Ec2Status(Ec2Backend b) { this.b = b; }

  int print() {
    PrintStream o = b.out;
    List<Node> nodes = b.nodes();
    o.printf("cluster %s: %d nodes%n", b.cluster(), nodes.size());
    o.printf("%-7s %-20s %-12s %-9s %-16s %-16s %-5s %s%n", "ROLE", "INSTANCE", "TYPE", "STATE", "PUBLIC", "PRIVATE", "SPOT", "LAUNCHED");
    for (Node n : nodes)
      o.printf("%-7s %-20s %-12s %-9s %-16s %-16s %-5s %s%n", n.role() == null ? "?" : n.role().tag(), n.id(), n.type(), n.state(),
          dash(n.publicAddress()), dash(n.privateAddress()), n.spot() ? "yes" : "no", when(n.launched()));
    long workers = nodes.stream().filter(n -> n.role() == Role.WORKER && n.alive()).count();
    Node m;
    try {
      m = b.master();
      b.remote();
    } catch (Problem p) {
      o.println("health: unknown (" + p.getMessage() + ")");
      return 0;
    }
    Health.Report r = b.health().read();
    if (!r.hdfsUp()) o.println("health: the master did not answer (still setting up, or unreachable from here)");
    else {
      o.printf("HDFS: %d of %d datanodes live; capacity %s, used %s, remaining %s%s%n", r.liveDatanodes(), workers, Health.bytes(r.capacity()),
          Health.bytes(r.used()), Health.bytes(r.remaining()), r.missingBlocks() > 0 ? "; " + r.missingBlocks() + " blocks missing" : "");
      o.printf("YARN: %d of %d node managers running%n", Math.max(0, r.runningNodeManagers()), workers);
    }
    Remote.Result idle = b.remote().run(m.publicAddress(), "cat " + IDLE_LEFT + " 2>/dev/null");
    String left = idle.ok() ? idle.output().trim() : "";
    if (left.matches("\\d+")) o.println("idle shutdown: the nodes stop in " + left + " minutes without a YARN application, SSH session or HDFS write");
    o.println("web UIs: " + Ec2Backend.tunnel(b.key(), m));
    return 0;
  }

  public static String dash(String s) { return s == null ? "-" : s; }

  public static String when(Instant t) {
    return t == null ? "-" : java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC).format(t);
  }
}
