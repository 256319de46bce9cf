package netflixjobs.knn;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.apache.hadoop.io.Writable;

/**
 * The input value of a pair task: one user's ratings in block {@code a} and in block {@code b}
 * of the task's block pair (for a diagonal task, a == b and only {@link #a()} is used).
 */
public final class UserPair implements Writable {
  private int blockA;
  private int blockB;
  private final UserRatings a = new UserRatings();
  private final UserRatings b = new UserRatings();

  public UserPair() {}

  public UserPair(int blockA, int blockB) {
    setBlocks(blockA, blockB);
  }

  public UserPair setBlocks(int blockA, int blockB) {
    this.blockA = blockA;
    this.blockB = blockB;
    return this;
  }

  public int blockA() {
    return blockA;
  }

  public int blockB() {
    return blockB;
  }

  public boolean diagonal() {
    return blockA == blockB;
  }

  public UserRatings a() {
    return a;
  }

  public UserRatings b() {
    return b;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeInt(blockA);
    out.writeInt(blockB);
    a.write(out);
    if (!diagonal()) {
      b.write(out);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    blockA = in.readInt();
    blockB = in.readInt();
    a.readFields(in);
    b.clear();
    if (!diagonal()) {
      b.readFields(in);
    }
  }

  @Override
  public String toString() {
    return blockA + "/" + blockB + " [" + a + "]" + (diagonal() ? "" : " [" + b + "]");
  }
}
