package netflixjobs.provision.ec2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import netflixjobs.provision.model.Problem;

/** The price table conf/prices.tsv: region, instance type (or "ebs-gp3" per GB-month), USD. */
public final class Prices {
  private static final double HOURS_PER_MONTH = 730;
  private final Map<String, Double> usd = new HashMap<>();

  public Prices(List<String> lines) {
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] f = line.trim().split("\t");
      if (f.length != 3) throw Problem.usage("conf/prices.tsv: a line needs region, instance type and price: " + line);
      usd.put(f[0] + "/" + f[1], Double.parseDouble(f[2]));
    }
  }

  public static Prices load(Path file) {
    try {
      return new Prices(Files.exists(file) ? Files.readAllLines(file) : List.of());
    } catch (IOException e) {
      throw Problem.usage("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** USD per hour of one instance, or null if the table lacks it. */
  public Double hourly(String region, String type) { return usd.get(region + "/" + type); }

  /** The estimate line for nodes of these types with these root volumes (null price: unknown). */
  public String estimate(String region, String masterType, String workerType, int workers, int volumeGb, boolean spot, String maxPrice) {
    Double m = hourly(region, masterType), w = hourly(region, workerType);
    Double gb = usd.get(region + "/ebs-gp3");
    int nodes = workers + 1;
    if (m == null || w == null)
      return "cost: no price for " + (m == null ? masterType : workerType) + " in " + region + " in conf/prices.tsv; no estimate";
    double compute = m + workers * w;
    if (spot && maxPrice != null && !maxPrice.isBlank()) compute = Math.min(compute, nodes * Double.parseDouble(maxPrice));
    double storage = gb == null ? 0 : nodes * volumeGb * gb / HOURS_PER_MONTH;
    String basis = spot ? "spot, at most" : "on-demand";
    return String.format(Locale.ROOT, "cost: about $%.2f an hour (%s: master %s $%.4f + %d x %s $%.4f; %d x %d GB gp3 $%.3f), $%.2f a day",
        compute + storage, basis, masterType, m, workers, workerType, w, nodes, volumeGb, storage, 24 * (compute + storage));
  }

  /** What stopped nodes still cost: their EBS volumes only. */
  public String storage(String region, int nodes, int volumeGb) {
    Double gb = usd.get(region + "/ebs-gp3");
    if (gb == null) return "storage: no gp3 price for " + region + " in conf/prices.tsv (compute is not billed while stopped)";
    return String.format(Locale.ROOT, "storage: %d x %d GB gp3 at $%.3f per GB-month = about $%.2f a month ($%.2f a day); compute is not billed while stopped",
        nodes, volumeGb, gb, nodes * volumeGb * gb, nodes * volumeGb * gb / HOURS_PER_MONTH * 24);
  }

  /** The cluster's hourly price (on-demand, from the table), or null if a type is missing. */
  public Double clusterHourly(String region, java.util.List<String> types) {
    double sum = 0;
    for (String t : types) {
      Double p = hourly(region, t);
      if (p == null) return null;
      sum += p;
    }
    return sum;
  }
}
