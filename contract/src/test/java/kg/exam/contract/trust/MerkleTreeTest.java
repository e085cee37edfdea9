package kg.exam.contract.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MerkleTreeTest {

  private static final HexFormat HEX = HexFormat.of();

  /** The leaf data of the RFC 6962 test vectors used by Certificate Transparency logs. */
  private static final List<byte[]> CT_LEAVES =
      Stream.of(
              "",
              "00",
              "10",
              "2021",
              "3031",
              "40414243",
              "5051525354555657",
              "606162636465666768696a6b6c6d6e6f")
          .map(HEX::parseHex)
          .toList();

  private static List<byte[]> leaves(int count) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      leaves.add(("sitting-" + i).getBytes(StandardCharsets.UTF_8));
    }
    return leaves;
  }

  private static byte[] sha256(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** MTH(D[n]) written straight from RFC 6962 section 2.1, as the oracle. */
  private static byte[] referenceRoot(List<byte[]> data) {
    if (data.isEmpty()) {
      return sha256();
    }
    if (data.size() == 1) {
      return sha256(new byte[] {0}, data.getFirst());
    }
    int k = largestPowerOfTwoBelow(data.size());
    return sha256(
        new byte[] {1},
        referenceRoot(data.subList(0, k)),
        referenceRoot(data.subList(k, data.size())));
  }

  /** PATH(m, D[n]) written straight from RFC 6962 section 2.1.1, as the oracle. */
  private static List<byte[]> referencePath(int m, List<byte[]> data) {
    if (data.size() == 1) {
      return new ArrayList<>();
    }
    int k = largestPowerOfTwoBelow(data.size());
    List<byte[]> path;
    if (m < k) {
      path = referencePath(m, data.subList(0, k));
      path.add(referenceRoot(data.subList(k, data.size())));
    } else {
      path = referencePath(m - k, data.subList(k, data.size()));
      path.add(referenceRoot(data.subList(0, k)));
    }
    return path;
  }

  private static int largestPowerOfTwoBelow(int n) {
    int k = 1;
    while (k * 2 < n) {
      k *= 2;
    }
    return k;
  }

  static Stream<Arguments> ctRoots() {
    return TestResources.dataLines("merkle/rfc6962-roots.txt").stream()
        .map(line -> line.split(" "))
        .map(parts -> Arguments.of(Integer.parseInt(parts[0]), parts[1]));
  }

  static IntStream sizes1To33() {
    return IntStream.rangeClosed(1, 33);
  }

  @ParameterizedTest(name = "n={0}")
  @MethodSource("ctRoots")
  void shouldMatchTheRfc6962RootsOfTheCertificateTransparencyVectors(int size, String rootHex) {
    assertThat(HEX.formatHex(MerkleTree.of(CT_LEAVES.subList(0, size)).rootHash()))
        .isEqualTo(rootHex);
  }

  @Test
  void shouldHashALeafWithPrefixZeroAndANodeWithPrefixOne() {
    byte[] a = "a".getBytes(StandardCharsets.UTF_8);
    byte[] left = new byte[32];
    byte[] right = new byte[32];
    right[0] = 1;

    assertThat(MerkleTree.leafHash(a)).isEqualTo(sha256(new byte[] {0x00, 'a'}));
    assertThat(MerkleTree.nodeHash(left, right)).isEqualTo(sha256(new byte[] {0x01}, left, right));
  }

  @Test
  void shouldUseTheHashOfNoBytesAsTheRootOfAnEmptyTree() {
    assertThat(MerkleTree.of(List.of()).rootHash()).isEqualTo(sha256());
  }

  @Test
  void shouldBuildAThreeLeafTreeWithTheCompleteSubtreeOnTheLeft() {
    List<byte[]> data = leaves(3);
    byte[] l0 = MerkleTree.leafHash(data.get(0));
    byte[] l1 = MerkleTree.leafHash(data.get(1));
    byte[] l2 = MerkleTree.leafHash(data.get(2));

    assertThat(MerkleTree.of(data).rootHash())
        .isEqualTo(MerkleTree.nodeHash(MerkleTree.nodeHash(l0, l1), l2));
  }

  @Test
  void shouldBuildASevenLeafTreeAsTheRfcFigureShows() {
    List<byte[]> data = leaves(7);
    byte[][] l = data.stream().map(MerkleTree::leafHash).toArray(byte[][]::new);
    byte[] a =
        MerkleTree.nodeHash(MerkleTree.nodeHash(l[0], l[1]), MerkleTree.nodeHash(l[2], l[3]));
    byte[] b = MerkleTree.nodeHash(MerkleTree.nodeHash(l[4], l[5]), l[6]);

    assertThat(MerkleTree.of(data).rootHash()).isEqualTo(MerkleTree.nodeHash(a, b));
  }

  @Test
  void shouldProveLeafSixOfSevenWithTheRfcExamplePath() {
    // RFC 6962 section 2.1.3: the path for d6 in a tree of seven leaves is [j, c] (its sibling
    // subtree at each level, here node(d4,d5) and the left half).
    List<byte[]> data = leaves(7);
    byte[][] l = data.stream().map(MerkleTree::leafHash).toArray(byte[][]::new);
    byte[] j = MerkleTree.nodeHash(l[4], l[5]);
    byte[] c =
        MerkleTree.nodeHash(MerkleTree.nodeHash(l[0], l[1]), MerkleTree.nodeHash(l[2], l[3]));

    assertThat(MerkleTree.of(data).inclusionProof(6).path()).containsExactly(j, c);
  }

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes1To33")
  void shouldMatchTheRecursiveDefinitionOfTheRoot(int size) {
    List<byte[]> data = leaves(size);

    assertThat(MerkleTree.of(data).rootHash()).isEqualTo(referenceRoot(data));
  }

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes1To33")
  void shouldMatchTheRecursiveDefinitionOfEveryPath(int size) {
    List<byte[]> data = leaves(size);
    MerkleTree tree = MerkleTree.of(data);

    for (int i = 0; i < size; i++) {
      assertThat(tree.inclusionProof(i).path())
          .as("leaf %d", i)
          .containsExactlyElementsOf(referencePath(i, data));
    }
  }

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes1To33")
  void shouldVerifyTheProofOfEveryLeaf(int size) {
    List<byte[]> data = leaves(size);
    MerkleTree tree = MerkleTree.of(data);

    for (int i = 0; i < size; i++) {
      assertThat(MerkleTree.verifyInclusion(data.get(i), tree.inclusionProof(i), tree.rootHash()))
          .as("leaf %d", i)
          .isTrue();
    }
  }

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes1To33")
  void shouldRefuseEveryProofForAnotherLeafsData(int size) {
    List<byte[]> data = leaves(size);
    MerkleTree tree = MerkleTree.of(data);

    for (int i = 0; i < size; i++) {
      byte[] foreign = ("forged-" + i).getBytes(StandardCharsets.UTF_8);
      assertThat(MerkleTree.verifyInclusion(foreign, tree.inclusionProof(i), tree.rootHash()))
          .as("leaf %d", i)
          .isFalse();
      int other = (i + 1) % size;
      if (other != i) {
        assertThat(
                MerkleTree.verifyInclusion(
                    data.get(other), tree.inclusionProof(i), tree.rootHash()))
            .as("leaf %d with proof of %d", other, i)
            .isFalse();
      }
    }
  }

  @ParameterizedTest(name = "n={0}")
  @MethodSource("sizes1To33")
  void shouldRefuseEveryProofMovedToAnotherIndex(int size) {
    List<byte[]> data = leaves(size);
    MerkleTree tree = MerkleTree.of(data);

    for (int i = 0; i < size; i++) {
      InclusionProof proof = tree.inclusionProof(i);
      for (int j = 0; j < size; j++) {
        if (j != i) {
          InclusionProof moved = new InclusionProof(j, size, proof.path());
          assertThat(MerkleTree.verifyInclusion(data.get(i), moved, tree.rootHash()))
              .as("leaf %d at %d", i, j)
              .isFalse();
        }
      }
    }
  }

  @Test
  void shouldRefuseAProofWhosePathDoesNotFitTheClaimedTreeSize() {
    // The last of 13 leaves has a 2-hash path (13 = 8 + 4 + 1); in trees of 14 or 16 leaves the
    // same leaf needs 3 or 4. (Sizes whose paths have the same shape cannot be told apart by the
    // proof: the tree size is authenticated by the signed tree head, not by the proof.)
    List<byte[]> data = leaves(13);
    MerkleTree tree = MerkleTree.of(data);
    List<byte[]> path = tree.inclusionProof(12).path();

    assertThat(path).hasSize(2);
    assertThat(
            MerkleTree.verifyInclusion(
                data.get(12), new InclusionProof(12, 14, path), tree.rootHash()))
        .isFalse();
    assertThat(
            MerkleTree.verifyInclusion(
                data.get(12), new InclusionProof(12, 16, path), tree.rootHash()))
        .isFalse();
  }

  @Test
  void shouldRefuseAProofWithAnExtraOrMissingHash() {
    List<byte[]> data = leaves(13);
    MerkleTree tree = MerkleTree.of(data);
    List<byte[]> path = tree.inclusionProof(5).path();
    List<byte[]> longer = new ArrayList<>(path);
    longer.add(new byte[32]);

    assertThat(
            MerkleTree.verifyInclusion(
                data.get(5), new InclusionProof(5, 13, longer), tree.rootHash()))
        .isFalse();
    assertThat(
            MerkleTree.verifyInclusion(
                data.get(5),
                new InclusionProof(5, 13, path.subList(0, path.size() - 1)),
                tree.rootHash()))
        .isFalse();
  }

  @Test
  void shouldRefuseAProofAgainstAnotherRoot() {
    List<byte[]> data = leaves(13);
    MerkleTree tree = MerkleTree.of(data);
    byte[] otherRoot = MerkleTree.of(leaves(12)).rootHash();

    assertThat(MerkleTree.verifyInclusion(data.get(5), tree.inclusionProof(5), otherRoot))
        .isFalse();
  }

  @Test
  void shouldRefuseALeafIndexOutsideTheTree() {
    assertThatThrownBy(() -> new InclusionProof(3, 3, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("leafIndex must be in [0, treeSize): leafIndex=3, treeSize=3");
  }
}
