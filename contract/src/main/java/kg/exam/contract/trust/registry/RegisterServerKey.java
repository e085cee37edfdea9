package kg.exam.contract.trust.registry;

import java.time.Instant;

/**
 * Registers the server's configured public key, if it is not the current server key already. A new
 * key supersedes the previous server key from {@code validFrom} (a rotation).
 *
 * @param endorsement for a rotation, the signature of the superseded key over the {@link
 *     ServerKeyEndorsed} statement of this key (recorded with it); null when the previous private
 *     key is not at hand (first key, or a rotation that is then not cross-signed)
 */
public record RegisterServerKey(
    String registryId,
    String keyId,
    String publicKey,
    Instant validFrom,
    String registeredBy,
    String endorsement)
    implements TrustRegistryCommand {}
