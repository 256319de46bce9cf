package netflixjobs.provision.model;

import java.time.Instant;

/** One machine of a running cluster as a provider reports it. Addresses may be null (not yet assigned). */
public record Node(String id, Role role, String state, String type, String publicAddress, String privateAddress,
                   Instant launched, boolean spot) {
  public boolean alive() { return state.equals("pending") || state.equals("running"); }
}
