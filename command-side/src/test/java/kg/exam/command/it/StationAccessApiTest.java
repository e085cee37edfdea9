package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import kg.exam.contract.trust.Ed25519PrivateKey;
import kg.exam.contract.trust.ExamPackageCrypto;
import kg.exam.contract.trust.StationRequestSignatures;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Exam stations: requests signed with a registered station key ({@code ExamStation}) are accepted;
 * forged, revoked, skewed and other-centre ones are refused; session packages are encrypted, their
 * key is released only from the session's opensAt, and the release code unwraps the same key.
 */
class StationAccessApiTest extends ApiTestBase {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Decoder B64URL = Base64.getUrlDecoder();
  private final HttpClient http = HttpClient.newHttpClient();

  private record Station(Ed25519PrivateKey key, String keyId) {}

  private Station station(String centreId, String schoolId) {
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(RANDOM);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("stationId", unique("station"));
    body.put("centreId", centreId);
    body.put("publicKey", key.publicKey().toBase64Url());
    body.put("validFrom", Instant.now().minusSeconds(60).toString());
    if (schoolId != null) {
      body.put("schoolId", schoolId);
    }
    Api.Response r = api.post("/api/trust/stations", admin(), body);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
    return new Station(key, r.body().get("keyId").asString());
  }

  private record Reply(int status, JsonNode body) {}

  private Reply send(String method, String path, String authorization, byte[] body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Authorization", authorization);
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body().isBlank() ? null : Api.JSON.readTree(r.body()));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Reply signed(Station s, String method, String path, byte[] body, Instant ts) {
    String auth = StationRequestSignatures.sign(s.key(), method, path, ts, body).headerValue();
    return send(method, path, auth, body);
  }

  private Reply get(Station s, String path) {
    return signed(s, "GET", path, null, Instant.now());
  }

  @Test
  void shouldAcceptARequestSignedByARegisteredStation() {
    String sessionId = openSession(publishedDemoExam());
    Station s = station(CENTRE_A, null);

    Reply r = get(s, "/api/stations/sessions");

    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
    assertThat(r.body().findValuesAsString("sessionId")).contains(sessionId);
  }

  @Test
  void shouldRefuseARequestSignedByAnotherKey() {
    Station s = station(CENTRE_A, null);
    Ed25519PrivateKey forger = Ed25519PrivateKey.generate(RANDOM);
    var forged =
        StationRequestSignatures.sign(forger, "GET", "/api/stations/sessions", Instant.now(), null);
    String header =
        new StationRequestSignatures.Authorization(
                s.keyId(), forged.timestamp(), forged.signature())
            .headerValue();

    Reply r = send("GET", "/api/stations/sessions", header, null);

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body().get("type").asString()).isEqualTo("urn:kg-exam:problem:unauthenticated");
    assertThat(r.body().get("detail").asString()).contains("not station key");
  }

  @Test
  void shouldRefuseASignatureMovedToAnotherTargetOrBody() {
    String sessionA = openSession(publishedDemoExam());
    String sessionB = openSession(publishedDemoExam());
    Station s = station(CENTRE_A, null);
    String header =
        StationRequestSignatures.sign(
                s.key(),
                "GET",
                "/api/stations/sessions/" + sessionA + "/package",
                Instant.now(),
                null)
            .headerValue();

    assertThat(
            send("GET", "/api/stations/sessions/" + sessionB + "/package", header, null).status())
        .isEqualTo(401);
    assertThat(
            send(
                    "GET",
                    "/api/stations/sessions/" + sessionA + "/package",
                    header,
                    "{}".getBytes(StandardCharsets.UTF_8))
                .status())
        .isEqualTo(401);
    assertThat(
            send("GET", "/api/stations/sessions/" + sessionA + "/package", header, null).status())
        .isEqualTo(200);
  }

  @Test
  void shouldRefuseARevokedStation() {
    Station s = station(CENTRE_A, null);
    assertThat(get(s, "/api/stations/sessions").status()).isEqualTo(200);
    Api.Response revoked =
        api.post(
            "/api/trust/keys/" + s.keyId() + "/revocation",
            admin(),
            Map.of("revokedFrom", Instant.now().minusSeconds(1).toString(), "reason", "stolen"));
    assertThat(revoked.status()).isEqualTo(204);

    Reply r = get(s, "/api/stations/sessions");

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body().get("detail").asString()).contains("revoked");
  }

  @Test
  void shouldRefuseASkewedClockAndTellTheServerTime() {
    Station s = station(CENTRE_A, null);
    Instant stationClock = Instant.now().minus(Duration.ofMinutes(7));

    Reply r = signed(s, "GET", "/api/stations/sessions", null, stationClock);

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body().get("type").asString()).isEqualTo("urn:kg-exam:problem:station-clock-skew");
    Instant serverTime = Instant.parse(r.body().get("serverTime").asString());
    assertThat(Duration.between(stationClock, serverTime)).isGreaterThan(Duration.ofMinutes(6));
    assertThat(signed(s, "GET", "/api/stations/sessions", null, serverTime).status())
        .isEqualTo(200);
  }

  @Test
  void shouldRefuseAStationOfAnotherCentreOrSchool() {
    String sessionId = openSession(publishedDemoExam()); // centre A, school A
    Station otherCentre = station(CENTRE_B, null);
    Station otherSchool = station(CENTRE_A, SCHOOL_B);

    Reply byCentre = get(otherCentre, "/api/stations/sessions/" + sessionId + "/package");
    Reply bySchool = get(otherSchool, "/api/stations/sessions/" + sessionId + "/package-key");

    assertThat(byCentre.status()).isEqualTo(403);
    assertThat(byCentre.body().get("type").asString()).isEqualTo("urn:kg-exam:problem:forbidden");
    assertThat(bySchool.status()).isEqualTo(403);
    assertThat(get(otherCentre, "/api/stations/sessions").body().findValuesAsString("sessionId"))
        .doesNotContain(sessionId);
  }

  @Test
  void shouldRefuseStaffWorkToAStationAndStationWorkToStaff() {
    String sessionId = openSession(publishedDemoExam());
    Station s = station(CENTRE_A, null);
    byte[] body = "{\"reason\":\"x\"}".getBytes(StandardCharsets.UTF_8);

    assertThat(
            signed(s, "POST", "/api/sessions/" + sessionId + "/close", body, Instant.now())
                .status())
        .isEqualTo(403);
    assertThat(api.get("/api/stations/sessions/" + sessionId + "/package", admin()).status())
        .isEqualTo(403);
  }

  @Test
  void shouldExportAnEncryptedPackageWithoutKeysThatTheReleasedKeyOpens() {
    String sessionId = openSession(publishedDemoExam());
    String candidateId = unique("C");
    Map<String, Object> registration = new LinkedHashMap<>(registration(candidateId, SCHOOL_A, 25));
    registration.put("accommodations", Map.of("readAloud", true, "scribe", true));
    Api.Response registered =
        api.post("/api/sessions/" + sessionId + "/registrations", admin(), registration);
    assertThat(registered.status()).as(registered.body().toString()).isEqualTo(201);
    Slip slip =
        new Slip(
            registered.body().get("sittingId").asString(),
            candidateId,
            registered.body().get("candidateCode").asString(),
            registered.body().get("pin").asString());
    Station s = station(CENTRE_A, null);

    Reply pkg = get(s, "/api/stations/sessions/" + sessionId + "/package");
    Reply key = get(s, "/api/stations/sessions/" + sessionId + "/package-key");

    assertThat(pkg.status()).as(String.valueOf(pkg.body())).isEqualTo(200);
    assertThat(key.status()).as(String.valueOf(key.body())).isEqualTo(200);
    String envelope = pkg.body().toString();
    assertThat(envelope).doesNotContain(slip.code()).doesNotContain(slip.candidateId());
    byte[] ciphertext = B64URL.decode(pkg.body().get("ciphertext").asString());
    assertThat(pkg.body().get("ciphertextSha256").asString())
        .isEqualTo(StationRequestSignatures.sha256Hex(ciphertext));
    JsonNode content =
        Api.JSON.readTree(
            ExamPackageCrypto.decrypt(
                B64URL.decode(key.body().get("packageKey").asString()),
                ExamPackageCrypto.aad(sessionId),
                B64URL.decode(pkg.body().get("iv").asString()),
                ciphertext));
    assertThat(content.get("paper").get("items").size()).isGreaterThan(0);
    assertThat(content.get("paper").toString()).doesNotContain("\"key\"");
    JsonNode sitting = content.get("sittings").get(0);
    assertThat(content.get("sittings").size()).isEqualTo(1);
    assertThat(sitting.get("sittingId").asString()).isEqualTo(slip.sittingId());
    assertThat(sitting.get("candidateCode").asString()).isEqualTo(slip.code());
    assertThat(sitting.get("extraTimePercent").asInt()).isEqualTo(25);
    assertThat(sitting.get("accommodations").get("readAloud").asBoolean()).isTrue();
    assertThat(sitting.get("accommodations").get("scribe").asBoolean()).isTrue();
    assertThat(sitting.get("accommodations").get("restBreaks").asBoolean()).isFalse();
    String pinHash = sitting.get("pinHash").asString();
    assertThat(pinHash).startsWith("{bcrypt}");
    String bcrypt = pinHash.substring("{bcrypt}".length());
    assertThat(OpenBSDBCrypt.checkPassword(bcrypt, slip.pin().toCharArray())).isTrue();
    assertThat(OpenBSDBCrypt.checkPassword(bcrypt, "000000".toCharArray()))
        .isEqualTo(slip.pin().equals("000000"));
  }

  @Test
  void shouldCarryThePicturesThePaperShowsInsideTheEncryptedPackage() throws Exception {
    String sha = storedPicture();
    String sessionId = openSession(publishedExamShowing(sha));
    register(sessionId);
    Station s = station(CENTRE_A, null);

    Reply pkg = get(s, "/api/stations/sessions/" + sessionId + "/package");
    Reply key = get(s, "/api/stations/sessions/" + sessionId + "/package-key");

    assertThat(pkg.status()).as(String.valueOf(pkg.body())).isEqualTo(200);
    byte[] png =
        java.nio.file.Files.readAllBytes(
            java.nio.file.Path.of("src/test/resources/qti/ims-qti-2.1/images/sign.png"));
    String base64 = Base64.getEncoder().encodeToString(png);
    assertThat(pkg.body().toString())
        .doesNotContain(base64)
        .doesNotContain(base64.substring(0, 40));
    JsonNode content =
        Api.JSON.readTree(
            ExamPackageCrypto.decrypt(
                B64URL.decode(key.body().get("packageKey").asString()),
                ExamPackageCrypto.aad(sessionId),
                B64URL.decode(pkg.body().get("iv").asString()),
                B64URL.decode(pkg.body().get("ciphertext").asString())));
    assertThat(content.get("media").size()).isEqualTo(1);
    assertThat(content.at("/media/0/sha256").asString()).isEqualTo(sha);
    assertThat(content.at("/media/0/mediaType").asString()).isEqualTo("image/png");
    assertThat(Base64.getDecoder().decode(content.at("/media/0/bytes").asString())).isEqualTo(png);
    assertThat(content.at("/paper/items/0/prompt").asString()).contains("(media:" + sha + ")");
  }

  @Test
  void shouldRefuseThePackageKeyBeforeTheSessionOpens() {
    String sessionId =
        openSession(
            publishedDemoExam(),
            Instant.now().plus(Duration.ofHours(1)),
            Instant.now().plus(Duration.ofHours(3)));
    Station s = station(CENTRE_A, null);

    assertThat(get(s, "/api/stations/sessions/" + sessionId + "/package").status()).isEqualTo(200);
    Reply key = get(s, "/api/stations/sessions/" + sessionId + "/package-key");

    assertThat(key.status()).isEqualTo(409);
    assertThat(key.body().get("type").asString())
        .isEqualTo("urn:kg-exam:problem:package-not-released");
    assertThat(key.body().toString()).doesNotContain("packageKey");
  }

  @Test
  void shouldUnwrapThePackageKeyFromTheReleaseCode() {
    String sessionId =
        openSession(
            publishedDemoExam(),
            Instant.now().plus(Duration.ofHours(1)),
            Instant.now().plus(Duration.ofHours(3)));
    register(sessionId);
    Station s = station(CENTRE_A, SCHOOL_A);
    JsonNode pkg = get(s, "/api/stations/sessions/" + sessionId + "/package").body();
    Api.Response code = api.get("/api/sessions/" + sessionId + "/package-release-code", admin());
    assertThat(code.status()).isEqualTo(200);
    String releaseCode = code.body().get("releaseCode").asString();
    assertThat(releaseCode).matches("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}");
    JsonNode wrap = pkg.get("releaseCodeWrap");
    byte[] salt = B64URL.decode(wrap.get("salt").asString());

    byte[] packageKey =
        ExamPackageCrypto.decrypt(
            ExamPackageCrypto.releaseCodeKey(releaseCode.toLowerCase(), salt),
            ExamPackageCrypto.wrapAad(sessionId),
            B64URL.decode(wrap.get("iv").asString()),
            B64URL.decode(wrap.get("wrappedKey").asString()));

    JsonNode content =
        Api.JSON.readTree(
            ExamPackageCrypto.decrypt(
                packageKey,
                ExamPackageCrypto.aad(sessionId),
                B64URL.decode(pkg.get("iv").asString()),
                B64URL.decode(pkg.get("ciphertext").asString())));
    assertThat(content.get("sessionId").asString()).isEqualTo(sessionId);
    String wrong = (releaseCode.charAt(0) == 'A' ? "B" : "A") + releaseCode.substring(1);
    assertThatThrownBy(
            () ->
                ExamPackageCrypto.decrypt(
                    ExamPackageCrypto.releaseCodeKey(wrong, salt),
                    ExamPackageCrypto.wrapAad(sessionId),
                    B64URL.decode(wrap.get("iv").asString()),
                    B64URL.decode(wrap.get("wrappedKey").asString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tag does not verify");
    assertThat(
            api.get("/api/sessions/" + sessionId + "/package-release-code", staff("inv-a"))
                .status())
        .isEqualTo(403);
  }

  @Test
  void shouldGiveASchoolStationOnlyItsSchoolsSittings() {
    String examId = publishedDemoExam();
    String sessionId = unique("session");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sessionId", sessionId);
    body.put("examId", examId);
    body.put("examVersion", 1);
    body.put("centreId", CENTRE_A);
    body.put("opensAt", Instant.now().minus(Duration.ofHours(1)).toString());
    body.put("closesAt", Instant.now().plus(Duration.ofHours(3)).toString());
    assertThat(api.post("/api/sessions", admin(), body).status()).isEqualTo(201);
    Slip inA = register(sessionId, unique("C"), SCHOOL_A, 0);
    Slip inB = register(sessionId, unique("C"), SCHOOL_B, 0);
    Station s = station(CENTRE_A, SCHOOL_B);

    JsonNode pkg = get(s, "/api/stations/sessions/" + sessionId + "/package").body();
    JsonNode key = get(s, "/api/stations/sessions/" + sessionId + "/package-key").body();
    JsonNode content =
        Api.JSON.readTree(
            ExamPackageCrypto.decrypt(
                B64URL.decode(key.get("packageKey").asString()),
                ExamPackageCrypto.aad(sessionId),
                B64URL.decode(pkg.get("iv").asString()),
                B64URL.decode(pkg.get("ciphertext").asString())));

    assertThat(content.get("sittings").findValuesAsString("sittingId"))
        .containsExactly(inB.sittingId())
        .doesNotContain(inA.sittingId());
  }

  @Test
  void shouldLetASchoolStationReadOnlyItsSchoolsSittings() {
    String sessionId = openSession(publishedDemoExam()); // centre A
    Slip inA = register(sessionId, unique("C"), SCHOOL_A, 0);
    Slip inB = register(sessionId, unique("C"), SCHOOL_B, 0);
    Station s = station(CENTRE_A, SCHOOL_B);

    Reply other = get(s, "/api/sittings/" + inA.sittingId());
    Reply own = get(s, "/api/sittings/" + inB.sittingId());

    assertThat(other.status()).as(String.valueOf(other.body())).isEqualTo(403);
    assertThat(other.body().get("type").asString()).isEqualTo("urn:kg-exam:problem:forbidden");
    assertThat(own.status()).as(String.valueOf(own.body())).isEqualTo(200);
  }

  private Reply sync(Station s, Map<String, Object> entry) {
    byte[] body = Api.JSON.writeValueAsBytes(Map.of("entries", java.util.List.of(entry)));
    return signed(s, "POST", "/api/stations/sync", body, Instant.now());
  }

  private static final java.util.concurrent.atomic.AtomicLong SEQ =
      new java.util.concurrent.atomic.AtomicLong();

  private static Map<String, Object> entry(String sittingId, String kind, Map<String, ?> payload) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("seq", SEQ.incrementAndGet());
    e.put("sittingId", sittingId);
    e.put("kind", kind);
    e.put("stationTime", Instant.now().toString());
    e.put("payload", payload);
    return e;
  }

  @Test
  void shouldRefuseASyncedSittingIdLongerThanAnyStoredOne() {
    Station s = station(CENTRE_A, null);

    Reply r = sync(s, entry("s".repeat(201), "submit", Map.of()));

    assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(400);
    assertThat(r.body().get("type").asString()).isEqualTo("urn:kg-exam:problem:invalid-request");
  }

  @Test
  void shouldRejectSyncedNumbersThatAreNotExactlyWholeAndAFlagThatIsNotABoolean() {
    String sessionId = openSession(publishedDemoExam());
    Slip slip = register(sessionId);
    Station s = station(CENTRE_A, null);
    String item = "item-1";
    java.util.List<Map<String, Object>> bad =
        java.util.List.of(
            entry(slip.sittingId(), "extend", Map.of("minutes", 4294967301L, "reason", "x")),
            entry(slip.sittingId(), "extend", Map.of("minutes", 2.5, "reason", "x")),
            entry(
                slip.sittingId(),
                "answer",
                Map.of(
                    "itemId",
                    item,
                    "response",
                    java.util.List.of("a"),
                    "clientSeq",
                    new java.math.BigInteger("18446744073709551617"))),
            entry(slip.sittingId(), "flag", Map.of("itemId", item)),
            entry(slip.sittingId(), "flag", Map.of("itemId", item, "flagged", "yes")));

    for (Map<String, Object> e : bad) {
      Reply r = sync(s, e);

      assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(200);
      JsonNode result = r.body().get("results").get(0);
      assertThat(result.get("outcome").asString()).as(e.toString()).isEqualTo("rejected");
      assertThat(result.get("type").asString())
          .as(e.toString())
          .isEqualTo("urn:kg-exam:problem:invalid-request");
    }
  }

  private Reply syncStart(Station s, String sittingId, Instant at, Instant deadline) {
    Map<String, Object> e = entry(sittingId, "start", Map.of("deadline", deadline.toString()));
    e.put("stationTime", at.toString());
    return sync(s, e);
  }

  @Test
  void
      shouldLetTheCentreHandInAStationSittingWhoseHandInIsOverdueAndRefuseTheStationsLateEntries() {
    Instant now = Instant.now();
    String sessionId =
        openSession(
            publishedExam(demoExamLasting(10)),
            now.minus(Duration.ofHours(3)),
            now.plus(Duration.ofDays(1)));
    Slip lost = register(sessionId);
    Slip sitting = register(sessionId);
    Candidate serverRun = startedCandidate(sessionId);
    Station s = station(CENTRE_A, null);
    Instant startedAt = now.minus(Duration.ofHours(2));
    Instant deadline = startedAt.plus(Duration.ofMinutes(10));
    assertThat(syncStart(s, lost.sittingId(), startedAt, deadline).body().toString())
        .contains("\"applied\"");
    assertThat(
            syncStart(s, sitting.sittingId(), now.minusSeconds(60), now.plusSeconds(540))
                .body()
                .toString())
        .contains("\"applied\"");
    Map<String, String> why = Map.of("reason", "station stolen; journal lost");
    String close = "/api/sittings/%s/close-overdue";

    Api.Response early = api.post(close.formatted(sitting.sittingId()), admin(), why);
    Api.Response byInvigilator = api.post(close.formatted(lost.sittingId()), staff("inv-a"), why);
    Api.Response notStation = api.post(close.formatted(serverRun.slip().sittingId()), admin(), why);
    Api.Response noReason = api.post(close.formatted(lost.sittingId()), admin(), Map.of());
    Api.Response closed = api.post(close.formatted(lost.sittingId()), admin(), why);
    Reply lateSubmit =
        sync(s, withTime(entry(lost.sittingId(), "submit", Map.of()), deadline.minusSeconds(30)));

    assertThat(early.status()).as(early.body().toString()).isEqualTo(409);
    assertThat(early.body().get("type").asString())
        .isEqualTo("urn:kg-exam:problem:sitting-not-overdue");
    assertThat(byInvigilator.status()).isEqualTo(403);
    assertThat(notStation.status()).as(notStation.body().toString()).isEqualTo(409);
    assertThat(notStation.body().get("type").asString())
        .isEqualTo("urn:kg-exam:problem:sitting-not-overdue");
    assertThat(noReason.status()).as(noReason.body().toString()).isEqualTo(400);
    assertThat(closed.status()).as(closed.body().toString()).isEqualTo(200);
    assertThat(closed.body().get("status").asString()).isEqualTo("TIMED_OUT");
    JsonNode refused = lateSubmit.body().get("results").get(0);
    assertThat(refused.get("outcome").asString()).isEqualTo("rejected");
    assertThat(refused.get("type").asString()).isEqualTo("urn:kg-exam:problem:sitting-finished");
    assertThat(refused.get("detail").asString()).contains("handed in by the centre");
    // what the station sent is kept on the server too, not only on the station
    assertThat(
            jdbc.queryForObject(
                "SELECT refused_entry FROM station_sync_entry WHERE sitting_id = ? AND kind ="
                    + " 'submit'",
                String.class,
                lost.sittingId()))
        .contains("\"payload\"");
    JsonNode events = api.get("/api/sittings/" + lost.sittingId() + "/events", admin()).body();
    JsonNode timedOut = null;
    for (JsonNode e : events) {
      if (e.get("type").asString().endsWith("SittingTimedOut")) {
        assertThat(timedOut).as("one time-out").isNull();
        timedOut = e.get("payload");
      }
    }
    assertThat(timedOut).isNotNull();
    assertThat(timedOut.get("reason").asString()).isEqualTo("station stolen; journal lost");
    assertThat(timedOut.get("closedBy").asString()).isNotBlank();
    assertThat(Instant.parse(timedOut.get("deadline").asString())).isEqualTo(deadline);
    JsonNode result =
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> api.get("/api/sittings/" + lost.sittingId(), admin()).body().path("result"),
                r -> !r.isMissingNode() && !r.isNull());
    assertThat(result.get("rawTotal").asDouble()).isZero();
    assertThat(
            api.get("/api/sittings/" + sitting.sittingId(), admin())
                .body()
                .get("status")
                .asString())
        .isEqualTo("IN_PROGRESS");
  }

  private static Map<String, Object> withTime(Map<String, Object> entry, Instant stationTime) {
    entry.put("stationTime", stationTime.toString());
    return entry;
  }
}
