package netflixjobs.provision.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The line submit ends with: the job's wall time and what it cost at the cluster's hourly price. */
class SubmitCostTest {
  @Test void wallTimeAndCost() {
    assertEquals("job took 3 min 12 s; at $0.77/h for this cluster that is $0.04", UseCommands.cost(192, 0.77));
    assertEquals("job took 45 s; at $2.00/h for this cluster that is $0.03", UseCommands.cost(45, 2.0));
    assertEquals("job took 45 s; no price for this cluster's instance types in conf/prices.tsv", UseCommands.cost(45, null));
  }
}
