package netflixjobs.importer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

import netflixjobs.ratings.MovieRating;

/**
 * A reduce output of import and where it goes: DATASET/ratings, DATASET/probe (as
 * {@link MovieRating}) or DATASET/rejects (as text). {@link ImportOutputFormat} routes it.
 */
public final class ImportRecord implements Writable {
  /** The output directory a record goes to. */
  public enum Target { RATINGS, PROBE, REJECTS }

  private Target target = Target.RATINGS;
  private final MovieRating rating = new MovieRating();
  private String reject = "";

  public ImportRecord() {}

  public static ImportRecord of(Target target, int movie, int halfStars, int day) {
    ImportRecord r = new ImportRecord();
    r.target = target;
    r.rating.set(movie, halfStars, day);
    return r;
  }

  public static ImportRecord reject(String text) {
    ImportRecord r = new ImportRecord();
    r.target = Target.REJECTS;
    r.reject = text;
    return r;
  }

  public ImportRecord set(Target target, int movie, int halfStars, int day) {
    this.target = target;
    this.rating.set(movie, halfStars, day);
    this.reject = "";
    return this;
  }

  public ImportRecord setReject(String text) {
    this.target = Target.REJECTS;
    this.reject = text;
    return this;
  }

  public Target target() {
    return target;
  }

  public MovieRating rating() {
    return rating;
  }

  public String rejectText() {
    return reject;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeByte(target.ordinal());
    if (target == Target.REJECTS) {
      WritableUtils.writeString(out, reject);
    } else {
      rating.write(out);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    target = Target.values()[in.readByte()];
    if (target == Target.REJECTS) {
      reject = WritableUtils.readString(in);
    } else {
      rating.readFields(in);
      reject = "";
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImportRecord r && r.target == target
        && (target == Target.REJECTS ? r.reject.equals(reject) : r.rating.equals(rating));
  }

  @Override
  public int hashCode() {
    return target.hashCode() * 31 + (target == Target.REJECTS ? reject.hashCode() : rating.hashCode());
  }

  @Override
  public String toString() {
    return target + " " + (target == Target.REJECTS ? reject : rating.toString());
  }
}
