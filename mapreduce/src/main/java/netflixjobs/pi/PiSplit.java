package netflixjobs.pi;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.mapreduce.InputSplit;

/**
 * One map's share of the darts, with no input file behind it: its index, how many samples it
 * throws, the method and the run's seed (from which its own stream follows, see {@link Darts}).
 * It is also the key of every record its reader hands the mapper.
 */
public class PiSplit extends InputSplit implements Writable {
  private int index;
  private long samples;
  private Method method = Method.RANDOM;
  private long seed;

  public PiSplit() {}

  public PiSplit(int index, long samples, Method method, long seed) {
    this.index = index;
    this.samples = samples;
    this.method = method;
    this.seed = seed;
  }

  public int index() {
    return index;
  }

  public long samples() {
    return samples;
  }

  public Method method() {
    return method;
  }

  public long seed() {
    return seed;
  }

  /** Where this map's points start: its random stream, or Hadoop's Halton index i*N. */
  Object source() {
    return method == Method.HALTON ? new Halton(Math.multiplyExact((long) index, samples))
        : Darts.stream(seed, index);
  }

  @Override
  public long getLength() {
    return samples;
  }

  @Override
  public String[] getLocations() {
    return new String[0];
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, index);
    WritableUtils.writeVLong(out, samples);
    WritableUtils.writeEnum(out, method);
    out.writeLong(seed);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    index = WritableUtils.readVInt(in);
    samples = WritableUtils.readVLong(in);
    method = WritableUtils.readEnum(in, Method.class);
    seed = in.readLong();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PiSplit p && p.index == index && p.samples == samples && p.method == method
        && p.seed == seed;
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, samples, method, seed);
  }

  @Override
  public String toString() {
    return "pi map " + index + " (" + samples + " " + method.label() + " samples"
        + (method == Method.RANDOM ? ", seed " + seed : "") + ")";
  }
}
