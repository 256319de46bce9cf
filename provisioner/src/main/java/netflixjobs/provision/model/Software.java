package netflixjobs.provision.model;

import java.util.regex.Pattern;

/**
 * The pinned Hadoop release a node installs. {@code sha512} is the release's published SHA-512 for
 * this architecture's tarball (null: the node fetches Apache's .sha512 file next to the tarball).
 */
public record Software(String hadoopVersion, Arch arch, String sha512, String mirror, String javaPackage) {
  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
  private static final Pattern HEX512 = Pattern.compile("[0-9a-f]{128}");
  public static final String APACHE_ARCHIVE = "https://archive.apache.org/dist/hadoop/common";

  public enum Arch {
    X86_64("x86_64", ""), ARM64("arm64", "-aarch64");
    public final String ec2Name;
    final String tarballSuffix;
    Arch(String ec2Name, String tarballSuffix) { this.ec2Name = ec2Name; this.tarballSuffix = tarballSuffix; }
    public static Arch fromEc2(String name) {
      for (Arch a : values()) if (a.ec2Name.equals(name)) return a;
      throw new IllegalArgumentException("unsupported architecture " + name + " (x86_64 or arm64)");
    }
  }

  public Software {
    if (hadoopVersion == null || !VERSION.matcher(hadoopVersion).matches())
      throw new IllegalArgumentException("the Hadoop version must look like 3.4.3, not " + hadoopVersion);
    if (sha512 != null && !HEX512.matcher(sha512).matches())
      throw new IllegalArgumentException("the SHA-512 of Hadoop " + hadoopVersion + " must be 128 lower-case hex digits");
    if (!mirror.startsWith("https://")) throw new IllegalArgumentException("the Hadoop mirror must be an https:// address");
    if (!javaPackage.matches("[A-Za-z0-9._+-]+")) throw new IllegalArgumentException("bad Java package name " + javaPackage);
  }

  public String tarball() { return "hadoop-" + hadoopVersion + arch.tarballSuffix + ".tar.gz"; }
  public String tarballUrl() { return mirror + "/hadoop-" + hadoopVersion + "/" + tarball(); }
}
