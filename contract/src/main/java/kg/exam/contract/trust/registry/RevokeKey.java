package kg.exam.contract.trust.registry;

import java.time.Instant;

/** Revokes a registered key from an instant on. */
public record RevokeKey(
    String registryId, String keyId, Instant revokedFrom, String reason, String revokedBy)
    implements TrustRegistryCommand {}
