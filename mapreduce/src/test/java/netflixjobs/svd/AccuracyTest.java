package netflixjobs.svd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import netflixjobs.svd.model.Params;

/**
 * Accuracy of the SGD that every svd pass runs (the passes do exactly this arithmetic: see
 * SvdIntegrationTest), on data from a planted rank-3 model with 480 ratings per user: probe
 * RMSE within 2% of the noise floor, and clearly better than global mean + biases alone.
 */
class AccuracyTest {
  @Test
  void probeRmseComesWithinTwoPercentOfTheNoiseFloorAndBeatsBiasesAlone() {
    Planted d = Planted.make(400, 600, 3, 0.8, 0.5, 0.05, 21);
    double full = train(d, 5);
    double biases = train(d, 0);
    assertTrue(full <= 1.02 * d.noiseFloor, "probe RMSE " + full + " vs noise floor " + d.noiseFloor);
    assertTrue(full < 0.8 * biases, "probe RMSE " + full + " vs mean + biases " + biases);
  }

  private static double train(Planted d, int factors) {
    Params p = InMemorySgd.withData(new Params(factors, 1, 0.02, 0.9, 0.02, 0.1, 1, 0, 1, 5), d.trainH);
    InMemorySgd sgd = new InMemorySgd(p, d.trainU, d.trainM, d.trainH);
    double last = Double.MAX_VALUE;
    for (int e = 1; e <= 30; e++) {
      double rmse = sgd.epoch();
      assertTrue(rmse <= last + 1e-12, "training RMSE rose at epoch " + e);
      last = rmse;
    }
    return sgd.rmse(d.probeU, d.probeM, d.probeH);
  }
}
