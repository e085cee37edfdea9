package kg.exam.contract.sitting;

import java.time.Instant;

/** An invigilator resumes a paused sitting. */
public record ResumeSitting(String sittingId, Instant now, String reason, String by)
    implements SittingCommand {}
