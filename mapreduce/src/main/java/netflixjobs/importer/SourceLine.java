package netflixjobs.importer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * Where a line, or a {@link LineBlock} of lines, comes from: file, (first) line number, the
 * file's format and whether it is a probe file.
 */
public final class SourceLine implements Writable {
  private String file = "";
  private long line;
  private Format format = Format.PLAIN_CSV;
  private boolean probe;

  public SourceLine() {}

  public SourceLine(String file, long line, Format format, boolean probe) {
    set(file, line, format, probe);
  }

  public SourceLine set(String file, long line, Format format, boolean probe) {
    this.file = file;
    this.line = line;
    this.format = format;
    this.probe = probe;
    return this;
  }

  public String file() {
    return file;
  }

  public long line() {
    return line;
  }

  public Format format() {
    return format;
  }

  public boolean probe() {
    return probe;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeString(out, file);
    WritableUtils.writeVLong(out, line);
    WritableUtils.writeVInt(out, format.ordinal());
    out.writeBoolean(probe);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    file = WritableUtils.readString(in);
    line = WritableUtils.readVLong(in);
    format = Format.values()[WritableUtils.readVInt(in)];
    probe = in.readBoolean();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SourceLine s && s.file.equals(file) && s.line == line && s.format == format && s.probe == probe;
  }

  @Override
  public int hashCode() {
    return file.hashCode() * 31 + Long.hashCode(line);
  }

  @Override
  public String toString() {
    return file + ":" + line;
  }
}
