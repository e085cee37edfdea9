package kg.exam.client.station.invigilator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kg.exam.client.station.ExamPackages;
import kg.exam.client.station.JournalEntry;
import kg.exam.client.station.PackageCandidate;
import kg.exam.client.station.PackageItem;
import kg.exam.client.station.SessionPackage;
import kg.exam.client.station.Station;
import kg.exam.client.station.StationConfig;
import kg.exam.client.station.StationJson;
import kg.exam.client.station.enrol.StationSigner;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.trust.Ed25519PrivateKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The invigilator view on a running station (real HTTP, real journal): PIN sign-in and lockout, the
 * overview of candidates, and pause / resume / extend / incidents that become journal entries with
 * the reason and the invigilator's id.
 */
class InvigilatorViewTest {
  private static final String PIN = "483920";
  private static final String PIN_HASH = InvigilatorApi.hashPin(PIN.toCharArray());

  @TempDir Path dir;
  private Station station;
  private URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    Properties p = new Properties();
    p.setProperty("station.data-dir", dir.resolve("data").toString());
    p.setProperty("station.port", "0");
    p.setProperty("station.bind", "127.0.0.1");
    p.setProperty("station.id", "lab-1");
    p.setProperty("invigilator.pin-hash", PIN_HASH);
    p.setProperty("invigilator.id", "inv-017");
    StationConfig config = StationConfig.of(dir.resolve("station.properties"), p);
    SessionPackage pkg =
        new SessionPackage(
            "sess-1",
            "exam-1",
            1,
            "centre-1",
            "school-1",
            Instant.now().minus(Duration.ofMinutes(5)),
            Instant.now().plus(Duration.ofHours(3)),
            45,
            "Математика",
            "math",
            "ky",
            List.of(
                new PackageItem(
                    "q1", "s1", "SINGLE_CHOICE", 1, "2+2?", List.of(new Choice("A", "4")), null),
                new PackageItem("q2", "s1", "TRUE_FALSE", 1, "1=1?", null, null)),
            List.of(
                new PackageCandidate("sit-1", "cand-1", "ABCD2345", "{bcrypt}$2a$04$x", 25),
                new PackageCandidate("sit-2", "cand-2", "EFGH6789", "{bcrypt}$2a$04$y", 0)));
    ExamPackages packages = ExamPackages.of(List.of(pkg));
    StationSigner signer =
        new StationSigner(Ed25519PrivateKey.generate(new SecureRandom()), Clock.systemUTC());
    station = Station.create(config, packages, signer, Clock.systemUTC());
    assertThat(InvigilatorApi.install(station, packages, Clock.systemUTC())).isTrue();
    station.start();
    base = URI.create("http://127.0.0.1:" + station.server().port());
  }

  @AfterEach
  void stop() throws Exception {
    station.close();
  }

  private record Reply(int status, JsonNode body, String raw) {}

  private Reply send(String method, String path, String token, Object body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(
                        StationJson.MAPPER.writeValueAsBytes(body)));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json =
        r.body().isBlank() || !r.headers().firstValue("Content-Type").orElse("").contains("json")
            ? null
            : StationJson.MAPPER.readTree(r.body());
    return new Reply(r.statusCode(), json, r.body());
  }

  private String signIn() throws Exception {
    Reply r = send("POST", "/invigilator/api/sign-in", null, Map.of("pin", PIN));
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.body().get("token").asText();
  }

  private JsonNode line(String token, String sittingId) throws Exception {
    JsonNode overview = send("GET", "/invigilator/api/overview", token, null).body();
    for (JsonNode s : overview.get("sessions").get(0).get("sittings")) {
      if (s.get("sittingId").asText().equals(sittingId)) {
        return s;
      }
    }
    throw new AssertionError("no line for " + sittingId);
  }

  private List<JournalEntry> journal(JournalEntry.Kind kind) {
    return station.journal().all().stream().filter(e -> e.kind() == kind).toList();
  }

  @Test
  void shouldServeThePageInKyrgyzRussianAndEnglish() throws Exception {
    Reply page = send("GET", "/invigilator/", null, null);
    Reply script = send("GET", "/invigilator/invigilator.js", null, null);

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.raw()).contains("Көзөмөлчү").contains("invigilator.js");
    assertThat(script.raw()).contains("Наблюдатель").contains("Invigilator").contains("Токтотуу");
  }

  @Test
  void shouldRefuseTheApiWithoutSignInAndAWrongPin() throws Exception {
    Reply anonymous = send("GET", "/invigilator/api/overview", null, null);
    Reply forged = send("GET", "/invigilator/api/overview", "made-up", null);
    Reply wrong = send("POST", "/invigilator/api/sign-in", null, Map.of("pin", "000000"));

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.body().get("type").asText())
        .isEqualTo("urn:kg-exam:problem:unauthenticated");
    assertThat(forged.status()).isEqualTo(401);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body().get("type").asText()).isEqualTo("urn:kg-exam:problem:wrong-pin");
  }

  @Test
  void shouldLockSignInAfterFiveWrongPins() throws Exception {
    for (int i = 0; i < InvigilatorApi.MAX_ATTEMPTS; i++) {
      assertThat(send("POST", "/invigilator/api/sign-in", null, Map.of("pin", "111111")).status())
          .isEqualTo(401);
    }

    Reply right = send("POST", "/invigilator/api/sign-in", null, Map.of("pin", PIN));

    assertThat(right.status()).isEqualTo(429);
    assertThat(right.raw()).doesNotContain("token");
  }

  @Test
  void shouldLockOnlyTheAddressThatGuessedSoTheInvigilatorCanStillSignIn() throws Exception {
    for (int i = 0; i < InvigilatorApi.MAX_ATTEMPTS; i++) {
      assertThat(send("POST", "/invigilator/api/sign-in", null, Map.of("pin", "111111")).status())
          .isEqualTo(401);
    }
    assertThat(send("POST", "/invigilator/api/sign-in", null, Map.of("pin", PIN)).status())
        .as("the guessing address is locked")
        .isEqualTo(429);

    // the invigilator's own device: another address on the LAN (127.0.0.2 is loopback too)
    String body = "{\"pin\":\"" + PIN + "\"}";
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", base.getPort()));
      socket.setSoTimeout(20_000);
      socket
          .getOutputStream()
          .write(
              ("POST /invigilator/api/sign-in HTTP/1.1\r\nHost: station\r\n"
                      + "Content-Type: application/json\r\nContent-Length: "
                      + body.length()
                      + "\r\nConnection: close\r\n\r\n"
                      + body)
                  .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      String reply =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

      assertThat(reply).startsWith("HTTP/1.1 200").contains("\"token\"");
    }
  }

  @Test
  void shouldCheckNoMoreThanFiveOfManyParallelWrongPins() throws Exception {
    int threads = 20;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        statuses.add(
            pool.submit(
                () -> {
                  go.await();
                  return send("POST", "/invigilator/api/sign-in", null, Map.of("pin", "111111"))
                      .status();
                }));
      }
      go.countDown();
      int checked = 0;
      for (var f : statuses) {
        int status = f.get();
        assertThat(status).isIn(401, 429);
        checked += status == 401 ? 1 : 0;
      }
      assertThat(checked).isLessThanOrEqualTo(InvigilatorApi.MAX_ATTEMPTS);
    } finally {
      pool.shutdownNow();
    }

    Reply right = send("POST", "/invigilator/api/sign-in", null, Map.of("pin", PIN));

    assertThat(right.status()).isEqualTo(429);
    assertThat(right.raw()).doesNotContain("token");
  }

  @Test
  void shouldShowWhoIsPresentTheirProgressAndTimeLeft() throws Exception {
    String token = signIn();
    station.sittings().start("sit-1");

    JsonNode started = line(token, "sit-1");
    JsonNode absent = line(token, "sit-2");

    assertThat(started.get("status").asText()).isEqualTo("IN_PROGRESS");
    assertThat(started.get("present").asBoolean()).isTrue();
    assertThat(started.get("itemCount").asInt()).isEqualTo(2);
    assertThat(started.get("extraTimePercent").asInt()).isEqualTo(25);
    // 45 minutes + 25 % = 56.25 minutes from the start
    assertThat(started.get("remainingMs").asLong())
        .isBetween(Duration.ofMinutes(55).toMillis(), Duration.ofMillis(3_375_000).toMillis());
    assertThat(absent.get("status").asText()).isEqualTo("REGISTERED");
    assertThat(absent.get("present").asBoolean()).isFalse();
  }

  @Test
  void shouldPauseResumeAndExtendWithAReasonIntoTheJournal() throws Exception {
    String token = signIn();
    station.sittings().start("sit-1");
    Instant deadline = Instant.parse(line(token, "sit-1").get("deadline").asText());

    Reply noReason =
        send("POST", "/invigilator/api/sittings/sit-1/pause", token, Map.of("reason", " "));
    Reply paused =
        send("POST", "/invigilator/api/sittings/sit-1/pause", token, Map.of("reason", "power cut"));
    JsonNode whilePaused = line(token, "sit-1");
    Reply resumed =
        send(
            "POST",
            "/invigilator/api/sittings/sit-1/resume",
            token,
            Map.of("reason", "power back"));
    Reply extended =
        send(
            "POST",
            "/invigilator/api/sittings/sit-1/extend",
            token,
            Map.of("minutes", 10, "reason", "lost time"));
    Reply tooLong =
        send(
            "POST",
            "/invigilator/api/sittings/sit-1/extend",
            token,
            Map.of("minutes", 241, "reason", "x"));

    assertThat(noReason.status()).isEqualTo(400);
    assertThat(paused.status()).as(paused.raw()).isEqualTo(200);
    assertThat(whilePaused.get("status").asText()).isEqualTo("PAUSED");
    assertThat(resumed.status()).as(resumed.raw()).isEqualTo(200);
    assertThat(extended.status()).as(extended.raw()).isEqualTo(200);
    assertThat(tooLong.status()).isEqualTo(400);
    JournalEntry pause = journal(JournalEntry.Kind.PAUSE).get(0);
    assertThat(pause.payload().get("reason").asText()).isEqualTo("power cut");
    assertThat(pause.payload().get("by").asText()).isEqualTo("inv-017");
    assertThat(journal(JournalEntry.Kind.RESUME).get(0).payload().get("reason").asText())
        .isEqualTo("power back");
    JournalEntry extend = journal(JournalEntry.Kind.EXTEND).get(0);
    assertThat(extend.payload().get("minutes").asInt()).isEqualTo(10);
    assertThat(Instant.parse(line(token, "sit-1").get("deadline").asText()))
        .isAfterOrEqualTo(deadline.plus(Duration.ofMinutes(10)));
  }

  @Test
  void shouldRecordIncidentsByCodeOnly() throws Exception {
    String token = signIn();

    Reply unknown =
        send(
            "POST",
            "/invigilator/api/sittings/sit-2/incidents",
            token,
            Map.of("code", "Aibek copied from Nurlan"));
    Reply longNote =
        send(
            "POST",
            "/invigilator/api/sittings/sit-2/incidents",
            token,
            Map.of("code", "OTHER", "note", "x".repeat(InvigilatorApi.MAX_NOTE_CHARS + 1)));
    Reply ok =
        send(
            "POST",
            "/invigilator/api/sittings/sit-2/incidents",
            token,
            Map.of("code", "LATE_ARRIVAL", "note", "bus late"));

    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.body().get("type").asText())
        .isEqualTo("urn:kg-exam:problem:unknown-incident-code");
    assertThat(longNote.status()).isEqualTo(422);
    assertThat(longNote.body().get("type").asText())
        .isEqualTo("urn:kg-exam:problem:oversized-incident-note");
    assertThat(ok.status()).as(ok.raw()).isEqualTo(201);
    List<JournalEntry> incidents = journal(JournalEntry.Kind.INCIDENT);
    assertThat(incidents).hasSize(1);
    assertThat(incidents.get(0).sittingId()).isEqualTo("sit-2");
    assertThat(incidents.get(0).payload().get("code").asText()).isEqualTo("LATE_ARRIVAL");
    assertThat(incidents.get(0).payload().get("by").asText()).isEqualTo("inv-017");
  }

  @Test
  void shouldMakeAPinHashTheViewAccepts() {
    String hash = InvigilatorApi.hashPin("246810".toCharArray());

    assertThat(hash).startsWith("$2b$12$");
    assertThat(
            org.bouncycastle.crypto.generators.OpenBSDBCrypt.checkPassword(
                hash, "246810".toCharArray()))
        .isTrue();
    assertThat(new String(hash.getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII))
        .doesNotContain("246810");
  }
}
