package netflixjobs.svd.train;

import org.apache.hadoop.fs.Path;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Where a model keeps its parts under MODEL (the layout is drawn in {@link Trainer}), and the JSON of its files. */
public final class ModelDir {
  public static final ObjectMapper JSON = new ObjectMapper();

  private ModelDir() {}

  /** MODEL/epoch-NNN: the factors after epoch e, and its checkpoint. */
  static Path epoch(Path model, int e) {
    return new Path(model, String.format("epoch-%03d", e));
  }

  /** MODEL/factors: the final slices. */
  public static Path factors(Path model) {
    return new Path(model, "factors");
  }

  /** MODEL/model.json: the parameters, the data set and its counts. */
  public static Path meta(Path model) {
    return new Path(model, "model.json");
  }
}
