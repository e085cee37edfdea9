package kg.exam.contract.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/**
 * An Ed25519 private key: signs bytes, knows its public key, and reads and writes itself as an
 * unencrypted PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----}, RFC 8410), the form {@code
 * openssl genpkey -algorithm ed25519} writes.
 *
 * <p>The secret never appears in {@link #toString()}, and there is deliberately no {@code equals}
 * over it; only {@link #toPem()} exports it, for writing a key file. Immutable and thread-safe:
 * every signature uses its own Bouncy Castle signer.
 */
public final class Ed25519PrivateKey {

  /** Length of an Ed25519 private key (the RFC 8032 "secret key", a 32-byte seed). */
  public static final int SEED_LENGTH_BYTES = 32;

  private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String PEM_END = "-----END PRIVATE KEY-----";

  /**
   * The fixed DER prefix of a PKCS#8 v1 Ed25519 PrivateKeyInfo (RFC 8410 section 7): SEQUENCE {
   * INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32 bytes) } }.
   */
  private static final byte[] PKCS8_PREFIX = {
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
  };

  private final Ed25519PrivateKeyParameters parameters;
  private final Ed25519PublicKey publicKey;

  private Ed25519PrivateKey(Ed25519PrivateKeyParameters parameters) {
    this.parameters = parameters;
    this.publicKey = new Ed25519PublicKey(parameters.generatePublicKey());
  }

  /**
   * Generates a new key from the given source of randomness (use a strong {@link SecureRandom}).
   */
  public static Ed25519PrivateKey generate(SecureRandom random) {
    Objects.requireNonNull(random, "random");
    return new Ed25519PrivateKey(new Ed25519PrivateKeyParameters(random));
  }

  /** Builds the key from its 32-byte seed (the RFC 8032 "secret key"); for test vectors. */
  public static Ed25519PrivateKey fromSeed(byte[] seed) {
    Objects.requireNonNull(seed, "seed");
    if (seed.length != SEED_LENGTH_BYTES) {
      throw new IllegalArgumentException(
          "Ed25519 seed must be 32 bytes: seed.length=" + seed.length);
    }
    return new Ed25519PrivateKey(new Ed25519PrivateKeyParameters(seed, 0));
  }

  /**
   * Reads an unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}) holding an Ed25519 key, version 1
   * or 2 (with the public key attached). Text outside the BEGIN/END lines is ignored. Error
   * messages never contain key material.
   */
  public static Ed25519PrivateKey fromPem(String pem) {
    Objects.requireNonNull(pem, "pem");
    int begin = pem.indexOf(PEM_BEGIN);
    int end = pem.indexOf(PEM_END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(
          "not an unencrypted PKCS#8 PEM: expected " + PEM_BEGIN + " ... " + PEM_END);
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(begin + PEM_BEGIN.length(), end).strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("PEM body is not base64");
    }
    AsymmetricKeyParameter key;
    try {
      key = PrivateKeyFactory.createKey(der);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("PEM body is not a PKCS#8 PrivateKeyInfo");
    }
    if (!(key instanceof Ed25519PrivateKeyParameters ed25519)) {
      throw new IllegalArgumentException(
          "PEM holds a key of another algorithm: type=" + key.getClass().getSimpleName());
    }
    return new Ed25519PrivateKey(ed25519);
  }

  /**
   * Reads {@link #fromPem(String) a PKCS#8 PEM} from a file, e.g. the server key named by
   * configuration. Error messages name the file, never its content.
   */
  public static Ed25519PrivateKey fromPemFile(Path pemFile) throws IOException {
    Objects.requireNonNull(pemFile, "pemFile");
    String pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
    try {
      return fromPem(pem);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + ": pemFile=" + pemFile, e);
    }
  }

  /**
   * Writes the key as PKCS#8 v1 PEM: the 48-byte DER {@code 302e020100300506032b657004220420 ‖
   * seed}, base64 in lines of 64 characters, LF line ends.
   */
  public String toPem() {
    byte[] der = new byte[PKCS8_PREFIX.length + SEED_LENGTH_BYTES];
    System.arraycopy(PKCS8_PREFIX, 0, der, 0, PKCS8_PREFIX.length);
    parameters.encode(der, PKCS8_PREFIX.length);
    String body =
        new String(
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encode(der),
            StandardCharsets.US_ASCII);
    java.util.Arrays.fill(der, (byte) 0);
    return PEM_BEGIN + "\n" + body + "\n" + PEM_END + "\n";
  }

  /** The matching public key. */
  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  /** The id of the matching public key, which signatures name. */
  public KeyId keyId() {
    return publicKey.keyId();
  }

  /** Signs the message (pure Ed25519, RFC 8032 section 5.1.6); returns the 64-byte signature. */
  public byte[] sign(byte[] message) {
    Objects.requireNonNull(message, "message");
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, parameters);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  /** Names the key by its public key id only; the secret is never rendered. */
  @Override
  public String toString() {
    return "Ed25519PrivateKey[keyId=" + publicKey.keyId() + ", secret=<hidden>]";
  }
}
