package kg.exam.client.station;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import kg.exam.client.audit.BundleVerifier;
import kg.exam.client.audit.VerificationReport;
import kg.exam.client.station.enrol.StationSigner;
import kg.exam.contract.trust.AnswerSignatures;
import kg.exam.contract.trust.Ed25519PrivateKey;
import kg.exam.contract.trust.Ed25519PublicKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The station against a real command side (in-process, embedded PostgreSQL): a station process
 * killed with SIGKILL mid-exam loses no acknowledged answer, and a station cut off from the command
 * side for a whole exam delivers every answer exactly once, in order, with valid station
 * signatures, once the link is back.
 */
class StationSyncEndToEndTest {
  private static CommandSideForStations commandSide;

  @TempDir Path dir;

  @BeforeAll
  static void startCommandSide() throws Exception {
    commandSide = new CommandSideForStations();
  }

  @AfterAll
  static void stopCommandSide() throws Exception {
    commandSide.close();
  }

  /** An answer the station acknowledged with a 2xx. */
  record Acked(String sittingId, long clientSeq, String itemId, List<String> response) {}

  private static final String[][] ANSWERS = {
    {"q1", "A"}, {"q3", "true"}, {"q5", "ромб"}, {"q1", "B"}, {"q3", "false"}, {"q1", "C"}
  };

  @Test
  void shouldLoseNoAcknowledgedAnswerWhenTheStationProcessIsKilledMidExam() throws Exception {
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(HexFormat.of().parseHex("c1".repeat(32)));
    commandSide.registerStation("hall-crash", key);
    List<CommandSideForStations.Slip> slips = commandSide.session("exam-crash", "session-crash", 4);
    SessionPackage pkg = commandSide.sessionPackage("session-crash", slips);
    Path data = dir.resolve("data");
    StationFixtures.writeKey(data, key);
    Path packages = dir.resolve("packages.json");
    Files.write(packages, StationJson.MAPPER.writeValueAsBytes(List.of(pkg)));
    int port;
    try (var probe = new java.net.ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    StationConfig cfg =
        StationFixtures.config(
            dir,
            "station.port",
            String.valueOf(port),
            "server.url",
            commandSide.base().toString(),
            "station.plain-packages",
            packages.toString(),
            "sync.min-backoff",
            "50ms",
            "sync.max-backoff",
            "500ms");
    StationHttp http = new StationHttp(URI.create("http://127.0.0.1:" + port));

    Process station = startStationProcess(cfg, "run-1");
    awaitUp(http);
    Map<String, String> tokens = new ConcurrentHashMap<>();
    for (CommandSideForStations.Slip s : slips) {
      String token = http.signIn(s.code(), s.pin());
      assertThat(http.start(s.sittingId(), token).status()).isEqualTo(200);
      tokens.put(s.sittingId(), token);
    }

    List<Acked> acked = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    int answersPerSitting = 60;
    List<Thread> browsers = new ArrayList<>();
    for (CommandSideForStations.Slip s : slips) {
      browsers.add(
          Thread.ofVirtual()
              .start(
                  () ->
                      answerUntilDone(
                          http, s.sittingId(), tokens, answersPerSitting, acked, stop)));
    }
    // kill the station while the browsers are answering
    for (int i = 0; acked.size() < 40; i++) {
      assertThat(i).as("answers acknowledged before the kill").isLessThan(6000);
      Thread.sleep(5);
    }
    station.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
    station.waitFor();
    int ackedAtKill = acked.size();
    Thread.sleep(300); // the browsers meet a dead station and keep retrying
    station = startStationProcess(cfg, "run-2");
    try {
      for (Thread t : browsers) {
        t.join();
      }
      assertThat(acked.size()).isGreaterThan(ackedAtKill);
      for (CommandSideForStations.Slip s : slips) {
        assertThat(http.submit(s.sittingId(), tokens.get(s.sittingId())).status()).isEqualTo(200);
      }
      // every acknowledged answer is on the station after the restart ...
      for (CommandSideForStations.Slip s : slips) {
        JsonNode view = http.view(s.sittingId(), tokens.get(s.sittingId())).body();
        assertThat(view.get("lastClientSeq").asLong()).isEqualTo(answersPerSitting);
      }
      // ... and reaches the command side
      for (CommandSideForStations.Slip s : slips) {
        awaitStatusOnCommandSide(s.sittingId(), "SUBMITTED");
      }
    } finally {
      station.destroyForcibly();
      station.waitFor();
    }
    Ed25519PublicKey stationKey = key.publicKey();
    for (CommandSideForStations.Slip s : slips) {
      List<JsonNode> answers = answerEvents(s.sittingId());
      Map<Long, JsonNode> bySeq = new java.util.HashMap<>();
      for (JsonNode a : answers) {
        assertThat(bySeq.put(a.get("clientSeq").asLong(), a))
            .as("one event per clientSeq")
            .isNull();
        assertThat(verifies(stationKey, s.sittingId(), a)).isTrue();
      }
      for (Acked a : acked) {
        if (a.sittingId().equals(s.sittingId())) {
          JsonNode recorded = bySeq.get(a.clientSeq());
          assertThat(recorded).as("acknowledged answer %s", a).isNotNull();
          assertThat(recorded.get("itemId").asText()).isEqualTo(a.itemId());
          assertThat(recorded.get("response").get(0).asText()).isEqualTo(a.response().get(0));
        }
      }
    }
  }

  private static void answerUntilDone(
      StationHttp http,
      String sittingId,
      Map<String, String> tokens,
      int answers,
      List<Acked> acked,
      AtomicBoolean stop) {
    for (long seq = 1; seq <= answers && !stop.get(); ) {
      String[] a = ANSWERS[(int) (seq % ANSWERS.length)];
      try {
        StationHttp.Reply r =
            http.answer(sittingId, tokens.get(sittingId), a[0], List.of(a[1]), seq);
        if (r.status() == 200) {
          acked.add(new Acked(sittingId, seq, a[0], List.of(a[1])));
          seq++;
        } else {
          throw new AssertionError("answer " + seq + " refused: " + r);
        }
      } catch (IOException e) {
        // the station is down: like a browser, retry the same answer with the same clientSeq
        try {
          Thread.sleep(20);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  @Test
  void shouldDeliverAWholeOfflineExamExactlyOnceInOrderWithValidSignatures() throws Exception {
    Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(HexFormat.of().parseHex("c2".repeat(32)));
    commandSide.registerStation("hall-offline", key);
    List<CommandSideForStations.Slip> slips =
        commandSide.session("exam-offline", "session-offline", 3);
    SessionPackage pkg = commandSide.sessionPackage("session-offline", slips);
    try (TcpProxy link = new TcpProxy(commandSide.port())) {
      StationConfig cfg =
          StationFixtures.config(
              dir,
              "server.url",
              "http://127.0.0.1:" + link.port(),
              "sync.min-backoff",
              "50ms",
              "sync.max-backoff",
              "400ms",
              "sync.batch-size",
              "4");
      var signer = StationFixtures.writeKey(cfg.dataDir(), key);
      try (Station station =
          Station.create(cfg, ExamPackages.of(List.of(pkg)), signer, Clock.systemUTC())) {
        station.start();
        StationHttp http =
            new StationHttp(URI.create("http://127.0.0.1:" + station.server().port()));
        Map<String, List<Acked>> expected = new java.util.LinkedHashMap<>();
        for (CommandSideForStations.Slip s : slips) {
          String token = http.signIn(s.code(), s.pin());
          assertThat(http.start(s.sittingId(), token).status()).isEqualTo(200);
          List<Acked> mine = new ArrayList<>();
          for (int seq = 1; seq <= ANSWERS.length; seq++) {
            String[] a = ANSWERS[seq - 1];
            assertThat(http.answer(s.sittingId(), token, a[0], List.of(a[1]), seq).status())
                .isEqualTo(200);
            mine.add(new Acked(s.sittingId(), seq, a[0], List.of(a[1])));
          }
          http.send(
              "POST",
              "/api/sittings/" + s.sittingId() + "/flags",
              token,
              Map.of("itemId", "q3", "flagged", true));
          assertThat(http.submit(s.sittingId(), token).status()).isEqualTo(200);
          expected.put(s.sittingId(), mine);
        }
        // the whole exam ran with the link down: nothing reached the command side
        SyncPusher sync = station.sync();
        awaitFailures(sync);
        assertThat(sync.cursor()).isZero();
        assertThat(sync.status().pending()).isEqualTo(station.journal().lastSeq());
        for (CommandSideForStations.Slip s : slips) {
          assertThat(sync.sitting(s.sittingId()).pending()).isEqualTo(ANSWERS.length + 3);
          assertThat(
                  commandSide
                      .asAdmin("GET", "/api/sittings/" + s.sittingId(), null)
                      .get("status")
                      .asText())
              .isEqualTo("REGISTERED");
        }

        // the link comes back, and the first two batches' answers are lost on the way back
        link.swallowResponsesOfNext(2);
        link.restore();
        awaitSynced(station);
        // the two batches whose answers were lost were sent again and recognised
        assertThat(sync.status().duplicatesSinceStart()).isPositive();
        for (CommandSideForStations.Slip s : slips) {
          assertThat(sync.sitting(s.sittingId()).pending()).isZero();
          assertThat(sync.sitting(s.sittingId()).lastSyncedAt()).isNotNull();
          assertThat(sync.sitting(s.sittingId()).rejected()).isZero();
        }
        Ed25519PublicKey stationKey = key.publicKey();
        for (CommandSideForStations.Slip s : slips) {
          awaitStatusOnCommandSide(s.sittingId(), "SUBMITTED");
          List<JsonNode> answers = answerEvents(s.sittingId());
          assertThat(answers)
              .extracting(a -> a.get("clientSeq").asLong())
              .containsExactly(1L, 2L, 3L, 4L, 5L, 6L); // exactly once, in order
          for (int i = 0; i < answers.size(); i++) {
            JsonNode a = answers.get(i);
            Acked want = expected.get(s.sittingId()).get(i);
            assertThat(a.get("itemId").asText()).isEqualTo(want.itemId());
            assertThat(a.get("response").get(0).asText()).isEqualTo(want.response().get(0));
            assertThat(a.get("keyId").asText()).isEqualTo(stationKey.keyId().value());
            assertThat(verifies(stationKey, s.sittingId(), a)).isTrue();
            // station time kept beside the server's later receipt time
            assertThat(a.get("stationTime").asText()).isEqualTo(a.get("clientTimestamp").asText());
            assertThat(Instant.parse(a.get("recordedAt").asText()))
                .isAfter(Instant.parse(a.get("stationTime").asText()));
          }
          JsonNode startedEvent = event(s.sittingId(), "SittingStarted");
          JournalEntry start =
              station.journal().all().stream()
                  .filter(
                      e ->
                          e.sittingId().equals(s.sittingId())
                              && e.kind() == JournalEntry.Kind.START)
                  .findFirst()
                  .orElseThrow();
          assertThat(Instant.parse(startedEvent.get("startedAt").asText()))
              .isEqualTo(start.stationTime());
          assertThat(startedEvent.get("deadline").asText())
              .isEqualTo(start.payload().get("deadline").asText());
          assertThat(startedEvent.get("stationKeyId").asText())
              .isEqualTo(stationKey.keyId().value());
          assertThat(startedEvent.get("receivedAt").isNull()).isFalse();
        }
        Integer rows =
            commandSide
                .jdbc()
                .queryForObject("SELECT count(*) FROM station_sync_entry", Integer.class);
        assertThat(rows).isGreaterThanOrEqualTo((int) station.journal().lastSeq());
      }
    }
    // the sittings are scored, sealed and verify offline with their station signatures
    for (CommandSideForStations.Slip s : slips) {
      awaitEvent(s.sittingId(), "SittingSealed");
    }
    commandSide.asAdmin("POST", "/api/sessions/session-offline/tree-head", null);
    Path bundle = dir.resolve("session.zip");
    Files.write(bundle, commandSide.download("/api/audit/sessions/session-offline/bundle"));
    VerificationReport report = new BundleVerifier(2, n -> {}).verify(bundle);
    assertThat(report.failure()).isNull();
    assertThat(report.sittingsVerified()).isEqualTo(3);
  }

  private static final Ed25519PrivateKey REJECT_STATION_KEY =
      Ed25519PrivateKey.fromSeed(HexFormat.of().parseHex("c3".repeat(32)));

  @Test
  void shouldRejectForgedEntriesOnceAndRefuseCallersThatAreNotStations() throws Exception {
    Ed25519PrivateKey key = REJECT_STATION_KEY;
    commandSide.registerStation("hall-reject", key);
    String sittingId = commandSide.session("exam-reject", "session-reject", 1).get(0).sittingId();
    StationSigner signer = new StationSigner(key, Clock.systemUTC());
    Instant t = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    Instant deadline = t.plusSeconds(1800);
    List<Map<String, Object>> entries =
        List.of(
            entry(1, sittingId, "start", t, Map.of("deadline", deadline.toString()), null),
            // signed over another response than the one sent
            entry(
                2,
                sittingId,
                "answer",
                t.plusSeconds(1),
                Map.of("itemId", "q1", "response", List.of("A"), "clientSeq", 1),
                signer.signAnswer(sittingId, "q1", List.of("B"), 1, t.plusSeconds(1))),
            entry(
                3,
                sittingId,
                "answer",
                t.plusSeconds(2),
                Map.of("itemId", "q99", "response", List.of("A"), "clientSeq", 2),
                signer.signAnswer(sittingId, "q99", List.of("A"), 2, t.plusSeconds(2))),
            entry(
                4,
                sittingId,
                "answer",
                t.plusSeconds(3),
                Map.of("itemId", "q1", "response", List.of("B"), "clientSeq", 3),
                signer.signAnswer(sittingId, "q1", List.of("B"), 3, t.plusSeconds(3))));
    byte[] body = StationHttp.JSON.writeValueAsBytes(Map.of("entries", entries));
    URI sync = commandSide.base().resolve(SyncPusher.PATH);
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();

    JsonNode first = syncAs(client, signer.signedRequest("POST", sync, body), 200);
    assertThat(first.get("results"))
        .extracting(r -> r.get("outcome").asText())
        .containsExactly("applied", "rejected", "rejected", "applied");
    assertThat(first.get("results").get(1).get("type").asText())
        .isEqualTo("urn:kg-exam:problem:invalid-answer-signature");
    assertThat(first.get("results").get(2).get("type").asText())
        .isEqualTo("urn:kg-exam:problem:unknown-item");
    // the same batch again: nothing new, and the rejections stay rejections
    JsonNode again = syncAs(client, signer.signedRequest("POST", sync, body), 200);
    assertThat(again.get("results"))
        .extracting(r -> r.get("outcome").asText())
        .containsExactly("duplicate", "rejected", "rejected", "duplicate");
    assertThat(answerEvents(sittingId))
        .singleElement()
        .satisfies(a -> assertThat(a.get("clientSeq").asLong()).isEqualTo(3));

    // only a station may sync: a centre administrator, a caller without credentials, a bad body
    assertThat(
            syncAs(
                    client,
                    java.net.http.HttpRequest.newBuilder(sync)
                        .header("Content-Type", "application/json")
                        .header("Authorization", commandSide.adminAuthorization())
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)),
                    403)
                .get("type")
                .asText())
        .isEqualTo("urn:kg-exam:problem:forbidden");
    syncAs(
        client,
        java.net.http.HttpRequest.newBuilder(sync)
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)),
        401);
    byte[] unknownKind =
        StationHttp.JSON.writeValueAsBytes(
            Map.of("entries", List.of(entry(5, sittingId, "teleport", t, Map.of(), null))));
    assertThat(
            syncAs(client, signer.signedRequest("POST", sync, unknownKind), 400)
                .get("detail")
                .asText())
        .contains("kind");
  }

  private static Map<String, Object> entry(
      long seq,
      String sittingId,
      String kind,
      Instant stationTime,
      Map<String, Object> payload,
      String answerSignature) {
    Map<String, Object> e = new java.util.LinkedHashMap<>();
    e.put("seq", seq);
    e.put("sittingId", sittingId);
    e.put("kind", kind);
    e.put("stationTime", stationTime.toString());
    e.put("payload", payload);
    e.put("keyId", answerSignature == null ? null : REJECT_STATION_KEY.keyId().value());
    e.put("signature", answerSignature);
    return e;
  }

  private static JsonNode syncAs(
      java.net.http.HttpClient client, java.net.http.HttpRequest.Builder request, int status)
      throws Exception {
    java.net.http.HttpResponse<String> r =
        client.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return r.body().isBlank() ? null : StationHttp.JSON.readTree(r.body());
  }

  private static boolean verifies(Ed25519PublicKey key, String sittingId, JsonNode a) {
    List<String> response = new ArrayList<>();
    a.get("response").forEach(v -> response.add(v.asText()));
    return AnswerSignatures.verify(
        key,
        a.get("signature").asText(),
        sittingId,
        a.get("itemId").asText(),
        response,
        a.get("clientSeq").asLong(),
        Instant.parse(a.get("clientTimestamp").asText()));
  }

  private static List<JsonNode> answerEvents(String sittingId) throws Exception {
    List<JsonNode> answers = new ArrayList<>();
    for (JsonNode e : commandSide.asAdmin("GET", "/api/sittings/" + sittingId + "/events", null)) {
      if (e.get("type").asText().equals("AnswerRecorded")) {
        answers.add(e.get("payload"));
      }
    }
    return answers;
  }

  private static JsonNode event(String sittingId, String type) throws Exception {
    for (JsonNode e : commandSide.asAdmin("GET", "/api/sittings/" + sittingId + "/events", null)) {
      if (e.get("type").asText().equals(type)) {
        return e.get("payload");
      }
    }
    return null;
  }

  private static void awaitEvent(String sittingId, String type) throws Exception {
    for (int i = 0; i < 600; i++) {
      if (event(sittingId, type) != null) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(sittingId + " has no " + type);
  }

  private static void awaitStatusOnCommandSide(String sittingId, String status) throws Exception {
    String last = null;
    for (int i = 0; i < 600; i++) {
      last = commandSide.asAdmin("GET", "/api/sittings/" + sittingId, null).get("status").asText();
      if (last.equals(status)) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(sittingId + " is " + last + " on the command side, not " + status);
  }

  private static void awaitSynced(Station station) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      if (station.sync().cursor() == station.journal().lastSeq()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("sync stuck: " + station.sync().status());
  }

  private static void awaitFailures(SyncPusher sync) throws InterruptedException {
    for (int i = 0; i < 600 && sync.status().consecutiveFailures() < 3; i++) {
      Thread.sleep(50);
    }
    assertThat(sync.status().consecutiveFailures()).isGreaterThanOrEqualTo(3);
    assertThat(sync.status().lastError()).contains("unreachable");
  }

  private Process startStationProcess(StationConfig cfg, String run) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            StationApp.class.getName(),
            "serve",
            "--config",
            cfg.file().toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(dir.resolve("station-" + run + ".log").toFile());
    return pb.start();
  }

  private static void awaitUp(StationHttp http) throws Exception {
    for (int i = 0; i < 600; i++) {
      try {
        if (http.send("GET", "/api/up", null, null).status() == 404) {
          return;
        }
      } catch (IOException e) {
        // not yet listening
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the station process did not start");
  }
}
