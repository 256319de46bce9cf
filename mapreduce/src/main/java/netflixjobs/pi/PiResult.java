package netflixjobs.pi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a pi run found, and the small text record written to OUT/result.txt and printed: one
 * {@code key<TAB>value} line per field.
 *
 * @param seconds the job's wall time, from submission to completion
 */
public record PiResult(Method method, int maps, long samplesPerMap, long seed, long samples, long hits,
    double seconds) {

  /** 4 hits / samples, exactly to 20 decimals, trailing zeros dropped (Hadoop's 3.14080000000000000000 is 3.1408). */
  public BigDecimal estimate() {
    return BigDecimal.valueOf(hits).multiply(BigDecimal.valueOf(4))
        .divide(BigDecimal.valueOf(samples), 20, RoundingMode.HALF_UP).stripTrailingZeros();
  }

  /** The binomial standard error of the estimate, 4 sqrt(p (1-p) / n); NaN for Halton points. */
  public double standardError() {
    if (method == Method.HALTON) {
      return Double.NaN;
    }
    double p = (double) hits / samples;
    return 4 * Math.sqrt(p * (1 - p) / samples);
  }

  public double samplesPerSecond() {
    return seconds > 0 ? samples / seconds : Double.NaN;
  }

  /** The record's fields, in order. */
  public Map<String, String> fields() {
    Map<String, String> f = new LinkedHashMap<>();
    double err = estimate().doubleValue() - Math.PI;
    double se = standardError();
    f.put("estimate", estimate().toPlainString());
    f.put("standard_error", Double.isNaN(se) ? "n/a (quasi-random points)" : fmt("%.3g", se));
    f.put("error", fmt("%.3g", err) + (Double.isNaN(se) || se == 0 ? "" : fmt(" (%.2f standard errors)", err / se)));
    f.put("hits", Long.toString(hits));
    f.put("samples", Long.toString(samples));
    f.put("maps", Integer.toString(maps));
    f.put("samples_per_map", Long.toString(samplesPerMap));
    f.put("method", method.label());
    f.put("seed", method == Method.HALTON ? "n/a" : Long.toString(seed));
    f.put("seconds", fmt("%.3f", seconds));
    f.put("samples_per_second", fmt("%.4g", samplesPerSecond()));
    return f;
  }

  /** The record as text, one {@code key<TAB>value} line per field. */
  public String text() {
    StringBuilder b = new StringBuilder();
    fields().forEach((k, v) -> b.append(k).append('\t').append(v).append('\n'));
    return b.toString();
  }

  private static String fmt(String pattern, double v) {
    return String.format(Locale.ROOT, pattern, v);
  }
}
