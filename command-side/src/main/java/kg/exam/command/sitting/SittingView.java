package kg.exam.command.sitting;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import kg.exam.contract.sitting.Accommodations;
import kg.exam.contract.sitting.SittingScored;

/**
 * A sitting as its events tell it: state, clock, the current answer to each item and the latest
 * score. {@code remainingMs} is computed against the server's clock at {@code serverTime}. {@code
 * accommodations} beyond extra time are {@link Accommodations#NONE} when none, and null for
 * schools, who do not see them.
 */
public record SittingView(
    String sittingId,
    String sessionId,
    String examId,
    int examVersion,
    String candidateId,
    String status,
    int extraTimePercent,
    Accommodations accommodations,
    Instant startedAt,
    Instant deadline,
    long remainingMs,
    Instant serverTime,
    Instant finishedAt,
    Map<String, CurrentAnswer> answers,
    List<String> flaggedItems,
    long lastClientSeq,
    int answeredItems,
    SittingScored result,
    List<Incident> incidents) {

  /**
   * What one role may see of a sitting while results may still be sensitive: per-item outcomes and
   * responses would give the key away to anyone who reads a few sittings while others still sit the
   * same form. Candidates see their own answers and their total, percentage, pass and grade;
   * schools see totals only; invigilators see progress and incidents; centre administrators and
   * auditors see everything. Incidents are staff's notes: neither candidates nor schools see them.
   * Accommodations (health-related) go to the candidate, the invigilators and the centre, not to
   * schools.
   */
  public SittingView visibleTo(kg.exam.command.security.Role role) {
    return visibleTo(role, true);
  }

  /**
   * As {@link #visibleTo(kg.exam.command.security.Role)}, with the candidate's result shown only
   * once {@code released}: candidates and schools see nothing of a result before the session's
   * release.
   */
  public SittingView visibleTo(kg.exam.command.security.Role role, boolean released) {
    return switch (role) {
      case CENTRE_ADMIN, AUDITOR -> this;
      case CANDIDATE ->
          withAnswersAndResult(
              accommodations, answers, released ? totalsOnly(result) : null, List.of());
      case SCHOOL ->
          withAnswersAndResult(null, Map.of(), released ? totalsOnly(result) : null, List.of());
      case INVIGILATOR, STATION -> withAnswersAndResult(accommodations, Map.of(), null, incidents);
      // never reached (markers and the bank's roles read no sitting), but blind if it were
      case MARKER, CHIEF_MARKER, ITEM_WRITER, REVIEWER ->
          withAnswersAndResult(null, Map.of(), null, List.of());
    };
  }

  private SittingView withAnswersAndResult(
      Accommodations visibleAccommodations,
      Map<String, CurrentAnswer> visibleAnswers,
      SittingScored visibleResult,
      List<Incident> visibleIncidents) {
    return new SittingView(
        sittingId,
        sessionId,
        examId,
        examVersion,
        candidateId,
        status,
        extraTimePercent,
        visibleAccommodations,
        startedAt,
        deadline,
        remainingMs,
        serverTime,
        finishedAt,
        visibleAnswers,
        flaggedItems,
        lastClientSeq,
        answeredItems,
        visibleResult,
        visibleIncidents);
  }

  private static SittingScored totalsOnly(SittingScored r) {
    return r == null
        ? null
        : new SittingScored(
            r.sittingId(),
            r.examId(),
            r.examVersion(),
            r.keyVersion(),
            r.scoringVersion(),
            List.of(),
            Map.of(),
            r.rawTotal(),
            r.maxTotal(),
            r.percentage(),
            r.passed(),
            r.grade(),
            r.gradeWithheld(),
            r.needsHumanMarking(),
            r.reason(),
            r.scoredAt());
  }

  /** The answer that counts for an item: the one with the highest client sequence number. */
  public record CurrentAnswer(
      List<String> response,
      long clientSeq,
      Instant clientTimestamp,
      Instant recordedAt,
      int changes) {}

  /** One reported incident, as {@link kg.exam.contract.sitting.IncidentReported} holds it. */
  public record Incident(
      String code,
      String note,
      String reportedBy,
      Instant occurredAt,
      Instant recordedAt,
      String stationKeyId,
      Long stationSeq) {}
}
