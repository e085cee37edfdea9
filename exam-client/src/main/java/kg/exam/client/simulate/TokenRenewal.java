package kg.exam.client.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import kg.exam.client.ExamServerClient;
import kg.exam.client.ServerProblem;

/**
 * {@code POST /api/candidate/token}: a fresh token for a sitting still running, on the command side
 * and on a station alike ({@code {token, expiresAt, sittingId}}, the sign-in's shape).
 */
final class TokenRenewal {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TokenRenewal() {}

  /**
   * @throws ServerProblem when refused (e.g. {@code sitting-finished})
   * @throws UncheckedIOException when the server cannot be reached
   */
  static ExamServerClient.Session renew(
      URI server, ExamServerClient.Session session, Duration timeout) {
    try {
      HttpResponse<byte[]> r =
          HTTP.send(
              HttpRequest.newBuilder(server.resolve("/api/candidate/token"))
                  .timeout(timeout)
                  .header("Authorization", "Bearer " + session.token())
                  .header("Accept", "application/json")
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      JsonNode json = r.body().length == 0 ? JSON.nullNode() : JSON.readTree(r.body());
      if (r.statusCode() >= 400) {
        throw new ServerProblem(
            r.statusCode(), json.path("type").asText(null), json.path("detail").asText(""));
      }
      return new ExamServerClient.Session(
          session.sittingId(),
          json.get("token").asText(),
          Instant.parse(json.get("expiresAt").asText()));
    } catch (IOException e) {
      throw new UncheckedIOException("POST /api/candidate/token failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
