package netflixjobs.svd.train;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** One finished epoch. */
public record Epoch(int epoch, double trainRmse, double probeRmse, long probeRatings,
                    long unknownUsers, long unknownMovies, double seconds) {
  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", epoch);
    m.put("trainRmse", trainRmse);
    m.put("probeRmse", Double.isNaN(probeRmse) ? null : probeRmse);
    m.put("probeRatings", probeRatings);
    m.put("probeUnknownUsers", unknownUsers);
    m.put("probeUnknownMovies", unknownMovies);
    m.put("seconds", seconds);
    return m;
  }

  static Epoch fromJson(JsonNode n) {
    JsonNode p = n.get("probeRmse");
    return new Epoch(n.get("epoch").asInt(), n.get("trainRmse").asDouble(),
        p == null || p.isNull() ? Double.NaN : p.asDouble(), n.get("probeRatings").asLong(),
        n.get("probeUnknownUsers").asLong(), n.get("probeUnknownMovies").asLong(), n.get("seconds").asDouble());
  }
}
