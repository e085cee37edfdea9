package kg.exam.contract.sitting;

import java.time.Instant;

/**
 * The deadline passed and the sitting was handed in for the candidate.
 *
 * @param timedOutAt the server's clock when its deadline fired, or the station's clock when a
 *     school exam station handed in a sitting it started
 * @param receivedAt the server's clock when a station's hand-in arrived; null otherwise
 */
public record SittingTimedOut(
    String sittingId, Instant deadline, Instant timedOutAt, Instant receivedAt) {

  /** A time-out by the server's deadline. */
  public SittingTimedOut(String sittingId, Instant deadline, Instant timedOutAt) {
    this(sittingId, deadline, timedOutAt, null);
  }
}
