package netflixjobs.provision.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import netflixjobs.provision.model.Cluster;
import netflixjobs.provision.model.Layout;
import netflixjobs.provision.model.Ports;
import netflixjobs.provision.model.Resources;
import netflixjobs.provision.model.Role;
import netflixjobs.provision.model.Software;
import netflixjobs.provision.model.YarnSizing;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The render layer: every template against a dummy cluster, golden files, and the setup script checked by bash and shellcheck. */
class RenderTest {
  static final Path HOME = Path.of(System.getProperty("netflixjobs.home", "..")).toAbsolutePath().normalize();
  static final Path GOLDEN = HOME.resolve("provisioner/src/test/resources/golden");
  static final String SHA = "0123456789abcdef".repeat(8);
  static final Templates TEMPLATES = Templates.load(HOME.resolve("conf"));
  static final Render RENDER = new Render(TEMPLATES);

  @TempDir Path tmp;

  /** The dummy cluster of the golden files. */
  static Cluster dummy(int workers) {
    return new Cluster("golden", "10.0.0.5", workers, List.of("10.0.0.6", "10.0.0.7", "10.0.0.8").subList(0, Math.min(3, workers)),
        new Software("3.4.3", Software.Arch.X86_64, SHA, Software.APACHE_ARCHIVE, "java-17-amazon-corretto-headless"),
        Layout.standard(), Ports.hadoopDefaults(), new Resources(8192, 2), new Resources(16384, 4), 60, Map.of());
  }

  static Map<String, String> properties(String xml) throws Exception {
    Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Map<String, String> p = new LinkedHashMap<>();
    NodeList props = d.getElementsByTagName("property");
    for (int i = 0; i < props.getLength(); i++) {
      Element e = (Element) props.item(i);
      String name = e.getElementsByTagName("name").item(0).getTextContent();
      String old = p.put(name, e.getElementsByTagName("value").item(0).getTextContent());
      assertNull(old, "property " + name + " is set twice");
    }
    return p;
  }

  @Test void everyTemplateRendersAgainstADummyClusterWithNoKeyLeft() throws Exception {
    for (int workers : new int[] {1, 3, 40}) {
      Cluster c = dummy(workers);
      Map<String, String> files = RENDER.siteFiles(c);
      assertEquals(Set.of(Templates.SITE_FILES), files.keySet());
      for (Map.Entry<String, String> f : files.entrySet()) {
        assertFalse(f.getValue().contains("{{"), f.getKey());
        assertFalse(properties(f.getValue()).isEmpty(), f.getKey() + " parses as a Hadoop configuration");
      }
      for (Role r : Role.values()) assertFalse(RENDER.userData(c, r).contains("{{"));
    }
  }

  @Test void aTemplateKeyTheModelLacksFailsNamingIt() {
    Map<String, String> texts = new HashMap<>();
    for (String f : Templates.SITE_FILES) texts.put(f, TEMPLATES.text(f));
    texts.put(Templates.USER_DATA, TEMPLATES.text(Templates.USER_DATA));
    texts.put("hdfs-site.xml", TEMPLATES.text("hdfs-site.xml").replace("{{hdfs.replication}}", "{{hdfs.replicaton}}"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Render(new Templates(texts)).siteFiles(dummy(3)));
    assertTrue(e.getMessage().contains("hdfs-site.xml uses {{hdfs.replicaton}}"), e.getMessage());
  }

  @Test void everyModelValueIsUsedBySomeTemplate() {
    StringBuilder all = new StringBuilder();
    for (String f : Templates.SITE_FILES) all.append(TEMPLATES.text(f));
    all.append(TEMPLATES.text(Templates.USER_DATA));
    Set<String> unused = new TreeSet<>();
    for (String key : Render.values(dummy(3)).keySet()) if (!all.toString().contains("{{" + key + "}}")) unused.add(key);
    assertEquals(Set.of(), unused, "values no template uses");
  }

  @Test void siteFilesCarryTheModel() throws Exception {
    Cluster c = dummy(3);
    Map<String, String> f = RENDER.siteFiles(c);
    Map<String, String> core = properties(f.get("core-site.xml")), hdfs = properties(f.get("hdfs-site.xml")),
        yarn = properties(f.get("yarn-site.xml")), mapred = properties(f.get("mapred-site.xml"));
    assertEquals("hdfs://10.0.0.5:8020", core.get("fs.defaultFS"));
    assertEquals("3", hdfs.get("dfs.replication"));
    assertEquals("1", properties(RENDER.siteFiles(dummy(1)).get("hdfs-site.xml")).get("dfs.replication"));
    assertEquals("file:///data/hadoop/name", hdfs.get("dfs.namenode.name.dir"));
    assertEquals("10.0.0.5", yarn.get("yarn.resourcemanager.hostname"));
    YarnSizing y = YarnSizing.of(c.worker());
    assertEquals(Integer.toString(y.nodeMemoryMiB()), yarn.get("yarn.nodemanager.resource.memory-mb"));
    assertEquals(yarn.get("yarn.nodemanager.resource.memory-mb"), yarn.get("yarn.scheduler.maximum-allocation-mb"));
    assertEquals("4", yarn.get("yarn.nodemanager.resource.cpu-vcores"));
    int map = Integer.parseInt(mapred.get("mapreduce.map.memory.mb"));
    assertEquals("-Xmx" + map * 4 / 5 + "m", mapred.get("mapreduce.map.java.opts"));
    assertTrue(Integer.parseInt(mapred.get("mapreduce.reduce.memory.mb")) <= y.nodeMemoryMiB());
    assertEquals("yarn", mapred.get("mapreduce.framework.name"));
    assertEquals("/etc/hadoop/exclude", hdfs.get("dfs.hosts.exclude"));
    assertEquals(hdfs.get("dfs.hosts.exclude"), yarn.get("yarn.resourcemanager.nodes.exclude-path"));
    assertEquals("10.0.0.5:10020", mapred.get("mapreduce.jobhistory.address"));
  }

  /** Clients read a finished job's counters from the history server, so the master must run one. */
  @Test void theMasterRunsTheJobHistoryServerAfterHdfsIsReady() {
    String master = RENDER.userData(dummy(3), Role.MASTER);
    int safemode = master.indexOf("-safemode wait");
    int history = master.indexOf("systemctl enable --now hadoop-historyserver");
    assertTrue(master.contains("unit historyserver 'mapred historyserver'"), master);
    assertTrue(safemode > 0 && history > safemode, "the history server starts before HDFS is out of safe mode");
    assertTrue(master.contains("-chmod 1777 /tmp/hadoop-yarn /tmp/hadoop-yarn/staging"), master);
  }

  @Test void overridesReplaceAndAddProperties() throws Exception {
    Cluster c = dummy(2);
    Cluster o = new Cluster(c.name(), c.masterHost(), c.workers(), c.workerHosts(), c.software(), c.layout(), c.ports(), c.master(), c.worker(),
        c.idleShutdownMinutes(), Map.of("hdfs-site.xml", Map.of("dfs.replication", "1", "dfs.datanode.data.dir", "file://${node.dir}/d&x")));
    Map<String, String> hdfs = properties(RENDER.siteFiles(o).get("hdfs-site.xml"));
    assertEquals("1", hdfs.get("dfs.replication"));
    assertEquals("file://${node.dir}/d&x", hdfs.get("dfs.datanode.data.dir"));
    Map<String, String> extra = properties(RENDER.siteFiles(new Cluster(c.name(), c.masterHost(), c.workers(), c.workerHosts(), c.software(),
        c.layout(), c.ports(), c.master(), c.worker(), 0, Map.of("yarn-site.xml", Map.of("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "99")))).get("yarn-site.xml"));
    assertEquals("99", extra.get("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage"));
  }

  @Test void workersFileListsTheKnownWorkers() {
    assertEquals("10.0.0.6\n10.0.0.7\n10.0.0.8\n", Render.workersFile(dummy(3)));
  }

  @Test void goldenFiles() throws Exception {
    Cluster c = dummy(3);
    Map<String, String> expected = new LinkedHashMap<>(RENDER.siteFiles(c));
    expected.put("workers", Render.workersFile(c));
    expected.put("user-data-master.sh", RENDER.userData(c, Role.MASTER));
    expected.put("user-data-worker.sh", RENDER.userData(c, Role.WORKER));
    boolean update = Boolean.getBoolean("golden.update");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      Path g = GOLDEN.resolve(e.getKey());
      if (update) Files.writeString(g, e.getValue());
      assertEquals(Files.readString(g), e.getValue(), e.getKey() + " differs from its golden file (after a deliberate change: -Dgolden.update=true, then review the diff)");
    }
  }

  @Test void userDataIsValidBashForBothRoles() throws Exception {
    for (Role r : Role.values()) {
      Path f = Files.writeString(tmp.resolve(r.tag() + ".sh"), RENDER.userData(dummy(3), r));
      Process p = new ProcessBuilder("bash", "-n", f.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), out);
    }
  }

  @Test void userDataPassesShellcheck() throws Exception {
    boolean present;
    try {
      present = new ProcessBuilder("shellcheck", "--version").redirectErrorStream(true).start().waitFor() == 0;
    } catch (java.io.IOException e) {
      present = false;
    }
    Assumptions.assumeTrue(present, "shellcheck is not installed");
    for (Role r : Role.values()) {
      Path f = Files.writeString(tmp.resolve(r.tag() + ".sh"), RENDER.userData(dummy(3), r));
      Process p = new ProcessBuilder("shellcheck", "-s", "bash", f.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), out);
    }
  }

  @Test void userDataChecksTheTarballAndFitsEc2sLimit() throws Exception {
    Cluster c = dummy(3);
    String master = RENDER.userData(c, Role.MASTER), worker = RENDER.userData(c, Role.WORKER);
    assertTrue(master.contains("readonly HADOOP_SHA512='" + SHA + "'"));
    assertTrue(master.contains("readonly HADOOP_URLS='https://dlcdn.apache.org/hadoop/common/hadoop-3.4.3/hadoop-3.4.3.tar.gz"
        + " https://archive.apache.org/dist/hadoop/common/hadoop-3.4.3/hadoop-3.4.3.tar.gz'"), "the CDN first, then the archive");
    assertTrue(master.contains("readonly HADOOP_SOURCE='mirrors'"));
    assertTrue(master.contains("sha512sum \"$1\""));
    assertTrue(master.contains("namenode -format"), "the master formats HDFS once");
    assertTrue(master.indexOf("tar -xzf") > master.indexOf("sha512sum"), "checked before unpacking");
    assertTrue(master.contains("netflix-jobs-idle.timer"));
    assertFalse(RENDER.userData(new Cluster(c.name(), c.masterHost(), 3, c.workerHosts(), c.software(), c.layout(), c.ports(), c.master(),
        c.worker(), 0, Map.of()), Role.WORKER).contains("readonly IDLE_MINUTES='60'"));
    // the worker file differs in its role only; both carry the same site files
    assertEquals(master.replace("readonly ROLE='master'", "").replace("role master", ""), worker.replace("readonly ROLE='worker'", "").replace("role worker", ""));
    for (String s : List.of(master, worker)) {
      String encoded = netflixjobs.provision.cloud.Ec2Cloud.encodeUserData(s);
      byte[] gz = java.util.Base64.getDecoder().decode(encoded);
      assertTrue(gz.length < 16 * 1024, "gzip'd user data must fit EC2's 16 KiB: " + gz.length);
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
        assertEquals(s, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    Software unpinned = new Software("3.3.6", Software.Arch.ARM64, null, Software.APACHE_ARCHIVE, "java-17-amazon-corretto-headless");
    String arm = RENDER.userData(new Cluster("a", "10.0.0.5", 1, List.of(), unpinned, Layout.standard(), Ports.hadoopDefaults(),
        new Resources(8192, 2), new Resources(8192, 2), 0, Map.of()), Role.WORKER);
    assertTrue(arm.contains("hadoop-3.3.6/hadoop-3.3.6-aarch64.tar.gz'"), "arm64 nodes get the aarch64 build");
    String uploaded = RENDER.userData(new Cluster("a", "10.0.0.5", 1, List.of(), unpinned.uploaded(SHA), Layout.standard(), Ports.hadoopDefaults(),
        new Resources(8192, 2), new Resources(8192, 2), 0, Map.of()), Role.MASTER);
    assertTrue(uploaded.contains("readonly HADOOP_SOURCE='upload'") && uploaded.contains("readonly HADOOP_SHA512='" + SHA + "'"),
        "an uploaded tarball is checked against the digest the client computed");
    assertTrue(arm.contains("readonly HADOOP_SHA512=''"), "no pinned digest: the script reads the mirror's .sha512");
  }

  @Test
  void theAwsSdkForS3aIsFetchedOnlyWithAnInstanceProfileAtTheVersionConfNames() {
    Cluster c = dummy(1);
    String sdk = netflixjobs.provision.ec2.Releases.awsSdk(HOME.resolve("conf"), "3.5.0");
    assertEquals("2.35.4", sdk, "conf/hadoop-aws-sdk.tsv: the SDK Hadoop 3.5.0 was built with");
    assertNull(netflixjobs.provision.ec2.Releases.awsSdk(HOME.resolve("conf"), "3.3.6"), "a release conf/ does not list: no SDK");
    String plain = RENDER.userData(c, Role.MASTER);
    assertTrue(plain.contains("readonly S3A='false'") && plain.contains("readonly AWS_SDK_VERSION=''"), "no instance profile: no S3A fetch");
    Cluster s3a = new Cluster(c.name(), c.masterHost(), 1, c.workerHosts(), c.software().withS3a(sdk), c.layout(), c.ports(), c.master(),
        c.worker(), 60, Map.of());
    for (Role r : Role.values()) {
      String script = RENDER.userData(s3a, r);
      assertTrue(script.contains("readonly S3A='true'") && script.contains("readonly AWS_SDK_VERSION='2.35.4'"), r + ": " + script);
      assertTrue(script.contains("-Dartifact=\"software.amazon.awssdk:bundle:$AWS_SDK_VERSION\""), "fetched by its Maven coordinates");
    }
    // the script only ever installs the bundle where S3A=true: Maven, the step and the worker's fetch all sit behind that switch
    String template = TEMPLATES.text(Templates.USER_DATA);
    assertTrue(template.contains("if [[ $S3A == true ]]; then install_s3a_sdk; fi"));
    assertEquals(2, template.split("install_s3a_sdk;", -1).length, "install_s3a_sdk is called in one place only");
    assertTrue(template.indexOf("install_s3a_sdk;") < template.indexOf("step 6 \"formatting HDFS\""), "the bundle is in place before any daemon starts");
    // no instance profile: the SDK has no business in the model either
    assertThrows(IllegalArgumentException.class, () -> new Software("3.5.0", Software.Arch.X86_64, null, Software.APACHE_ARCHIVE,
        "java-17-amazon-corretto-headless", Software.MIRRORS, false, "2.35.4"));
    assertThrows(IllegalArgumentException.class, () -> c.software().withS3a("2.35.4; rm -rf /"));
  }
}
