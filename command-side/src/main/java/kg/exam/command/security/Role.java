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
  /** Reads everything, changes nothing. */
  AUDITOR
}
