package netflixjobs.provision.ec2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import netflixjobs.provision.model.Problem;
import netflixjobs.provision.model.Software;

/** What conf/ pins per Hadoop release: the tarballs' SHA-512 (hadoop-releases.tsv), the AWS SDK for S3A (hadoop-aws-sdk.tsv). */
public final class Releases {
  private Releases() {}

  /** The pinned digest, or null when the table does not know this version (the node then uses the mirror's .sha512 file). */
  public static String sha512(Path conf, String version, Software.Arch arch) {
    return lookup(conf.resolve("hadoop-releases.tsv"), version, arch.ec2Name);
  }

  /** The AWS SDK bundle version this Hadoop release was built with, or null when conf/ names none (no S3A then). */
  public static String awsSdk(Path conf, String version) {
    return lookup(conf.resolve("hadoop-aws-sdk.tsv"), version);
  }

  /** The last column of the row whose first columns are {@code keys}; null without such a row or file. */
  private static String lookup(Path f, String... keys) {
    if (!Files.exists(f)) return null;
    try {
      for (String line : Files.readAllLines(f)) {
        if (line.isBlank() || line.startsWith("#")) continue;
        String[] c = line.trim().split("\t");
        if (c.length == keys.length + 1 && java.util.Arrays.equals(keys, java.util.Arrays.copyOf(c, keys.length))) return c[keys.length];
      }
      return null;
    } catch (IOException e) {
      throw Problem.usage("cannot read " + f + ": " + e.getMessage());
    }
  }
}
