package kg.exam.contract.sitting;

import java.time.Instant;

/**
 * The deadline passed and the sitting was handed in for the candidate: by the server's deadline, by
 * the school exam station that started it, or, when that station's hand-in never arrived, by a
 * centre administrator ({@code closedBy} and {@code reason} set).
 *
 * @param timedOutAt the server's clock when its deadline fired or the centre closed the sitting, or
 *     the station's clock when a school exam station handed in a sitting it started
 * @param receivedAt the server's clock when a station's hand-in arrived; null otherwise
 * @param closedBy the centre administrator who handed in an overdue station sitting; null otherwise
 * @param reason the administrator's reason; null otherwise
 */
public record SittingTimedOut(
    String sittingId,
    Instant deadline,
    Instant timedOutAt,
    Instant receivedAt,
    String closedBy,
    String reason) {

  /** A time-out by the server's deadline. */
  public SittingTimedOut(String sittingId, Instant deadline, Instant timedOutAt) {
    this(sittingId, deadline, timedOutAt, null, null, null);
  }

  /** A station's hand-in at its deadline, received by the server at {@code receivedAt}. */
  public SittingTimedOut(
      String sittingId, Instant deadline, Instant timedOutAt, Instant receivedAt) {
    this(sittingId, deadline, timedOutAt, receivedAt, null, null);
  }
}
