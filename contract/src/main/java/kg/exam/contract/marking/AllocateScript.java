package kg.exam.contract.marking;

import java.time.Instant;
import kg.exam.contract.sitting.SittingCommand;

/**
 * Gives one script of the sitting to a marker, in the next round it needs: an independent mark (1
 * or 2) or, for a disputed script, the adjudication (3, chief markers only).
 *
 * @param chief the marker is a CHIEF_MARKER
 */
public record AllocateScript(
    String sittingId, String scriptId, String markerId, boolean chief, Instant now)
    implements SittingCommand {}
