package kg.exam.contract.results;

import java.time.Instant;

/**
 * A session's results were finalised: its calibration is recorded on the session's stream, so every
 * scaled score can be recomputed from the events alone. Recorded once per session.
 */
public record SessionResultsFinalised(
    String sessionId, SessionCalibration calibration, Instant finalisedAt, String finalisedBy) {}
