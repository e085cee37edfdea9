package kg.exam.contract.sitting;

import java.time.Instant;

/**
 * The server's seal of a scored sitting (scheme {@value #SCHEME}): its signature covers the stream
 * as it stood before this event and the latest score. The signed bytes are the RFC 8785 canonical
 * form of this event's JSON payload without its {@code signature} member ({@link
 * kg.exam.contract.trust.SignedStatement}).
 *
 * @param scheme always {@value #SCHEME}
 * @param eventCount number of events before the seal (= this event's sequence number)
 * @param headHash chain hash (hex) of event {@code eventCount - 1}
 * @param scoredSequence sequence number of the {@link SittingScored} event sealed
 * @param scoreDigest SHA-256 (hex) of that event's canonical payload bytes
 * @param keyId id of the server key that signed
 * @param sealedAt server time of the seal; the key must be valid at this instant
 * @param signature Ed25519 signature, base64url without padding
 */
public record SittingSealed(
    String sittingId,
    String scheme,
    long eventCount,
    String headHash,
    long scoredSequence,
    String scoreDigest,
    String keyId,
    Instant sealedAt,
    String signature) {

  /** Name and version of the seal layout. */
  public static final String SCHEME = "seal/1";
}
