package netflixjobs.svd.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.apache.hadoop.io.WritableComparable;
import org.apache.hadoop.io.WritableComparator;

import netflixjobs.svd.model.Blocks;

/**
 * A rating on its way into its block: sorted by (block, order, user, movie), where order is
 * the seeded hash of {@link Blocks#order}. 21 bytes; a raw comparator sorts without
 * deserialising.
 */
public final class BlockedRating implements WritableComparable<BlockedRating> {
  static final int BYTES = 21;

  private int block;
  private long order;
  private int user;
  private int movie;
  private byte halfStars;

  public BlockedRating() {}

  public BlockedRating(int block, long order, int user, int movie, int halfStars) {
    set(block, order, user, movie, halfStars);
  }

  public BlockedRating set(int block, long order, int user, int movie, int halfStars) {
    this.block = block;
    this.order = order;
    this.user = user;
    this.movie = movie;
    this.halfStars = (byte) halfStars;
    return this;
  }

  public int block() {
    return block;
  }

  public int user() {
    return user;
  }

  public int movie() {
    return movie;
  }

  public int halfStars() {
    return halfStars;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeInt(block);
    out.writeLong(order);
    out.writeInt(user);
    out.writeInt(movie);
    out.writeByte(halfStars);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    block = in.readInt();
    order = in.readLong();
    user = in.readInt();
    movie = in.readInt();
    halfStars = in.readByte();
  }

  @Override
  public int compareTo(BlockedRating o) {
    int c = Integer.compare(block, o.block);
    if (c == 0) {
      c = Long.compare(order, o.order);
    }
    if (c == 0) {
      c = Integer.compare(user, o.user);
    }
    return c != 0 ? c : Integer.compare(movie, o.movie);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockedRating b && compareTo(b) == 0 && b.halfStars == halfStars;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(order) * 31 + block;
  }

  @Override
  public String toString() {
    return Blocks.class.getSimpleName() + "[" + block + "] " + user + "\t" + movie + "\t" + halfStars;
  }

  /** Compares the serialised form: block, order, user, movie. */
  public static final class Comparator extends WritableComparator {
    public Comparator() {
      super(BlockedRating.class);
    }

    @Override
    public int compare(byte[] b1, int s1, int l1, byte[] b2, int s2, int l2) {
      int c = Integer.compare(readInt(b1, s1), readInt(b2, s2));
      if (c == 0) {
        c = Long.compare(readLong(b1, s1 + 4), readLong(b2, s2 + 4));
      }
      if (c == 0) {
        c = Integer.compare(readInt(b1, s1 + 12), readInt(b2, s2 + 12));
      }
      return c != 0 ? c : Integer.compare(readInt(b1, s1 + 16), readInt(b2, s2 + 16));
    }
  }

  static {
    WritableComparator.define(BlockedRating.class, new Comparator());
  }
}
