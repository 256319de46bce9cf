package netflixjobs.knn;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * A film's neighbour candidates, best first: neighbour id, similarity (exact double) and the
 * number of common raters. The value between the pair tasks and the top-k reduce; its text form
 * is the output line's tail: {@code id:similarity:common<TAB>...}.
 */
public final class Candidates implements Writable {
  private int size;
  private int[] ids = new int[8];
  private double[] sims = new double[8];
  private int[] commons = new int[8];

  public Candidates clear() {
    size = 0;
    return this;
  }

  public Candidates add(int id, double sim, int common) {
    if (size == ids.length) {
      int n = size * 2;
      ids = Arrays.copyOf(ids, n);
      sims = Arrays.copyOf(sims, n);
      commons = Arrays.copyOf(commons, n);
    }
    ids[size] = id;
    sims[size] = sim;
    commons[size] = common;
    size++;
    return this;
  }

  public int size() {
    return size;
  }

  public int id(int i) {
    return ids[i];
  }

  public double sim(int i) {
    return sims[i];
  }

  public int common(int i) {
    return commons[i];
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, size);
    for (int i = 0; i < size; i++) {
      WritableUtils.writeVInt(out, ids[i]);
      out.writeDouble(sims[i]);
      WritableUtils.writeVInt(out, commons[i]);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    clear();
    int n = WritableUtils.readVInt(in);
    for (int i = 0; i < n; i++) {
      int id = WritableUtils.readVInt(in);
      double s = in.readDouble();
      add(id, s, WritableUtils.readVInt(in));
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Candidates c) || c.size != size) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      if (c.ids[i] != ids[i] || Double.compare(c.sims[i], sims[i]) != 0 || c.commons[i] != commons[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = size;
    for (int i = 0; i < size; i++) {
      h = h * 31 + ids[i];
    }
    return h;
  }

  /** {@code id:similarity:common} joined by tabs, best first. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        sb.append('\t');
      }
      sb.append(ids[i]).append(':').append(sims[i]).append(':').append(commons[i]);
    }
    return sb.toString();
  }
}
