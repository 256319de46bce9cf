package netflixjobs.svd;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a model is: hyperparameters fixed when training starts (factors, blocks, learning rate,
 * regularisation, initial spread, seed) and the constants the data gave (global mean, rating
 * range). The one place that names their configuration keys and their JSON fields.
 */
public record Params(int factors, int blocks, double lr, double decay, double reg, double initStd, long seed,
                     double mu, double minStars, double maxStars) {

  static final String PREFIX = "netflixjobs.svd.";
  // The job configuration keys, each named once here.
  static final String FACTORS = PREFIX + "factors";
  static final String BLOCKS = PREFIX + "blocks";
  static final String LR = PREFIX + "lr";
  static final String DECAY = PREFIX + "lr-decay";
  static final String REG = PREFIX + "reg";
  static final String INIT_STD = PREFIX + "init-std";
  static final String SEED = PREFIX + "seed";
  static final String MU = PREFIX + "mu";
  static final String MIN_STARS = PREFIX + "min-stars";
  static final String MAX_STARS = PREFIX + "max-stars";

  // Defaults tuned on generated data (generate --scale 0.1, 50 factors, 20 epochs, probe RMSE):
  // lr 0.01 x 0.96 per epoch, reg 0.03: 0.7766; Surprise's lr 0.005, reg 0.02: 0.7787;
  // lr 0.01, reg 0.04: 0.7796; lr 0.02 x 0.9, reg 0.05: 0.7866; lr 0.01 x 0.92, reg 0.05: 0.8165.
  public static final int DEFAULT_FACTORS = 100;
  public static final double DEFAULT_LR = 0.01;
  public static final double DEFAULT_DECAY = 0.96;
  public static final double DEFAULT_REG = 0.03;
  public static final double DEFAULT_INIT_STD = 0.1;
  public static final long DEFAULT_SEED = 1;

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
    conf.setInt(FACTORS, factors);
    conf.setInt(BLOCKS, blocks);
    conf.set(LR, Double.toString(lr));
    conf.set(DECAY, Double.toString(decay));
    conf.set(REG, Double.toString(reg));
    conf.set(INIT_STD, Double.toString(initStd));
    conf.setLong(SEED, seed);
    conf.set(MU, Double.toString(mu));
    conf.set(MIN_STARS, Double.toString(minStars));
    conf.set(MAX_STARS, Double.toString(maxStars));
  }

  public static Params fromConf(Configuration conf) {
    return new Params(conf.getInt(FACTORS, DEFAULT_FACTORS), conf.getInt(BLOCKS, 1),
        Double.parseDouble(conf.get(LR, "" + DEFAULT_LR)),
        Double.parseDouble(conf.get(DECAY, "" + DEFAULT_DECAY)),
        Double.parseDouble(conf.get(REG, "" + DEFAULT_REG)),
        Double.parseDouble(conf.get(INIT_STD, "" + DEFAULT_INIT_STD)),
        conf.getLong(SEED, DEFAULT_SEED),
        Double.parseDouble(conf.get(MU, "0")),
        Double.parseDouble(conf.get(MIN_STARS, "1")),
        Double.parseDouble(conf.get(MAX_STARS, "5")));
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
        n.has("lrDecay") ? n.get("lrDecay").asDouble() : DEFAULT_DECAY, n.get("reg").asDouble(), n.get("initStd").asDouble(), n.get("seed").asLong(),
        n.get("globalMean").asDouble(), n.get("minStars").asDouble(), n.get("maxStars").asDouble());
  }
}
