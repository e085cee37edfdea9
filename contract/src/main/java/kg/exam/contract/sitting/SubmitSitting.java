package kg.exam.contract.sitting;

import java.time.Instant;

/**
 * The candidate hands in the sitting. {@code now} is the server's clock, or the station's clock for
 * a sitting a school exam station started, with {@code receivedAt} the server's clock when the
 * station's entry arrived (null otherwise).
 */
public record SubmitSitting(String sittingId, Instant now, Instant receivedAt)
    implements SittingCommand {

  /** A hand-in on the server, by the server's clock. */
  public SubmitSitting(String sittingId, Instant now) {
    this(sittingId, now, null);
  }
}
