package netflixjobs.pi;

import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * Synthetic input, no files (as TeraGen's): {@link PiConf#MAPS} splits of {@link PiConf#SAMPLES} samples
 * each. A split's reader hands its mapper the work in chunks of at most {@link PiConf#CHUNK} samples
 * (key: the split, value: the chunk's size), so the framework sees the map's progress and the
 * mapper updates its counters between chunks.
 */
public class PiInputFormat extends InputFormat<PiSplit, LongWritable> {
  /** Sets every key this format reads. */
  public static void configure(Configuration conf, int maps, long samples, Method method, long seed) {
    conf.setInt(PiConf.MAPS, maps);
    conf.setLong(PiConf.SAMPLES, samples);
    conf.set(PiConf.METHOD, method.label());
    conf.setLong(PiConf.SEED, seed);
  }

  @Override
  public List<InputSplit> getSplits(JobContext context) {
    Configuration conf = context.getConfiguration();
    int maps = conf.getInt(PiConf.MAPS, 0);
    long samples = conf.getLong(PiConf.SAMPLES, 0);
    if (maps < 1 || samples < 1) {
      throw new IllegalStateException(PiConf.MAPS + " and " + PiConf.SAMPLES + " must be set and positive");
    }
    Method method = Method.parse(conf.get(PiConf.METHOD, "random"));
    long seed = conf.getLong(PiConf.SEED, 0);
    List<InputSplit> splits = new ArrayList<>(maps);
    for (int i = 0; i < maps; i++) {
      splits.add(new PiSplit(i, samples, method, seed));
    }
    return splits;
  }

  @Override
  public RecordReader<PiSplit, LongWritable> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new ChunkReader();
  }

  /** The chunks of one split, in order. */
  static class ChunkReader extends RecordReader<PiSplit, LongWritable> {
    private PiSplit split;
    private long chunk;
    private long handed;
    private long done;
    private final LongWritable size = new LongWritable();

    @Override
    public void initialize(InputSplit s, TaskAttemptContext context) {
      split = (PiSplit) s;
      chunk = Math.max(1, context.getConfiguration().getLong(PiConf.CHUNK, PiConf.DEFAULT_CHUNK));
    }

    @Override
    public boolean nextKeyValue() {
      done = handed;
      if (handed >= split.samples()) {
        return false;
      }
      long n = Math.min(chunk, split.samples() - handed);
      size.set(n);
      handed += n;
      return true;
    }

    @Override
    public PiSplit getCurrentKey() {
      return split;
    }

    @Override
    public LongWritable getCurrentValue() {
      return size;
    }

    /** The share of samples thrown: those of every chunk before the current one. */
    @Override
    public float getProgress() {
      return split == null ? 0f : (float) ((double) done / split.samples());
    }

    @Override
    public void close() {}
  }
}
