package netflixjobs.cli;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.hdfs.MiniDFSCluster;

import netflixjobs.common.UsageException;

/**
 * bin/netflix-jobs on a machine with no Hadoop install: an in-process HDFS over a data directory
 * that survives between runs (formatted on first use only) and Hadoop's local job runner, maps
 * in parallel on all cores; {@link Launch} says which.
 */
public final class Embedded implements AutoCloseable {
  public static final String DEFAULT_DATA_DIR = ".netflix-jobs";

  private final MiniDFSCluster dfs;
  private final Configuration conf;
  private final FileChannel lock;
  private final File scratch;

  private Embedded(MiniDFSCluster dfs, Configuration conf, FileChannel lock, File scratch) {
    this.dfs = dfs;
    this.conf = conf;
    this.lock = lock;
    this.scratch = scratch;
  }

  public Configuration conf() {
    return conf;
  }

  /**
   * Local job runner settings: all cores, a short poll, no 5 s waits, and the jobs' working
   * files under {@code scratch}, which {@link #close} removes.
   */
  private static Configuration localRunner(Configuration conf, File scratch) {
    int cores = Runtime.getRuntime().availableProcessors();
    conf.set("mapreduce.framework.name", "local");
    conf.setInt("mapreduce.local.map.tasks.maximum", cores);
    conf.setInt("mapreduce.local.reduce.tasks.maximum", cores);
    conf.setInt("mapreduce.client.completion.pollinterval", 200);
    conf.setInt("mapreduce.client.progressmonitor.pollinterval", 200);
    conf.setInt("mapreduce.task.io.sort.mb", 256);
    // The job's staging files (job.xml, splits, jar) are read back by this same process: keep
    // them on the local disk, not in the embedded HDFS, whose writes cost a pipeline each.
    conf.set("mapreduce.jobtracker.staging.root.dir", new File(scratch, "staging").toURI().toString());
    conf.set("mapreduce.cluster.local.dir", new File(scratch, "local").getPath());
    return nioLocalFs(conf);
  }

  /**
   * A private directory for this process's job files under Hadoop's per-user temporary
   * directory (/tmp/hadoop-USER). The local runner leaves two empty directories behind for every
   * job in its default places (a staging directory with a random name and the job's local
   * directory); here they go with the process.
   */
  private static File scratch(Configuration conf) throws IOException {
    File base = new File(conf.get("hadoop.tmp.dir"));
    if (!base.isDirectory() && !base.mkdirs() && !base.isDirectory()) {
      throw new IOException("cannot create " + base);
    }
    return Files.createTempDirectory(base.toPath(), "netflix-jobs-").toFile();
  }

  /** Local files get their permissions without a chmod process each: see {@link NioLocalFileSystem}. */
  static Configuration nioLocalFs(Configuration conf) {
    conf.setClass("fs.file.impl", NioLocalFileSystem.class, FileSystem.class);
    return conf;
  }

  /**
   * The file system {@code fs} names ({@code file:///} or a running HDFS's URI) with the local
   * job runner, or, when it is null, the embedded HDFS under {@code dataDir}.
   */
  public static Embedded open(String fs, File dataDir, int datanodes) throws IOException {
    return fs == null ? hdfs(dataDir, datanodes) : fs.startsWith("file:") ? localFs() : remote(fs);
  }

  /** The local file system, no HDFS: {@code --fs file:///}. */
  public static Embedded localFs() throws IOException {
    Configuration conf = new Configuration();
    File scratch = scratch(conf);
    localRunner(conf, scratch).set("fs.defaultFS", "file:///");
    return new Embedded(null, conf, null, scratch);
  }

  /**
   * An in-process HDFS keeping its blocks and metadata under {@code dataDir}; formats it only
   * when the directory is new, so what was imported before is there now.
   */
  public static Embedded hdfs(File dataDir, int datanodes) throws IOException {
    File base = dataDir.getAbsoluteFile();
    boolean fresh = !new File(base, "name-0-1/current/VERSION").exists(); // formatted before?
    if (!base.isDirectory() && !base.mkdirs()) {
      throw new UsageException("cannot create the data directory " + base + ".");
    }
    // One process at a time: a second MiniDFSCluster on the same directory fails, and its
    // failure path schedules the whole directory for deletion at exit.
    FileChannel lock = FileChannel.open(new File(base, "netflix-jobs.lock").toPath(),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    boolean locked = false;
    try {
      locked = lock.tryLock() != null;
    } catch (OverlappingFileLockException e) {
      // held by this JVM
    }
    if (!locked) {
      lock.close();
      throw new UsageException("another netflix-jobs is using the embedded HDFS under " + base
          + "; wait for it to finish, or give this one --data-dir DIR.");
    }
    Configuration conf = nioLocalFs(new Configuration());
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.getPath());
    // One disk under every datanode: a second replica costs a second write and protects nothing.
    conf.setInt("dfs.replication", 1);
    conf.setInt("dfs.namenode.safemode.extension", 0);
    conf.setLong("dfs.blocksize", 64L << 20);
    // One user's small cluster: no permission checks between the launcher and its own files.
    conf.setBoolean("dfs.permissions.enabled", false);
    // A client closing a file usually calls before the datanode has reported the last block, and
    // the namenode refuses (with one replica, a block only committed is not enough, whatever
    // dfs.namenode.file.close.num-committed-allowed says), so the client sleeps and asks again:
    // 400 ms by default, once for every file a job writes. The report comes some 10 ms after the
    // data, so ask again after 10 ms, doubling, up to ten times (10 s in all).
    conf.setInt("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", 10);
    conf.setInt("dfs.client.block.write.locateFollowingBlock.retries", 10);
    File scratch = scratch(conf);
    MiniDFSCluster dfs;
    try {
      dfs = new MiniDFSCluster.Builder(conf, base)
          .numDataNodes(datanodes)
          .format(fresh)
          .manageNameDfsDirs(true)
          .manageDataDfsDirs(true)
          .build();
      dfs.waitActive();
    } catch (IOException | RuntimeException e) {
      lock.close();
      FileUtil.fullyDelete(scratch);
      throw new StartFailed(e);
    }
    Configuration jobConf = new Configuration(dfs.getConfiguration(0));
    localRunner(jobConf, scratch).set("fs.defaultFS", dfs.getFileSystem().getUri().toString());
    return new Embedded(dfs, jobConf, lock, scratch);
  }

  @Override
  public void close() {
    if (dfs != null) {
      // Not dfs.shutdown(): it schedules the whole data directory for deletion at JVM exit.
      try {
        dfs.getFileSystem().close();
      } catch (IOException e) {
        // closing a client of a cluster we stop next: nothing to save
      }
      dfs.shutdownDataNodes();
      dfs.shutdownNameNodes();
    }
    if (scratch != null) {
      FileUtil.fullyDelete(scratch);
    }
    if (lock != null) {
      try {
        lock.close();
      } catch (IOException e) {
        // the lock goes with the process anyway
      }
    }
  }

  /**
   * The in-process HDFS did not start. MiniDFSCluster's own failure path has then scheduled the
   * data directory for deletion at JVM exit, so the launcher must end with halt, not exit.
   */
  public static final class StartFailed extends IOException {
    StartFailed(Exception cause) {
      super(cause.getMessage(), cause);
    }
  }

  private static Embedded remote(String uri) throws IOException {
    Configuration conf = new Configuration();
    File scratch = scratch(conf);
    localRunner(conf, scratch).set("fs.defaultFS", uri);
    return new Embedded(null, conf, null, scratch);
  }
}
