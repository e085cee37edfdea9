package kg.exam.contract.trust;

import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The id of a public key, named by every signature made with its private key.
 *
 * <p>Derivation (scheme {@value #SCHEME}): the first 16 bytes of SHA-256 over the raw 32-byte
 * Ed25519 public key, encoded as base64url (RFC 4648 section 5) without padding: always 22
 * characters of {@code [A-Za-z0-9_-]}. Example: the RFC 8032 TEST 1 public key {@code
 * d75a9801...f707511a} has key id {@code If4x36FUomFia_hUBG_SJw}.
 *
 * @param value the 22-character base64url text
 */
public record KeyId(String value) {

  /** Name and version of the key id derivation. */
  public static final String SCHEME = "sha256-16-b64url/1";

  private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{21}[AQgw]");

  /** Checks the form: 22 base64url characters encoding exactly 16 bytes. */
  public KeyId {
    Objects.requireNonNull(value, "value");
    if (!FORM.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "key id must be 22 base64url characters (16 bytes): value=" + value);
    }
  }

  /** Derives the key id of a raw 32-byte Ed25519 public key. */
  public static KeyId of(Ed25519PublicKey publicKey) {
    Objects.requireNonNull(publicKey, "publicKey");
    byte[] digest = StreamHashChain.sha256().digest(publicKey.raw());
    byte[] first16 = java.util.Arrays.copyOf(digest, 16);
    return new KeyId(Base64.getUrlEncoder().withoutPadding().encodeToString(first16));
  }

  @Override
  public String toString() {
    return value;
  }
}
