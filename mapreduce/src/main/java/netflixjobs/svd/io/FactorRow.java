package netflixjobs.svd.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

import org.apache.hadoop.io.Writable;

import netflixjobs.svd.model.Blocks;

/** One row a training task emits: which slice it belongs to, the id, its bias and factors. */
public final class FactorRow implements Writable {
  private int kind;
  private int slice;
  private int id;
  private double bias;
  private double[] vec = new double[0];

  public FactorRow() {}

  public FactorRow(int kind, int slice, int id, double bias, double[] vec) {
    set(kind, slice, id, bias, vec, 0, vec.length);
  }

  public FactorRow set(int kind, int slice, int id, double bias, double[] src, int off, int f) {
    this.kind = kind;
    this.slice = slice;
    this.id = id;
    this.bias = bias;
    if (vec.length != f) {
      vec = new double[f];
    }
    System.arraycopy(src, off, vec, 0, f);
    return this;
  }

  public int kind() {
    return kind;
  }

  public int slice() {
    return slice;
  }

  public int id() {
    return id;
  }

  public double bias() {
    return bias;
  }

  public double[] vec() {
    return vec;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeByte(kind);
    out.writeInt(slice);
    out.writeInt(id);
    out.writeDouble(bias);
    out.writeInt(vec.length);
    for (double v : vec) {
      out.writeDouble(v);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    kind = in.readByte();
    slice = in.readInt();
    id = in.readInt();
    bias = in.readDouble();
    int f = in.readInt();
    if (vec.length != f) {
      vec = new double[f];
    }
    for (int k = 0; k < f; k++) {
      vec[k] = in.readDouble();
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FactorRow r && r.kind == kind && r.slice == slice && r.id == id
        && Double.compare(r.bias, bias) == 0 && Arrays.equals(r.vec, vec);
  }

  @Override
  public int hashCode() {
    return (kind * 31 + slice) * 31 + id;
  }

  @Override
  public String toString() {
    return Blocks.sliceName(kind, slice) + " " + id + " " + bias + " " + Arrays.toString(vec);
  }
}
