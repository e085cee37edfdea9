package kg.exam.contract.sitting;

import java.time.Instant;

/**
 * The candidate handed in the sitting.
 *
 * @param submittedAt the server's clock, or the station's for a station-started sitting
 * @param receivedAt the server's clock when a station's hand-in arrived; null otherwise
 */
public record SittingSubmitted(String sittingId, Instant submittedAt, Instant receivedAt) {

  /** A hand-in on the server. */
  public SittingSubmitted(String sittingId, Instant submittedAt) {
    this(sittingId, submittedAt, null);
  }
}
