package netflixjobs.provision.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one health reader of both backends: what the NameNode (its JMX servlet) and the
 * ResourceManager (its REST API) say about the workers and the blocks. How the three documents
 * are fetched is the backend's business (HTTP from this machine for a local cluster, curl on the
 * master over SSH for EC2); their reading is here.
 */
public final class Health {
  /** The documents read, in this order, relative to the NameNode's and the ResourceManager's web addresses. */
  public static final List<String> NAMENODE_PATHS = List.of("/jmx?qry=Hadoop:service=NameNode,name=NameNodeInfo",
      "/jmx?qry=Hadoop:service=NameNode,name=FSNamesystem");
  public static final String RM_PATH = "/ws/v1/cluster/nodes?states=NEW,RUNNING,UNHEALTHY,DECOMMISSIONING,DECOMMISSIONED,LOST,REBOOTED,SHUTDOWN";

  /** Fetches URLs; an element is null where the daemon did not answer. */
  public interface Source { List<String> get(List<String> urls); }

  /**
   * One reading. {@code datanodes}: transfer address (host:port) to live, dead, decommissioning or
   * decommissioned; {@code nodeManagers}: node id (host:port) to YARN's state. Null maps: that
   * daemon did not answer.
   */
  public record Report(Map<String, String> datanodes, boolean safeMode, long capacity, long used, long remaining,
                       long missingBlocks, Map<String, String> nodeManagers) {
    public static final Report NONE = new Report(null, true, -1, -1, -1, -1, null);
    public boolean hdfsUp() { return datanodes != null; }
    public boolean yarnUp() { return nodeManagers != null; }
    public int liveDatanodes() { return hdfsUp() ? count(datanodes, "live") : -1; }
    public int runningNodeManagers() { return yarnUp() ? count(nodeManagers, "RUNNING") : -1; }

    /** A worker's DataNode state: its name is an address (any port) or an exact host:port. */
    public String datanode(String name) { return find(datanodes, name); }
    public String nodeManager(String name) { return find(nodeManagers, name); }

    private static String find(Map<String, String> m, String name) {
      if (m == null || name == null) return null;
      for (Map.Entry<String, String> e : m.entrySet()) if (e.getKey().equals(name) || e.getKey().startsWith(name + ":")) return e.getValue();
      return null;
    }

    private static int count(Map<String, String> m, String state) { return (int) m.values().stream().filter(state::equals).count(); }
  }

  private static final Pattern NODE_KEY = Pattern.compile("\\\\\"([^\"\\\\]+:\\d+)\\\\\":\\{");
  private static final Pattern ADMIN = Pattern.compile("\\\\\"adminState\\\\\":\\\\\"([^\"\\\\]+)\\\\\"");
  private static final Pattern XFER = Pattern.compile("\\\\\"xferaddr\\\\\":\\\\\"([^\"\\\\]+)\\\\\"");
  private static final Pattern RM_ID = Pattern.compile("\"id\":\"([^\"]+)\"");
  private static final Pattern RM_STATE = Pattern.compile("\"state\":\"([A-Z_]+)\"");

  private final Source source;
  private final String namenodeWeb, rmWeb;

  /** {@code namenodeWeb}, {@code rmWeb}: base URLs such as http://127.0.0.1:9870. */
  public Health(Source source, String namenodeWeb, String rmWeb) {
    this.source = source;
    this.namenodeWeb = namenodeWeb;
    this.rmWeb = rmWeb;
  }

  /** The URLs a source is asked for, in order. */
  public List<String> urls() {
    return List.of(namenodeWeb + NAMENODE_PATHS.get(0), namenodeWeb + NAMENODE_PATHS.get(1), rmWeb + RM_PATH);
  }

  /** A source that asks the daemons over HTTP from this machine. */
  public static Source http() {
    java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build();
    return urls -> urls.stream().map(u -> {
      try {
        var r = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(u)).timeout(java.time.Duration.ofSeconds(10))
            .header("Accept", "application/json").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? r.body() : null;
      } catch (java.io.IOException e) {
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }).toList();
  }

  public Report read() {
    List<String> docs = source.get(urls());
    return parse(docs.get(0), docs.get(1), docs.get(2));
  }

  public static Report parse(String info, String fsns, String rmNodes) {
    Map<String, String> dns = null;
    long capacity = -1, used = -1, remaining = -1, missing = -1;
    boolean safe = true;
    if (info != null && info.contains("NameNodeInfo")) {
      dns = new LinkedHashMap<>();
      nodes(field(info, "LiveNodes"), "live", dns);
      nodes(field(info, "DeadNodes"), "dead", dns);
      capacity = number(info, "Total");
      used = number(info, "Used");
      remaining = number(info, "Free");
      safe = info.contains("\"Safemode\" : \"Safe mode is ON");
    }
    if (fsns != null) missing = number(fsns, "MissingBlocks");
    Map<String, String> nms = null;
    if (rmNodes != null && rmNodes.contains("\"nodes\"")) {
      nms = new LinkedHashMap<>();
      for (String node : rmNodes.split("\\},\\{")) {
        Matcher id = RM_ID.matcher(node);
        Matcher st = RM_STATE.matcher(node);
        if (id.find() && st.find()) nms.put(id.group(1), st.group(1));
      }
    }
    return new Report(dns, safe, capacity, used, remaining, missing, nms);
  }

  private static void nodes(String json, String state, Map<String, String> into) {
    if (json == null) return;
    // one escaped JSON object per node: "host:port":{... "xferaddr":"ip:port", "adminState":"In Service" ...}
    Matcher k = NODE_KEY.matcher(json);
    int prev = -1;
    String prevKey = null;
    while (true) {
      boolean more = k.find();
      if (prev >= 0) {
        String body = json.substring(prev, more ? k.start() : json.length());
        Matcher a = ADMIN.matcher(body);
        Matcher x = XFER.matcher(body);
        String s = state;
        if (a.find() && state.equals("live")) {
          if (a.group(1).equals("Decommission In Progress")) s = "decommissioning";
          else if (a.group(1).equals("Decommissioned")) s = "decommissioned";
        }
        into.put(x.find() ? x.group(1) : prevKey, s);
      }
      if (!more) break;
      prev = k.end();
      prevKey = k.group(1);
    }
  }

  /** The string value of a top-level JMX attribute ("LiveNodes" : "..."), still escaped. */
  private static String field(String json, String name) {
    String key = "\"" + name + "\" : \"";
    int start = json.indexOf(key);
    if (start < 0) return null;
    start += key.length();
    // a plain scan: a regular expression over a long escaped value overflows the stack
    for (int i = start; i < json.length(); i++) {
      char ch = json.charAt(i);
      if (ch == '\\') i++;
      else if (ch == '"') return json.substring(start, i);
    }
    return null;
  }

  private static long number(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\" : (\\d+)").matcher(json);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** Bytes for people: 196.7 GiB. */
  public static String bytes(long b) {
    if (b < 0) return "?";
    String[] u = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = b;
    int i = 0;
    while (v >= 1024 && i < u.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format(java.util.Locale.ROOT, i == 0 ? "%.0f %s" : "%.1f %s", v, u[i]);
  }
}
