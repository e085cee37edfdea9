package kg.exam.contract.marking;

import java.time.Instant;

/** Gives a seeded script to a marker, once per marker. */
public record AllocateSeed(String seedId, String markerId, Instant now) implements SeedCommand {}
