package kg.exam.command.trust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import kg.exam.contract.trust.Ed25519PrivateKey;
import kg.exam.contract.trust.Ed25519PublicKey;
import kg.exam.contract.trust.KeyId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The server's Ed25519 signing key for seals and session tree heads, read from the PKCS#8 PEM file
 * named by {@code exam.trust.server-key-file} (the embedded default makes one in its data
 * directory). Without that setting an ephemeral key is generated per start, with a warning: every
 * restart then rotates the key. The private key never leaves this object: it is not logged, not put
 * in events, and not returned by any endpoint.
 */
@Component
public class ServerKey {
  private static final Logger log = LoggerFactory.getLogger(ServerKey.class);

  private final Ed25519PrivateKey key;

  ServerKey(@Value("${exam.trust.server-key-file:}") String keyFile) {
    if (keyFile == null || keyFile.isBlank()) {
      key = Ed25519PrivateKey.generate(new SecureRandom());
      log.warn(
          "No exam.trust.server-key-file configured: sealing with an ephemeral server key {}"
              + " (a new key, i.e. a rotation, at every start)",
          key.keyId());
    } else {
      try {
        key = Ed25519PrivateKey.fromPemFile(Path.of(keyFile));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the server key file " + keyFile, e);
      }
      log.info("Server key {} loaded from {}", key.keyId(), keyFile);
    }
  }

  /** The id of the public key, named by every seal. */
  public KeyId keyId() {
    return key.keyId();
  }

  /** The public key. */
  public Ed25519PublicKey publicKey() {
    return key.publicKey();
  }

  /** Signs the bytes. */
  public byte[] sign(byte[] message) {
    return key.sign(message);
  }

  @Override
  public String toString() {
    return "ServerKey[keyId=" + key.keyId() + "]";
  }
}
