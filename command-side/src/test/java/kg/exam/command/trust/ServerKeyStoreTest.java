package kg.exam.command.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import kg.exam.contract.trust.Ed25519PrivateKey;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server key from a PKCS#12 keystore: stores made with the JDK's {@link KeyStore} API, with
 * {@code keytool} and with {@code openssl pkcs12} are read, and every misconfiguration stops the
 * start with a message naming the setting to fix and never the password.
 */
class ServerKeyStoreTest {
  private static final String PASSWORD = "test-store-pass-" + System.nanoTime();
  private static final byte[] MESSAGE = "seal me".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  private static TrustProperties store(Path file, String password, String alias) {
    return new TrustProperties(
        null, file.toString(), password, alias, true, true, false, null, null);
  }

  private static boolean verifies(PublicKey publicKey, byte[] signature) throws Exception {
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(publicKey);
    verifier.update(MESSAGE);
    return verifier.verify(signature);
  }

  private static Certificate certificate(Path store, String alias) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD.toCharArray());
    }
    return keys.getCertificate(alias);
  }

  /** A self-signed Ed25519 certificate, as PKCS#12 key entries need one. */
  private static Certificate selfSigned(KeyPair pair) throws Exception {
    V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
    AlgorithmIdentifier ed25519 = new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.3.101.112"));
    X500Name name = new X500Name("CN=exam-server-test");
    Instant now = Instant.now();
    tbs.setSerialNumber(new ASN1Integer(BigInteger.ONE));
    tbs.setIssuer(name);
    tbs.setSubject(name);
    tbs.setStartDate(new Time(Date.from(now.minus(1, ChronoUnit.DAYS))));
    tbs.setEndDate(new Time(Date.from(now.plus(365, ChronoUnit.DAYS))));
    tbs.setSignature(ed25519);
    tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()));
    TBSCertificate certificate = tbs.generateTBSCertificate();
    Signature signer = Signature.getInstance("Ed25519");
    signer.initSign(pair.getPrivate());
    signer.update(certificate.getEncoded());
    ASN1EncodableVector signed = new ASN1EncodableVector();
    signed.add(certificate);
    signed.add(ed25519);
    signed.add(new DERBitString(signer.sign()));
    byte[] der = new DERSequence(signed).getEncoded();
    return CertificateFactory.getInstance("X.509")
        .generateCertificate(new java.io.ByteArrayInputStream(der));
  }

  /** A PKCS#12 store written with the JDK's KeyStore API, one Ed25519 key entry per alias. */
  private Path jdkStore(String name, List<String> aliases, List<KeyPair> pairs) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    for (String alias : aliases) {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      pairs.add(pair);
      keys.setKeyEntry(
          alias, pair.getPrivate(), PASSWORD.toCharArray(), new Certificate[] {selfSigned(pair)});
    }
    Path file = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(file)) {
      keys.store(out, PASSWORD.toCharArray());
    }
    return file;
  }

  private static void run(Path workDir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("tool-output.txt").toFile())
            .start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("tool finished").isTrue();
    assertThat(p.exitValue())
        .as(String.join(" ", command) + ": " + Files.readString(workDir.resolve("tool-output.txt")))
        .isZero();
  }

  private Path keytool(String file, String alias, String... keyalg) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                alias,
                "-keystore",
                file,
                "-storetype",
                "PKCS12",
                "-storepass",
                PASSWORD,
                "-dname",
                "CN=exam-server-test",
                "-validity",
                "365"));
    command.addAll(List.of(keyalg));
    run(dir, command.toArray(String[]::new));
    return dir.resolve(file);
  }

  @Test
  void shouldLoadTheEd25519KeyOfAStoreMadeWithTheJdkKeyStoreApi() throws Exception {
    List<KeyPair> pairs = new ArrayList<>();
    Path file = jdkStore("jdk.p12", List.of("server"), pairs);

    ServerKey key = new ServerKey(store(file, PASSWORD, "server"));

    assertThat(verifies(pairs.getFirst().getPublic(), key.sign(MESSAGE))).isTrue();
  }

  @Test
  void shouldLoadTheEd25519KeyOfAStoreMadeByKeytool() throws Exception {
    Path file = keytool("keytool.p12", "exam-server", "-keyalg", "Ed25519");

    ServerKey key = new ServerKey(store(file, PASSWORD, "exam-server"));

    assertThat(verifies(certificate(file, "exam-server").getPublicKey(), key.sign(MESSAGE)))
        .isTrue();
  }

  @Test
  void shouldLoadTheEd25519KeyOfAStoreMadeByOpensslPkcs12() throws Exception {
    run(dir, "openssl", "genpkey", "-algorithm", "ed25519", "-out", "key.pem");
    run(
        dir,
        "openssl",
        "req",
        "-x509",
        "-new",
        "-key",
        "key.pem",
        "-subj",
        "/CN=exam-server-test",
        "-days",
        "365",
        "-out",
        "cert.pem");
    run(
        dir,
        "openssl",
        "pkcs12",
        "-export",
        "-inkey",
        "key.pem",
        "-in",
        "cert.pem",
        "-name",
        "server",
        "-passout",
        "pass:" + PASSWORD,
        "-out",
        "openssl.p12");

    ServerKey key = new ServerKey(store(dir.resolve("openssl.p12"), PASSWORD, "server"));

    assertThat(key.keyId())
        .isEqualTo(Ed25519PrivateKey.fromPemFile(dir.resolve("key.pem")).keyId());
  }

  @Test
  void shouldUseTheOnlyKeyEntryWhenNoAliasIsConfigured() throws Exception {
    List<KeyPair> pairs = new ArrayList<>();
    Path file = jdkStore("one.p12", List.of("only"), pairs);

    ServerKey key = new ServerKey(store(file, PASSWORD, null));

    assertThat(verifies(pairs.getFirst().getPublic(), key.sign(MESSAGE))).isTrue();
  }

  @Test
  void shouldPickTheConfiguredAliasAmongSeveralKeys() throws Exception {
    List<KeyPair> pairs = new ArrayList<>();
    Path file = jdkStore("two.p12", List.of("old", "new"), pairs);

    ServerKey key = new ServerKey(store(file, PASSWORD, "new"));

    assertThat(verifies(pairs.get(1).getPublic(), key.sign(MESSAGE))).isTrue();
    assertThat(verifies(pairs.get(0).getPublic(), key.sign(MESSAGE))).isFalse();
  }

  @Test
  void shouldRequireAnAliasWhenTheStoreHoldsSeveralKeys() throws Exception {
    Path file = jdkStore("two.p12", List.of("old", "new"), new ArrayList<>());

    assertThatThrownBy(() -> new ServerKey(store(file, PASSWORD, " ")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exam.trust.server-key-alias is required")
        .hasMessageContaining("[new, old]");
  }

  @Test
  void shouldRefuseAWrongPasswordWithoutSayingIt() throws Exception {
    Path file = jdkStore("jdk.p12", List.of("server"), new ArrayList<>());
    String wrong = "not-the-" + PASSWORD;

    assertThatThrownBy(() -> new ServerKey(store(file, wrong, "server")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exam.trust.server-key-store=" + file)
        .hasMessageContaining("wrong password (exam.trust.server-key-store-password)")
        .hasMessageNotContaining(wrong)
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void shouldRefuseAMissingAliasAndNameTheKeyEntriesThere() throws Exception {
    Path file = keytool("keytool.p12", "exam-server", "-keyalg", "Ed25519");

    assertThatThrownBy(() -> new ServerKey(store(file, PASSWORD, "exam-srv")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exam.trust.server-key-alias=exam-srv: no such entry")
        .hasMessageContaining("[exam-server]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"EC", "RSA", "Ed448"})
  void shouldRefuseAKeyOfAnotherAlgorithm(String algorithm) throws Exception {
    Path file = keytool(algorithm + ".p12", "server", "-keyalg", algorithm);

    assertThatThrownBy(() -> new ServerKey(store(file, PASSWORD, "server")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds a " + algorithm + " key; the server key must be Ed25519");
  }

  @Test
  void shouldRefuseAStoreWithoutPassword() throws Exception {
    Path file = jdkStore("jdk.p12", List.of("server"), new ArrayList<>());

    assertThatThrownBy(() -> new ServerKey(store(file, null, "server")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs exam.trust.server-key-store-password");
  }

  @Test
  void shouldRefuseAMissingStoreFile() {
    Path file = dir.resolve("absent.p12");

    assertThatThrownBy(() -> new ServerKey(store(file, PASSWORD, "server")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("exam.trust.server-key-store=" + file + ": no such file");
  }

  @Test
  void shouldRefuseAFileThatIsNotPkcs12() throws IOException {
    Path file = dir.resolve("key.pem");
    Files.writeString(file, Ed25519PrivateKey.generate(new java.security.SecureRandom()).toPem());

    assertThatThrownBy(() -> new ServerKey(store(file, PASSWORD, "server")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a readable PKCS#12 keystore");
  }
}
