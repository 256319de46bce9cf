package netflixjobs.provision.ec2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import netflixjobs.provision.model.Problem;
import netflixjobs.provision.model.Software;

/** The pinned SHA-512 digests of Hadoop releases in conf/hadoop-releases.tsv. */
public final class Releases {
  private Releases() {}

  /** The pinned digest, or null when the table does not know this version (the node then uses the mirror's .sha512 file). */
  public static String sha512(Path conf, String version, Software.Arch arch) {
    Path f = conf.resolve("hadoop-releases.tsv");
    if (!Files.exists(f)) return null;
    try {
      for (String line : Files.readAllLines(f)) {
        if (line.isBlank() || line.startsWith("#")) continue;
        String[] c = line.trim().split("\t");
        if (c.length == 3 && c[0].equals(version) && c[1].equals(arch.ec2Name)) return c[2];
      }
      return null;
    } catch (IOException e) {
      throw Problem.usage("cannot read " + f + ": " + e.getMessage());
    }
  }
}
