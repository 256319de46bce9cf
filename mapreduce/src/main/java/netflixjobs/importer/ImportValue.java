package netflixjobs.importer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * A map output value of import: a rating, a probe entry (with or without its own rating), or a
 * rejected line on its way to DATASET/rejects. Four bytes for the common case.
 */
public final class ImportValue implements Writable {
  /** What the value is. */
  public enum Kind { RATING, PROBE_ID, PROBE_RATING, REJECT }

  private static final Kind[] KINDS = Kind.values();

  private Kind kind = Kind.RATING;
  private byte halfStars;
  private char day;
  private String reject = "";

  public ImportValue() {}

  public static ImportValue rating(int halfStars, int day) {
    return new ImportValue().set(Kind.RATING, halfStars, day);
  }

  public static ImportValue probeRating(int halfStars, int day) {
    return new ImportValue().set(Kind.PROBE_RATING, halfStars, day);
  }

  public static ImportValue probeId() {
    return new ImportValue().set(Kind.PROBE_ID, 0, 0);
  }

  public static ImportValue reject(String text) {
    return new ImportValue().setReject(text);
  }

  public ImportValue set(Kind kind, int halfStars, int day) {
    this.kind = kind;
    this.halfStars = (byte) halfStars;
    this.day = (char) day;
    this.reject = "";
    return this;
  }

  public ImportValue setReject(String text) {
    this.kind = Kind.REJECT;
    this.reject = text;
    return this;
  }

  public Kind kind() {
    return kind;
  }

  public int halfStars() {
    return halfStars;
  }

  public int day() {
    return day;
  }

  public String rejectText() {
    return reject;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeByte(kind.ordinal());
    if (kind == Kind.REJECT) {
      WritableUtils.writeString(out, reject);
    } else {
      out.writeByte(halfStars);
      out.writeChar(day);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    kind = KINDS[in.readByte()];
    if (kind == Kind.REJECT) {
      reject = WritableUtils.readString(in);
    } else {
      halfStars = in.readByte();
      day = in.readChar();
      reject = "";
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImportValue v && v.kind == kind && v.halfStars == halfStars && v.day == day
        && v.reject.equals(reject);
  }

  @Override
  public int hashCode() {
    return ((kind.ordinal() * 31 + halfStars) * 31 + day) * 31 + reject.hashCode();
  }

  @Override
  public String toString() {
    return kind == Kind.REJECT ? "REJECT " + reject : kind + " " + halfStars + " " + (int) day;
  }
}
