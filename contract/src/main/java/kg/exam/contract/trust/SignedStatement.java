package kg.exam.contract.trust;

import java.util.Objects;
import java.util.TreeMap;

/**
 * The bytes a server signature covers (seals, tree heads): the RFC 8785 canonical form of the
 * event's JSON payload object with its {@value #SIGNATURE_MEMBER} member removed. Every other
 * member, including the {@code scheme} that versions the statement, is signed.
 */
public final class SignedStatement {
  /** The member that holds the signature and is left out of the signed bytes. */
  public static final String SIGNATURE_MEMBER = "signature";

  private SignedStatement() {}

  /** The signed bytes of a payload object (its {@code signature} member, if any, left out). */
  public static byte[] signedBytes(JsonValue.JsonObject payload) {
    Objects.requireNonNull(payload, "payload");
    TreeMap<String, JsonValue> members = new TreeMap<>(payload.members());
    members.remove(SIGNATURE_MEMBER);
    return CanonicalJson.canonicalBytes(new JsonValue.JsonObject(members));
  }

  /** The signed bytes of a canonical (or any) JSON text of an object. */
  public static byte[] signedBytes(byte[] payloadJson) {
    if (!(CanonicalJson.parse(payloadJson) instanceof JsonValue.JsonObject object)) {
      throw new IllegalArgumentException("a signed statement must be a JSON object");
    }
    return signedBytes(object);
  }

  /** SHA-256 of the bytes; e.g. a seal's score digest over the SittingScored canonical payload. */
  public static byte[] sha256(byte[] bytes) {
    return StreamHashChain.sha256().digest(Objects.requireNonNull(bytes, "bytes"));
  }
}
