package netflixjobs.knn;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * One split per block pair (a <= b) of the regrouped ratings; its reader merges the two block
 * files (each sorted by user) and yields every user who rated films of both blocks, with both
 * parts ({@link UserPair}). A diagonal split (a == b) reads one file and yields every user.
 */
public class BlockPairInputFormat extends InputFormat<IntWritable, UserPair> {

  /** The regrouped ratings file of block b (written by reducer b of the regroup pass). */
  public static Path blockFile(Path dir, int b) {
    return new Path(dir, String.format("part-r-%05d", b));
  }

  @Override
  public List<InputSplit> getSplits(JobContext context) throws IOException {
    Configuration conf = context.getConfiguration();
    int blocks = conf.getInt(KnnConf.BLOCKS, 1);
    Path dir = new Path(conf.get(KnnConf.BLOCK_DIR));
    FileSystem fs = dir.getFileSystem(conf);
    long[] bytes = new long[blocks];
    for (int b = 0; b < blocks; b++) {
      bytes[b] = fs.getFileStatus(blockFile(dir, b)).getLen();
    }
    List<InputSplit> splits = new ArrayList<>();
    for (int a = 0; a < blocks; a++) {
      for (int b = a; b < blocks; b++) {
        // The length orders the tasks (largest first): off-diagonal pairs are the bigger work.
        long work = a == b ? bytes[a] : 2 * (bytes[a] + bytes[b]);
        splits.add(new BlockPairSplit(a, b, work));
      }
    }
    return splits;
  }

  @Override
  public RecordReader<IntWritable, UserPair> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new Reader();
  }

  /** A block pair. */
  public static class BlockPairSplit extends InputSplit implements Writable {
    private int a;
    private int b;
    private long length;

    public BlockPairSplit() {}

    public BlockPairSplit(int a, int b, long length) {
      this.a = a;
      this.b = b;
      this.length = length;
    }

    public int a() {
      return a;
    }

    public int b() {
      return b;
    }

    @Override
    public long getLength() {
      return length;
    }

    @Override
    public String[] getLocations() {
      return new String[0];
    }

    @Override
    public void write(DataOutput out) throws IOException {
      out.writeInt(a);
      out.writeInt(b);
      out.writeLong(length);
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      a = in.readInt();
      b = in.readInt();
      length = in.readLong();
    }

    @Override
    public String toString() {
      return "blocks " + a + "," + b;
    }
  }

  /** Merges the two block files by user (unsigned order, as the regroup keys sort). */
  static class Reader extends RecordReader<IntWritable, UserPair> {
    private SequenceFile.Reader inA;
    private SequenceFile.Reader inB;
    private long lenA;
    private long lenB;
    private final IntWritable key = new IntWritable();
    private final IntWritable keyB = new IntWritable();
    private final UserPair value = new UserPair();
    private boolean done;

    @Override
    public void initialize(InputSplit split, TaskAttemptContext context) throws IOException {
      BlockPairSplit s = (BlockPairSplit) split;
      Configuration conf = context.getConfiguration();
      Path dir = new Path(conf.get(KnnConf.BLOCK_DIR));
      FileSystem fs = dir.getFileSystem(conf);
      value.setBlocks(s.a(), s.b());
      Path pa = blockFile(dir, s.a());
      lenA = fs.getFileStatus(pa).getLen();
      inA = new SequenceFile.Reader(conf, SequenceFile.Reader.file(pa));
      if (s.a() != s.b()) {
        Path pb = blockFile(dir, s.b());
        lenB = fs.getFileStatus(pb).getLen();
        inB = new SequenceFile.Reader(conf, SequenceFile.Reader.file(pb));
      }
    }

    @Override
    public boolean nextKeyValue() throws IOException {
      if (done) {
        return false;
      }
      if (inB == null) {
        if (!inA.next(key, value.a())) {
          done = true;
        }
        return !done;
      }
      if (!inA.next(key, value.a()) || !inB.next(keyB, value.b())) {
        done = true;
        return false;
      }
      while (true) {
        int c = Integer.compareUnsigned(key.get(), keyB.get());
        if (c == 0) {
          return true;
        }
        boolean more = c < 0 ? inA.next(key, value.a()) : inB.next(keyB, value.b());
        if (!more) {
          done = true;
          return false;
        }
      }
    }

    @Override
    public IntWritable getCurrentKey() {
      return key;
    }

    @Override
    public UserPair getCurrentValue() {
      return value;
    }

    @Override
    public float getProgress() throws IOException {
      if (done) {
        return 1;
      }
      long total = lenA + lenB;
      long pos = inA.getPosition() + (inB == null ? 0 : inB.getPosition());
      return total == 0 ? 1 : Math.min(1f, (float) pos / total);
    }

    @Override
    public void close() throws IOException {
      if (inA != null) {
        inA.close();
      }
      if (inB != null) {
        inB.close();
      }
    }
  }
}
