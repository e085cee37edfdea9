package kg.exam.contract.session;

import java.time.Instant;
import java.util.List;

/**
 * A signed head of the session's Merkle tree (scheme {@value #SCHEME}, tree {@code
 * rfc6962-sha256/1}) over its sealed sittings: leaf {@code i} is the canonical payload of the seal
 * named by {@code leaves[i]}; leaves are ordered by sitting id (UTF-16 code units, {@link
 * String#compareTo}). The signed bytes are the RFC 8785 canonical form of this event's JSON payload
 * without its {@code signature} member.
 *
 * @param scheme always {@value #SCHEME}
 * @param treeSize number of leaves (= leaves.size())
 * @param rootHash the tree's root hash, hex
 * @param leaves the sittings and seals in the tree, in leaf order
 * @param keyId id of the server key that signed
 * @param publishedAt server time; the key must be valid at this instant
 * @param signature Ed25519 signature, base64url without padding
 */
public record SessionTreeHeadPublished(
    String sessionId,
    String scheme,
    int treeSize,
    String rootHash,
    List<TreeLeaf> leaves,
    String keyId,
    Instant publishedAt,
    String publishedBy,
    String signature) {

  /** Name and version of the tree head layout. */
  public static final String SCHEME = "tree-head/1";
}
