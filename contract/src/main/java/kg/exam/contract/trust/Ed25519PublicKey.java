package kg.exam.contract.trust;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 public key (RFC 8032, pure Ed25519 without context or prehash), its raw 32-byte
 * encoding and its {@link KeyId}. Immutable and thread-safe: every verification uses its own Bouncy
 * Castle signer.
 */
public final class Ed25519PublicKey {

  /** Length of a raw Ed25519 public key. */
  public static final int RAW_LENGTH_BYTES = 32;

  /** Length of an Ed25519 signature. */
  public static final int SIGNATURE_LENGTH_BYTES = 64;

  private final Ed25519PublicKeyParameters parameters;
  private final byte[] raw;
  private final KeyId keyId;

  Ed25519PublicKey(Ed25519PublicKeyParameters parameters) {
    this.parameters = parameters;
    this.raw = parameters.getEncoded();
    this.keyId = KeyId.of(this);
  }

  /**
   * Decodes a raw 32-byte public key (RFC 8032 section 5.1.5 encoding); refuses bytes that encode
   * no point of the curve.
   */
  public static Ed25519PublicKey fromRaw(byte[] raw) {
    Objects.requireNonNull(raw, "raw");
    if (raw.length != RAW_LENGTH_BYTES) {
      throw new IllegalArgumentException(
          "Ed25519 public key must be 32 bytes: raw.length=" + raw.length);
    }
    Ed25519PublicKeyParameters parameters;
    try {
      parameters = new Ed25519PublicKeyParameters(raw, 0);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not an Ed25519 public key (no curve point): raw="
              + Base64.getUrlEncoder().withoutPadding().encodeToString(raw),
          e);
    }
    return new Ed25519PublicKey(parameters);
  }

  /** Decodes the raw 32 bytes from base64url without padding (43 characters). */
  public static Ed25519PublicKey fromBase64Url(String base64Url) {
    Objects.requireNonNull(base64Url, "base64Url");
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(base64Url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("public key is not base64url: base64Url=" + base64Url, e);
    }
    if (base64Url.endsWith("=")) {
      throw new IllegalArgumentException(
          "public key must be base64url without padding: base64Url=" + base64Url);
    }
    return fromRaw(raw);
  }

  /** A copy of the raw 32-byte key. */
  public byte[] raw() {
    return raw.clone();
  }

  /** The raw key as base64url without padding. */
  public String toBase64Url() {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /** The id derived from this key. */
  public KeyId keyId() {
    return keyId;
  }

  /**
   * Whether {@code signature} is a valid Ed25519 signature of {@code message} by this key. Returns
   * false (never throws) for a signature of the wrong length or over other bytes.
   */
  public boolean verify(byte[] message, byte[] signature) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(signature, "signature");
    if (signature.length != SIGNATURE_LENGTH_BYTES) {
      return false;
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, parameters);
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Ed25519PublicKey that && Arrays.equals(raw, that.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "Ed25519PublicKey[keyId=" + keyId + ", raw=" + toBase64Url() + "]";
  }
}
