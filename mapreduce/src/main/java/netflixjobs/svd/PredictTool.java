package netflixjobs.svd;

import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.util.Tool;

/** Placeholder until written. */
public class PredictTool extends Configured implements Tool {
  @Override
  public int run(String[] args) {
    throw new netflixjobs.cli.UsageException("not written yet");
  }
}
