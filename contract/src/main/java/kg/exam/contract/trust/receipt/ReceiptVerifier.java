package kg.exam.contract.trust.receipt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import kg.exam.contract.trust.CanonicalJson;
import kg.exam.contract.trust.Ed25519PublicKey;
import kg.exam.contract.trust.InclusionProof;
import kg.exam.contract.trust.JsonValue;
import kg.exam.contract.trust.MerkleTree;
import kg.exam.contract.trust.SignedStatement;

/**
 * Checks a {@link ResultReceipt} offline: the seal hash, the score the seal names, the tree head's
 * signature by the key the receipt names (and, when given, that this key is one the checker
 * trusts), and the seal's inclusion in the signed tree. Stops at the first failure and says which
 * check.
 */
public final class ReceiptVerifier {
  private static final HexFormat HEX = HexFormat.of();

  private ReceiptVerifier() {}

  /**
   * @param ok every check holds
   * @param failure the first check that failed, null if ok
   * @param rawTotal the sealed score's raw total (when the score could be read)
   * @param grade the sealed score's grade
   * @param rootHash the signed tree head's root hash
   */
  public record Outcome(
      boolean ok, String failure, Double rawTotal, Integer grade, String rootHash) {}

  /**
   * @param receipt the receipt
   * @param trustedKeyIds key ids the checker knows to be the centre's (e.g. published); empty to
   *     accept the key the receipt carries (then only its consistency is proven)
   */
  public static Outcome verify(ResultReceipt receipt, Set<String> trustedKeyIds) {
    List<String> facts = new ArrayList<>();
    try {
      if (!ResultReceipt.FORMAT.equals(receipt.format())) {
        return fail("format: not " + ResultReceipt.FORMAT);
      }
      byte[] seal = utf8(receipt.seal(), "seal");
      if (!HEX.formatHex(SignedStatement.sha256(seal)).equals(receipt.sealSha256())) {
        return fail("sealSha256: not the SHA-256 of the seal");
      }
      JsonValue.JsonObject sealJson = object(seal, "seal");
      if (!receipt.sittingId().equals(string(sealJson, "sittingId"))) {
        return fail("seal: the seal is of another sitting");
      }
      byte[] score = utf8(receipt.score(), "score");
      if (!HEX.formatHex(SignedStatement.sha256(score)).equals(string(sealJson, "scoreDigest"))) {
        return fail("score: not the score the seal names (scoreDigest)");
      }
      JsonValue.JsonObject scoreJson = object(score, "score");
      if (!receipt.sittingId().equals(string(scoreJson, "sittingId"))) {
        return fail("score: the score is of another sitting");
      }
      byte[] head = utf8(receipt.treeHead(), "treeHead");
      JsonValue.JsonObject headJson = object(head, "treeHead");
      if (headJson.members().containsKey(SignedStatement.SIGNATURE_MEMBER)) {
        return fail("treeHead: carries a signature member; the signed bytes never do");
      }
      if (!receipt.sessionId().equals(string(headJson, "sessionId"))
          || !receipt.keyId().equals(string(headJson, "keyId"))) {
        return fail("treeHead: of another session or key than the receipt names");
      }
      if (number(headJson, "treeSize") != receipt.treeSize()) {
        return fail("treeSize: not the size the signed head states");
      }
      Ed25519PublicKey key = Ed25519PublicKey.fromBase64Url(receipt.publicKey());
      if (!key.keyId().toString().equals(receipt.keyId())) {
        return fail("publicKey: its id is not " + receipt.keyId());
      }
      if (!trustedKeyIds.isEmpty() && !trustedKeyIds.contains(receipt.keyId())) {
        return fail("keyId: " + receipt.keyId() + " is not a key you trust");
      }
      byte[] signature = Base64.getUrlDecoder().decode(receipt.treeHeadSignature());
      if (!key.verify(head, signature)) {
        return fail("treeHeadSignature: does not verify with the key");
      }
      String root = string(headJson, "rootHash");
      List<byte[]> path = new ArrayList<>();
      for (String p : receipt.path()) {
        path.add(HEX.parseHex(p));
      }
      if (!MerkleTree.verifyInclusion(
          seal,
          new InclusionProof(receipt.leafIndex(), receipt.treeSize(), path),
          HEX.parseHex(root))) {
        return fail("path: the seal is not in the signed tree");
      }
      JsonValue raw = scoreJson.members().get("rawTotal");
      JsonValue grade = scoreJson.members().get("grade");
      return new Outcome(
          true,
          null,
          raw instanceof JsonValue.JsonNumber n ? n.value() : null,
          grade instanceof JsonValue.JsonNumber g ? (int) g.value() : null,
          root);
    } catch (IllegalArgumentException | NullPointerException e) {
      facts.add(e.getMessage());
      return fail("malformed receipt: " + String.join("; ", facts));
    }
  }

  private static Outcome fail(String why) {
    return new Outcome(false, why, null, null, null);
  }

  private static byte[] utf8(String text, String field) {
    if (text == null) {
      throw new IllegalArgumentException(field + " is missing");
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (!Arrays.equals(CanonicalJson.canonicalize(text), bytes)) {
      throw new IllegalArgumentException(field + " is not in canonical form (RFC 8785)");
    }
    return bytes;
  }

  private static JsonValue.JsonObject object(byte[] json, String field) {
    if (CanonicalJson.parse(json) instanceof JsonValue.JsonObject o) {
      return o;
    }
    throw new IllegalArgumentException(field + " is not a JSON object");
  }

  private static String string(JsonValue.JsonObject o, String member) {
    return o.members().get(member) instanceof JsonValue.JsonString s ? s.value() : null;
  }

  private static long number(JsonValue.JsonObject o, String member) {
    if (o.members().get(member) instanceof JsonValue.JsonNumber n
        && n.value() == Math.rint(n.value())) {
      return (long) n.value();
    }
    throw new IllegalArgumentException(member + " is not a number");
  }
}
