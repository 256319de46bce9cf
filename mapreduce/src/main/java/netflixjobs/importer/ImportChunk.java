package netflixjobs.importer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * A map output value of import: one user's records from one map task (ratings, probe entries,
 * held-out ratings), or one rejected line. Grouping a user's records in the map keeps the
 * shuffle to a record per (user, task) instead of one per rating: Hadoop's map-side sort
 * of ten million single ratings was most of the import's time.
 */
public final class ImportChunk implements Writable {
  /** What a record of the chunk is; stored in the top bits of its payload. */
  public enum Kind { RATING, PROBE_ID, PROBE_RATING }

  private static final Kind[] KINDS = Kind.values();

  private int size;
  private int[] movies = new int[16];
  private int[] payloads = new int[16];
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

  public ImportChunk add(int movie, int payload) {
    if (size == movies.length) {
      movies = Arrays.copyOf(movies, size * 2);
      payloads = Arrays.copyOf(payloads, size * 2);
    }
    movies[size] = movie;
    payloads[size] = payload;
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

  public int movie(int i) {
    return movies[i];
  }

  public int payload(int i) {
    return payloads[i];
  }

  @Override
  public void write(DataOutput out) throws IOException {
    if (reject != null) {
      WritableUtils.writeVInt(out, -1);
      WritableUtils.writeString(out, reject);
      return;
    }
    WritableUtils.writeVInt(out, size);
    byte[] b = bytes(size * 8);
    for (int i = 0, j = 0; i < size; i++, j += 8) {
      putInt(b, j, movies[i]);
      putInt(b, j + 4, payloads[i]);
    }
    out.write(b, 0, size * 8); // one write: DataOutput's writeInt goes a byte at a time
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    int n = WritableUtils.readVInt(in);
    clear();
    if (n < 0) {
      reject = WritableUtils.readString(in);
      return;
    }
    byte[] b = bytes(n * 8);
    in.readFully(b, 0, n * 8);
    for (int i = 0, j = 0; i < n; i++, j += 8) {
      add(getInt(b, j), getInt(b, j + 4));
    }
  }

  private byte[] buf = new byte[0];

  private byte[] bytes(int n) {
    if (buf.length < n) {
      buf = new byte[Math.max(n, buf.length * 2)];
    }
    return buf;
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  private static int getInt(byte[] b, int at) {
    return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | b[at + 3] & 0xff;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ImportChunk c) || c.size != size || !java.util.Objects.equals(c.reject, reject)) {
      return false;
    }
    return Arrays.equals(movies, 0, size, c.movies, 0, size) && Arrays.equals(payloads, 0, size, c.payloads, 0, size);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(Arrays.copyOf(movies, size)) * 31 + (reject == null ? 0 : reject.hashCode());
  }

  @Override
  public String toString() {
    if (reject != null) {
      return "REJECT " + reject;
    }
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < size; i++) {
      int p = payloads[i];
      sb.append(i == 0 ? "" : " ").append(movies[i]).append(':').append(kind(p)).append('/')
          .append(halfStars(p)).append('/').append(day(p));
    }
    return sb.append(']').toString();
  }
}
