package kg.exam.command.sitting;

import java.time.Instant;

/**
 * What the server tells a device after an answer: it is stored. {@code duplicate} is true when the
 * same client sequence number had already been stored (a retry), so no new event was made.
 */
public record AnswerReceipt(
    String sittingId, String itemId, long clientSeq, Instant recordedAt, boolean duplicate) {}
