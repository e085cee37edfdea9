package kg.exam.client.station;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A browser's side of the station's candidate API, for tests: raw status and JSON. */
final class StationHttp {
  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

  /** One answer: the status and the body (a receipt, a view or a problem). */
  record Reply(int status, JsonNode body) {
    String problem() {
      String type = body == null ? "" : body.path("type").asText("");
      return type.substring(type.lastIndexOf(':') + 1);
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;

  StationHttp(URI base) {
    this.base = base;
  }

  Reply send(String method, String path, String token, Object body) throws IOException {
    return send(method, path, token, body, body == null ? null : "application/json");
  }

  /** With the given Content-Type, or none when it is null. */
  Reply send(String method, String path, String token, Object body, String contentType)
      throws IOException {
    byte[] bytes =
        body == null
            ? new byte[0]
            : body instanceof byte[] raw ? raw : JSON.writeValueAsBytes(body);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(bytes));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (r.body().length == 0) {
        return new Reply(r.statusCode(), null);
      }
      try {
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
      } catch (IOException notJson) {
        return new Reply(
            r.statusCode(),
            JSON.getNodeFactory()
                .textNode(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** A GET whose body is bytes (an image, say), with the candidate's token. */
  HttpResponse<byte[]> bytes(String path, String token) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(base.resolve(path))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + token)
              .build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Signs in; returns the token. */
  String signIn(String code, String pin) throws IOException {
    Reply r =
        send("POST", "/api/candidate/sign-in", null, Map.of("candidateCode", code, "pin", pin));
    if (r.status() != 200) {
      throw new AssertionError("sign-in: " + r);
    }
    return r.body().get("token").asText();
  }

  Reply start(String sittingId, String token) throws IOException {
    return send("POST", "/api/sittings/" + sittingId + "/start", token, Map.of());
  }

  Reply answer(String sittingId, String token, String itemId, List<String> response, long seq)
      throws IOException {
    return send(
        "POST",
        "/api/sittings/" + sittingId + "/answers",
        token,
        Map.of("itemId", itemId, "response", response, "clientSeq", seq));
  }

  Reply view(String sittingId, String token) throws IOException {
    return send("GET", "/api/sittings/" + sittingId, token, null);
  }

  Reply submit(String sittingId, String token) throws IOException {
    return send("POST", "/api/sittings/" + sittingId + "/submit", token, null);
  }
}
