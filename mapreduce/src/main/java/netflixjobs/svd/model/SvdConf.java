package netflixjobs.svd.model;

/**
 * The job configuration keys of svd (set by the trainer, read by its tasks) and its defaults,
 * each named once. {@link Params} carries the model's own settings through them.
 */
public final class SvdConf {
  private static final String PREFIX = "netflixjobs.svd.";

  // The model's parameters (Params.toConf / fromConf).
  public static final String FACTORS = PREFIX + "factors";
  public static final String BLOCKS = PREFIX + "blocks";
  public static final String LR = PREFIX + "lr";
  public static final String DECAY = PREFIX + "lr-decay";
  public static final String REG = PREFIX + "reg";
  public static final String INIT_STD = PREFIX + "init-std";
  public static final String SEED = PREFIX + "seed";
  public static final String MU = PREFIX + "mu";
  public static final String MIN_STARS = PREFIX + "min-stars";
  public static final String MAX_STARS = PREFIX + "max-stars";

  // One pass's inputs.
  /** The block pairs of a pass, one map task each: "i:j,i:j,...". */
  public static final String TASKS = PREFIX + "tasks";
  /** The directory of the ratings cut into blocks (MODEL/blocks). */
  public static final String BLOCKS_DIR = PREFIX + "blocks.dir";
  /** Where an SGD pass reads the factors it updates; empty on the first pass (initial factors). */
  public static final String FACTORS_IN = PREFIX + "factors.in";
  /** The factors a probe pass evaluates. */
  public static final String FACTORS_EVAL = PREFIX + "factors.eval";
  /** The epoch (1, 2, ...) of an SGD pass, for its learning rate. */
  public static final String EPOCH = PREFIX + "epoch";

  // Defaults tuned on generated data (generate --scale 0.1, 50 factors, 20 epochs, probe RMSE):
  // lr 0.01 x 0.96 per epoch, reg 0.03: 0.7766; Surprise's lr 0.005, reg 0.02: 0.7787;
  // lr 0.01, reg 0.04: 0.7796; lr 0.02 x 0.9, reg 0.05: 0.7866; lr 0.01 x 0.92, reg 0.05: 0.8165.
  public static final int DEFAULT_FACTORS = 100;
  public static final double DEFAULT_LR = 0.01;
  public static final double DEFAULT_DECAY = 0.96;
  public static final double DEFAULT_REG = 0.03;
  public static final double DEFAULT_INIT_STD = 0.1;
  public static final long DEFAULT_SEED = 1;
  public static final int DEFAULT_EPOCHS = 20;

  private SvdConf() {}
}
