package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kg.exam.contract.trust.AnswerSignatures;
import kg.exam.contract.trust.Ed25519PrivateKey;
import kg.exam.contract.trust.Ed25519PublicKey;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Device signatures on answers: the sitting's device key and station keys are accepted; a forged
 * answer (unbound key, revoked key, signature over other bytes, no signature) is refused with
 * {@code invalid-answer-signature} and leaves the stream as it was.
 */
class AnswerSignatureApiTest extends ApiTestBase {
  private static final String INVALID = "urn:kg-exam:problem:invalid-answer-signature";

  // One sequence for the whole class: every test gets keys no other test registered.
  private static final SecureRandom RANDOM = seeded();

  private static SecureRandom seeded() {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(4_2026L);
      return r;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> signedBy(
      Ed25519PrivateKey key, String sittingId, Map<String, Object> answer) {
    return Api.signed(key, sittingId, answer);
  }

  private String registerStation(Ed25519PrivateKey key, String centreId) {
    Api.Response r =
        api.post(
            "/api/trust/stations",
            admin(),
            Map.of(
                "stationId",
                unique("station"),
                "centreId",
                centreId,
                "publicKey",
                key.publicKey().toBase64Url(),
                "validFrom",
                Instant.now().minusSeconds(60).toString()));
    assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
    assertThat(r.body().get("keyId").asString()).isEqualTo(key.keyId().value());
    return key.keyId().value();
  }

  /** Posts a forged answer and checks it is refused with no event. */
  private void assertRefused(Candidate c, Object body, String detailFragment) {
    int before = eventCount(c.slip().sittingId());
    Api.Response r = api.post(c.sitting() + "/answers", c.auth(), body);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(422);
    assertThat(r.problemType()).isEqualTo(INVALID);
    assertThat(r.body().get("detail").asString()).contains(detailFragment);
    assertThat(eventCount(c.slip().sittingId())).isEqualTo(before);
  }

  private String lastAnswerPayload(String sittingId) {
    return jdbc.queryForObject(
        "SELECT convert_from(payload, 'UTF8') FROM domainevententry WHERE aggregateidentifier = ?"
            + " AND payloadtype = 'kg.exam.contract.sitting.AnswerRecorded'"
            + " ORDER BY sequencenumber DESC LIMIT 1",
        String.class,
        sittingId);
  }

  @Test
  void shouldRecordAnAnswerSignedByTheSittingsDeviceKeyWithItsSignature() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    String sittingId = c.slip().sittingId();
    Ed25519PrivateKey device = api.deviceKey(sittingId);
    Map<String, Object> body = signedBy(device, sittingId, answer("q1", 1, "B"));

    Api.Response r = api.post(c.sitting() + "/answers", c.auth(), body);

    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    JsonNode stored = Api.JSON.readTree(lastAnswerPayload(sittingId));
    assertThat(stored.get("keyId").asString()).isEqualTo(device.keyId().value());
    @SuppressWarnings("unchecked")
    Map<String, String> signature = (Map<String, String>) body.get("signature");
    assertThat(stored.get("signature").asString()).isEqualTo(signature.get("value"));
    JsonNode bound =
        Api.JSON.readTree(
            jdbc.queryForObject(
                "SELECT convert_from(payload, 'UTF8') FROM domainevententry"
                    + " WHERE aggregateidentifier = ?"
                    + " AND payloadtype = 'kg.exam.contract.sitting.SittingDeviceKeyBound'",
                String.class,
                sittingId));
    assertThat(bound.get("keyId").asString()).isEqualTo(device.keyId().value());
    assertThat(bound.get("publicKey").asString()).isEqualTo(device.publicKey().toBase64Url());
  }

  @Test
  void shouldRefuseAnAnswerSignedByAKeyThatIsNotBound() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    Ed25519PrivateKey stranger = Ed25519PrivateKey.generate(RANDOM);

    assertRefused(
        c,
        signedBy(stranger, c.slip().sittingId(), answer("q1", 1, "B")),
        "not in the key registry");
  }

  @Test
  void shouldRefuseASignatureOverAnotherResponse() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    String sittingId = c.slip().sittingId();
    Map<String, Object> body = signedBy(api.deviceKey(sittingId), sittingId, answer("q1", 1, "B"));
    body.put("response", List.of("C"));

    assertRefused(c, body, "not key");
  }

  @Test
  void shouldRefuseASignatureOverAnotherClientSeq() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    String sittingId = c.slip().sittingId();
    Map<String, Object> body = signedBy(api.deviceKey(sittingId), sittingId, answer("q1", 1, "B"));
    body.put("clientSeq", 2);

    assertRefused(c, body, "not key");
  }

  @Test
  void shouldRefuseASignatureOfTheSameAnswerInAnotherSitting() {
    String sessionId = openSession(publishedDemoExam());
    Candidate c = startedCandidate(sessionId);
    Candidate other = startedCandidate(sessionId);
    String otherId = other.slip().sittingId();

    assertRefused(
        c, signedBy(api.deviceKey(otherId), otherId, answer("q1", 1, "B")), "not in the key");
  }

  @Test
  void shouldRefuseAnUnsignedAnswer() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    Map<String, Object> body = new LinkedHashMap<>(answer("q1", 1, "B"));
    body.put("signature", null);

    assertRefused(c, body, "not signed");
  }

  @Test
  void shouldRefuseAnAnswerSignedByARevokedStationKeyAndAcceptItBeforeTheRevocation() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    String sittingId = c.slip().sittingId();
    Ed25519PrivateKey station = Ed25519PrivateKey.generate(RANDOM);
    String keyId = registerStation(station, CENTRE_A);

    Api.Response accepted =
        api.post(
            c.sitting() + "/answers", c.auth(), signedBy(station, sittingId, answer("q1", 1, "B")));
    assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(200);
    assertThat(Api.JSON.readTree(lastAnswerPayload(sittingId)).get("keyId").asString())
        .isEqualTo(keyId);

    Api.Response revoked =
        api.post(
            "/api/trust/keys/" + keyId + "/revocation",
            admin(),
            Map.of("revokedFrom", Instant.now().minusSeconds(1).toString(), "reason", "stolen"));
    assertThat(revoked.status()).as(revoked.body().toString()).isEqualTo(204);

    assertRefused(c, signedBy(station, sittingId, answer("q1", 2, "C")), "was revoked from");
  }

  @Test
  void shouldRefuseAStationKeyOfAnotherCentre() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    Ed25519PrivateKey station = Ed25519PrivateKey.generate(RANDOM);
    registerStation(station, CENTRE_B);

    assertRefused(
        c, signedBy(station, c.slip().sittingId(), answer("q1", 1, "B")), "belongs to centre");
  }

  @Test
  void shouldListStationKeysAndLetOnlyCentreAdminsRegisterThem() {
    Ed25519PrivateKey station = Ed25519PrivateKey.generate(RANDOM);
    Map<String, Object> body =
        Map.of(
            "stationId",
            "room-3-pc-7",
            "centreId",
            CENTRE_A,
            "publicKey",
            station.publicKey().toBase64Url());
    assertThat(api.post("/api/trust/stations", staff("auditor"), body).status()).isEqualTo(403);
    assertThat(api.post("/api/trust/stations", staff("inv-a"), body).status()).isEqualTo(403);
    Api.Response bad =
        api.post(
            "/api/trust/stations",
            admin(),
            Map.of("stationId", "x", "centreId", CENTRE_A, "publicKey", "AAAA"));
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.problemType()).isEqualTo("urn:kg-exam:problem:invalid-key");

    assertThat(api.post("/api/trust/stations", admin(), body).status()).isEqualTo(201);
    assertThat(api.post("/api/trust/stations", admin(), body).status())
        .as("the same key twice")
        .isEqualTo(422);

    Api.Response keys = api.get("/api/trust/keys", staff("auditor"));
    JsonNode entry = null;
    for (JsonNode k : keys.body()) {
      if (k.get("keyId").asString().equals(station.keyId().value())) {
        entry = k;
      }
    }
    assertThat(entry).as(keys.body().toString()).isNotNull();
    assertThat(entry.get("role").asString()).isEqualTo("STATION");
    assertThat(entry.get("stationId").asString()).isEqualTo("room-3-pc-7");
    assertThat(entry.get("centreId").asString()).isEqualTo(CENTRE_A);
    assertThat(Ed25519PublicKey.fromBase64Url(entry.get("publicKey").asString()))
        .isEqualTo(station.publicKey());
  }

  @Test
  void shouldAcceptANewlyBoundDeviceKeyAndRefuseTheOneItSupersedes() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    String sittingId = c.slip().sittingId();
    Ed25519PrivateKey old = api.deviceKey(sittingId);
    Ed25519PrivateKey fresh = Ed25519PrivateKey.generate(RANDOM);

    Api.Response bound =
        api.post(
            c.sitting() + "/device-keys",
            c.auth(),
            Map.of("publicKey", fresh.publicKey().toBase64Url()));

    assertThat(bound.status()).as(bound.body().toString()).isEqualTo(200);
    Api.Response accepted =
        api.post(
            c.sitting() + "/answers", c.auth(), signedBy(fresh, sittingId, answer("q1", 1, "B")));
    assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(200);
    assertRefused(c, signedBy(old, sittingId, answer("q1", 2, "C")), "not in the key registry");
  }

  @Test
  void shouldAcknowledgeAnAnswerResentAfterAReBindAsTheDuplicateItIs() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    String sittingId = c.slip().sittingId();
    Ed25519PrivateKey old = api.deviceKey(sittingId);
    Map<String, Object> signedBeforeTheReBind = signedBy(old, sittingId, answer("q1", 1, "B"));
    Api.Response first = api.post(c.sitting() + "/answers", c.auth(), signedBeforeTheReBind);
    assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
    Ed25519PrivateKey fresh = Ed25519PrivateKey.generate(RANDOM);
    assertThat(
            api.post(
                    c.sitting() + "/device-keys",
                    c.auth(),
                    Map.of("publicKey", fresh.publicKey().toBase64Url()))
                .status())
        .isEqualTo(200);
    int events = eventCount(sittingId);

    Api.Response resent = api.post(c.sitting() + "/answers", c.auth(), signedBeforeTheReBind);

    assertThat(resent.status()).as(resent.body().toString()).isEqualTo(200);
    assertThat(resent.body().get("duplicate").asBoolean()).isTrue();
    assertThat(eventCount(sittingId)).as("nothing recorded twice").isEqualTo(events);
    assertRefused(c, signedBy(old, sittingId, answer("q1", 2, "C")), "not in the key registry");
  }

  @Test
  void shouldLetOnlyTheCandidateBindADeviceKey() {
    String sessionId = openSession(publishedDemoExam());
    Candidate c = startedCandidate(sessionId);
    Candidate other = startedCandidate(sessionId);
    Map<String, Object> body =
        Map.of("publicKey", Ed25519PrivateKey.generate(RANDOM).publicKey().toBase64Url());

    assertThat(api.post(c.sitting() + "/device-keys", other.auth(), body).status()).isEqualTo(403);
    assertThat(api.post(c.sitting() + "/device-keys", staff("inv-a"), body).status())
        .isEqualTo(403);
  }

  @Test
  void shouldSignTheDocumentedAnswerForm() {
    assertThat(
            AnswerSignatures.signedText(
                "s-1", "q1", List.of("B", "ы"), 3, Instant.parse("2026-11-30T05:00:00.120Z")))
        .isEqualTo(
            "{\"clientSeq\":3,\"clientTimestamp\":\"2026-11-30T05:00:00.120Z\",\"itemId\":\"q1\","
                + "\"response\":[\"B\",\"ы\"],\"scheme\":\"answer/1\",\"sittingId\":\"s-1\"}");
  }
}
