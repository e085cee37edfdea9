package kg.exam.contract.marking;

import java.time.Instant;

/**
 * A round of an unresolved script was taken back from its marker (stopped), with its mark when
 * {@code markVoided}; the round is open again. A dispute the voided mark caused is lifted.
 */
public record ScriptRoundReleased(
    String sittingId,
    String scriptId,
    int round,
    String markerId,
    boolean markVoided,
    String reason,
    Instant releasedAt) {}
