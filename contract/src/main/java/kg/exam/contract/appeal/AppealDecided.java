package kg.exam.contract.appeal;

import java.time.Instant;

/**
 * The decision on an appeal. For SCORE_CHANGED the re-marks come just before it (ScriptMarked in
 * round {@value #REMARK_ROUND} and ScriptResolved with basis APPEAL) and the sitting is scored
 * again (reason APPEAL); the earlier marks and scores stay in the stream.
 *
 * @param outcome UPHELD, SCORE_CHANGED or REJECTED
 */
public record AppealDecided(
    String sittingId,
    String appealId,
    String outcome,
    String reason,
    String decidedBy,
    Instant decidedAt) {

  /** The marking round of a chief marker's re-mark on appeal. */
  public static final int REMARK_ROUND = 4;
}
