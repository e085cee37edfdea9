package kg.exam.contract.marking;

import java.time.Instant;
import kg.exam.contract.sitting.SittingCommand;

/**
 * Takes a round of an unresolved script back from a stopped marker, with the mark if they gave one,
 * so that another marker marks it.
 */
public record ReleaseMarkerRound(
    String sittingId, String scriptId, String markerId, String reason, Instant now)
    implements SittingCommand {}
