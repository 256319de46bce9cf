package netflixjobs.svd.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import netflixjobs.svd.model.Blocks;
import netflixjobs.svd.model.FactorTable;

/**
 * A slice of factors on the file system ({@code users-0000i}, {@code movies-0000j}): rows of
 * (id int, bias double, f factor doubles), big-endian, sorted by id, so a reader finds one row
 * by binary search without loading the slice.
 */
public final class SliceFile {
  private SliceFile() {}

  public static int rowBytes(int f) {
    return 4 + 8 + 8 * f;
  }

  /** Appends the rows of slice {@code block} of users or movies ({@code kind}) under {@code dir}; a missing slice adds nothing. */
  public static void readInto(Configuration conf, Path dir, int kind, int block, FactorTable t) throws IOException {
    readInto(conf, new Path(dir, Blocks.sliceName(kind, block)), t);
  }

  /** Appends every row of the slice file to the table; a missing file adds nothing. */
  public static void readInto(Configuration conf, Path file, FactorTable t) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    if (!fs.exists(file)) {
      return;
    }
    int f = t.factors();
    int rb = rowBytes(f);
    long len = fs.getFileStatus(file).getLen();
    if (len % rb != 0) {
      throw new IOException(file + " is not a slice of " + f + "-factor rows");
    }
    long rows = len / rb;
    int chunk = Math.max(1, (1 << 20) / rb);
    byte[] buf = new byte[chunk * rb];
    double[] v = new double[f];
    try (FSDataInputStream in = fs.open(file)) {
      for (long i = 0; i < rows; ) {
        int k = (int) Math.min(chunk, rows - i);
        BlockFile.readFully(in, buf, k * rb);
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, k * rb);
        for (int j = 0; j < k; j++, i++) {
          int id = bb.getInt();
          double b = bb.getDouble();
          for (int x = 0; x < f; x++) {
            v[x] = bb.getDouble();
          }
          t.add(id, b, v, 0);
        }
      }
    }
  }

  /**
   * Finds one id's row by binary search; fills {@code vec} (length f) and returns its bias,
   * or returns NaN when the slice has no such id (or does not exist).
   */
  public static double find(Configuration conf, Path file, int f, int id, double[] vec) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    if (!fs.exists(file)) {
      return Double.NaN;
    }
    int rb = rowBytes(f);
    long lo = 0;
    long hi = fs.getFileStatus(file).getLen() / rb - 1;
    byte[] buf = new byte[rb];
    try (FSDataInputStream in = fs.open(file)) {
      while (lo <= hi) {
        long mid = (lo + hi) >>> 1;
        in.readFully(mid * rb, buf, 0, 4);
        int at = ByteBuffer.wrap(buf, 0, 4).getInt();
        if (at < id) {
          lo = mid + 1;
        } else if (at > id) {
          hi = mid - 1;
        } else {
          in.readFully(mid * rb, buf, 0, rb);
          ByteBuffer bb = ByteBuffer.wrap(buf);
          bb.getInt();
          double b = bb.getDouble();
          for (int x = 0; x < f; x++) {
            vec[x] = bb.getDouble();
          }
          return b;
        }
      }
    }
    return Double.NaN;
  }

  /** Writes rows one at a time to a stream. */
  public static final class Writer implements AutoCloseable {
    private final OutputStream out;
    private final ByteBuffer row;

    public Writer(OutputStream out, int f) {
      this.out = new BufferedOutputStream(out, 1 << 20);
      this.row = ByteBuffer.allocate(rowBytes(f));
    }

    public void write(int id, double bias, double[] v, int off, int f) throws IOException {
      row.clear();
      row.putInt(id).putDouble(bias);
      for (int x = 0; x < f; x++) {
        row.putDouble(v[off + x]);
      }
      out.write(row.array(), 0, row.position());
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  /** Writes a whole table, rows in id order (tests and tools). */
  public static void write(Configuration conf, Path file, FactorTable t) throws IOException {
    try (Writer w = new Writer(file.getFileSystem(conf).create(file, true), t.factors())) {
      for (int r : t.rowsById()) {
        w.write(t.id(r), t.bias(r), t.vectors(), r * t.factors(), t.factors());
      }
    }
  }
}
