package netflixjobs.provision.cli;

import netflixjobs.provision.model.Problem;

/** Checks of what a user may open SSH to, and shell quoting for commands sent to the master. */
final class Cidr {
  private Cidr() {}

  /** An IPv4 CIDR block; never the whole internet. */
  static String check(String cidr) {
    String c = cidr.trim();
    if (!c.matches("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}")) throw Problem.usage("--allow-cidr must look like 203.0.113.7/32, not " + cidr);
    String[] p = c.split("/");
    for (String octet : p[0].split("\\.")) if (Integer.parseInt(octet) > 255) throw Problem.usage("bad address in " + cidr);
    int prefix = Integer.parseInt(p[1]);
    if (prefix > 32) throw Problem.usage("bad prefix length in " + cidr);
    if (prefix < 8) throw Problem.usage("refusing to open SSH to " + cidr + ": give your own address or network (a /8 or narrower)");
    return c;
  }

  /** Single-quotes a word for a POSIX shell. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\"'\"'") + "'";
  }
}
