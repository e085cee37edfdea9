package kg.exam.contract.sitting;

import java.time.Instant;

/** Sets or clears the candidate's review flag on an item. */
public record FlagItem(String sittingId, String itemId, boolean flagged, Instant now)
    implements SittingCommand {}
