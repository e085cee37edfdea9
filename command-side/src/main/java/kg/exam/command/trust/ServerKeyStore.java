package kg.exam.command.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.interfaces.EdECPrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import kg.exam.contract.trust.Ed25519PrivateKey;

/**
 * Reads the server's Ed25519 private key from a PKCS#12 keystore, as made by {@code keytool
 * -genkeypair -keyalg Ed25519 -storetype PKCS12} or {@code openssl pkcs12 -export}. The store
 * password also opens the key entry (both tools make it so; entries with a password of their own
 * are refused).
 *
 * <p>Every failure is an {@link IllegalStateException} whose message names the setting to fix: the
 * file missing or not PKCS#12, a wrong password, an alias that is not there (listing the aliases
 * the store does hold, which are not secret), an entry without a private key, or a key of another
 * algorithm. Messages never contain the password or key material.
 */
final class ServerKeyStore {
  private ServerKeyStore() {}

  /**
   * The Ed25519 key in the store.
   *
   * @param store the PKCS#12 file
   * @param password the store password (the caller clears its array afterwards)
   * @param alias the key entry's alias; null or blank when the store holds exactly one key entry
   */
  static Ed25519PrivateKey load(Path store, char[] password, String alias) {
    KeyStore keys = open(store, password);
    String entry = TrustProperties.present(alias) ? alias : onlyKeyEntry(keys, store);
    Key key;
    try {
      if (!keys.containsAlias(entry)) {
        throw new IllegalStateException(
            "exam.trust.server-key-alias="
                + entry
                + ": no such entry in "
                + store
                + "; its key entries are "
                + keyEntries(keys));
      }
      if (!keys.isKeyEntry(entry)) {
        throw new IllegalStateException(
            "exam.trust.server-key-alias="
                + entry
                + ": that entry of "
                + store
                + " holds no private key; its key entries are "
                + keyEntries(keys));
      }
      key = keys.getKey(entry, password);
    } catch (UnrecoverableKeyException e) {
      throw new IllegalStateException(
          "the key entry "
              + entry
              + " of "
              + store
              + " does not open with the store password; give the key the store's password"
              + " (a PKCS#12 key entry with a password of its own is not supported)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot read the key entry " + entry + " of " + store + ": " + e.getMessage(), e);
    }
    String algorithm =
        key instanceof EdECPrivateKey edec ? edec.getParams().getName() : key.getAlgorithm();
    if (!(key instanceof EdECPrivateKey edec) || !"Ed25519".equalsIgnoreCase(algorithm)) {
      throw new IllegalStateException(
          "the key entry "
              + entry
              + " of "
              + store
              + " holds a "
              + algorithm
              + " key; the server key must be Ed25519 (keytool -genkeypair -keyalg Ed25519)");
    }
    byte[] seed =
        edec.getBytes()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the key entry " + entry + " of " + store + " does not expose its key"));
    try {
      return Ed25519PrivateKey.fromSeed(seed);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  private static KeyStore open(Path store, char[] password) {
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, password);
      return keys;
    } catch (NoSuchFileException e) {
      throw new IllegalStateException("exam.trust.server-key-store=" + store + ": no such file");
    } catch (IOException e) {
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new IllegalStateException(
            "exam.trust.server-key-store="
                + store
                + ": wrong password (exam.trust.server-key-store-password), or the file is"
                + " damaged");
      }
      throw new IllegalStateException(
          "exam.trust.server-key-store="
              + store
              + ": not a readable PKCS#12 keystore ("
              + e.getMessage()
              + ")",
          e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "exam.trust.server-key-store=" + store + ": cannot load it: " + e.getMessage(), e);
    }
  }

  private static String onlyKeyEntry(KeyStore keys, Path store) {
    List<String> entries = keyEntries(keys);
    if (entries.size() != 1) {
      throw new IllegalStateException(
          "exam.trust.server-key-alias is required: "
              + store
              + (entries.isEmpty() ? " holds no private key" : " holds key entries " + entries));
    }
    return entries.getFirst();
  }

  private static List<String> keyEntries(KeyStore keys) {
    List<String> entries = new ArrayList<>();
    try {
      for (String alias : Collections.list(keys.aliases())) {
        if (keys.isKeyEntry(alias)) {
          entries.add(alias);
        }
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot list the keystore's entries", e);
    }
    Collections.sort(entries);
    return entries;
  }
}
