package netflixjobs.provision.model;

import java.util.Locale;

/** What a node runs: the master NameNode + ResourceManager, or a worker DataNode + NodeManager. */
public enum Role {
  MASTER, WORKER;
  public String tag() { return name().toLowerCase(Locale.ROOT); }
  public static Role fromTag(String s) {
    for (Role r : values()) if (r.tag().equals(s)) return r;
    return null;
  }
}
