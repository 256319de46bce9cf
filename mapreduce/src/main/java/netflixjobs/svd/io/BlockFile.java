package netflixjobs.svd.io;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

import netflixjobs.svd.model.Blocks;
import netflixjobs.svd.model.Params;

/**
 * A block of ratings on the file system: 9-byte records (user int, movie int, half stars
 * byte), uncompressed, in training order. Read whole into three arrays by one task.
 */
public final class BlockFile {
  static final int RECORD = 9;

  /** The ratings of one block, in order. */
  public record Ratings(int size, int[] users, int[] movies, byte[] halfStars) {
    public static Ratings of(int[] users, int[] movies, byte[] halfStars) {
      return new Ratings(users.length, users, movies, halfStars);
    }
  }

  private BlockFile() {}

  /** Reads a block; a block file that does not exist is an empty block. */
  /** The ratings of block number {@code b} of {@code d} x {@code d} under {@code dir}. */
  public static Ratings read(Configuration conf, Path dir, int b, int d) throws IOException {
    return read(conf, new Path(dir, Blocks.fileName(b, d)));
  }

  public static Ratings read(Configuration conf, Path file) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    if (!fs.exists(file)) {
      return Ratings.of(new int[0], new int[0], new byte[0]);
    }
    long len = fs.getFileStatus(file).getLen();
    if (len % RECORD != 0 || len / RECORD > Integer.MAX_VALUE - 8) {
      throw new IOException(file + " is not a block file of whole records (or is too big: use more blocks)");
    }
    int n = (int) (len / RECORD);
    int[] users = new int[n];
    int[] movies = new int[n];
    byte[] half = new byte[n];
    byte[] buf = new byte[RECORD * 65536];
    try (FSDataInputStream in = fs.open(file)) {
      int i = 0;
      while (i < n) {
        int k = Math.min(65536, n - i);
        readFully(in, buf, k * RECORD);
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, k * RECORD);
        for (int j = 0; j < k; j++, i++) {
          users[i] = bb.getInt();
          movies[i] = bb.getInt();
          half[i] = bb.get();
        }
      }
    }
    return new Ratings(n, users, movies, half);
  }

  /** Writes ratings as a block file (the blocking pass writes through {@link OutputFormat}). */
  public static void write(Configuration conf, Path file, Ratings r) throws IOException {
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file.getFileSystem(conf).create(file, true)))) {
      for (int i = 0; i < r.size(); i++) {
        out.writeInt(r.users()[i]);
        out.writeInt(r.movies()[i]);
        out.writeByte(r.halfStars()[i]);
      }
    }
  }

  static void readFully(InputStream in, byte[] buf, int len) throws IOException {
    int off = 0;
    while (off < len) {
      int r = in.read(buf, off, len - off);
      if (r < 0) {
        throw new EOFException("file ended inside a record");
      }
      off += r;
    }
  }

  /** Writes reduce task b's ratings to the block file named for block b. */
  public static final class OutputFormat extends FileOutputFormat<BlockedRating, NullWritable> {
    @Override
    public RecordWriter<BlockedRating, NullWritable> getRecordWriter(TaskAttemptContext context) throws IOException {
      Configuration conf = context.getConfiguration();
      int d = Params.fromConf(conf).blocks();
      int b = context.getTaskAttemptID().getTaskID().getId();
      Path dir = ((FileOutputCommitter) getOutputCommitter(context)).getWorkPath();
      Path file = new Path(dir, Blocks.fileName(b, d));
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file.getFileSystem(conf).create(file, false), 1 << 20));
      return new RecordWriter<>() {
        @Override
        public void write(BlockedRating r, NullWritable v) throws IOException {
          out.writeInt(r.user());
          out.writeInt(r.movie());
          out.writeByte(r.halfStars());
        }

        @Override
        public void close(TaskAttemptContext c) throws IOException {
          out.close();
        }
      };
    }
  }
}
