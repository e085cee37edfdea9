package kg.exam.contract.trust.registry;

import java.time.Instant;

/**
 * A public key was entered in the trust registry (stream {@value TrustRegistry#STREAM_ID}). For a
 * server key, registering a new key is a rotation: the key named by {@code supersedes} stops being
 * valid at this key's {@code validFrom}.
 *
 * @param keyId the key id ({@code sha256-16-b64url/1}) of {@code publicKey}
 * @param publicKey the raw 32-byte Ed25519 public key, base64url without padding
 * @param role what the key signs: {@value TrustRegistry#ROLE_SERVER} (seals and tree heads); later
 *     roles (station, sitting device) are further values
 * @param validFrom first instant at which signatures by this key are valid
 * @param supersedes the key id of the server key this one replaces, or null for the first one
 * @param registeredBy who registered it ({@code "server"} for the server's own key at start-up)
 */
public record ServerKeyRegistered(
    String registryId,
    String keyId,
    String publicKey,
    String role,
    Instant validFrom,
    String supersedes,
    String registeredBy) {}
