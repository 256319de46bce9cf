package netflixjobs.cli;

import org.apache.hadoop.fs.FsShell;

import netflixjobs.common.ToolMain;

/** {@code dfs}: Hadoop's file system shell, whose own main would end the JVM before the embedded HDFS stops. */
public final class Dfs {
  private Dfs() {}

  public static void main(String[] args) throws Exception {
    ToolMain.run(new FsShell(), args);
  }
}
