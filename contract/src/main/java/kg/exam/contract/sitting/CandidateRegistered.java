package kg.exam.contract.sitting;

/** A candidate was registered for a session. {@code candidateId} is pseudonymous. */
public record CandidateRegistered(
    String sittingId,
    String sessionId,
    String examId,
    int examVersion,
    String centreId,
    String candidateId,
    CandidateProfile profile,
    int extraTimePercent,
    String registeredBy) {}
