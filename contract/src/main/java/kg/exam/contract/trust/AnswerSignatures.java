package kg.exam.contract.trust;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The bytes a device signs when it captures an answer, and how the signature is written.
 *
 * <p>Scheme {@value #SCHEME}: the RFC 8785 canonical JSON ({@link CanonicalJson}) of the object
 * {@code {"scheme":"answer/1", "sittingId", "itemId", "response", "clientSeq", "clientTimestamp"}},
 * where {@code response} is the array of response strings in order, {@code clientSeq} a number, and
 * {@code clientTimestamp} the ISO-8601 UTC text of {@link Instant#toString()} (e.g. {@code
 * 2026-11-30T05:00:00Z}, {@code 2026-11-30T05:00:00.120Z}); the {@code clientTimestamp} member is
 * left out when the answer has none. The signature is pure Ed25519 (RFC 8032) over those bytes,
 * written as base64url without padding (86 characters), and names the signing key by its {@link
 * KeyId}.
 */
public final class AnswerSignatures {
  /** Name and version of the signed answer form. */
  public static final String SCHEME = "answer/1";

  private AnswerSignatures() {}

  /** The canonical bytes of an answer that its device signs. */
  public static byte[] signedBytes(
      String sittingId,
      String itemId,
      List<String> response,
      long clientSeq,
      Instant clientTimestamp) {
    Objects.requireNonNull(sittingId, "sittingId");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(response, "response");
    TreeMap<String, JsonValue> members = new TreeMap<>();
    members.put("scheme", new JsonValue.JsonString(SCHEME));
    members.put("sittingId", new JsonValue.JsonString(sittingId));
    members.put("itemId", new JsonValue.JsonString(itemId));
    List<JsonValue> values = new ArrayList<>(response.size());
    for (String v : response) {
      values.add(new JsonValue.JsonString(Objects.requireNonNull(v, "response value")));
    }
    members.put("response", new JsonValue.JsonArray(values));
    members.put("clientSeq", new JsonValue.JsonNumber(clientSeq));
    if (clientTimestamp != null) {
      members.put("clientTimestamp", new JsonValue.JsonString(clientTimestamp.toString()));
    }
    return CanonicalJson.canonicalBytes(new JsonValue.JsonObject(members));
  }

  /** The signed bytes as text (UTF-8), e.g. for a device that signs with another library. */
  public static String signedText(
      String sittingId,
      String itemId,
      List<String> response,
      long clientSeq,
      Instant clientTimestamp) {
    return new String(
        signedBytes(sittingId, itemId, response, clientSeq, clientTimestamp),
        StandardCharsets.UTF_8);
  }

  /** Signs an answer; returns the signature as base64url without padding. */
  public static String sign(
      Ed25519PrivateKey key,
      String sittingId,
      String itemId,
      List<String> response,
      long clientSeq,
      Instant clientTimestamp) {
    Objects.requireNonNull(key, "key");
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(
            key.sign(signedBytes(sittingId, itemId, response, clientSeq, clientTimestamp)));
  }

  /**
   * Whether {@code signature} (base64url) is {@code key}'s signature of the answer. False, never an
   * exception, for a signature that is not base64url or not 64 bytes.
   */
  public static boolean verify(
      Ed25519PublicKey key,
      String signature,
      String sittingId,
      String itemId,
      List<String> response,
      long clientSeq,
      Instant clientTimestamp) {
    Objects.requireNonNull(key, "key");
    if (signature == null) {
      return false;
    }
    byte[] sig;
    try {
      sig = Base64.getUrlDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return key.verify(signedBytes(sittingId, itemId, response, clientSeq, clientTimestamp), sig);
  }

  /**
   * Reads a public key given as base64url or base64 of the raw 32 bytes, or as a PEM {@code PUBLIC
   * KEY} (X.509 SubjectPublicKeyInfo of an Ed25519 key, RFC 8410).
   *
   * @throws IllegalArgumentException when the text is none of these or no Ed25519 key
   */
  public static Ed25519PublicKey parsePublicKey(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.strip();
    if (t.startsWith("-----BEGIN PUBLIC KEY-----")) {
      int end = t.indexOf("-----END PUBLIC KEY-----");
      if (end < 0) {
        throw new IllegalArgumentException("PEM public key without its END line");
      }
      String body = t.substring("-----BEGIN PUBLIC KEY-----".length(), end).replaceAll("\\s", "");
      byte[] der;
      try {
        der = Base64.getDecoder().decode(body);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("PEM public key body is not base64", e);
      }
      byte[] prefix = java.util.HexFormat.of().parseHex("302a300506032b6570032100");
      if (der.length != prefix.length + Ed25519PublicKey.RAW_LENGTH_BYTES
          || !java.util.Arrays.equals(der, 0, prefix.length, prefix, 0, prefix.length)) {
        throw new IllegalArgumentException("PEM public key is not an Ed25519 key (RFC 8410)");
      }
      return Ed25519PublicKey.fromRaw(java.util.Arrays.copyOfRange(der, prefix.length, der.length));
    }
    byte[] raw;
    try {
      raw =
          t.indexOf('+') >= 0 || t.indexOf('/') >= 0 || t.endsWith("=")
              ? Base64.getDecoder().decode(t)
              : Base64.getUrlDecoder().decode(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("public key is neither base64url, base64 nor PEM", e);
    }
    return Ed25519PublicKey.fromRaw(raw);
  }
}
