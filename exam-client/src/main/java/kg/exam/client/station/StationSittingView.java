package kg.exam.client.station;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import kg.exam.contract.sitting.Accommodations;

/**
 * A sitting as the station serves it at {@code GET /api/sittings/{id}}: the command side's {@code
 * SittingView} shape (command-side/README.md), plus {@code timeAuthority = "station"} and the
 * station's id, because the deadline and {@code serverTime} are the station's clock. {@code result}
 * is always null: a station does not score.
 */
public record StationSittingView(
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
    Object result,
    String timeAuthority,
    String stationId) {

  /** The answer that counts for an item: the one with the highest client sequence number. */
  public record CurrentAnswer(
      List<String> response,
      long clientSeq,
      Instant clientTimestamp,
      Instant recordedAt,
      int changes) {}
}
