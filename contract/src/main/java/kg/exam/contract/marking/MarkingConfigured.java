package kg.exam.contract.marking;

import java.time.Instant;

/** A session's marking plan was set (by a staff account id, never a name). */
public record MarkingConfigured(
    String sessionId, MarkingPlan plan, String configuredBy, Instant configuredAt) {}
