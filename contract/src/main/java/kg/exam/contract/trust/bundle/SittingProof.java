package kg.exam.contract.trust.bundle;

import java.util.List;
import java.util.Objects;
import kg.exam.contract.trust.InclusionProof;

/**
 * Where a sitting sits in its session's signed Merkle tree.
 *
 * @param treeHeadSequence sequence number, in the session stream, of the {@code
 *     SessionTreeHeadPublished} event that holds the root
 * @param sealSequence sequence number, in the sitting stream, of the seal that is the leaf
 * @param inclusion the RFC 6962 inclusion proof of that leaf
 */
public record SittingProof(long treeHeadSequence, long sealSequence, InclusionProof inclusion) {
  /** Checks for nulls. */
  public SittingProof {
    Objects.requireNonNull(inclusion, "inclusion");
  }

  /** Convenience constructor from the proof's parts. */
  public static SittingProof of(
      long treeHeadSequence, long sealSequence, long leafIndex, long treeSize, List<byte[]> path) {
    return new SittingProof(
        treeHeadSequence, sealSequence, new InclusionProof(leafIndex, treeSize, path));
  }
}
