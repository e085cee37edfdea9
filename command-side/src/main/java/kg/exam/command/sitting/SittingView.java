package kg.exam.command.sitting;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import kg.exam.contract.sitting.SittingScored;

/**
 * A sitting as its events tell it: state, clock, the current answer to each item and the latest
 * score. {@code remainingMs} is computed against the server's clock at {@code serverTime}.
 */
public record SittingView(
    String sittingId,
    String sessionId,
    String examId,
    int examVersion,
    String candidateId,
    String status,
    int extraTimePercent,
    Instant startedAt,
    Instant deadline,
    long remainingMs,
    Instant serverTime,
    Instant finishedAt,
    Map<String, CurrentAnswer> answers,
    List<String> flaggedItems,
    long lastClientSeq,
    SittingScored result) {

  /** The answer that counts for an item: the one with the highest client sequence number. */
  public record CurrentAnswer(List<String> response, long clientSeq, Instant clientTimestamp, Instant recordedAt,
      int changes) {}
}
