package kg.exam.client.station;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kg.exam.client.station.enrol.InProcessCommandSide;
import kg.exam.command.demo.DemoExam;
import kg.exam.command.security.Role;
import kg.exam.command.security.StaffAccounts;
import kg.exam.contract.trust.Ed25519PrivateKey;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A real command side for the station's sync tests, in-process over an embedded PostgreSQL (no
 * Kafka publication, which these tests do not read), with a centre administrator and an auditor.
 */
final class CommandSideForStations implements AutoCloseable {
  static final String CENTRE = "centre-st";
  static final String SCHOOL = "school-st";
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

  private final InProcessCommandSide commandSide;
  private final URI base;
  private final String admin;
  private final String auditor;
  private final HttpClient http = HttpClient.newHttpClient();

  CommandSideForStations() throws IOException {
    commandSide = new InProcessCommandSide();
    // by IPv4 address, as the stations and proxies of these tests reach it
    base = URI.create("http://127.0.0.1:" + commandSide.base().getPort());
    String password = commandSide.adminPassword();
    commandSide.bean(StaffAccounts.class).create("auditor", password, Role.AUDITOR, null, null);
    admin = InProcessCommandSide.basic(commandSide.adminAccount(), password);
    auditor = InProcessCommandSide.basic("auditor", password);
  }

  URI base() {
    return base;
  }

  int port() {
    return base.getPort();
  }

  JdbcTemplate jdbc() {
    return commandSide.bean(JdbcTemplate.class);
  }

  /** A sitting the station runs: its slip and the PIN verifier the command side stores. */
  record Slip(String sittingId, String candidateId, String code, String pin, String pinHash) {}

  /**
   * Publishes the demo exam as {@code examId}, opens a session at {@link #CENTRE} / {@link #SCHOOL}
   * from a minute ago for three hours and registers {@code candidates}.
   */
  List<Slip> session(String examId, String sessionId, int candidates) throws Exception {
    send("POST", "/api/exams", Map.of("examId", examId, "content", DemoExam.content()), admin);
    send("POST", "/api/exams/" + examId + "/publish", null, admin);
    Map<String, Object> session = new LinkedHashMap<>();
    session.put("sessionId", sessionId);
    session.put("examId", examId);
    session.put("examVersion", 1);
    session.put("centreId", CENTRE);
    session.put("schoolId", SCHOOL);
    session.put("opensAt", Instant.now().minusSeconds(60).toString());
    session.put("closesAt", Instant.now().plusSeconds(3 * 3600).toString());
    send("POST", "/api/sessions", session, admin);
    List<Slip> slips = new ArrayList<>();
    for (int i = 0; i < candidates; i++) {
      Map<String, Object> r = new LinkedHashMap<>();
      String candidateId = sessionId + "-c" + i;
      r.put("candidateId", candidateId);
      r.put("region", "NARYN");
      r.put("district", "at-bashy");
      r.put("schoolId", SCHOOL);
      r.put("locality", "RURAL");
      r.put("instructionLanguage", "ky");
      r.put("gender", i % 2 == 0 ? "F" : "M");
      r.put("grade", 9);
      r.put("extraTimePercent", 0);
      JsonNode slip = send("POST", "/api/sessions/" + sessionId + "/registrations", r, admin);
      String code = slip.get("candidateCode").asText();
      String hash =
          jdbc()
              .queryForObject(
                  "SELECT pin_hash FROM candidate_credential WHERE candidate_code = ?",
                  String.class,
                  code);
      slips.add(
          new Slip(
              slip.get("sittingId").asText(), candidateId, code, slip.get("pin").asText(), hash));
    }
    return slips;
  }

  /** The session's package as a station holds it once unlocked. */
  SessionPackage sessionPackage(String sessionId, List<Slip> slips) throws Exception {
    JsonNode s = send("GET", "/api/sessions/" + sessionId, null, admin);
    return StationFixtures.demoPackage(
        sessionId,
        CENTRE,
        SCHOOL,
        Instant.parse(s.get("opensAt").asText()),
        Instant.parse(s.get("closesAt").asText()),
        slips.stream()
            .map(
                x -> new PackageCandidate(x.sittingId(), x.candidateId(), x.code(), x.pinHash(), 0))
            .toList());
  }

  /** Registers a station key for {@link #CENTRE} and {@link #SCHOOL}. */
  void registerStation(String stationId, Ed25519PrivateKey key) throws Exception {
    send(
        "POST",
        "/api/trust/stations",
        Map.of(
            "stationId", stationId,
            "centreId", CENTRE,
            "schoolId", SCHOOL,
            "publicKey", key.publicKey().toBase64Url(),
            "validFrom", Instant.now().minusSeconds(600).toString()),
        admin);
  }

  /** The centre administrator's {@code Authorization} header value. */
  String adminAuthorization() {
    return admin;
  }

  JsonNode asAdmin(String method, String path, Object body) throws Exception {
    return send(method, path, body, admin);
  }

  byte[] download(String path) throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(base.resolve(path)).header("Authorization", auditor).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new AssertionError(path + ": HTTP " + r.statusCode() + " " + new String(r.body()));
    }
    return r.body();
  }

  private JsonNode send(String method, String path, Object body, String auth) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", auth)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new AssertionError(method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return r.body().isBlank() ? null : JSON.readTree(r.body());
  }

  @Override
  public void close() throws IOException {
    commandSide.close();
  }
}
