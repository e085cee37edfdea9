package kg.exam.contract.trust.registry;

import java.time.Instant;

/**
 * An exam station's public key was entered in the trust registry by a centre administrator. The key
 * signs answers captured on that station for sittings of its centre, from {@code validFrom} until
 * it is revoked ({@link KeyRevoked}).
 *
 * @param keyId the key id ({@code sha256-16-b64url/1}) of {@code publicKey}
 * @param stationId the station's name within its centre
 * @param centreId the centre whose sittings the station may sign answers for
 * @param publicKey the raw 32-byte Ed25519 public key, base64url without padding
 * @param role always {@value TrustRegistry#ROLE_STATION}
 * @param validFrom first instant at which signatures by this key are valid
 * @param registeredBy the centre administrator who registered it
 * @param schoolId the one school of the centre the station serves (it receives only that school's
 *     exam packages), or null for a station of the whole centre; null in events recorded before the
 *     field existed
 */
public record StationKeyRegistered(
    String registryId,
    String keyId,
    String stationId,
    String centreId,
    String publicKey,
    String role,
    Instant validFrom,
    String registeredBy,
    String schoolId) {}
