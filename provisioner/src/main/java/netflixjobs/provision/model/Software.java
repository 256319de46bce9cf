package netflixjobs.provision.model;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The pinned Hadoop release a node installs. {@code sha512} is the release's published SHA-512 for
 * this architecture's tarball (null: the node fetches Apache's .sha512 file next to the tarball).
 * {@code mirror} is the user's mirror, or {@link #APACHE_ARCHIVE} when none was given.
 * {@code source} says where the master takes the release from: {@link #MIRRORS} (the mirror if one
 * was given, then Apache's CDN, then its archive), {@link #UPLOAD} (the client uploads a file by SSH;
 * {@code sha512} is then that file's digest) or an {@code s3://bucket/key} address. Workers always
 * take it from the master first.
 * {@code s3a}: the nodes have S3 credentials (an instance profile), so the master fetches the AWS SDK
 * bundle S3A needs, version {@code awsSdkVersion} (the one this Hadoop release was built with, from
 * conf/hadoop-aws-sdk.tsv; null: none known, the nodes then go without s3a://), and serves it to the workers.
 */
public record Software(String hadoopVersion, Arch arch, String sha512, String mirror, String javaPackage, String source,
                       boolean s3a, String awsSdkVersion) {
  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");
  private static final Pattern HEX512 = Pattern.compile("[0-9a-f]{128}");
  /** An S3 address the node script can quote as is. */
  private static final Pattern S3 = Pattern.compile("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/[A-Za-z0-9._/+=@,-]+");
  public static final String APACHE_ARCHIVE = "https://archive.apache.org/dist/hadoop/common";
  /** Apache's CDN: fast, but it holds only the current releases. */
  public static final String APACHE_CDN = "https://dlcdn.apache.org/hadoop/common";
  public static final String MIRRORS = "mirrors";
  public static final String UPLOAD = "upload";

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
    if (!source.equals(MIRRORS) && !source.equals(UPLOAD) && !S3.matcher(source).matches())
      throw new IllegalArgumentException("the Hadoop tarball must be a file to upload or an s3://bucket/key address (letters, digits and ._/+=@,- in the key), not " + source);
    if (source.equals(UPLOAD) && sha512 == null) throw new IllegalArgumentException("an uploaded Hadoop tarball needs its SHA-512");
    if (awsSdkVersion != null && !VERSION.matcher(awsSdkVersion).matches())
      throw new IllegalArgumentException("the AWS SDK version must look like 2.35.4, not " + awsSdkVersion);
    if (!s3a && awsSdkVersion != null) throw new IllegalArgumentException("an AWS SDK for S3A needs nodes with S3 access");
  }

  /** The release from the mirrors (the given one first, then Apache's CDN and archive). */
  public Software(String hadoopVersion, Arch arch, String sha512, String mirror, String javaPackage) {
    this(hadoopVersion, arch, sha512, mirror, javaPackage, MIRRORS, false, null);
  }

  /** The same release, but the master takes the client's upload, whose SHA-512 is {@code fileSha512}. */
  public Software uploaded(String fileSha512) {
    return new Software(hadoopVersion, arch, fileSha512, mirror, javaPackage, UPLOAD, s3a, awsSdkVersion);
  }

  /** The same release, but the master copies it from S3 with its instance profile. */
  public Software fromS3(String s3Address) {
    return new Software(hadoopVersion, arch, sha512, mirror, javaPackage, s3Address, s3a, awsSdkVersion);
  }

  /** The same release on nodes with an instance profile: S3A with this AWS SDK bundle (null: none known for this release). */
  public Software withS3a(String sdkVersion) {
    return new Software(hadoopVersion, arch, sha512, mirror, javaPackage, source, true, sdkVersion);
  }

  public String tarball() { return "hadoop-" + hadoopVersion + arch.tarballSuffix + ".tar.gz"; }

  /** Where the release can be downloaded, in the order a node tries them. */
  public List<String> tarballUrls() {
    Set<String> bases = new LinkedHashSet<>();
    if (!mirror.equals(APACHE_ARCHIVE)) bases.add(mirror);
    bases.addAll(List.of(APACHE_CDN, APACHE_ARCHIVE));
    return bases.stream().map(b -> b + "/hadoop-" + hadoopVersion + "/" + tarball()).toList();
  }
}
