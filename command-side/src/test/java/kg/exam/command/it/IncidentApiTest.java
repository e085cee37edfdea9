package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/sittings/{id}/incidents}: invigilators of the sitting's centre and centre
 * administrators report incidents, which become {@code IncidentReported}, are listed in the sitting
 * for staff who may see them, and bad codes or notes are RFC 9457 problems.
 */
class IncidentApiTest extends ApiTestBase {

  @Test
  void shouldRecordAnInvigilatorsIncidentAndListItForStaff() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));

    Api.Response r =
        api.post(
            c.sitting() + "/incidents",
            staff("inv-a"),
            Map.of("code", "DEVICE_FAILURE", "note", "phone battery flat, moved to PC 4"));

    assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
    assertThat(r.body().get("status").asString()).isEqualTo("IN_PROGRESS");
    JsonNode incident = r.body().get("incidents").get(0);
    assertThat(incident.get("code").asString()).isEqualTo("DEVICE_FAILURE");
    assertThat(incident.get("note").asString()).isEqualTo("phone battery flat, moved to PC 4");
    assertThat(incident.get("reportedBy").asString()).isEqualTo("inv-a");
    assertThat(incident.get("occurredAt").asString())
        .isEqualTo(incident.get("recordedAt").asString());
    for (String reader : new String[] {"admin", "auditor", "inv-a"}) {
      assertThat(api.get(c.sitting(), staff(reader)).body().get("incidents")).hasSize(1);
    }
    JsonNode events = api.get(c.sitting() + "/events", admin()).body();
    JsonNode last = events.get(events.size() - 1);
    assertThat(last.get("type").asString()).isEqualTo("IncidentReported");
    JsonNode stationKeyId = last.get("payload").path("stationKeyId");
    assertThat(stationKeyId.isMissingNode() || stationKeyId.isNull()).isTrue();
  }

  @Test
  void shouldHideIncidentsFromTheCandidateAndTheSchool() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    api.post(c.sitting() + "/incidents", admin(), Map.of("code", "SUSPECTED_MISCONDUCT"));

    assertThat(api.get(c.sitting(), c.auth()).body().get("incidents")).isEmpty();
    assertThat(api.get(c.sitting(), staff("school-a")).body().get("incidents")).isEmpty();
    assertThat(api.get(c.sitting(), admin()).body().get("incidents")).hasSize(1);
  }

  @Test
  void shouldRecordAnIncidentAfterHandIn() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    assertThat(api.post(c.sitting() + "/submit", c.auth(), null).status()).isEqualTo(200);

    Api.Response r =
        api.post(c.sitting() + "/incidents", staff("inv-a"), Map.of("code", "CANDIDATE_UNWELL"));

    assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
    assertThat(r.body().get("status").asString()).isEqualTo("SUBMITTED");
    assertThat(r.body().get("incidents")).hasSize(1);
  }

  @Test
  void shouldRefuseAnUnknownCodeAsAProblem() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));

    Api.Response r =
        api.post(c.sitting() + "/incidents", staff("inv-a"), Map.of("code", "FIRE_DRILL"));

    assertThat(r.status()).isEqualTo(422);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.problemType()).isEqualTo("urn:kg-exam:problem:unknown-incident-code");
    assertThat(api.get(c.sitting(), admin()).body().get("incidents")).isEmpty();
  }

  @Test
  void shouldRefuseAMissingCodeAsAProblem() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    Map<String, Object> body = new HashMap<>();
    body.put("note", "no code given");

    Api.Response r = api.post(c.sitting() + "/incidents", staff("inv-a"), body);

    assertThat(r.problemType()).isEqualTo("urn:kg-exam:problem:unknown-incident-code");
  }

  @Test
  void shouldRefuseAnOversizedNoteAsAProblem() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));

    Api.Response r =
        api.post(
            c.sitting() + "/incidents",
            staff("inv-a"),
            Map.of("code", "OTHER", "note", "n".repeat(281)));

    assertThat(r.status()).isEqualTo(422);
    assertThat(r.problemType()).isEqualTo("urn:kg-exam:problem:oversized-incident-note");
    assertThat(api.get(c.sitting(), admin()).body().get("incidents")).isEmpty();
  }

  @Test
  void shouldRefuseAnInvigilatorOfAnotherCentreTheSchoolAndTheCandidate() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    Map<String, Object> body = Map.of("code", "DISTURBANCE");

    assertThat(api.post(c.sitting() + "/incidents", staff("inv-b"), body).problemType())
        .isEqualTo("urn:kg-exam:problem:forbidden");
    assertThat(api.post(c.sitting() + "/incidents", staff("school-a"), body).problemType())
        .isEqualTo("urn:kg-exam:problem:forbidden");
    assertThat(api.post(c.sitting() + "/incidents", staff("auditor"), body).problemType())
        .isEqualTo("urn:kg-exam:problem:forbidden");
    assertThat(api.post(c.sitting() + "/incidents", c.auth(), body).problemType())
        .isEqualTo("urn:kg-exam:problem:forbidden");
    assertThat(api.get(c.sitting(), admin()).body().get("incidents")).isEmpty();
  }

  @Test
  void shouldAnswerNotFoundForAnUnknownSitting() {
    Api.Response r =
        api.post("/api/sittings/no-such-sitting/incidents", admin(), Map.of("code", "OTHER"));

    assertThat(r.problemType()).isEqualTo("urn:kg-exam:problem:not-found");
  }
}
