package kg.exam.contract.trust.registry;

import java.time.Instant;

/**
 * A key was revoked: signatures by it that claim a time at or after {@code revokedFrom} are not
 * valid. Signatures from before stay valid (the instant is when the key is feared compromised).
 *
 * @param keyId the revoked key
 * @param revokedFrom first instant at which the key's signatures are refused
 * @param reason why, as the centre admin gave it
 * @param revokedBy the admin who revoked it
 */
public record KeyRevoked(
    String registryId, String keyId, Instant revokedFrom, String reason, String revokedBy) {}
