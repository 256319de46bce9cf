package netflixjobs.provision.remote;

import java.nio.file.Path;
import java.util.List;

/** Commands on a node of the cluster (over SSH for a cloud cluster). */
public interface Remote {
  /** The result of a command: exit code and its standard output (standard error appended). */
  record Result(int code, String output) {
    public boolean ok() { return code == 0; }
  }

  /** Runs a command and captures its output; code 255 means the node could not be reached. */
  Result run(String host, String command);

  /** Runs a command (or a login shell if empty) with this terminal; returns its exit code. */
  int interactive(String host, List<String> command);

  /** Copies a local file or directory to the node. */
  void upload(String host, Path local, String remotePath);

  /** Runs a command on the node with a local file as its standard input; returns its exit code. */
  int pipe(String host, Path stdin, String command);

  /** Runs a command on the node with its standard output (bytes as they are) into a local file; returns its exit code. */
  int fetch(String host, String command, Path stdout);
}
