package kg.exam.contract.marking;

import java.time.Instant;

/** A seeded script was given to a marker, who sees it as any other script. */
public record SeedAllocated(String seedId, String markerId, Instant allocatedAt) {}
