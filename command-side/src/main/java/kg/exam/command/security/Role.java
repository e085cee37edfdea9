package kg.exam.command.security;

/**
 * What a caller may do. Staff roles come from accounts or an OIDC provider; CANDIDATE from a
 * sign-in with code and PIN.
 */
public enum Role {
  /** Authors exams, opens sessions, registers candidates, manages staff accounts. */
  CENTRE_ADMIN,
  /** Pauses, resumes and extends sittings in their own centre. */
  INVIGILATOR,
  /** Sits their own exam and reads their own sitting. Never sees keys. */
  CANDIDATE,
  /** Reads results of their own school. */
  SCHOOL,
  /**
   * Writes and revises items of the item bank, imports QTI into it and stores its media; never
   * reviews or approves (see REVIEWER).
   */
  ITEM_WRITER,
  /**
   * Reviews, approves and retires bank items written by others (never their own versions), and
   * reads the bank.
   */
  REVIEWER,
  /** Reads everything, changes nothing. */
  AUDITOR,
  /**
   * Marks scripts (answers to human-marked items) allocated to them, blind: sees the answer, the
   * item and its rubric, never the candidate, school, region or another marker's mark. Limited to
   * the sessions of their centre when the account names one.
   */
  MARKER,
  /**
   * A marker who also adjudicates disputed scripts (sees the two marks, not who gave them) and
   * follows the marking of the sessions in scope: progress and agreement statistics.
   */
  CHIEF_MARKER,
  /**
   * An enrolled school exam station, authenticated per request by its Ed25519 key ({@code
   * Authorization: ExamStation …}, see {@code kg.exam.command.stationauth}); never an account. Its
   * {@link Actor} has the station's key id as {@code id}, the centre and, when registered, the
   * school of the key. It fetches its sessions' exam packages and keys and syncs its journal; it
   * reads sittings of its centre like an invigilator (progress only).
   */
  STATION
}
