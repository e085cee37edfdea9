package kg.exam.client.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import kg.exam.client.ServerProblem;

/**
 * Sets a simulation up on the command side as a centre administrator does: creates an exam (the
 * bundled {@code simulation-exam.json}, one item of every type, or the given content), publishes
 * it, opens a session that is open now, and registers the candidates, spread over {@code schools}
 * schools and a few regions, languages, genders and localities so that dashboards have something to
 * disaggregate. Candidate ids are {@code sim-<run>-<n>}: codes, never names. The admission slips
 * (with PINs) are returned to the caller and written nowhere unless asked.
 */
final class Provisioner {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] REGIONS = {"CHUY", "NARYN", "OSH", "ISSYK_KUL", "BATKEN"};
  private static final String[] LANGUAGES = {"ky", "ky", "ru", "uz"};

  /** At most this many registrations in flight; the command side handles each in one commit. */
  private static final int PARALLEL_REGISTRATIONS = 8;

  private final HttpClient http;
  private final URI base;
  private final String authorization;
  private final Duration timeout;

  Provisioner(URI base, String account, String password, Duration timeout) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.base = base;
    this.authorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((account + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.timeout = timeout;
  }

  /** What was made: the session and the slips of its candidates. */
  record Provisioned(String examId, String sessionId, List<Slips.Slip> slips) {}

  /**
   * @param runId distinguishes this run's exam, session and candidate ids, e.g. {@code
   *     20260412-1530}
   * @throws ServerProblem when the server refuses (wrong account, not a centre admin, …)
   * @throws UncheckedIOException when it cannot be reached
   */
  Provisioned provision(
      String runId, Path examContent, Path picture, String centreId, int schools, int candidates)
      throws IOException {
    JsonNode content;
    if (examContent != null) {
      content = JSON.readTree(Files.readAllBytes(examContent));
    } else {
      try (InputStream in = Provisioner.class.getResourceAsStream("simulation-exam.json")) {
        content = JSON.readTree(in);
      }
    }
    if (picture != null) {
      // the picture into the bank's media, shown in the first item's prompt: every candidate's
      // client then fetches it after the paper, as the student page does
      String sha256 =
          postBytes("/api/bank/media", mediaType(picture), Files.readAllBytes(picture))
              .get("sha256")
              .asText();
      com.fasterxml.jackson.databind.node.ObjectNode first =
          (com.fasterxml.jackson.databind.node.ObjectNode) content.path("items").get(0);
      first.put("prompt", first.path("prompt").asText() + " ![a picture](media:" + sha256 + ")");
    }
    String examId = "sim-exam-" + runId;
    post("/api/exams", Map.of("examId", examId, "content", content));
    int version = post("/api/exams/" + examId + "/publish", null).path("version").asInt(1);
    String sessionId = "sim-session-" + runId;
    Map<String, Object> session = new LinkedHashMap<>();
    session.put("sessionId", sessionId);
    session.put("examId", examId);
    session.put("examVersion", version);
    session.put("centreId", centreId);
    session.put("opensAt", Instant.now().minus(Duration.ofMinutes(5)).toString());
    session.put("closesAt", Instant.now().plus(Duration.ofDays(1)).toString());
    post("/api/sessions", session);

    Semaphore inFlight = new Semaphore(PARALLEL_REGISTRATIONS);
    List<Future<Slips.Slip>> registered = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < candidates; i++) {
        int n = i;
        registered.add(
            pool.submit(
                () -> {
                  inFlight.acquire();
                  try {
                    JsonNode slip =
                        post(
                            "/api/sessions/" + sessionId + "/registrations",
                            registration(runId, n, schools));
                    return new Slips.Slip(
                        slip.get("candidateCode").asText(), slip.get("pin").asText());
                  } finally {
                    inFlight.release();
                  }
                }));
      }
      List<Slips.Slip> slips = new ArrayList<>();
      for (Future<Slips.Slip> f : registered) {
        slips.add(f.get());
      }
      return new Provisioned(examId, sessionId, slips);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static Map<String, Object> registration(String runId, int n, int schools) {
    Map<String, Object> r = new LinkedHashMap<>();
    int school = n % schools;
    r.put("candidateId", "sim-" + runId + "-" + n);
    // A school lies in one region and district.
    r.put("region", REGIONS[school % REGIONS.length]);
    r.put("district", "district-" + (school % (2 * REGIONS.length)));
    r.put("schoolId", "sim-school-" + (school + 1));
    r.put("locality", school % 3 == 0 ? "URBAN" : "RURAL");
    r.put("instructionLanguage", LANGUAGES[school % LANGUAGES.length]);
    r.put("gender", n % 2 == 0 ? "F" : "M");
    r.put("grade", 9);
    r.put("extraTimePercent", n % 50 == 49 ? 25 : 0);
    return r;
  }

  /** The media type of a picture or sound file by its extension, or null. */
  static String mediaType(Path file) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    String extension = name.substring(name.lastIndexOf('.') + 1);
    return switch (extension) {
      case "png" -> "image/png";
      case "jpg", "jpeg" -> "image/jpeg";
      case "gif" -> "image/gif";
      case "webp" -> "image/webp";
      case "mp3" -> "audio/mpeg";
      case "ogg" -> "audio/ogg";
      case "wav" -> "audio/wav";
      default -> null;
    };
  }

  private JsonNode postBytes(String path, String contentType, byte[] bytes) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(base.resolve(path))
              .timeout(timeout)
              .header("Authorization", authorization)
              .header("Content-Type", contentType)
              .header("Accept", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
              .build();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      JsonNode json =
          response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
      if (response.statusCode() >= 300) {
        throw new ServerProblem(
            response.statusCode(),
            json.path("type").asText(null),
            "POST " + path + ": " + json.path("detail").asText(""));
      }
      return json;
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private JsonNode post(String path, Object body) {
    try {
      return postBytes(
          path, "application/json", body == null ? new byte[0] : JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + path + ": " + e.getMessage(), e);
    }
  }
}
