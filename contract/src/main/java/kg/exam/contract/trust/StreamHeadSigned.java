package kg.exam.contract.trust;

import java.time.Instant;

/**
 * The server's signature over the head of a stream that is not a sitting (scheme {@value #SCHEME}):
 * an exam's versions and key amendments, a session (its centre, window, tree heads and results
 * finalisation) and the key registry. Appended after the events it covers, so a stream whose last
 * event is a signed head is covered whole: the chain hash it signs depends on every event before
 * it. The signed bytes are the RFC 8785 canonical form of this event's JSON payload without its
 * {@code signature} member ({@link SignedStatement}).
 *
 * @param streamId the stream (aggregate id) whose head is signed
 * @param scheme always {@value #SCHEME}
 * @param eventCount number of events before this one (= this event's sequence number), at least 1
 * @param headHash chain hash (hex) of event {@code eventCount - 1}
 * @param keyId id of the server key that signed
 * @param signedAt server time; the key must be valid for role SERVER at this instant
 * @param signature Ed25519 signature, base64url without padding
 */
public record StreamHeadSigned(
    String streamId,
    String scheme,
    long eventCount,
    String headHash,
    String keyId,
    Instant signedAt,
    String signature) {

  /** Name and version of the signed stream head layout. */
  public static final String SCHEME = "stream-head/1";

  /** This head with {@code signature}. */
  public StreamHeadSigned signed(String signature) {
    return new StreamHeadSigned(streamId, scheme, eventCount, headHash, keyId, signedAt, signature);
  }
}
