package kg.exam.client.station.enrol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import kg.exam.client.station.StationJson;

/**
 * Requests from the station to the command side, signed with the station key. A {@code
 * station-clock-skew} refusal corrects the signer's clock from the problem's {@code serverTime} and
 * is retried once. Thread-safe.
 */
final class CommandSideCalls {
  /** A refusal or failure of the command side, with the problem type when there is one. */
  static final class CallFailed extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String problemType;

    CallFailed(int status, String problemType, String detail) {
      super(detail);
      this.status = status;
      this.problemType = problemType;
    }

    int status() {
      return status;
    }

    /** The RFC 9457 type, e.g. {@code urn:kg-exam:problem:package-not-released}, or null. */
    String problemType() {
      return problemType;
    }

    boolean is(String problemName) {
      return problemType != null && problemType.endsWith(":" + problemName);
    }
  }

  private final URI server;
  private final StationSigner signer;
  private final HttpClient http;

  CommandSideCalls(URI server, StationSigner signer) {
    this.server = server;
    this.signer = signer;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** A signed GET; the JSON body of a 2xx, else {@link CallFailed}. */
  JsonNode get(String path) throws IOException, InterruptedException {
    URI uri = server.resolve(path);
    for (int attempt = 0; ; attempt++) {
      HttpResponse<byte[]> r =
          http.send(
              signer.signedRequest("GET", uri, null).timeout(Duration.ofMinutes(2)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() / 100 == 2) {
        return StationJson.MAPPER.readTree(r.body());
      }
      JsonNode problem = problemOf(r.body());
      String type = problem.path("type").asText(null);
      if (attempt == 0
          && type != null
          && type.endsWith(":station-clock-skew")
          && problem.hasNonNull("serverTime")) {
        signer.correctClock(Instant.parse(problem.get("serverTime").asText()));
        continue;
      }
      throw new CallFailed(
          r.statusCode(),
          type,
          "GET " + path + ": HTTP " + r.statusCode() + " " + problem.path("detail").asText(""));
    }
  }

  private static JsonNode problemOf(byte[] body) {
    try {
      return StationJson.MAPPER.readTree(body);
    } catch (IOException e) {
      return StationJson.MAPPER.createObjectNode();
    }
  }
}
