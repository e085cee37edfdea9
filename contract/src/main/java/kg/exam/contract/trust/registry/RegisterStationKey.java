package kg.exam.contract.trust.registry;

import java.time.Instant;

/**
 * Registers an exam station's public key (base64url raw 32 bytes) for a centre and, optionally, one
 * school of it ({@code schoolId} null: the station serves the whole centre).
 */
public record RegisterStationKey(
    String registryId,
    String stationId,
    String centreId,
    String publicKey,
    Instant validFrom,
    String registeredBy,
    String schoolId)
    implements TrustRegistryCommand {}
