package netflixjobs.importer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * A block of whole lines of one file, line ends kept ({@code \n}, {@code \r\n} or a lone
 * {@code \r}, as Hadoop's LineReader reads them); only a file's last line may lack one. Maps
 * take a block at a time: a record per line cost more in Hadoop's plumbing than in parsing.
 */
public final class LineBlock implements Writable {
  private byte[] bytes = new byte[0];
  private int length;

  public LineBlock() {}

  /** A block of this text, in UTF-8 (for tests). */
  public LineBlock(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    set(b, b.length);
  }

  /** Takes {@code b[0..length)} as this block's bytes, without copying them. */
  public LineBlock set(byte[] b, int length) {
    this.bytes = b;
    this.length = length;
    return this;
  }

  public byte[] bytes() {
    return bytes;
  }

  public int length() {
    return length;
  }

  /** Where the line starting at {@code from} ends: its line end's index, or {@code to}. */
  static int lineEnd(byte[] b, int from, int to) {
    int i = from;
    while (i < to && b[i] != '\n' && b[i] != '\r') {
      i++;
    }
    return i;
  }

  /** Where the next line starts, after the line end at {@code end} (a {@code \r\n} is one). */
  static int nextLine(byte[] b, int end, int to) {
    return end + 1 < to && b[end] == '\r' && b[end + 1] == '\n' ? end + 2 : end + 1;
  }

  /** The number of lines in {@code b[0..to)}. */
  static int countLines(byte[] b, int to) {
    int n = 0;
    for (int i = 0; i < to; i++) { // the common case first: no \r at all, count \n
      if (b[i] == '\n') {
        n++;
      } else if (b[i] == '\r') {
        n = -1;
        break;
      }
    }
    if (n >= 0) {
      return to > 0 && b[to - 1] != '\n' ? n + 1 : n;
    }
    n = 0;
    for (int i = 0; i < to; i = nextLine(b, lineEnd(b, i, to), to)) {
      n++;
    }
    return n;
  }

  /**
   * Where {@code b[0..to)} may be cut so that the first part holds whole lines: after its last
   * line end, but not after a {@code \r} at the very end (a {@code \n} may follow it). 0 if none.
   */
  static int lastCut(byte[] b, int to) {
    for (int i = to - 1; i >= 0; i--) {
      if (b[i] == '\n' || b[i] == '\r' && i < to - 1) {
        return i + 1;
      }
    }
    return 0;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, length);
    out.write(bytes, 0, length);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    length = WritableUtils.readVInt(in);
    if (bytes.length < length) {
      bytes = new byte[length];
    }
    in.readFully(bytes, 0, length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LineBlock l && java.util.Arrays.equals(bytes, 0, length, l.bytes, 0, l.length);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = 0; i < length; i++) {
      h = 31 * h + bytes[i];
    }
    return h;
  }

  @Override
  public String toString() {
    return new String(bytes, 0, length, StandardCharsets.UTF_8);
  }
}
