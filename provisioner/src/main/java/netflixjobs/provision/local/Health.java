package netflixjobs.provision.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the NameNode and the ResourceManager of a local cluster say about their workers, read over
 * HTTP from their web ports (the NameNode's JMX servlet, the ResourceManager's REST API): no
 * Hadoop client and no extra JVM needed.
 */
final class Health {
  /** HDFS's view: DataNodes by transfer port with state (live, dead, decommissioning, decommissioned), and space. */
  record Hdfs(Map<Integer, String> datanodes, long capacity, long used, long remaining, boolean safeMode) {
    long count(String state) { return datanodes.values().stream().filter(state::equals).count(); }
  }

  /** YARN's view: NodeManagers by RPC port with state (RUNNING, LOST, SHUTDOWN, UNHEALTHY, ...). */
  record Yarn(Map<Integer, String> nodeManagers) {
    long count(String state) { return nodeManagers.values().stream().filter(state::equals).count(); }
  }

  private static final Pattern NODE_KEY = Pattern.compile("\\\\\"[^\"\\\\]+:(\\d+)\\\\\":\\{");
  private static final Pattern ADMIN = Pattern.compile("\\\\\"adminState\\\\\":\\\\\"([^\"\\\\]+)\\\\\"");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int namenodeHttp, rmWeb;

  Health(int namenodeHttp, int rmWeb) {
    this.namenodeHttp = namenodeHttp;
    this.rmWeb = rmWeb;
  }

  /** HDFS's view, or null if the NameNode does not answer. */
  Hdfs hdfs() {
    String info = get("http://127.0.0.1:" + namenodeHttp + "/jmx?qry=Hadoop:service=NameNode,name=NameNodeInfo");
    if (info == null) return null;
    Map<Integer, String> dns = new LinkedHashMap<>();
    nodes(field(info, "LiveNodes"), "live", dns);
    nodes(field(info, "DeadNodes"), "dead", dns);
    return new Hdfs(dns, number(info, "Total"), number(info, "Used"), number(info, "Free"), info.contains("\"Safemode\" : \"Safe mode is ON"));
  }

  /** YARN's view, or null if the ResourceManager does not answer. */
  Yarn yarn() {
    String nodes = get("http://127.0.0.1:" + rmWeb + "/ws/v1/cluster/nodes?states=NEW,RUNNING,UNHEALTHY,DECOMMISSIONING,DECOMMISSIONED,LOST,REBOOTED,SHUTDOWN");
    if (nodes == null) return null;
    Map<Integer, String> nms = new LinkedHashMap<>();
    for (String node : nodes.split("\\},\\{")) {
      Matcher id = Pattern.compile("\"id\":\"[^\"]*:(\\d+)\"").matcher(node);
      Matcher st = Pattern.compile("\"state\":\"([A-Z_]+)\"").matcher(node);
      if (id.find() && st.find()) nms.put(Integer.parseInt(id.group(1)), st.group(1));
    }
    return new Yarn(nms);
  }

  private static void nodes(String json, String state, Map<Integer, String> into) {
    if (json == null) return;
    // one escaped JSON object per node: "host:port":{... "adminState":"In Service" ...}
    Matcher k = NODE_KEY.matcher(json);
    int prev = -1, prevPort = -1;
    while (true) {
      boolean more = k.find();
      if (prev >= 0) {
        String body = json.substring(prev, more ? k.start() : json.length());
        Matcher a = ADMIN.matcher(body);
        String s = state;
        if (a.find() && state.equals("live")) {
          if (a.group(1).equals("Decommission In Progress")) s = "decommissioning";
          else if (a.group(1).equals("Decommissioned")) s = "decommissioned";
        }
        into.put(prevPort, s);
      }
      if (!more) break;
      prev = k.end();
      prevPort = Integer.parseInt(k.group(1));
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

  private String get(String url) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
          .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : null;
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
