package kg.exam.contract.sitting;

import java.time.Instant;

/** An invigilator gives a sitting extra minutes. */
public record ExtendSittingTime(
    String sittingId, Instant now, int minutes, String reason, String by)
    implements SittingCommand {}
