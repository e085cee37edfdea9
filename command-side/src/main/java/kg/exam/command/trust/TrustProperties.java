package kg.exam.command.trust;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Trust settings ({@code exam.trust.*}).
 *
 * <p>The server key comes from at most one source: a PEM file ({@code serverKeyFile}) or a PKCS#12
 * keystore ({@code serverKeyStore} with its password and, when the store holds more than one key,
 * the alias). With neither, an ephemeral key is generated at every start.
 *
 * @param serverKeyFile unencrypted PKCS#8 PEM file holding the server's Ed25519 key
 * @param serverKeyStore PKCS#12 keystore holding the server's Ed25519 key (made by {@code keytool
 *     -genkeypair -keyalg Ed25519} or {@code openssl pkcs12 -export})
 * @param serverKeyStorePassword the keystore's password, which also opens the key entry (as both
 *     tools make them); give it through {@code EXAM_TRUST_SERVER_KEY_STORE_PASSWORD}. Never logged
 *     and never rendered by {@link #toString()}.
 * @param serverKeyAlias the key entry's alias; may be left out when the store holds one key
 * @param requireAnswerSignatures whether unsigned answers are refused (keep it on)
 * @param enabled {@code false} turns every per-answer trust step off, for the benchmark that
 *     measures their cost only: no answer signature check, no hash chain, no seals. Refused unless
 *     {@code disabledForBenchmark} is also set. A database written so can never be audited.
 * @param disabledForBenchmark the explicit acknowledgement that {@code enabled=false} is a
 *     benchmark and not a deployment
 * @param previousServerKeyFile for a key rotation: the PEM file of the server key being replaced,
 *     which then cross-signs the new key ({@code ServerKeyEndorsed}); needed for that one start
 * @param previousServerKeyAlias the same, as another entry of {@code serverKeyStore}
 */
@ConfigurationProperties("exam.trust")
public record TrustProperties(
    String serverKeyFile,
    String serverKeyStore,
    String serverKeyStorePassword,
    String serverKeyAlias,
    @DefaultValue("true") boolean requireAnswerSignatures,
    @DefaultValue("true") boolean enabled,
    @DefaultValue("false") boolean disabledForBenchmark,
    String previousServerKeyFile,
    String previousServerKeyAlias) {

  public TrustProperties {
    if (!enabled && !disabledForBenchmark) {
      throw new IllegalArgumentException(
          "exam.trust.enabled=false turns off answer signature checks, hash chaining and seals;"
              + " it exists only to measure their cost and is refused unless"
              + " exam.trust.disabled-for-benchmark=true is set as well. Never in production.");
    }
    if (present(serverKeyFile) && present(serverKeyStore)) {
      throw new IllegalArgumentException(
          "exam.trust.server-key-file="
              + serverKeyFile
              + " and exam.trust.server-key-store="
              + serverKeyStore
              + " are both set; configure the server key from one source only");
    }
    if (present(previousServerKeyAlias) && !present(serverKeyStore)) {
      throw new IllegalArgumentException(
          "exam.trust.previous-server-key-alias="
              + previousServerKeyAlias
              + " names an entry of exam.trust.server-key-store, which is not set");
    }
    if (present(previousServerKeyFile) && present(previousServerKeyAlias)) {
      throw new IllegalArgumentException(
          "exam.trust.previous-server-key-file and exam.trust.previous-server-key-alias are both"
              + " set; configure the previous server key from one source only");
    }
  }

  static boolean present(String setting) {
    return setting != null && !setting.isBlank();
  }

  /** Every setting except the password, which is only said to be set or not. */
  @Override
  public String toString() {
    return "TrustProperties[serverKeyFile="
        + serverKeyFile
        + ", serverKeyStore="
        + serverKeyStore
        + ", serverKeyStorePassword="
        + (serverKeyStorePassword == null ? "<unset>" : "<hidden>")
        + ", serverKeyAlias="
        + serverKeyAlias
        + ", requireAnswerSignatures="
        + requireAnswerSignatures
        + ", enabled="
        + enabled
        + ", disabledForBenchmark="
        + disabledForBenchmark
        + ", previousServerKeyFile="
        + previousServerKeyFile
        + ", previousServerKeyAlias="
        + previousServerKeyAlias
        + "]";
  }
}
