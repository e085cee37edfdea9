package kg.exam.contract.marking;

import java.time.Instant;
import kg.exam.contract.session.ExamSessionCommand;

/**
 * Sets how the session's scripts are marked; it rules the scripts opened from then on (each script
 * records the plan it was opened under).
 */
public record ConfigureMarking(String sessionId, MarkingPlan plan, String configuredBy, Instant now)
    implements ExamSessionCommand {}
