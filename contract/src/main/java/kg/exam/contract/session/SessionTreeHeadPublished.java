package kg.exam.contract.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * A signed head of the session's Merkle tree (tree {@code rfc6962-sha256/1}) over its sealed
 * sittings: leaf {@code i} is the canonical payload of the seal named by leaf {@code i} of the
 * list; leaves are ordered by sitting id (UTF-16 code units, {@link String#compareTo}). The signed
 * bytes are the RFC 8785 canonical form of this event's JSON payload without its {@code signature}
 * member.
 *
 * <p>Scheme {@value #SCHEME}: the leaves are listed by the {@code leafBatches} {@link
 * SessionTreeLeavesListed} events recorded on the session's stream just before this head, and the
 * signed {@code leavesSha256} pins that list ({@link #leavesSha256(List)}); {@code leaves} is
 * empty, so no event lists a national cohort. Scheme {@value #SCHEME_V1} (heads published before):
 * {@code leaves} lists them in the head itself, {@code leafBatches} is 0 and {@code leavesSha256}
 * null.
 *
 * @param scheme {@value #SCHEME} (or {@value #SCHEME_V1} for a head published before batching)
 * @param treeSize number of leaves
 * @param rootHash the tree's root hash, hex
 * @param leaves under {@value #SCHEME_V1} the sittings and seals in the tree, in leaf order; empty
 *     under {@value #SCHEME}
 * @param keyId id of the server key that signed
 * @param publishedAt server time; the key must be valid at this instant
 * @param signature Ed25519 signature, base64url without padding
 * @param leafBatches under {@value #SCHEME}, how many {@link SessionTreeLeavesListed} events just
 *     before this head list the leaves
 * @param leavesSha256 under {@value #SCHEME}, {@link #leavesSha256(List)} of the whole list
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
    String signature,
    int leafBatches,
    String leavesSha256) {

  /** Name and version of the tree head layout: leaves listed in batches before the head. */
  public static final String SCHEME = "tree-head/2";

  /** The layout of heads published before batching: every leaf listed in the head. */
  public static final String SCHEME_V1 = "tree-head/1";

  /** Copies the list; a missing list is empty. */
  public SessionTreeHeadPublished {
    leaves = leaves == null ? List.of() : List.copyOf(leaves);
  }

  /**
   * An unsigned head of the current scheme over {@code leaves}, listed in {@link
   * SessionTreeLeavesListed#batches} of them.
   */
  public static SessionTreeHeadPublished unsigned(
      String sessionId,
      List<TreeLeaf> leaves,
      String rootHash,
      String keyId,
      Instant publishedAt,
      String publishedBy) {
    return new SessionTreeHeadPublished(
        sessionId,
        SCHEME,
        leaves.size(),
        rootHash,
        List.of(),
        keyId,
        publishedAt,
        publishedBy,
        null,
        SessionTreeLeavesListed.batchCount(leaves.size()),
        leavesSha256(leaves));
  }

  /**
   * @return this head with {@code signature}
   */
  public SessionTreeHeadPublished signed(String signature) {
    return new SessionTreeHeadPublished(
        sessionId,
        scheme,
        treeSize,
        rootHash,
        leaves,
        keyId,
        publishedAt,
        publishedBy,
        signature,
        leafBatches,
        leavesSha256);
  }

  /**
   * The digest that pins a list of leaves: lower-case hex SHA-256 of the UTF-8 bytes of one line
   * per leaf, in order, {@code <sittingId> <sealSequence>\n} (the sequence in decimal). For leaves
   * {@code (sit-1, 35), (sit-2, 40)} it is the SHA-256 of {@code "sit-1 35\nsit-2 40\n"}.
   */
  public static String leavesSha256(List<TreeLeaf> leaves) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    for (TreeLeaf leaf : leaves) {
      sha256.update(
          (leaf.sittingId() + " " + leaf.sealSequence() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return HexFormat.of().formatHex(sha256.digest());
  }
}
