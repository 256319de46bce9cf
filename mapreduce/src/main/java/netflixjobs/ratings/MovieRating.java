package netflixjobs.ratings;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.LocalDate;

import org.apache.hadoop.io.Writable;

/**
 * The value of one rating record on HDFS; the key is the user as an IntWritable. Seven bytes:
 * movie (int), rating in half stars (byte, 1..10, so 4 stars is 8 and MovieLens' 3.5 is 7) and
 * the day (unsigned short, days since 1970-01-01, 0 when unknown). {@code -text} shows
 * {@code user<TAB>movie<TAB>rating<TAB>date}.
 */
public final class MovieRating implements Writable {
  public static final int BYTES = 7;

  private int movie;
  private byte halfStars;
  private char day;

  public MovieRating() {}

  public MovieRating(int movie, int halfStars, int day) {
    set(movie, halfStars, day);
  }

  public MovieRating set(int movie, int halfStars, int day) {
    this.movie = movie;
    this.halfStars = (byte) halfStars;
    this.day = (char) day;
    return this;
  }

  public int movie() {
    return movie;
  }

  /** The rating in half stars, 1..10. */
  public int halfStars() {
    return halfStars;
  }

  /** Days since 1970-01-01, or 0 when the source had no date. */
  public int day() {
    return day;
  }

  private final byte[] buf = new byte[BYTES];

  /** Big-endian int, byte, char as DataOutput would write them, in one write (it goes a byte at a time). */
  @Override
  public void write(DataOutput out) throws IOException {
    encode(buf, 0, movie, halfStars, day);
    out.write(buf, 0, BYTES);
  }

  /** A record's {@link #BYTES} bytes at {@code to[at..]}: movie (int), half stars (byte), day (char). */
  public static void encode(byte[] to, int at, int movie, int halfStars, int day) {
    to[at] = (byte) (movie >>> 24);
    to[at + 1] = (byte) (movie >>> 16);
    to[at + 2] = (byte) (movie >>> 8);
    to[at + 3] = (byte) movie;
    to[at + 4] = (byte) halfStars;
    to[at + 5] = (byte) (day >>> 8);
    to[at + 6] = (byte) day;
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    in.readFully(buf, 0, BYTES);
    movie = (buf[0] & 0xff) << 24 | (buf[1] & 0xff) << 16 | (buf[2] & 0xff) << 8 | buf[3] & 0xff;
    halfStars = buf[4];
    day = (char) ((buf[5] & 0xff) << 8 | buf[6] & 0xff);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MovieRating r && r.movie == movie && r.halfStars == halfStars && r.day == day;
  }

  @Override
  public int hashCode() {
    return (movie * 31 + halfStars) * 31 + day;
  }

  @Override
  public String toString() {
    return movie + "\t" + formatStars(halfStars) + "\t" + (day == 0 ? "-" : LocalDate.ofEpochDay(day));
  }

  /** 8 half stars print as "4", 7 as "3.5". */
  public static String formatStars(int halfStars) {
    return (halfStars & 1) == 0 ? Integer.toString(halfStars / 2) : (halfStars / 2) + ".5";
  }
}
