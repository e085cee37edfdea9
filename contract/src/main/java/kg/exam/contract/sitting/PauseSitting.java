package kg.exam.contract.sitting;

import java.time.Instant;

/** An invigilator pauses a sitting (power cut, incident); the clock stops. */
public record PauseSitting(String sittingId, Instant now, String reason, String by)
    implements SittingCommand {}
