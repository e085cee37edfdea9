package kg.exam.contract.trust.registry;

import java.time.Instant;

/**
 * The cross-signature of a server key rotation (scheme {@value #SCHEME}): the superseded key signs
 * its successor, so a verifier that trusts the first server key (pinned out of band) can follow
 * every rotation after it. Recorded on stream {@value TrustRegistry#STREAM_ID} right after the
 * successor's {@link ServerKeyRegistered}, in the same command. The signed bytes are the RFC 8785
 * canonical form of this event's JSON payload without its {@code signature} member ({@link
 * kg.exam.contract.trust.SignedStatement}).
 *
 * @param scheme always {@value #SCHEME}
 * @param keyId the new server key
 * @param publicKey its raw 32-byte Ed25519 public key, base64url without padding
 * @param validFrom its first valid instant, as registered
 * @param endorsedBy the key it supersedes, which signed this statement
 * @param signature Ed25519 signature by {@code endorsedBy}, base64url without padding
 */
public record ServerKeyEndorsed(
    String registryId,
    String scheme,
    String keyId,
    String publicKey,
    Instant validFrom,
    String endorsedBy,
    String signature) {

  /** Name and version of the endorsement layout. */
  public static final String SCHEME = "key-endorsement/1";

  /** This endorsement with {@code signature}. */
  public ServerKeyEndorsed signed(String signature) {
    return new ServerKeyEndorsed(
        registryId, scheme, keyId, publicKey, validFrom, endorsedBy, signature);
  }
}
