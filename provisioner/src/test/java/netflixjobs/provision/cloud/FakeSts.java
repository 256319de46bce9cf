package netflixjobs.provision.cloud;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for STS's Query API: AssumeRole and AssumeRoleWithWebIdentity, answered in the
 * XML shapes of the STS API reference (AssumeRoleResponse/AssumeRoleResult/Credentials, the
 * ErrorResponse/Error envelope). Records each request and the access key that signed it.
 */
public final class FakeSts implements AutoCloseable {
  public static final String ACCESS_KEY = "ASIAFAKEASSUMEDROLE1";
  public static final String SECRET = "assumed/secret+do-not-leak";
  public static final String SESSION_TOKEN = "FakeSessionTokenOfTheAssumedRole0000";

  /** One request: its action, parameters, and the access key id of its signature (null if unsigned). */
  public record Request(String action, Map<String, String> params, String accessKey) {}

  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");
  private final HttpServer server;
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  /** When set, every call fails with this STS error code. */
  public volatile String denyWith;

  public FakeSts() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI endpoint() { return URI.create("http://127.0.0.1:" + server.getAddress().getPort()); }

  public List<Request> requests() { synchronized (requests) { return List.copyOf(requests); } }

  /** The access key id in a SigV4 Authorization header ("AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, ..."). */
  static String accessKey(String authorization) {
    if (authorization == null) return null;
    Matcher m = CREDENTIAL.matcher(authorization);
    return m.find() ? m.group(1) : null;
  }

  private void handle(HttpExchange x) throws IOException {
    Map<String, String> p = new LinkedHashMap<>();
    for (String kv : new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
      int eq = kv.indexOf('=');
      if (eq > 0) p.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
    }
    String action = p.getOrDefault("Action", "?");
    requests.add(new Request(action, p, accessKey(x.getRequestHeaders().getFirst("Authorization"))));
    if (denyWith != null) {
      send(x, 403, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>" + denyWith
          + "</Code><Message>User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:" + action + " on resource: "
          + p.get("RoleArn") + "</Message></Error><RequestId>" + java.util.UUID.randomUUID() + "</RequestId></ErrorResponse>");
      return;
    }
    if (!action.equals("AssumeRole") && !action.equals("AssumeRoleWithWebIdentity")) {
      send(x, 400, "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>" + action
          + " is not valid</Message></Error></ErrorResponse>");
      return;
    }
    String role = p.get("RoleArn"), session = p.get("RoleSessionName");
    String account = role.split(":")[4];
    String roleName = role.substring(role.lastIndexOf('/') + 1);
    send(x, 200, "<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" + action + "Result>"
        + (action.equals("AssumeRoleWithWebIdentity") ? "<SubjectFromWebIdentityToken>system:serviceaccount:test</SubjectFromWebIdentityToken>" : "")
        + "<AssumedRoleUser><Arn>arn:aws:sts::" + account + ":assumed-role/" + roleName + "/" + session + "</Arn>"
        + "<AssumedRoleId>AROAFAKEROLEID:" + session + "</AssumedRoleId></AssumedRoleUser>"
        + "<Credentials><AccessKeyId>" + ACCESS_KEY + "</AccessKeyId><SecretAccessKey>" + SECRET + "</SecretAccessKey>"
        + "<SessionToken>" + SESSION_TOKEN + "</SessionToken><Expiration>" + Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
        + "</Expiration></Credentials><PackedPolicySize>6</PackedPolicySize></" + action + "Result>"
        + "<ResponseMetadata><RequestId>" + java.util.UUID.randomUUID() + "</RequestId></ResponseMetadata></" + action + "Response>");
  }

  private static void send(HttpExchange x, int status, String xml) throws IOException {
    byte[] b = xml.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "text/xml");
    x.sendResponseHeaders(status, b.length);
    try (OutputStream o = x.getResponseBody()) {
      o.write(b);
    }
  }

  @Override public void close() { server.stop(0); }
}
