package netflixjobs.svd.model;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a model is: hyperparameters fixed when training starts (factors, blocks, learning rate,
 * regularisation, initial spread, seed) and the constants the data gave (global mean, rating
 * range). Carried to the tasks through {@link SvdConf}'s keys; the one place that names their JSON fields.
 */
public record Params(int factors, int blocks, double lr, double decay, double reg, double initStd, long seed,
                     double mu, double minStars, double maxStars) {

  /** The same hyperparameters with the data's mean and rating range. */
  public Params withData(double mu, double minStars, double maxStars) {
    return new Params(factors, blocks, lr, decay, reg, initStd, seed, mu, minStars, maxStars);
  }

  /** The learning rate of epoch e (1, 2, ...): lr x decay^(e-1). */
  public double lrAt(int epoch) {
    return lr * Math.pow(decay, epoch - 1);
  }

  /** A prediction clipped to the range of ratings seen in training. */
  public double clip(double x) {
    return x < minStars ? minStars : x > maxStars ? maxStars : x;
  }

  public void toConf(Configuration conf) {
    conf.setInt(SvdConf.FACTORS, factors);
    conf.setInt(SvdConf.BLOCKS, blocks);
    conf.set(SvdConf.LR, Double.toString(lr));
    conf.set(SvdConf.DECAY, Double.toString(decay));
    conf.set(SvdConf.REG, Double.toString(reg));
    conf.set(SvdConf.INIT_STD, Double.toString(initStd));
    conf.setLong(SvdConf.SEED, seed);
    conf.set(SvdConf.MU, Double.toString(mu));
    conf.set(SvdConf.MIN_STARS, Double.toString(minStars));
    conf.set(SvdConf.MAX_STARS, Double.toString(maxStars));
  }

  public static Params fromConf(Configuration conf) {
    return new Params(conf.getInt(SvdConf.FACTORS, SvdConf.DEFAULT_FACTORS), conf.getInt(SvdConf.BLOCKS, 1),
        Double.parseDouble(conf.get(SvdConf.LR, "" + SvdConf.DEFAULT_LR)),
        Double.parseDouble(conf.get(SvdConf.DECAY, "" + SvdConf.DEFAULT_DECAY)),
        Double.parseDouble(conf.get(SvdConf.REG, "" + SvdConf.DEFAULT_REG)),
        Double.parseDouble(conf.get(SvdConf.INIT_STD, "" + SvdConf.DEFAULT_INIT_STD)),
        conf.getLong(SvdConf.SEED, SvdConf.DEFAULT_SEED),
        Double.parseDouble(conf.get(SvdConf.MU, "0")),
        Double.parseDouble(conf.get(SvdConf.MIN_STARS, "1")),
        Double.parseDouble(conf.get(SvdConf.MAX_STARS, "5")));
  }

  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("factors", factors);
    m.put("blocks", blocks);
    m.put("lr", lr);
    m.put("lrDecay", decay);
    m.put("reg", reg);
    m.put("initStd", initStd);
    m.put("seed", seed);
    m.put("globalMean", mu);
    m.put("minStars", minStars);
    m.put("maxStars", maxStars);
    return m;
  }

  public static Params fromJson(JsonNode n) {
    return new Params(n.get("factors").asInt(), n.get("blocks").asInt(), n.get("lr").asDouble(),
        n.has("lrDecay") ? n.get("lrDecay").asDouble() : SvdConf.DEFAULT_DECAY, n.get("reg").asDouble(), n.get("initStd").asDouble(), n.get("seed").asLong(),
        n.get("globalMean").asDouble(), n.get("minStars").asDouble(), n.get("maxStars").asDouble());
  }
}
