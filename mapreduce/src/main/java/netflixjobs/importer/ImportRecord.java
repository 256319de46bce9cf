package netflixjobs.importer;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * What import's reduce writes for one block of users: the ratings kept for DATASET/ratings,
 * those held out for DATASET/probe, and rejected lines for DATASET/rejects;
 * {@link ImportOutputFormat} routes them. One record per block, not per rating or user: Hadoop
 * does bookkeeping for every record a reduce writes, which cost a third of the reduce.
 */
public final class ImportRecord implements Writable {
  private final ImportChunk ratings = new ImportChunk();
  private final ImportChunk probe = new ImportChunk();
  private final List<String> rejects = new ArrayList<>();

  public ImportRecord clear() {
    ratings.clear();
    probe.clear();
    rejects.clear();
    return this;
  }

  /** A rating for DATASET/ratings (payload as {@link ImportChunk#payload}). */
  public ImportRecord rating(int user, int movie, int payload) {
    ratings.add(user, movie, payload);
    return this;
  }

  /** A rating for DATASET/probe. */
  public ImportRecord probe(int user, int movie, int payload) {
    probe.add(user, movie, payload);
    return this;
  }

  /** A line for DATASET/rejects. */
  public ImportRecord reject(String line) {
    rejects.add(line);
    return this;
  }

  public ImportChunk ratings() {
    return ratings;
  }

  public ImportChunk probe() {
    return probe;
  }

  public List<String> rejects() {
    return rejects;
  }

  public boolean isEmpty() {
    return ratings.size() == 0 && probe.size() == 0 && rejects.isEmpty();
  }

  @Override
  public void write(DataOutput out) throws IOException {
    ratings.write(out);
    probe.write(out);
    WritableUtils.writeVInt(out, rejects.size());
    for (String r : rejects) {
      WritableUtils.writeString(out, r);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    ratings.readFields(in);
    probe.readFields(in);
    rejects.clear();
    for (int n = WritableUtils.readVInt(in); n > 0; n--) {
      rejects.add(WritableUtils.readString(in));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImportRecord r && r.ratings.equals(ratings) && r.probe.equals(probe) && r.rejects.equals(rejects);
  }

  @Override
  public int hashCode() {
    return (ratings.hashCode() * 31 + probe.hashCode()) * 31 + rejects.hashCode();
  }

  @Override
  public String toString() {
    return "ratings " + ratings + " probe " + probe + " rejects " + rejects;
  }
}
