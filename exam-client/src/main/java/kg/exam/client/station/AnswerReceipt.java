package kg.exam.client.station;

import java.time.Instant;

/**
 * The station's receipt for an answer, the command side's shape: the answer is in the journal, on
 * disk. {@code recordedAt} is the station's clock; {@code duplicate} is true for a retry of a
 * {@code clientSeq} already journaled.
 */
public record AnswerReceipt(
    String sittingId, String itemId, long clientSeq, Instant recordedAt, boolean duplicate) {}
