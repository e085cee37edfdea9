package kg.exam.contract.sitting;

/**
 * A candidate was registered for a session. {@code candidateId} is pseudonymous. {@code
 * accommodations} beyond extra time are null in events from before they existed ({@link
 * Accommodations#orNone}).
 */
public record CandidateRegistered(
    String sittingId,
    String sessionId,
    String examId,
    int examVersion,
    String centreId,
    String candidateId,
    CandidateProfile profile,
    int extraTimePercent,
    String registeredBy,
    Accommodations accommodations) {

  /** Without accommodations beyond extra time. */
  public CandidateRegistered(
      String sittingId,
      String sessionId,
      String examId,
      int examVersion,
      String centreId,
      String candidateId,
      CandidateProfile profile,
      int extraTimePercent,
      String registeredBy) {
    this(
        sittingId,
        sessionId,
        examId,
        examVersion,
        centreId,
        candidateId,
        profile,
        extraTimePercent,
        registeredBy,
        null);
  }
}
