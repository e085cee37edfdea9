package kg.exam.client.station;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The candidate API on the station: the command side's paths, bodies, answers and problem types
 * (command-side/README.md), so the student UI and {@code simulate} run unchanged against either.
 * Differences: times are the station's clock ({@code timeAuthority: "station"} in the sitting), the
 * station signs answers itself (a device signature or device key sent by the browser is accepted
 * and ignored), and a station never shows results.
 */
final class CandidateApi {
  /** Largest client sequence number: 2^53 − 1, exact in every JSON reader. */
  static final long MAX_CLIENT_SEQ = 9_007_199_254_740_991L;

  private final StationSittings sittings;
  private final CandidateAuth auth;

  CandidateApi(StationSittings sittings, CandidateAuth auth) {
    this.sittings = sittings;
    this.auth = auth;
  }

  void register(StationServer server) {
    server
        .route("POST", "/api/candidate/sign-in", this::signIn)
        .route("POST", "/api/candidate/token", this::token)
        .route("GET", "/api/sittings/{sittingId}", ex -> ex.json(200, sittings.view(own(ex))))
        .route(
            "POST", "/api/sittings/{sittingId}/start", ex -> ex.json(200, sittings.start(own(ex))))
        .route(
            "POST",
            "/api/sittings/{sittingId}/device-keys",
            ex -> ex.json(200, sittings.view(own(ex))))
        .route("GET", "/api/sittings/{sittingId}/paper", this::paper)
        .route("GET", "/api/sittings/{sittingId}/media/{sha256}", this::medium)
        .route("POST", "/api/sittings/{sittingId}/answers", this::answer)
        .route("POST", "/api/sittings/{sittingId}/flags", this::flag)
        .route(
            "POST",
            "/api/sittings/{sittingId}/submit",
            ex -> ex.json(200, sittings.submit(own(ex))));
  }

  private void signIn(StationServer.Exchange ex) throws IOException {
    JsonNode body = object(ex);
    ex.json(200, auth.signIn(text(body, "candidateCode"), text(body, "pin")));
  }

  private void token(StationServer.Exchange ex) throws IOException {
    String sittingId = auth.sittingOf(ex.header("Authorization"));
    StationSittings.Status status = sittings.status(sittingId);
    if (status == StationSittings.Status.SUBMITTED || status == StationSittings.Status.TIMED_OUT) {
      throw StationProblem.conflict(
          "sitting-finished", "Sitting already handed in", "The sitting was already handed in.");
    }
    ex.json(200, auth.refresh(sittingId));
  }

  /** The sitting of the path, which must be the caller's own. */
  private String own(StationServer.Exchange ex) {
    String token = auth.sittingOf(ex.header("Authorization"));
    String sittingId = ex.param("sittingId");
    if (!token.equals(sittingId)) {
      throw StationProblem.forbidden("Only the candidate of this sitting may do this.");
    }
    return sittingId;
  }

  record Paper(
      String sittingId,
      String examId,
      int examVersion,
      String title,
      String subject,
      String language,
      int durationMinutes,
      List<PackageItem> items) {}

  private void paper(StationServer.Exchange ex) throws IOException {
    String sittingId = own(ex);
    if (sittings.status(sittingId) == StationSittings.Status.REGISTERED) {
      throw StationProblem.conflict(
          "sitting-not-started", "Sitting not started", "Start the sitting to see the paper.");
    }
    ExamPackages.Located at =
        sittings
            .find(sittingId)
            .orElseThrow(() -> StationProblem.notFound("No sitting " + sittingId + " here."));
    SessionPackage p = at.sessionPackage();
    // in the candidate's language when the exam offers it
    SessionPackage.Translation in = p.paperIn(at.candidate().language());
    ex.json(
        200,
        new Paper(
            sittingId,
            p.examId(),
            p.examVersion(),
            in.title(),
            p.subject(),
            in.language(),
            p.durationMinutes(),
            in.items()));
  }

  /** An image or audio file the candidate's paper shows, once the sitting has started. */
  private void medium(StationServer.Exchange ex) throws IOException {
    String sittingId = own(ex);
    if (sittings.status(sittingId) == StationSittings.Status.REGISTERED) {
      throw StationProblem.conflict(
          "sitting-not-started", "Sitting not started", "Start the sitting to see the paper.");
    }
    ExamPackages.Located at =
        sittings
            .find(sittingId)
            .orElseThrow(() -> StationProblem.notFound("No sitting " + sittingId + " here."));
    String sha256 = ex.param("sha256");
    SessionPackage p = at.sessionPackage();
    boolean shown =
        p.paperIn(at.candidate().language()).items().stream()
            .anyMatch(i -> SessionPackage.mediaOf(i).contains(sha256));
    SessionPackage.Medium medium = shown ? p.media().get(sha256) : null;
    if (medium == null) {
      throw StationProblem.notFound("The paper shows no medium " + sha256 + ".");
    }
    ex.bytes(200, medium.mediaType(), medium.bytes());
  }

  private void answer(StationServer.Exchange ex) throws IOException {
    String sittingId = own(ex);
    JsonNode body = object(ex);
    String itemId = text(body, "itemId");
    JsonNode response = body.get("response");
    if (response == null || response.isNull()) {
      throw StationProblem.invalidRequest("response: must not be null.");
    }
    if (!response.isArray()) {
      throw StationProblem.malformedBody("response: expected a list of strings.");
    }
    List<String> values = new ArrayList<>(response.size());
    for (JsonNode v : response) {
      if (v.isNull()) {
        values.add(null);
      } else if (v.isTextual() || v.isNumber() || v.isBoolean()) {
        values.add(v.asText());
      } else {
        throw StationProblem.malformedBody("response: expected a list of strings.");
      }
    }
    JsonNode seq = body.get("clientSeq");
    if (seq == null || seq.isNull() || !seq.canConvertToExactIntegral()) {
      throw StationProblem.invalidRequest("clientSeq: a whole number 1.." + MAX_CLIENT_SEQ);
    }
    if (!seq.canConvertToLong() || seq.asLong() < 1 || seq.asLong() > MAX_CLIENT_SEQ) {
      throw StationProblem.invalidRequest(
          "clientSeq: must be between 1 and " + MAX_CLIENT_SEQ + ".");
    }
    Instant deviceTimestamp = null;
    JsonNode ts = body.get("clientTimestamp");
    if (ts != null && !ts.isNull()) {
      try {
        deviceTimestamp = Instant.parse(ts.asText());
      } catch (DateTimeParseException e) {
        throw StationProblem.malformedBody("clientTimestamp: not an ISO-8601 instant.");
      }
    }
    ex.json(200, sittings.answer(sittingId, itemId, values, seq.asLong(), deviceTimestamp));
  }

  private void flag(StationServer.Exchange ex) throws IOException {
    String sittingId = own(ex);
    JsonNode body = object(ex);
    String itemId = text(body, "itemId");
    JsonNode flagged = body.get("flagged");
    if (flagged == null || flagged.isNull()) {
      throw StationProblem.invalidRequest("flagged: must not be null.");
    }
    if (!flagged.isBoolean()) {
      throw StationProblem.malformedBody("flagged: expected true or false.");
    }
    ex.json(200, sittings.flag(sittingId, itemId, flagged.booleanValue()));
  }

  private static JsonNode object(StationServer.Exchange ex) throws IOException {
    JsonNode body = ex.json();
    if (!body.isObject()) {
      throw StationProblem.malformedBody("Expected a JSON object.");
    }
    return body;
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
      throw StationProblem.invalidRequest(field + ": must not be blank.");
    }
    if (!v.isTextual()) {
      throw StationProblem.malformedBody(field + ": expected a string.");
    }
    return v.asText();
  }
}
