package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Released results to schools' systems: a OneRoster 1.2 CSV package that keeps the standard's field
 * rules ({@link OneRosterCsvRules}) and a plain e-journal CSV in the 5-point scale; nothing before
 * the release, and a school gets only its own sittings.
 */
class ResultExportApiTest extends ApiTestBase {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<byte[]> get(String path, String auth) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Authorization", auth)
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private String releasedSession() throws Exception {
    String sessionId = openSession(publishedDemoExam());
    for (String school : List.of(SCHOOL_A, SCHOOL_A, SCHOOL_B)) {
      Slip slip = register(sessionId, unique("C"), school, 0);
      String auth = signIn(slip);
      String sitting = "/api/sittings/" + slip.sittingId();
      api.post(sitting + "/start", auth, null);
      api.post(sitting + "/answers", auth, answer("q1", 1, "B"));
      api.post(sitting + "/submit", auth, null);
    }
    HttpResponse<byte[]> early = get("/api/sessions/" + sessionId + "/exports/oneroster", admin());
    assertThat(early.statusCode()).isEqualTo(409);
    assertThat(new String(early.body(), StandardCharsets.UTF_8)).contains("results-not-released");
    api.post("/api/sessions/" + sessionId + "/close", admin(), Map.of("reason", "over"));
    for (int i = 0; i < 400; i++) {
      Api.Response r =
          api.post(
              "/api/sessions/" + sessionId + "/results/release",
              admin(),
              Map.of("appealsCloseAt", Instant.now().plusSeconds(3600).toString()));
      if (r.status() == 200) {
        return sessionId;
      }
      assertThat(r.body().get("type").asString()).endsWith("results-not-ready");
      Thread.sleep(50); // scoring runs in its processor
    }
    throw new AssertionError("never released");
  }

  @Test
  void theOneRosterPackageKeepsTheStandardsFieldRules() throws Exception {
    String sessionId = releasedSession();

    HttpResponse<byte[]> zip = get("/api/sessions/" + sessionId + "/exports/oneroster", admin());

    assertThat(zip.statusCode()).isEqualTo(200);
    assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");
    assertThat(OneRosterCsvRules.violations(zip.body())).isEmpty();
    Map<String, List<List<String>>> files = OneRosterCsvRules.read(zip.body());
    assertThat(files.keySet())
        .containsExactly("manifest.csv", "categories.csv", "lineItems.csv", "results.csv");
    assertThat(files.get("results.csv")).hasSize(4); // header and three sittings
    assertThat(files.get("lineItems.csv")).hasSize(3); // one per school's grade 9
    List<String> result = files.get("results.csv").get(1);
    assertThat(result.get(5)).isEqualTo("fully graded");
    assertThat(Integer.parseInt(result.get(9))).isBetween(1, 5); // the 5-point grade
  }

  @Test
  void theRulesCatchABrokenPackage() throws Exception {
    // the check itself must fail on what the standard forbids, or it proves nothing
    byte[] broken =
        zip(
            Map.of(
                "manifest.csv", "propertyName,value\r\nmanifest.version,1.0\r\n",
                "results.csv", "sourcedId,score\r\nr 1,abc\r\n"));
    assertThat(OneRosterCsvRules.violations(broken))
        .anyMatch(v -> v.contains("oneroster.version"))
        .anyMatch(v -> v.contains("file.results"))
        .anyMatch(v -> v.contains("results.csv line 1: header"));
  }

  @Test
  void aSchoolExportsOnlyItsOwnSittingsAndTheEJournalUsesTheFivePointScale() throws Exception {
    String sessionId = releasedSession();

    HttpResponse<byte[]> own =
        get("/api/sessions/" + sessionId + "/exports/oneroster", staff("school-a"));
    HttpResponse<byte[]> other =
        get(
            "/api/sessions/" + sessionId + "/exports/ejournal?schoolId=" + SCHOOL_B,
            staff("school-a"));
    HttpResponse<byte[]> journal =
        get("/api/sessions/" + sessionId + "/exports/ejournal", staff("school-a"));

    assertThat(OneRosterCsvRules.read(own.body()).get("results.csv")).hasSize(3);
    assertThat(other.statusCode()).isEqualTo(403);
    List<List<String>> rows =
        OneRosterCsvRules.parse(new String(journal.body(), StandardCharsets.UTF_8));
    assertThat(String.join(",", rows.getFirst()))
        .isEqualTo(
            "school_id,class,candidate_id,session_id,exam_id,subject,grade,raw_total,max_total,"
                + "percentage,passed,released_at");
    assertThat(rows).hasSize(3);
    for (List<String> row : rows.subList(1, rows.size())) {
      assertThat(row.getFirst()).isEqualTo(SCHOOL_A);
      assertThat(Integer.parseInt(row.get(6))).isBetween(1, 5);
    }
  }

  private static byte[] zip(Map<String, String> files) throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(out)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        z.putNextEntry(new java.util.zip.ZipEntry(f.getKey()));
        z.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }
}
