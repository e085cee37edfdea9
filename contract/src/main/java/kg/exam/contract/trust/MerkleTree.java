package kg.exam.contract.trust;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Merkle tree as RFC 6962 section 2.1 (and RFC 9162 section 2.1) defines it, over SHA-256:
 *
 * <pre>
 * MTH({})      = SHA-256()                                   (the hash of no bytes)
 * MTH({d0})    = SHA-256(0x00 ‖ d0)                          (leaf hash)
 * MTH(D[n])    = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n]))   (node hash, n &gt; 1)
 *                where k is the largest power of two smaller than n
 * </pre>
 *
 * <p>For sizes that are not a power of two the left subtree is always the largest complete one;
 * equivalently, building level by level, a node without a right sibling moves up unchanged.
 * Example: for 3 leaves the root is {@code node(node(L0, L1), L2)}.
 *
 * <p>Built once from the leaf data, holding every level (about 2n hashes); immutable and
 * thread-safe. Proofs are answered in O(log n).
 */
public final class MerkleTree {

  /** Name and version of this tree hashing. */
  public static final String SCHEME = "rfc6962-sha256/1";

  /** Length of every hash in the tree. */
  public static final int HASH_LENGTH_BYTES = 32;

  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  /** levels.get(0) holds the leaf hashes; the last level holds the root alone. */
  private final List<byte[][]> levels;

  private final byte[] rootHash;

  private MerkleTree(List<byte[][]> levels, byte[] rootHash) {
    this.levels = levels;
    this.rootHash = rootHash;
  }

  /** Builds the tree over the given leaf data (each element hashed as a leaf, in order). */
  public static MerkleTree of(List<byte[]> leafData) {
    Objects.requireNonNull(leafData, "leafData");
    byte[][] leaves = new byte[leafData.size()][];
    for (int i = 0; i < leaves.length; i++) {
      byte[] data = leafData.get(i);
      if (data == null) {
        throw new IllegalArgumentException("leaf data is null: index=" + i);
      }
      leaves[i] = leafHash(data);
    }
    return ofLeafHashes(leaves);
  }

  private static MerkleTree ofLeafHashes(byte[][] leaves) {
    List<byte[][]> levels = new ArrayList<>();
    levels.add(leaves);
    if (leaves.length == 0) {
      return new MerkleTree(levels, StreamHashChain.sha256().digest());
    }
    byte[][] level = leaves;
    while (level.length > 1) {
      byte[][] up = new byte[(level.length + 1) / 2][];
      for (int i = 0; i < up.length; i++) {
        int left = 2 * i;
        up[i] = left + 1 < level.length ? nodeHash(level[left], level[left + 1]) : level[left];
      }
      levels.add(up);
      level = up;
    }
    return new MerkleTree(levels, level[0]);
  }

  /** The leaf hash {@code SHA-256(0x00 ‖ data)}. */
  public static byte[] leafHash(byte[] data) {
    Objects.requireNonNull(data, "data");
    MessageDigest sha256 = StreamHashChain.sha256();
    sha256.update(LEAF_PREFIX);
    sha256.update(data);
    return sha256.digest();
  }

  /** The interior node hash {@code SHA-256(0x01 ‖ left ‖ right)}. */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    Objects.requireNonNull(left, "left");
    Objects.requireNonNull(right, "right");
    MessageDigest sha256 = StreamHashChain.sha256();
    sha256.update(NODE_PREFIX);
    sha256.update(left);
    sha256.update(right);
    return sha256.digest();
  }

  /** Number of leaves. */
  public int size() {
    return levels.getFirst().length;
  }

  /** A copy of the root hash (for an empty tree, SHA-256 of no bytes). */
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /** A copy of the hash of leaf {@code index}. */
  public byte[] leafHashAt(int index) {
    checkIndex(index);
    return levels.getFirst()[index].clone();
  }

  /** The inclusion proof of leaf {@code index} (RFC 6962 section 2.1.1, PATH(m, D[n])). */
  public InclusionProof inclusionProof(int index) {
    checkIndex(index);
    List<byte[]> path = new ArrayList<>();
    int position = index;
    for (int level = 0; level < levels.size() - 1; level++) {
      byte[][] nodes = levels.get(level);
      int sibling = position ^ 1;
      if (sibling < nodes.length) {
        path.add(nodes[sibling]);
      }
      position >>= 1;
    }
    return new InclusionProof(index, size(), path);
  }

  /**
   * Whether {@code proof} shows that {@code leafData} is the leaf at {@code proof.leafIndex()} of
   * the tree of size {@code proof.treeSize()} with root {@code rootHash}.
   *
   * <p>The proof does not authenticate the tree size on its own (leaf 5 has paths of the same shape
   * in trees of 9 to 16 leaves); take both root and size from a signed tree head.
   */
  public static boolean verifyInclusion(byte[] leafData, InclusionProof proof, byte[] rootHash) {
    return verifyInclusionOfLeafHash(leafHash(leafData), proof, rootHash);
  }

  /**
   * As {@link #verifyInclusion} but starting from the leaf hash; the algorithm of RFC 9162 section
   * 2.1.3.2. Returns false (never throws) when the proof does not hold.
   */
  public static boolean verifyInclusionOfLeafHash(
      byte[] leafHash, InclusionProof proof, byte[] rootHash) {
    Objects.requireNonNull(leafHash, "leafHash");
    Objects.requireNonNull(proof, "proof");
    Objects.requireNonNull(rootHash, "rootHash");
    long fn = proof.leafIndex();
    long sn = proof.treeSize() - 1;
    byte[] r = leafHash;
    for (byte[] p : proof.pathUnsafe()) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = nodeHash(p, r);
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      } else {
        r = nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && MessageDigest.isEqual(r, rootHash);
  }

  private void checkIndex(int index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException(
          "leaf index out of range: index=" + index + ", size=" + size());
    }
  }
}
