package kg.exam.contract.trust.receipt;

import java.util.List;

/**
 * What a candidate keeps to check their result without trusting anyone but the centre's published
 * key (format {@value #FORMAT}): their sitting's seal and the score it seals, the session's signed
 * tree head and the seal's Merkle inclusion proof in it. No name or other identifier of the person
 * is in it: the sitting id is pseudonymous.
 *
 * @param format {@value #FORMAT}
 * @param seal the canonical JSON text of the sitting's {@code SittingSealed}: the tree's leaf data
 * @param sealSha256 SHA-256 (hex) of {@code seal}: the seal hash
 * @param score the canonical JSON text of the {@code SittingScored} the seal names (its SHA-256 is
 *     the seal's {@code scoreDigest})
 * @param treeHead the bytes the server signed: the canonical JSON text of the session's {@code
 *     SessionTreeHeadPublished} without its signature
 * @param treeHeadSignature Ed25519 signature of {@code treeHead}, base64url without padding
 * @param keyId the id of the key that signed the tree head
 * @param publicKey that key, raw, base64url without padding
 * @param leafIndex the seal's leaf in the tree
 * @param treeSize the tree's size (also in the signed head)
 * @param path the inclusion proof's hashes, hex, leaf to root (RFC 9162)
 */
public record ResultReceipt(
    String format,
    String sittingId,
    String sessionId,
    String seal,
    String sealSha256,
    String score,
    String treeHead,
    String treeHeadSignature,
    String keyId,
    String publicKey,
    long leafIndex,
    long treeSize,
    List<String> path) {

  public static final String FORMAT = "exam-receipt/1";

  public ResultReceipt {
    path = path == null ? List.of() : List.copyOf(path);
  }
}
