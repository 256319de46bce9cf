package netflixjobs.svd;

import java.io.IOException;
import java.io.InputStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import netflixjobs.common.UsageException;
import netflixjobs.svd.io.SliceFile;
import netflixjobs.svd.model.Blocks;
import netflixjobs.svd.model.FactorTable;
import netflixjobs.svd.model.Params;
import netflixjobs.svd.train.ModelDir;

/**
 * A trained model as the readers see it: its parameters and its final factors
 * ({@code MODEL/factors}), looked up one row at a time or loaded whole.
 */
public final class SvdModel {
  private final Configuration conf;
  private final Path factors;
  private final Params params;

  private SvdModel(Configuration conf, Path factors, Params params) {
    this.conf = conf;
    this.factors = factors;
    this.params = params;
  }

  /** Opens MODEL, or fails with one sentence when it is not a finished svd model. */
  public static SvdModel open(Configuration conf, String path) throws IOException {
    Path dir = new Path(path);
    FileSystem fs = dir.getFileSystem(conf);
    Path meta = ModelDir.meta(dir);
    if (!fs.exists(meta)) {
      throw new UsageException(path + " is not an svd model (no model.json); train one with 'svd DATASET MODEL'.");
    }
    if (!fs.exists(new Path(dir, "summary.json"))) {
      throw new UsageException(path + " has no final factors yet (training did not finish); "
          + "run 'svd --resume DATASET " + path + "' to finish it.");
    }
    Params p;
    try (InputStream in = fs.open(meta)) {
      p = Params.fromJson(ModelDir.JSON.readTree(in).get("params"));
    }
    return new SvdModel(conf, ModelDir.factors(dir), p);
  }

  public Params params() {
    return params;
  }

  /** One user's or film's row as a one-row table (empty when the model never saw the id). */
  public FactorTable row(int kind, int id) throws IOException {
    int f = params.factors();
    double[] v = new double[f];
    FactorTable t = new FactorTable(f, 1);
    double b = SliceFile.find(conf, new Path(factors, Blocks.sliceName(kind, Blocks.of(id, params.blocks()))), f, id, v);
    if (!Double.isNaN(b)) {
      t.add(id, b, v, 0);
    }
    return t;
  }

  /** Every user's (or every film's) row. */
  public FactorTable all(int kind) throws IOException {
    FactorTable t = new FactorTable(params.factors(), 1024);
    for (int b = 0; b < params.blocks(); b++) {
      SliceFile.readInto(conf, factors, kind, b, t);
    }
    return t;
  }

  /** Which of the model's parts a prediction could use. */
  public enum Basis {
    FACTORS("mean + biases + factors"),
    USER_ONLY("film not in the model: mean + user bias"),
    MOVIE_ONLY("user not in the model: mean + film bias"),
    MEAN("neither in the model: global mean");

    public final String text;

    Basis(String text) {
      this.text = text;
    }

    public static Basis of(int userRow, int movieRow) {
      return userRow >= 0 ? (movieRow >= 0 ? FACTORS : USER_ONLY) : (movieRow >= 0 ? MOVIE_ONLY : MEAN);
    }
  }
}
