package kg.exam.contract.appeal;

import java.time.Instant;
import kg.exam.contract.sitting.SittingCommand;

/**
 * A candidate, or their school on their behalf, appeals the sitting's released result.
 *
 * @param lodgedByRole CANDIDATE or SCHOOL
 * @param lodgedBy the pseudonymous candidate id or the school's account id
 * @param releaseAt the session's release time (null if not released)
 * @param appealsCloseAt the end of the session's appeal window
 * @param reason at most {@value #MAX_REASON} characters, no names
 */
public record LodgeAppeal(
    String sittingId,
    String appealId,
    String lodgedByRole,
    String lodgedBy,
    String reason,
    Instant releaseAt,
    Instant appealsCloseAt,
    Instant now)
    implements SittingCommand {

  /** The longest reason an appeal may give. */
  public static final int MAX_REASON = 1000;
}
