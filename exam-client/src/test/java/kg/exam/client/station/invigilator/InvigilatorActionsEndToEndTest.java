package kg.exam.client.station.invigilator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kg.exam.client.station.Station;
import kg.exam.client.station.StationConfig;
import kg.exam.client.station.StationJson;
import kg.exam.client.station.enrol.EnrolCommands;
import kg.exam.client.station.enrol.InProcessCommandSide;
import kg.exam.client.station.enrol.StationSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * From the invigilator's buttons to the command side's events: an enrolled station with a fetched
 * package, a candidate who signs in at the station with the PIN of their admission slip (checked
 * against the package's verifier) and starts; the invigilator pauses, resumes and extends with
 * reasons and reports an incident; the station's sync delivers them and the command side records
 * {@code SittingPaused}, {@code SittingResumed}, {@code SittingTimeExtended} and {@code
 * IncidentReported} with the reason or code and note, and who did it.
 */
class InvigilatorActionsEndToEndTest {
  private static final String PIN = "731904";
  private static InProcessCommandSide server;
  private static Station station;
  private static JsonNode slip;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    server = new InProcessCommandSide();
    server.publishDemoExam("inv-exam");
    server.openSession(
        "inv-session", "inv-exam", Instant.now().minusSeconds(60), Instant.now().plusSeconds(7200));
    slip = server.register("inv-session", "cand-9", 0);
    Path dir = Files.createTempDirectory("station-inv");
    Path configFile = dir.resolve("station.properties");
    Files.writeString(
        configFile,
        String.join(
            "\n",
            "server.url=" + server.base(),
            "station.data-dir=data",
            "station.id=lab-2",
            "station.centre-id=" + InProcessCommandSide.CENTRE,
            "station.port=0",
            "station.bind=127.0.0.1",
            "sync.min-backoff=100ms",
            "sync.max-backoff=1s",
            "invigilator.id=inv-017",
            "invigilator.pin-hash=" + InvigilatorApi.hashPin(PIN.toCharArray()),
            ""));
    StationConfig config = StationConfig.load(configFile);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThat(
            EnrolCommands.enrol(
                config,
                List.of(),
                quiet,
                quiet,
                Map.of(
                    EnrolCommands.ACCOUNT_ENV,
                    server.adminAccount(),
                    EnrolCommands.PASSWORD_ENV,
                    server.adminPassword()),
                null))
        .isZero();
    assertThat(EnrolCommands.fetch(config, List.of(), quiet, quiet)).isZero();
    StationSigner signer = StationSigner.load(config.stationKeyFile(), Clock.systemUTC());
    EnrolCommands.Serving serving = EnrolCommands.serving(config, signer, Clock.systemUTC());
    station = Station.create(config, serving.store(), signer, Clock.systemUTC());
    InvigilatorApi.install(station, serving.store(), Clock.systemUTC());
    station.start();
  }

  @AfterAll
  static void stop() throws Exception {
    station.close();
    server.close();
  }

  private static JsonNode post(String path, String bearer, Object body, int expected)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + station.server().port() + path))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    StationJson.MAPPER.writeValueAsBytes(body == null ? Map.of() : body)));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(expected);
    return StationJson.MAPPER.readTree(r.body());
  }

  @Test
  void shouldDeliverPauseResumeExtensionAndIncidentToTheCommandSideAsEvents() throws Exception {
    String sittingId = slip.get("sittingId").asText();
    // the candidate signs in at the station with the slip's PIN, checked against the package
    JsonNode signedIn =
        post(
            "/api/candidate/sign-in",
            null,
            Map.of(
                "candidateCode",
                slip.get("candidateCode").asText(),
                "pin",
                slip.get("pin").asText()),
            200);
    post("/api/sittings/" + sittingId + "/start", signedIn.get("token").asText(), null, 200);
    String inv =
        post("/invigilator/api/sign-in", null, Map.of("pin", PIN), 200).get("token").asText();

    post(
        "/invigilator/api/sittings/" + sittingId + "/pause",
        inv,
        Map.of("reason", "power cut"),
        200);
    post(
        "/invigilator/api/sittings/" + sittingId + "/resume",
        inv,
        Map.of("reason", "power back"),
        200);
    post(
        "/invigilator/api/sittings/" + sittingId + "/extend",
        inv,
        Map.of("minutes", 15, "reason", "lost time"),
        200);
    post(
        "/invigilator/api/sittings/" + sittingId + "/incidents",
        inv,
        Map.of("code", "POWER_CUT", "note", "lights out in room 3"),
        201);

    List<String> types = new ArrayList<>();
    JsonNode events = null;
    Instant giveUp = Instant.now().plus(Duration.ofSeconds(90)); // guards a hang, not a speed claim
    while (!types.contains("IncidentReported") && Instant.now().isBefore(giveUp)) {
      Thread.sleep(200);
      events = server.send("GET", "/api/sittings/" + sittingId + "/events", null, 200);
      types.clear();
      events.forEach(e -> types.add(e.get("type").asText().replaceAll(".*\\.", "")));
    }
    assertThat(types)
        .containsSubsequence(
            "SittingStarted",
            "SittingPaused",
            "SittingResumed",
            "SittingTimeExtended",
            "IncidentReported");
    JsonNode paused = payloadOf(events, "SittingPaused");
    JsonNode extended = payloadOf(events, "SittingTimeExtended");
    assertThat(paused.get("reason").asText()).isEqualTo("power cut");
    assertThat(paused.get("by").asText()).contains("inv-017");
    assertThat(payloadOf(events, "SittingResumed").get("reason").asText()).isEqualTo("power back");
    assertThat(extended.get("minutes").asInt()).isEqualTo(15);
    assertThat(extended.get("reason").asText()).isEqualTo("lost time");
    JsonNode incident = payloadOf(events, "IncidentReported");
    assertThat(incident.get("code").asText()).isEqualTo("POWER_CUT");
    assertThat(incident.get("note").asText()).isEqualTo("lights out in room 3");
    assertThat(incident.get("reportedBy").asText()).startsWith("station:").endsWith("/inv-017");
    assertThat(incident.get("stationKeyId").asText())
        .isEqualTo(incident.get("reportedBy").asText().replaceAll("^station:|/inv-017$", ""));
    assertThat(incident.get("stationSeq").asLong()).isPositive();
    assertThat(Instant.parse(incident.get("occurredAt").asText())).isNotNull();
    assertThat(Instant.parse(incident.get("recordedAt").asText())).isNotNull();
    // and the sitting as the centre reads it lists the incident
    JsonNode sitting = server.send("GET", "/api/sittings/" + sittingId, null, 200);
    assertThat(sitting.get("incidents")).hasSize(1);
    assertThat(sitting.get("incidents").get(0).get("code").asText()).isEqualTo("POWER_CUT");
  }

  private static JsonNode payloadOf(JsonNode events, String type) {
    for (JsonNode e : events) {
      if (e.get("type").asText().endsWith(type)) {
        return e.get("payload");
      }
    }
    throw new AssertionError("no " + type);
  }
}
