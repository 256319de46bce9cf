package netflixjobs.importer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * A map output value of import: the records of one block of user ids from one map task
 * (ratings, probe entries, held-out ratings), or one rejected line. Grouping in the map keeps
 * the shuffle to a record per (block, task) instead of one per rating or user: Hadoop's
 * map-side sort of ten million single ratings was most of the import's time, and of 140,000
 * users per task still a third of a map.
 */
public final class ImportChunk implements Writable {
  /** What a record of the chunk is; stored in the top bits of its payload. */
  public enum Kind { RATING, PROBE_ID, PROBE_RATING }

  private static final Kind[] KINDS = Kind.values();

  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private int size;
  private int[] records = new int[3 * 16]; // user, movie, payload
  private String reject; // non-null: this chunk is a rejected line

  /** The payload of one record: kind, day, half stars; its low 24 bits order duplicates (latest day, then highest rating). */
  public static int payload(Kind kind, int halfStars, int day) {
    return kind.ordinal() << 24 | (day & 0xffff) << 8 | halfStars & 0xff;
  }

  public static Kind kind(int payload) {
    return KINDS[payload >>> 24];
  }

  public static int halfStars(int payload) {
    return payload & 0xff;
  }

  public static int day(int payload) {
    return payload >>> 8 & 0xffff;
  }

  public ImportChunk clear() {
    size = 0;
    reject = null;
    return this;
  }

  /** Adds a record. */
  public ImportChunk add(int user, int movie, int payload) {
    int at = 3 * size;
    if (at == records.length) {
      records = Arrays.copyOf(records, at * 2);
    }
    records[at] = user;
    records[at + 1] = movie;
    records[at + 2] = payload;
    size++;
    return this;
  }

  public ImportChunk setReject(String text) {
    size = 0;
    reject = text;
    return this;
  }

  public String rejectText() {
    return reject;
  }

  public int size() {
    return size;
  }

  public int user(int i) {
    return records[3 * i];
  }

  public int movie(int i) {
    return records[3 * i + 1];
  }

  public int payload(int i) {
    return records[3 * i + 2];
  }

  /**
   * A VInt record count (-1: a rejected line follows), then user, movie and payload of each
   * record as 4-byte ints, in one write (DataOutput's writeInt goes a byte at a time).
   */
  @Override
  public void write(DataOutput out) throws IOException {
    if (reject != null) {
      WritableUtils.writeVInt(out, -1);
      WritableUtils.writeString(out, reject);
      return;
    }
    int ints = 3 * size;
    byte[] b = bytes(4 * ints);
    for (int i = 0; i < ints; i++) {
      INT.set(b, 4 * i, records[i]);
    }
    WritableUtils.writeVInt(out, size);
    out.write(b, 0, 4 * ints);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    int n = WritableUtils.readVInt(in);
    clear();
    if (n < 0) {
      reject = WritableUtils.readString(in);
      return;
    }
    int ints = 3 * n;
    byte[] b = bytes(4 * ints);
    in.readFully(b, 0, 4 * ints);
    if (records.length < ints) {
      records = new int[ints];
    }
    for (int i = 0; i < ints; i++) {
      records[i] = (int) INT.get(b, 4 * i);
    }
    size = n;
  }

  private byte[] buf = new byte[0];

  private byte[] bytes(int n) {
    if (buf.length < n) {
      buf = new byte[Math.max(n, buf.length * 2)];
    }
    return buf;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ImportChunk c) || c.size != size || !java.util.Objects.equals(c.reject, reject)) {
      return false;
    }
    return Arrays.equals(records, 0, 3 * size, c.records, 0, 3 * size);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(Arrays.copyOf(records, 3 * size)) * 31 + (reject == null ? 0 : reject.hashCode());
  }

  @Override
  public String toString() {
    if (reject != null) {
      return "REJECT " + reject;
    }
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < size; i++) {
      int p = payload(i);
      sb.append(i == 0 ? "" : " ").append(user(i)).append('/').append(movie(i)).append(':').append(kind(p))
          .append('/').append(halfStars(p)).append('/').append(day(p));
    }
    return sb.append(']').toString();
  }
}
