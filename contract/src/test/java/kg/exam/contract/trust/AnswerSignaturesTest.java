package kg.exam.contract.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import kg.exam.contract.trust.registry.KeyRegistry;
import kg.exam.contract.trust.registry.KeyRevoked;
import kg.exam.contract.trust.registry.StationKeyRegistered;
import kg.exam.contract.trust.registry.TrustRegistry;
import org.junit.jupiter.api.Test;

/**
 * The {@code answer/1} signed form, checked against a vector whose signature OpenSSL 3 produced
 * independently ({@code openssl pkeyutl -sign -rawin} with the RFC 8032 TEST 1 key), and station
 * key validity in the registry.
 */
class AnswerSignaturesTest {
  private static final Ed25519PrivateKey RFC8032_TEST1 =
      Ed25519PrivateKey.fromSeed(
          HexFormat.of()
              .parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  private static final Instant TS = Instant.parse("2026-05-20T09:14:03.250Z");
  private static final String VECTOR_SIGNATURE =
      "O3saUSYGBD5jDyUOAu9hmUOjCkbGCVvuklhT2Tb1LNraHmbEjZgLW9IL3VbLQv_7GaLTCgy8Wsjt8zoqDEBpDQ";

  @Test
  void shouldSignTheCanonicalAnswerFormAsOpenSslDoes() {
    assertThat(AnswerSignatures.signedText("sitting-4f2a9c", "q2", List.of("A", "C"), 7, TS))
        .isEqualTo(
            "{\"clientSeq\":7,\"clientTimestamp\":\"2026-05-20T09:14:03.250Z\",\"itemId\":\"q2\","
                + "\"response\":[\"A\",\"C\"],\"scheme\":\"answer/1\",\"sittingId\":\"sitting-4f2a9c\"}");
    assertThat(
            AnswerSignatures.sign(RFC8032_TEST1, "sitting-4f2a9c", "q2", List.of("A", "C"), 7, TS))
        .isEqualTo(VECTOR_SIGNATURE);
  }

  @Test
  void shouldLeaveOutAMissingClientTimestamp() {
    assertThat(AnswerSignatures.signedText("s", "q1", List.of(), 1, null))
        .isEqualTo(
            "{\"clientSeq\":1,\"itemId\":\"q1\",\"response\":[],\"scheme\":\"answer/1\",\"sittingId\":\"s\"}");
  }

  @Test
  void shouldVerifyOnlyTheSignedAnswer() {
    Ed25519PublicKey key = RFC8032_TEST1.publicKey();
    assertThat(
            AnswerSignatures.verify(
                key, VECTOR_SIGNATURE, "sitting-4f2a9c", "q2", List.of("A", "C"), 7, TS))
        .isTrue();
    assertThat(
            AnswerSignatures.verify(
                key, VECTOR_SIGNATURE, "sitting-4f2a9c", "q2", List.of("A", "B"), 7, TS))
        .as("other response")
        .isFalse();
    assertThat(
            AnswerSignatures.verify(
                key, VECTOR_SIGNATURE, "sitting-4f2a9c", "q2", List.of("A", "C"), 8, TS))
        .as("other clientSeq")
        .isFalse();
    assertThat(
            AnswerSignatures.verify(
                key, VECTOR_SIGNATURE, "sitting-other", "q2", List.of("A", "C"), 7, TS))
        .as("other sitting")
        .isFalse();
    assertThat(
            AnswerSignatures.verify(
                key,
                VECTOR_SIGNATURE,
                "sitting-4f2a9c",
                "q2",
                List.of("A", "C"),
                7,
                TS.plusMillis(1)))
        .as("other client time")
        .isFalse();
    assertThat(AnswerSignatures.verify(key, "not base64!", "s", "q2", List.of(), 7, TS)).isFalse();
    assertThat(AnswerSignatures.verify(key, null, "s", "q2", List.of(), 7, TS)).isFalse();
  }

  @Test
  void shouldReadPublicKeysAsBase64UrlBase64AndPem() throws Exception {
    Ed25519PublicKey key = RFC8032_TEST1.publicKey();
    byte[] raw = key.raw();
    assertThat(AnswerSignatures.parsePublicKey(key.toBase64Url())).isEqualTo(key);
    assertThat(AnswerSignatures.parsePublicKey(Base64.getEncoder().encodeToString(raw)))
        .isEqualTo(key);
    byte[] spki =
        HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(raw));
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getEncoder().encodeToString(spki)
            + "\n-----END PUBLIC KEY-----\n";
    assertThat(AnswerSignatures.parsePublicKey(pem)).isEqualTo(key);
    assertThatThrownBy(() -> AnswerSignatures.parsePublicKey("AAAA"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldValidateStationKeysByCentreTimeAndRevocation() {
    KeyRegistry registry = new KeyRegistry();
    Ed25519PublicKey key = RFC8032_TEST1.publicKey();
    String keyId = key.keyId().value();
    Instant from = Instant.parse("2026-05-20T08:00:00Z");
    registry.apply(
        new StationKeyRegistered(
            TrustRegistry.STREAM_ID,
            keyId,
            "hall-1-pc-3",
            "centre-osh-1",
            key.toBase64Url(),
            TrustRegistry.ROLE_STATION,
            from,
            "admin",
            null));

    assertThat(registry.stationKeyValidAt(keyId, "centre-osh-1", TS).key()).isEqualTo(key);
    assertThat(registry.stationKeyValidAt(keyId, "centre-bishkek-2", TS).reason())
        .contains("belongs to centre centre-osh-1");
    assertThat(registry.stationKeyValidAt(keyId, "centre-osh-1", from.minusSeconds(1)).valid())
        .isFalse();
    assertThat(registry.validAt(keyId, TrustRegistry.ROLE_SERVER, TS).valid())
        .as("a station key never signs seals")
        .isFalse();

    registry.apply(
        new KeyRevoked(TrustRegistry.STREAM_ID, keyId, TS.plusSeconds(60), "stolen", "admin"));

    assertThat(registry.stationKeyValidAt(keyId, "centre-osh-1", TS).valid()).isTrue();
    assertThat(registry.stationKeyValidAt(keyId, "centre-osh-1", TS.plusSeconds(60)).reason())
        .contains("revoked");
    assertThat(registry.entry(keyId).orElseThrow().stationId()).isEqualTo("hall-1-pc-3");
  }
}
