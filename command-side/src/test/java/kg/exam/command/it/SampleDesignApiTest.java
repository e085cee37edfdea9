package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import kg.exam.command.security.Role;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Declaring a session a sample survey over the API: JSON and CSV, the event on the session's signed
 * stream, and every refusal with its problem type (nothing recorded).
 */
class SampleDesignApiTest extends ApiTestBase {
  private static final String CSV =
      "school_id,stratum,selection_probability,enrolled,zone,half\n"
          + "S-1,CHUY|urban|ky,0.25,40,1,1\n"
          + "S-2,CHUY|urban|ky,0.5,32,1,2\n"
          + "S-3,OSH|rural|uz,0.2,18,2,1\n"
          + "S-4,OSH|rural|uz,0.1,25,2,2\n"
          + "\"S-5\",\"OSH|rural|uz\",0.125,30,2,1\n";

  private HttpResponse<String> putCsv(String sessionId, String query, String auth, String body)
      throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://localhost:"
                            + port
                            + "/api/sessions/"
                            + sessionId
                            + "/sample-design"
                            + query))
                .header("Authorization", auth)
                .header("Content-Type", "text/csv")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, Object> school(String id, double p, int zone, int half) {
    return Map.of(
        "schoolId", id,
        "stratum", "CHUY|urban|ky",
        "selectionProbability", p,
        "enrolled", 30,
        "zone", zone,
        "half", half);
  }

  private List<String> designEvents(String sessionId) {
    return jdbc.queryForList(
        "SELECT convert_from(payload, 'UTF8') FROM domainevententry WHERE aggregateidentifier = ?"
            + " AND payloadtype = 'kg.exam.contract.survey.SampleDesignDeclared'"
            + " ORDER BY sequencenumber",
        String.class,
        sessionId);
  }

  @Test
  void aCentreDeclaresADesignFromCsvAndItLandsOnTheSessionsSignedStream() throws Exception {
    String sessionId = openSession(publishedDemoExam());

    HttpResponse<String> r = putCsv(sessionId, "?replication=BRR_FAY", admin(), CSV);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = Api.JSON.readTree(r.body());
    assertThat(body.get("replication").asString()).isEqualTo("BRR_FAY");
    assertThat(body.get("fayFactor").asDouble()).isEqualTo(0.5);
    assertThat(body.get("schools").asInt()).isEqualTo(5);
    assertThat(body.get("strata").asInt()).isEqualTo(2);
    assertThat(body.get("zones").asInt()).isEqualTo(2);
    assertThat(body.get("replicates").asInt()).isEqualTo(4);
    List<String> events = designEvents(sessionId);
    assertThat(events).hasSize(1);
    assertThat(events.getFirst()).contains("\"S-5\"").contains("OSH|rural|uz").contains("admin");
    // chained like every session event, and the chain holds
    assertThat(
            jdbc.queryForObject(
                "SELECT convert_from(metadata, 'UTF8')::jsonb ->> 'chainHash' FROM domainevententry"
                    + " WHERE aggregateidentifier = ? AND payloadtype LIKE '%SampleDesignDeclared'",
                String.class, sessionId))
        .matches("[0-9a-f]{64}");
    Api.Response chain = api.get("/api/audit/streams/" + sessionId + "/chain", staff("auditor"));
    assertThat(chain.body().get("intact").asBoolean()).isTrue();
  }

  @Test
  void aLaterJsonDeclarationReplacesTheEarlierOne() throws Exception {
    String sessionId = openSession(publishedDemoExam());
    assertThat(putCsv(sessionId, "", admin(), CSV).statusCode()).isEqualTo(200);

    Api.Response r =
        api.put(
            "/api/sessions/" + sessionId + "/sample-design",
            admin(),
            Map.of(
                "replication",
                "JK2",
                "schools",
                List.of(school("S-1", 0.25, 1, 1), school("S-2", 0.5, 1, 2))));

    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    assertThat(r.body().get("replicates").asInt()).isEqualTo(1);
    assertThat(r.body().path("fayFactor").isMissingNode() || r.body().path("fayFactor").isNull())
        .isTrue();
    assertThat(designEvents(sessionId)).hasSize(2);
  }

  @Test
  void aFaultyCsvLineIsRefusedWithItsLineNumberAndNothingIsRecorded() throws Exception {
    String sessionId = openSession(publishedDemoExam());

    HttpResponse<String> notANumber =
        putCsv(sessionId, "", admin(), CSV.replace("0.2,18", "one fifth,18"));
    HttpResponse<String> halfZone =
        putCsv(
            sessionId,
            "",
            admin(),
            CSV.replace("S-4,OSH|rural|uz,0.1,25,2,2", "S-4,OSH|rural|uz,0.1,25,3,2"));
    HttpResponse<String> twice = putCsv(sessionId, "", admin(), CSV.replace("S-5", "S-2"));
    HttpResponse<String> probability = putCsv(sessionId, "", admin(), CSV.replace("0.125", "1.5"));

    for (HttpResponse<String> r : List.of(notANumber, halfZone, twice, probability)) {
      assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
      assertThat(r.body()).contains("urn:kg-exam:problem:invalid-sample-design");
    }
    assertThat(notANumber.body()).contains("design.csv:4: selection_probability 'one fifth'");
    assertThat(halfZone.body()).contains("zone 2 needs a school in each half");
    assertThat(twice.body()).contains("design.csv:6: school S-2 is listed twice");
    assertThat(probability.body()).contains("design.csv:6: selectionProbability must be above 0");
    assertThat(designEvents(sessionId)).isEmpty();
  }

  @Test
  void badJsonDesignsAreRefusedWithTheirPlace() {
    String sessionId = openSession(publishedDemoExam());
    String path = "/api/sessions/" + sessionId + "/sample-design";

    Api.Response method =
        api.put(path, admin(), Map.of("replication", "BOOTSTRAP", "schools", List.of()));
    Api.Response fay =
        api.put(
            path,
            admin(),
            Map.of(
                "replication",
                "BRR_FAY",
                "fayFactor",
                1.0,
                "schools",
                List.of(school("S-1", 0.25, 1, 1), school("S-2", 0.5, 1, 2))));
    Api.Response fayForJk2 =
        api.put(
            path,
            admin(),
            Map.of(
                "replication",
                "JK2",
                "fayFactor",
                0.5,
                "schools",
                List.of(school("S-1", 0.25, 1, 1), school("S-2", 0.5, 1, 2))));
    Api.Response half =
        api.put(
            path,
            admin(),
            Map.of("schools", List.of(school("S-1", 0.25, 1, 1), school("S-2", 0.5, 1, 3))));
    Api.Response none = api.put(path, admin(), Map.of("replication", "JK2"));

    for (Api.Response r : List.of(method, fay, fayForJk2, half, none)) {
      assertThat(r.status()).as(r.body().toString()).isEqualTo(422);
      assertThat(r.problemType()).isEqualTo("urn:kg-exam:problem:invalid-sample-design");
    }
    assertThat(half.body().get("detail").asString()).contains("schools[1]: half must be 1 or 2");
    assertThat(none.body().get("detail").asString()).contains("at least two schools");
    assertThat(designEvents(sessionId)).isEmpty();
  }

  @Test
  void onlyTheSessionsCentreAdminDeclaresAndNotAfterTheRelease() throws Exception {
    String sessionId = openSession(publishedDemoExam());
    if (!staffAccounts.exists("admin-b")) {
      staffAccounts.create("admin-b", STAFF_PASSWORD, Role.CENTRE_ADMIN, CENTRE_B, null);
    }

    assertThat(putCsv(sessionId, "", staff("admin-b"), CSV).statusCode()).isEqualTo(403);
    assertThat(putCsv(sessionId, "", staff("auditor"), CSV).statusCode()).isEqualTo(403);
    assertThat(putCsv(sessionId, "", staff("inv-a"), CSV).statusCode()).isEqualTo(403);
    assertThat(putCsv("no-such-session", "", admin(), CSV).statusCode()).isEqualTo(404);
    assertThat(designEvents(sessionId)).isEmpty();

    api.post("/api/sessions/" + sessionId + "/close", admin(), Map.of("reason", "over"));
    Api.Response release =
        api.post(
            "/api/sessions/" + sessionId + "/results/release",
            admin(),
            Map.of("appealsCloseAt", Instant.now().plusSeconds(3600).toString()));
    assertThat(release.status()).as(release.body().toString()).isEqualTo(200);

    HttpResponse<String> late = putCsv(sessionId, "", admin(), CSV);
    assertThat(late.statusCode()).isEqualTo(409);
    assertThat(late.body()).contains("results-already-released");
    assertThat(designEvents(sessionId)).isEmpty();
  }
}
