package kg.exam.contract.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ed25519Test {

  private static final HexFormat HEX = HexFormat.of();

  /** RFC 8032 TEST 1 secret key as PKCS#8 PEM, written by OpenSSL 3.0 ({@code openssl pkey}). */
  private static final String TEST_1_PEM_BY_OPENSSL =
      """
      -----BEGIN PRIVATE KEY-----
      MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
      -----END PRIVATE KEY-----
      """;

  private static final byte[] TEST_1_SEED =
      HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

  private static final byte[] MESSAGE =
      "AnswerRecorded i-07 [\"B\"]".getBytes(StandardCharsets.UTF_8);

  record Vector(String name, byte[] secretKey, byte[] publicKey, byte[] message, byte[] signature) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> rfc8032() {
    return TestResources.dataLines("ed25519/rfc8032-7.1.txt").stream()
        .map(line -> line.split("\\|", -1))
        .map(
            f ->
                Arguments.of(
                    new Vector(
                        f[0],
                        HEX.parseHex(f[1]),
                        HEX.parseHex(f[2]),
                        HEX.parseHex(f[3]),
                        HEX.parseHex(f[4]))));
  }

  @Test
  void shouldReadAllFiveRfc8032Vectors() {
    assertThat(rfc8032().map(a -> a.get()[0].toString()))
        .containsExactly("TEST 1", "TEST 2", "TEST 3", "TEST 1024", "TEST SHA(abc)");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rfc8032")
  void shouldDeriveTheRfc8032PublicKey(Vector vector) {
    assertThat(Ed25519PrivateKey.fromSeed(vector.secretKey()).publicKey().raw())
        .isEqualTo(vector.publicKey());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rfc8032")
  void shouldProduceTheRfc8032Signature(Vector vector) {
    assertThat(Ed25519PrivateKey.fromSeed(vector.secretKey()).sign(vector.message()))
        .isEqualTo(vector.signature());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rfc8032")
  void shouldAcceptTheRfc8032Signature(Vector vector) {
    assertThat(
            Ed25519PublicKey.fromRaw(vector.publicKey())
                .verify(vector.message(), vector.signature()))
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rfc8032")
  void shouldRefuseTheRfc8032SignatureWithAnyOneBitFlipped(Vector vector) {
    Ed25519PublicKey publicKey = Ed25519PublicKey.fromRaw(vector.publicKey());
    for (int bit = 0; bit < 512; bit++) {
      byte[] flipped = vector.signature().clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));

      assertThat(publicKey.verify(vector.message(), flipped)).as("bit %d", bit).isFalse();
    }
  }

  @Test
  void shouldRefuseASignatureOverOtherBytes() {
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(TEST_1_SEED);
    byte[] signature = key.sign(MESSAGE);
    byte[] other = MESSAGE.clone();
    other[other.length - 1] ^= 1;

    assertThat(key.publicKey().verify(other, signature)).isFalse();
  }

  @Test
  void shouldRefuseASignatureByAnotherKey() {
    Ed25519PrivateKey signer = Ed25519PrivateKey.generate(new SecureRandom());
    Ed25519PrivateKey other = Ed25519PrivateKey.generate(new SecureRandom());

    assertThat(other.publicKey().verify(MESSAGE, signer.sign(MESSAGE))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 63, 65, 128})
  void shouldRefuseASignatureOfTheWrongLengthWithoutThrowing(int length) {
    Ed25519PublicKey publicKey = Ed25519PrivateKey.fromSeed(TEST_1_SEED).publicKey();

    assertThat(publicKey.verify(MESSAGE, new byte[length])).isFalse();
  }

  @Test
  void shouldSignAndVerifyWithAGeneratedKey() {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());

    assertThat(key.publicKey().verify(MESSAGE, key.sign(MESSAGE))).isTrue();
  }

  @Test
  void shouldDeriveTheKeyIdAsDocumented() {
    // base64url(first 16 bytes of SHA-256(raw public key)), computed with Python's hashlib.
    assertThat(Ed25519PrivateKey.fromSeed(TEST_1_SEED).keyId())
        .isEqualTo(new KeyId("If4x36FUomFia_hUBG_SJw"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "If4x36FUomFia_hUBG_SJ",
        "If4x36FUomFia_hUBG_SJw=",
        "If4x36FUomFia+hUBG/SJw",
        "If4x36FUomFia_hUBG_SJx"
      })
  void shouldRefuseAKeyIdThatIsNotSixteenBytesOfBase64Url(String value) {
    assertThatThrownBy(() -> new KeyId(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value=" + value);
  }

  @Test
  void shouldEncodeThePublicKeyAsUnpaddedBase64Url() {
    Ed25519PublicKey publicKey = Ed25519PrivateKey.fromSeed(TEST_1_SEED).publicKey();

    assertThat(publicKey.toBase64Url()).isEqualTo("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
    assertThat(Ed25519PublicKey.fromBase64Url(publicKey.toBase64Url())).isEqualTo(publicKey);
  }

  @Test
  void shouldRefuseAPublicKeyOfTheWrongLength() {
    assertThatThrownBy(() -> Ed25519PublicKey.fromRaw(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Ed25519 public key must be 32 bytes: raw.length=31");
  }

  @Test
  void shouldReadAPemWrittenByOpenSsl() {
    Ed25519PrivateKey key = Ed25519PrivateKey.fromPem(TEST_1_PEM_BY_OPENSSL);

    assertThat(key.publicKey()).isEqualTo(Ed25519PrivateKey.fromSeed(TEST_1_SEED).publicKey());
  }

  @Test
  void shouldWriteTheSamePemAsOpenSsl() {
    assertThat(Ed25519PrivateKey.fromSeed(TEST_1_SEED).toPem()).isEqualTo(TEST_1_PEM_BY_OPENSSL);
  }

  @Test
  void shouldRoundTripAGeneratedKeyThroughPem() {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
    Ed25519PrivateKey read = Ed25519PrivateKey.fromPem(key.toPem());

    assertThat(read.publicKey()).isEqualTo(key.publicKey());
    assertThat(key.publicKey().verify(MESSAGE, read.sign(MESSAGE))).isTrue();
  }

  @Test
  void shouldReadAPemFile(@TempDir Path directory) throws IOException {
    Path pemFile = Files.writeString(directory.resolve("server.pem"), TEST_1_PEM_BY_OPENSSL);

    assertThat(Ed25519PrivateKey.fromPemFile(pemFile).keyId())
        .isEqualTo(new KeyId("If4x36FUomFia_hUBG_SJw"));
  }

  @Test
  void shouldNameTheFileButNotItsContentWhenAPemFileIsBad(@TempDir Path directory)
      throws IOException {
    Path pemFile = Files.writeString(directory.resolve("server.pem"), "secret-looking text");

    assertThatThrownBy(() -> Ed25519PrivateKey.fromPemFile(pemFile))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("pemFile=" + pemFile)
        .hasMessageNotContaining("secret-looking");
  }

  @Test
  void shouldRefusePublicKeyBytesThatAreNoCurvePoint() {
    // y = 2^255 - 1 (all ones but the sign bit) is not below p = 2^255 - 19: no point.
    byte[] notAPoint = new byte[32];
    java.util.Arrays.fill(notAPoint, (byte) 0xff);
    notAPoint[31] = 0x7f;

    assertThatThrownBy(() -> Ed25519PublicKey.fromRaw(notAPoint))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an Ed25519 public key (no curve point): raw=");
  }

  @Test
  void shouldRefuseTextThatIsNotAPkcs8Pem() {
    assertThatThrownBy(
            () ->
                Ed25519PrivateKey.fromPem(
                    "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not an unencrypted PKCS#8 PEM");
  }

  @Test
  void shouldRefuseAPemWhoseBodyIsNotAPrivateKeyInfo() {
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getEncoder().encodeToString(new byte[48])
            + "\n-----END PRIVATE KEY-----\n";

    assertThatThrownBy(() -> Ed25519PrivateKey.fromPem(pem))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PEM body is not a PKCS#8 PrivateKeyInfo");
  }

  @Test
  void shouldHideTheSecretInToString() {
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(TEST_1_SEED);
    String pemBody = TEST_1_PEM_BY_OPENSSL.lines().skip(1).findFirst().orElseThrow();

    assertThat(key.toString())
        .isEqualTo("Ed25519PrivateKey[keyId=If4x36FUomFia_hUBG_SJw, secret=<hidden>]")
        .doesNotContain(HEX.formatHex(TEST_1_SEED))
        .doesNotContain(Base64.getEncoder().encodeToString(TEST_1_SEED))
        .doesNotContain(pemBody);
  }
}
