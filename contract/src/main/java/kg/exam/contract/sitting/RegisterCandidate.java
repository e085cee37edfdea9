package kg.exam.contract.sitting;

/** Registers a pseudonymous candidate for a session; creates the candidate's sitting. */
public record RegisterCandidate(
    String sittingId,
    String sessionId,
    String examId,
    int examVersion,
    String centreId,
    String candidateId,
    CandidateProfile profile,
    int extraTimePercent,
    String registeredBy,
    Accommodations accommodations)
    implements SittingCommand {

  /** Without accommodations beyond extra time. */
  public RegisterCandidate(
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
