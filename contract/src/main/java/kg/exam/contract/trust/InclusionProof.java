package kg.exam.contract.trust;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 9162 (section 2.1.3) inclusion proof: the sibling hashes on the path from one leaf to the
 * root, ordered from the leaf upwards. Immutable (arrays are copied in and out).
 */
public final class InclusionProof {
  private final long leafIndex;
  private final long treeSize;
  private final List<byte[]> path;

  /**
   * @param leafIndex the 0-based index of the leaf, &lt; treeSize
   * @param treeSize the number of leaves in the tree the proof is for, &ge; 1
   * @param path the sibling hashes, each 32 bytes, leaf end first
   */
  public InclusionProof(long leafIndex, long treeSize, List<byte[]> path) {
    if (treeSize < 1) {
      throw new IllegalArgumentException("treeSize must be >= 1: treeSize=" + treeSize);
    }
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new IllegalArgumentException(
          "leafIndex must be in [0, treeSize): leafIndex=" + leafIndex + ", treeSize=" + treeSize);
    }
    Objects.requireNonNull(path, "path");
    List<byte[]> copy = new ArrayList<>(path.size());
    for (int i = 0; i < path.size(); i++) {
      byte[] hash = Objects.requireNonNull(path.get(i), "path element");
      if (hash.length != MerkleTree.HASH_LENGTH_BYTES) {
        throw new IllegalArgumentException(
            "path hash must be 32 bytes: index=" + i + ", length=" + hash.length);
      }
      copy.add(hash.clone());
    }
    this.leafIndex = leafIndex;
    this.treeSize = treeSize;
    this.path = List.copyOf(copy);
  }

  /** The 0-based index of the proven leaf. */
  public long leafIndex() {
    return leafIndex;
  }

  /** The size of the tree the proof is for. */
  public long treeSize() {
    return treeSize;
  }

  /** Copies of the sibling hashes, leaf end first. */
  public List<byte[]> path() {
    return path.stream().map(byte[]::clone).toList();
  }

  List<byte[]> pathUnsafe() {
    return path;
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return "InclusionProof[leafIndex="
        + leafIndex
        + ", treeSize="
        + treeSize
        + ", path="
        + path.stream().map(hex::formatHex).toList()
        + "]";
  }
}
