package kg.exam.contract.marking;

import java.time.Instant;

/**
 * A script was given to a marker.
 *
 * @param round 1 or 2 for an independent mark, {@value #ADJUDICATION} for the adjudication
 */
public record ScriptAllocated(
    String sittingId, String scriptId, String markerId, int round, Instant allocatedAt) {

  /** The round of a chief marker's adjudication of a disputed script. */
  public static final int ADJUDICATION = 3;
}
