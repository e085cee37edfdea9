package kg.exam.command.trust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import kg.exam.contract.trust.Ed25519PrivateKey;
import kg.exam.contract.trust.Ed25519PublicKey;
import kg.exam.contract.trust.KeyId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The server's Ed25519 signing key for seals and session tree heads, read from the PKCS#8 PEM file
 * named by {@code exam.trust.server-key-file} (the embedded default makes one in its data
 * directory) or from the PKCS#12 keystore named by {@code exam.trust.server-key-store} ({@link
 * ServerKeyStore}). Without either an ephemeral key is generated per start, with a warning: every
 * restart then rotates the key. A key that cannot be read stops the start with a message naming the
 * setting to fix. The private key and the keystore password are never logged or rendered: they are
 * not written to logs, not put in events, and not returned by any endpoint.
 */
@Component
public class ServerKey {
  private static final Logger log = LoggerFactory.getLogger(ServerKey.class);

  private final Ed25519PrivateKey key;
  private final Ed25519PrivateKey previous;

  @Autowired
  ServerKey(TrustProperties trust) {
    this(load(trust), loadPrevious(trust));
  }

  ServerKey(Ed25519PrivateKey key) {
    this(key, null);
  }

  ServerKey(Ed25519PrivateKey key, Ed25519PrivateKey previous) {
    this.key = key;
    this.previous = previous;
  }

  /**
   * The key being replaced at a rotation, from {@code exam.trust.previous-server-key-file} or
   * {@code -alias}; null when neither is set.
   */
  static Ed25519PrivateKey loadPrevious(TrustProperties trust) {
    if (TrustProperties.present(trust.previousServerKeyAlias())) {
      char[] password =
          trust.serverKeyStorePassword() == null
              ? new char[0]
              : trust.serverKeyStorePassword().toCharArray();
      try {
        return ServerKeyStore.load(
            Path.of(trust.serverKeyStore()), password, trust.previousServerKeyAlias());
      } finally {
        Arrays.fill(password, '\0');
      }
    }
    if (TrustProperties.present(trust.previousServerKeyFile())) {
      try {
        return Ed25519PrivateKey.fromPemFile(Path.of(trust.previousServerKeyFile()));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read the previous server key file exam.trust.previous-server-key-file="
                + trust.previousServerKeyFile(),
            e);
      }
    }
    return null;
  }

  /** The private key being replaced, configured for a cross-signed rotation; empty otherwise. */
  Optional<Ed25519PrivateKey> previous() {
    return Optional.ofNullable(previous);
  }

  static Ed25519PrivateKey load(TrustProperties trust) {
    if (TrustProperties.present(trust.serverKeyStore())) {
      if (trust.serverKeyStorePassword() == null) {
        throw new IllegalStateException(
            "exam.trust.server-key-store="
                + trust.serverKeyStore()
                + " needs exam.trust.server-key-store-password"
                + " (EXAM_TRUST_SERVER_KEY_STORE_PASSWORD)");
      }
      char[] password = trust.serverKeyStorePassword().toCharArray();
      try {
        Ed25519PrivateKey key =
            ServerKeyStore.load(Path.of(trust.serverKeyStore()), password, trust.serverKeyAlias());
        log.info("Server key {} loaded from keystore {}", key.keyId(), trust.serverKeyStore());
        return key;
      } finally {
        Arrays.fill(password, '\0');
      }
    }
    if (TrustProperties.present(trust.serverKeyFile())) {
      Ed25519PrivateKey key;
      try {
        key = Ed25519PrivateKey.fromPemFile(Path.of(trust.serverKeyFile()));
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read the server key file exam.trust.server-key-file=" + trust.serverKeyFile(),
            e);
      }
      log.info("Server key {} loaded from {}", key.keyId(), trust.serverKeyFile());
      return key;
    }
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
    log.warn(
        "Neither exam.trust.server-key-file nor exam.trust.server-key-store configured: sealing"
            + " with an ephemeral server key {} (a new key, i.e. a rotation, at every start)",
        key.keyId());
    return key;
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
