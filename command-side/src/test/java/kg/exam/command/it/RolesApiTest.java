package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import kg.exam.command.demo.DemoExam;
import org.junit.jupiter.api.Test;

/** Each role is refused what it must not do. */
class RolesApiTest extends ApiTestBase {

  private static void assertForbidden(Api.Response r) {
    assertThat(r.status()).as(r.body().toString()).isEqualTo(403);
    assertThat(r.problemType()).isEqualTo("urn:kg-exam:problem:forbidden");
  }

  @Test
  void shouldRefuseEveryApiCallWithoutCredentials() {
    Api.Response r = api.get("/api/exams/any/versions/1", null);

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.problemType()).isEqualTo("urn:kg-exam:problem:unauthenticated");
  }

  @Test
  void shouldRefuseAWrongStaffPassword() {
    Api.Response r = api.get("/api/exams/any/versions/1", Api.basic("admin", "not-the-password"));

    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void shouldRefuseARoleWithoutTheRightBeforeReadingItsBody() {
    // a malformed body and an invalid one: the role is refused first, the body never described
    Api.Response malformed = api.postRaw("/api/exams", staff("inv-a"), "{\"examId\":");
    Api.Response invalid = api.post("/api/exams", staff("inv-a"), Map.of("content", 7));

    assertForbidden(malformed);
    assertForbidden(invalid);
    assertThat(api.postRaw("/api/exams", staff("admin"), "{\"examId\":").status())
        .as("the same body from a role with the right is a 400")
        .isEqualTo(400);
  }

  @Test
  void shouldRefuseAForgedCandidateToken() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    String token = c.auth().substring("Bearer ".length());
    String forged =
        token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");

    Api.Response r = api.get(c.sitting(), Api.bearer(forged));

    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void shouldRefuseCandidatesAuthoringAndKeys() {
    String examId = publishedDemoExam();
    Candidate c = startedCandidate(openSession(examId));

    assertForbidden(
        api.post(
            "/api/exams",
            c.auth(),
            Map.of("examId", unique("exam"), "content", DemoExam.content())));
    assertForbidden(api.get("/api/exams/" + examId + "/versions/1", c.auth()));
    assertForbidden(api.get(c.sitting() + "/events", c.auth()));
  }

  @Test
  void shouldRefuseACandidateAnotherCandidatesSitting() {
    String sessionId = openSession(publishedDemoExam());
    Candidate mine = startedCandidate(sessionId);
    Candidate other = startedCandidate(sessionId);

    assertForbidden(api.get(other.sitting(), mine.auth()));
    assertForbidden(api.post(other.sitting() + "/answers", mine.auth(), answer("q1", 1, "B")));
    assertForbidden(api.post(other.sitting() + "/submit", mine.auth(), null));
    // registered, started, device key bound
    assertThat(eventCount(other.slip().sittingId())).isEqualTo(3);
  }

  @Test
  void shouldRefuseCandidatesInvigilatorActions() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));

    assertForbidden(
        api.post(
            c.sitting() + "/extend", c.auth(), Map.of("minutes", 30, "reason", "I want more")));
  }

  @Test
  void shouldRefuseInvigilatorsOfAnotherCentre() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));

    assertForbidden(
        api.post(c.sitting() + "/pause", staff("inv-b"), Map.of("reason", "not my centre")));
    assertForbidden(api.get(c.sitting(), staff("inv-b")));
  }

  @Test
  void shouldRefuseInvigilatorsAuthoringAndRegistration() {
    String sessionId = openSession(publishedDemoExam());

    assertForbidden(api.post("/api/exams", staff("inv-a"), Map.of("content", DemoExam.content())));
    assertForbidden(
        api.post(
            "/api/sessions/" + sessionId + "/registrations",
            staff("inv-a"),
            registration(unique("C"), SCHOOL_A, 0)));
  }

  @Test
  void shouldRefuseSchoolsAnotherSchoolsResults() {
    assertForbidden(api.get("/api/schools/" + SCHOOL_A + "/results", staff("school-b")));
  }

  @Test
  void shouldRefuseSchoolsSittingsOfOtherSchools() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));

    assertForbidden(api.get(c.sitting(), staff("school-b")));
  }

  @Test
  void shouldLetAuditorsReadEverythingButChangeNothing() {
    String examId = publishedDemoExam();
    String sessionId = openSession(examId);
    Candidate c = startedCandidate(sessionId);

    assertThat(api.get(c.sitting() + "/events", staff("auditor")).status()).isEqualTo(200);
    assertThat(api.get("/api/exams/" + examId + "/versions/1", staff("auditor")).status())
        .isEqualTo(200);
    assertForbidden(api.post("/api/exams/" + examId + "/publish", staff("auditor"), null));
    assertForbidden(
        api.post(
            "/api/sessions/" + sessionId + "/close", staff("auditor"), Map.of("reason", "no")));
    assertForbidden(api.post(c.sitting() + "/pause", staff("auditor"), Map.of("reason", "no")));
  }

  @Test
  void shouldRefuseStaffAccountCreationToAllButCentreAdmins() {
    Map<String, Object> account =
        Map.of(
            "accountId",
            unique("inv"),
            "password",
            "a-long-enough-pass",
            "role",
            "INVIGILATOR",
            "centreId",
            CENTRE_A);

    assertForbidden(api.post("/api/staff-accounts", staff("auditor"), account));
    assertThat(api.post("/api/staff-accounts", admin(), account).status()).isEqualTo(201);
  }

  private Candidate scoredCandidate() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    api.post(c.sitting() + "/answers", c.auth(), answer("q1", 1, "B"));
    api.post(c.sitting() + "/submit", c.auth(), null);
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(() -> api.get(c.sitting(), admin()).body().has("result"));
    return c;
  }

  private String sessionOf(Candidate c) {
    return jdbc.queryForObject(
        "SELECT session_id FROM sitting WHERE sitting_id = ?", String.class, c.slip().sittingId());
  }

  @Test
  void shouldShowCandidatesNoResultBeforeTheRelease() {
    Candidate c = scoredCandidate();

    var view = api.get(c.sitting(), c.auth()).body();

    assertThat(view.path("result").isObject()).isFalse();
    assertThat(view.at("/answers/q1/response/0").asString()).isEqualTo("B");
    Api.Response result = api.get(c.sitting() + "/result", c.auth());
    assertThat(result.status()).isEqualTo(409);
    assertThat(result.body().get("type").asString()).endsWith("results-not-released");
  }

  @Test
  void shouldShowCandidatesTheirTotalButNoPerItemOutcomesOnceReleased() {
    Candidate c = scoredCandidate();
    String session = sessionOf(c);
    assertThat(
            api.post(
                    "/api/sessions/" + session + "/close",
                    admin(),
                    java.util.Map.of("reason", "done"))
                .status())
        .isEqualTo(204);
    Api.Response released =
        api.post(
            "/api/sessions/" + session + "/results/release",
            admin(),
            java.util.Map.of(
                "appealsCloseAt", java.time.Instant.now().plusSeconds(3600).toString()));
    assertThat(released.status()).as(released.body().toString()).isEqualTo(200);

    var view = api.get(c.sitting(), c.auth()).body();

    assertThat(view.at("/result/rawTotal").asDouble()).isEqualTo(1.0);
    assertThat(view.at("/result/itemScores")).isEmpty();
    assertThat(view.at("/answers/q1/response/0").asString()).isEqualTo("B");
  }

  @Test
  void shouldShowSchoolsTotalsButNeitherAnswersNorOutcomes() {
    Candidate c = scoredCandidate();

    var view = api.get(c.sitting(), staff("school-a")).body();

    assertThat(view.at("/result/grade").asInt()).isEqualTo(2);
    assertThat(view.at("/result/itemScores")).isEmpty();
    assertThat(view.get("answers")).isEmpty();
  }

  @Test
  void shouldShowInvigilatorsProgressButNeitherAnswersNorResults() {
    Candidate c = scoredCandidate();

    var view = api.get(c.sitting(), staff("inv-a")).body();

    assertThat(view.get("answeredItems").asInt()).isEqualTo(1);
    assertThat(view.get("answers")).isEmpty();
    assertThat(view.has("result")).isFalse();
  }

  @Test
  void shouldShowCentreAdminsEveryItemOutcome() {
    Candidate c = scoredCandidate();

    assertThat(api.get(c.sitting(), admin()).body().at("/result/itemScores")).hasSize(9);
  }

  @Test
  void shouldRefuseThePaperToSchoolsAndInvigilators() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));

    assertForbidden(api.get(c.sitting() + "/paper", staff("school-a")));
    assertForbidden(api.get(c.sitting() + "/paper", staff("inv-a")));
    assertThat(api.get(c.sitting() + "/paper", staff("auditor")).status()).isEqualTo(200);
  }
}
