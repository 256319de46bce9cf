package netflixjobs.provision.render;

import java.util.LinkedHashMap;
import java.util.Map;
import netflixjobs.provision.model.Cluster;
import netflixjobs.provision.model.Layout;
import netflixjobs.provision.model.Ports;
import netflixjobs.provision.model.Role;
import netflixjobs.provision.model.YarnSizing;

/**
 * Pure functions from a {@link Cluster} to the files a node needs: the Hadoop site files, the
 * workers file and the node setup script. Nothing here knows which cloud (if any) runs the nodes.
 */
public final class Render {
  private static final String HEREDOC = "NETFLIX_JOBS_EOF";
  private final Templates templates;

  public Render(Templates templates) { this.templates = templates; }

  /** Every value a template may use, by key. */
  public static Map<String, String> values(Cluster c) {
    Map<String, String> v = new LinkedHashMap<>();
    Layout l = c.layout();
    Ports p = c.ports();
    YarnSizing y = c.yarn();
    v.put("cluster.name", c.name());
    v.put("master.host", c.masterHost());
    v.put("user", l.user());
    v.put("client.user", l.clientUser());
    v.put("hadoop.home", l.hadoopHome());
    v.put("hadoop.version", c.software().hadoopVersion());
    v.put("hadoop.urls", String.join(" ", c.software().tarballUrls()));
    v.put("hadoop.source", c.software().source());
    v.put("hadoop.sha512", c.software().sha512() == null ? "" : c.software().sha512());
    v.put("java.package", c.software().javaPackage());
    v.put("s3a", Boolean.toString(c.software().s3a()));
    v.put("s3a.sdk.version", c.software().awsSdkVersion() == null ? "" : c.software().awsSdkVersion());
    v.put("dir.conf", l.confDir());
    v.put("dir.data.root", l.dataDir());
    v.put("dir.logs", l.logDir());
    v.put("dir.tmp", l.tmpDir());
    v.put("dir.name", l.nameDir());
    v.put("dir.data", l.dataNodeDir());
    v.put("dir.yarn.local", l.nodeManagerLocalDir());
    v.put("dir.yarn.logs", l.nodeManagerLogDir());
    v.put("file.exclude", l.excludeFile());
    v.put("port.namenode.rpc", str(p.namenodeRpc()));
    v.put("port.namenode.http", str(p.namenodeHttp()));
    v.put("port.datanode", str(p.datanode()));
    v.put("port.datanode.http", str(p.datanodeHttp()));
    v.put("port.datanode.ipc", str(p.datanodeIpc()));
    v.put("port.rm", str(p.resourceManager()));
    v.put("port.rm.scheduler", str(p.rmScheduler()));
    v.put("port.rm.tracker", str(p.rmTracker()));
    v.put("port.rm.admin", str(p.rmAdmin()));
    v.put("port.rm.web", str(p.rmWeb()));
    v.put("port.nm", str(p.nodeManager()));
    v.put("port.nm.web", str(p.nodeManagerWeb()));
    v.put("port.shuffle", str(p.shuffle()));
    v.put("port.master.files", str(Ports.MASTER_FILES));
    v.put("hdfs.replication", str(c.replication()));
    v.put("hdfs.handlers", str(Math.max(10, Math.min(100, 20 * (int) Math.ceil(Math.log(c.workers() + 1) / Math.log(2))))));
    v.put("yarn.node.memory", str(y.nodeMemoryMiB()));
    v.put("yarn.node.vcores", str(y.vcores()));
    v.put("yarn.min.allocation", str(y.minAllocationMiB()));
    v.put("mr.map.memory", str(y.mapMemoryMiB()));
    v.put("mr.map.heap", str(YarnSizing.heapMiB(y.mapMemoryMiB())));
    v.put("mr.reduce.memory", str(y.reduceMemoryMiB()));
    v.put("mr.reduce.heap", str(YarnSizing.heapMiB(y.reduceMemoryMiB())));
    v.put("mr.am.memory", str(y.amMemoryMiB()));
    v.put("mr.am.heap", str(YarnSizing.heapMiB(y.amMemoryMiB())));
    // one wave of reducers: half the containers the cluster can hold at the reduce size
    v.put("mr.reduces", str(Math.max(1, c.workers() * Math.max(1, y.nodeMemoryMiB() / y.reduceMemoryMiB()) / 2)));
    v.put("master.heap", str(YarnSizing.masterDaemonHeapMiB(c.master())));
    v.put("idle.minutes", str(c.idleShutdownMinutes()));
    return v;
  }

  /** The site files (name -> XML), overrides from the model applied. */
  public Map<String, String> siteFiles(Cluster c) {
    Map<String, String> values = values(c);
    Map<String, String> files = new LinkedHashMap<>();
    for (String f : Templates.SITE_FILES) {
      String xml = Templates.render(f, templates.text(f), values);
      files.put(f, applyOverrides(xml, c.overrides().getOrDefault(f, Map.of())));
    }
    return files;
  }

  /** Hadoop's workers file: one known worker address a line. */
  public static String workersFile(Cluster c) {
    StringBuilder b = new StringBuilder();
    for (String h : c.workerHosts()) b.append(h).append('\n');
    return b.toString();
  }

  /** The setup script a node of this role runs at first boot. */
  public String userData(Cluster c, Role role) {
    Map<String, String> values = values(c);
    values.put("role", role.tag());
    StringBuilder files = new StringBuilder();
    for (Map.Entry<String, String> e : siteFiles(c).entrySet()) {
      if (e.getValue().contains(HEREDOC)) throw new IllegalArgumentException(e.getKey() + " contains " + HEREDOC);
      files.append("cat >\"$CONF_DIR/").append(e.getKey()).append("\" <<'").append(HEREDOC).append("'\n")
          .append(e.getValue());
      if (!e.getValue().endsWith("\n")) files.append('\n');
      files.append(HEREDOC).append('\n');
    }
    values.put("site.files", files.toString().stripTrailing());
    return Templates.render(Templates.USER_DATA, templates.text(Templates.USER_DATA), values);
  }

  /** Replaces a property already in the file or adds it before {@code </configuration>}. */
  static String applyOverrides(String xml, Map<String, String> props) {
    String out = xml;
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(props).entrySet()) {
      String name = "<name>" + escape(e.getKey()) + "</name>";
      String value = "<value>" + escape(e.getValue()) + "</value>";
      int at = out.indexOf(name);
      if (at >= 0) {
        int vs = out.indexOf("<value>", at), ve = out.indexOf("</value>", vs);
        out = out.substring(0, vs) + value + out.substring(ve + "</value>".length());
      } else {
        int end = out.lastIndexOf("</configuration>");
        out = out.substring(0, end) + "  <property>" + name + value + "</property>\n" + out.substring(end);
      }
    }
    return out;
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String str(int i) { return Integer.toString(i); }
}
