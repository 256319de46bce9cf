package netflixjobs.provision.model;

/**
 * Where things live on a node: the Hadoop install, its configuration, data, logs, the daemons' user,
 * and the login user who runs jobs (gets an HDFS home directory).
 */
public record Layout(String hadoopHome, String confDir, String dataDir, String logDir, String user, String clientUser) {
  public static Layout standard() {
    return new Layout("/opt/hadoop", "/etc/hadoop", "/data/hadoop", "/var/log/hadoop", "hadoop", "ec2-user");
  }
  public String nameDir() { return dataDir + "/name"; }
  public String dataNodeDir() { return dataDir + "/data"; }
  public String nodeManagerLocalDir() { return dataDir + "/yarn-local"; }
  public String nodeManagerLogDir() { return logDir + "/containers"; }
  public String tmpDir() { return dataDir + "/tmp"; }
  /** DataNodes/NodeManagers listed here are being decommissioned (remove-workers). */
  public String excludeFile() { return confDir + "/exclude"; }
}
