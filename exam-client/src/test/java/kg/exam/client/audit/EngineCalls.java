package kg.exam.client.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * HTTP calls and waits the end-to-end tests of marking share, against a command side started
 * in-process: staff accounts share one password; "admin" reads sittings and "auditor" downloads
 * bundles.
 */
record EngineCalls(URI base, String password, JdbcTemplate jdbc) {
  static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

  static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  String basic(String account) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((account + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Any request with the given Authorization header, its answer as it comes. */
  HttpResponse<byte[]> call(String method, String path, String authorization, Object body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    return HttpClient.newHttpClient()
        .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A request as a staff account that must succeed; its JSON answer (null when empty). */
  JsonNode send(String method, String path, String account, Object body) throws Exception {
    HttpResponse<byte[]> response = call(method, path, basic(account), body);
    assertThat(response.statusCode())
        .as(method + " " + path + ": " + new String(response.body(), StandardCharsets.UTF_8))
        .isLessThan(300);
    return response.body().length == 0 ? null : JSON.readTree(response.body());
  }

  /** The sitting's result once no answer waits for a marker. */
  JsonNode awaitFinalScore(String sittingId) throws Exception {
    for (int i = 0; i < 400; i++) {
      JsonNode result = send("GET", "/api/sittings/" + sittingId, "admin", null).get("result");
      if (result != null && !result.isNull() && !result.get("needsHumanMarking").asBoolean()) {
        return result;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("sitting " + sittingId + " never got its final score");
  }

  /** Waits until the sitting's stream ends with a seal. */
  void awaitSealedEnd(String sittingId) throws Exception {
    for (int i = 0; i < 400; i++) {
      String last =
          jdbc.queryForObject(
              "SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = ?"
                  + " ORDER BY sequencenumber DESC LIMIT 1",
              String.class,
              sittingId);
      if ("kg.exam.contract.sitting.SittingSealed".equals(last)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("sitting " + sittingId + " never ended with a seal");
  }

  /** A bundle downloaded by the auditor into a new file in {@code dir}. */
  Path download(String path, Path dir) throws Exception {
    HttpResponse<byte[]> response = call("GET", path, basic("auditor"), null);
    assertThat(response.statusCode())
        .as(new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    Path file = Files.createTempFile(dir, "bundle", ".zip");
    Files.write(file, response.body());
    return file;
  }
}
