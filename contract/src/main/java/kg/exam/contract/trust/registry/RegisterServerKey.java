package kg.exam.contract.trust.registry;

import java.time.Instant;

/**
 * Registers the server's configured public key, if it is not the current server key already. A new
 * key supersedes the previous server key from {@code validFrom} (a rotation).
 */
public record RegisterServerKey(
    String registryId, String keyId, String publicKey, Instant validFrom, String registeredBy)
    implements TrustRegistryCommand {}
