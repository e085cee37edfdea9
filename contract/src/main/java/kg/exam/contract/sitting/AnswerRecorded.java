package kg.exam.contract.sitting;

import java.time.Instant;
import java.util.List;

/**
 * A response to one item was recorded. A changed answer is a new event; the candidate's answer to
 * an item is the one with the highest {@code clientSeq}.
 */
public record AnswerRecorded(
    String sittingId,
    String itemId,
    List<String> response,
    long clientSeq,
    Instant clientTimestamp,
    Instant recordedAt) {}
