package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import kg.exam.command.security.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Human marking over the API: who may do what, blindness, and every refusal with its problem type.
 * The whole flow to a verified bundle is exam-client's MarkedBundleEndToEndTest.
 */
class MarkingApiTest extends ApiTestBase {
  private static final String ESSAY = "<img src=x onerror=alert(1)> Пифагор: a² + b² = c².";

  @BeforeEach
  void markers() {
    for (String[] m :
        new String[][] {
          {"marker-a1", "MARKER", CENTRE_A},
          {"marker-a2", "MARKER", CENTRE_A},
          {"marker-b", "MARKER", CENTRE_B},
          {"chief-a", "CHIEF_MARKER", CENTRE_A}
        }) {
      if (!staffAccounts.exists(m[0])) {
        staffAccounts.create(m[0], STAFF_PASSWORD, Role.valueOf(m[1]), m[2], null);
      }
    }
  }

  /** A session of the demo exam whose one sitting wrote an essay and handed in; its script id. */
  private String[] essaySession(Map<String, Object> plan) throws InterruptedException {
    String sessionId = openSession(publishedDemoExam());
    if (plan != null) {
      Api.Response r = api.put("/api/sessions/" + sessionId + "/marking-plan", admin(), plan);
      assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    }
    Candidate c = startedCandidate(sessionId);
    assertThat(api.post(c.sitting() + "/answers", c.auth(), answer("q9", 1, ESSAY)).status())
        .isEqualTo(200);
    assertThat(api.post(c.sitting() + "/submit", c.auth(), null).status()).isEqualTo(200);
    for (int i = 0; i < 400; i++) {
      Integer n =
          jdbc.queryForObject(
              "SELECT count(*) FROM marking_script WHERE session_id = ?", Integer.class, sessionId);
      if (n != null && n == 1) {
        String scriptId =
            jdbc.queryForObject(
                "SELECT script_id FROM marking_script WHERE session_id = ?",
                String.class,
                sessionId);
        return new String[] {sessionId, scriptId, c.slip().sittingId()};
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no script opened");
  }

  private void awaitSealedEnd(String sittingId) throws InterruptedException {
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

  private Api.Response take(String sessionId, String account) {
    return api.post(
        "/api/sessions/" + sessionId + "/marking/allocations", staff(account), Map.of("count", 1));
  }

  private Api.Response mark(String scriptId, String account, double statement, double example) {
    return api.post(
        "/api/marking/scripts/" + scriptId + "/marks",
        staff(account),
        Map.of("criterionScores", Map.of("statement", statement, "example", example)));
  }

  private static String type(Api.Response r) {
    return r.body().get("type").asString();
  }

  @Test
  void aMarkerSeesTheAnswerAsWrittenAndNothingOfTheCandidate() throws Exception {
    String[] s = essaySession(null);
    assertThat(take(s[0], "marker-a1").body()).hasSize(1);

    Api.Response script = api.get("/api/marking/scripts/" + s[1], staff("marker-a1"));

    assertThat(script.status()).isEqualTo(200);
    assertThat(script.body().get("response").get(0).asString()).isEqualTo(ESSAY);
    assertThat(script.body().get("prompt").asString()).contains("Пифагор");
    assertThat(script.body().get("rubric")).hasSize(2);
    String text = script.body().toString();
    assertThat(text).doesNotContain(s[2]).doesNotContain(SCHOOL_A).doesNotContain("OSH_OBLAST");
    // and a marker may not read the sitting itself
    assertThat(api.get("/api/sittings/" + s[2], staff("marker-a1")).status()).isEqualTo(403);
  }

  @Test
  void neitherIndependentMarkerSeesTheOthersMark() throws Exception {
    String[] s = essaySession(null);
    take(s[0], "marker-a1");
    assertThat(mark(s[1], "marker-a1", 2, 2).status()).isEqualTo(201);
    take(s[0], "marker-a2");

    Api.Response second = api.get("/api/marking/scripts/" + s[1], staff("marker-a2"));

    assertThat(second.body().get("earlierMarks")).isEmpty();
    assertThat(second.body().get("adjudication").asBoolean()).isFalse();
    // the first marker no longer holds it: no reading it again
    Api.Response again = api.get("/api/marking/scripts/" + s[1], staff("marker-a1"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(type(again)).endsWith("script-not-allocated");
  }

  @Test
  void aRepeatedMarkGetsTheRecordedMarkBackAndRecordsNothing() throws Exception {
    String[] s = essaySession(null);
    take(s[0], "marker-a1");
    Api.Response first = mark(s[1], "marker-a1", 1.5, 1);
    assertThat(first.status()).isEqualTo(201);
    awaitSealedEnd(s[2]);
    int events = eventCount(s[2]);

    Api.Response again = mark(s[1], "marker-a1", 1.5, 1); // the client lost the first answer

    assertThat(again.status()).isEqualTo(201);
    assertThat(again.body().get("total").asDouble()).isEqualTo(2.5);
    // the same instant, as the read table keeps it (rounded to the microsecond)
    assertThat(
            java.time.Duration.between(
                    java.time.Instant.parse(first.body().get("markedAt").asString()),
                    java.time.Instant.parse(again.body().get("markedAt").asString()))
                .abs()
                .toNanos())
        .isLessThanOrEqualTo(1_000);
    assertThat(eventCount(s[2])).isEqualTo(events);
  }

  @Test
  void aMarkerMarksAScriptOnceAndASecondMarkIsRefused() throws Exception {
    String[] s = essaySession(null);
    take(s[0], "marker-a1");
    assertThat(mark(s[1], "marker-a1", 1, 1).status()).isEqualTo(201);

    Api.Response twice = mark(s[1], "marker-a1", 2, 2);

    assertThat(twice.status()).isEqualTo(409);
    assertThat(type(twice)).endsWith("script-not-allocated");
    // nothing more to take for this marker: the only script's other round is for someone else
    assertThat(take(s[0], "marker-a1").body()).isEmpty();
  }

  @Test
  void refusesAMarkOutsideTheRubricWithItsProblemTypeAndRecordsNothing() throws Exception {
    String[] s = essaySession(null);
    take(s[0], "marker-a1");
    awaitSealedEnd(s[2]); // the allocation is sealed by its processor
    int before = eventCount(s[2]);

    Api.Response tooHigh = mark(s[1], "marker-a1", 3, 0);
    Api.Response unknown =
        api.post(
            "/api/marking/scripts/" + s[1] + "/marks",
            staff("marker-a1"),
            Map.of("criterionScores", Map.of("statement", 1, "example", 1, "style", 1)));
    Api.Response longComment =
        api.post(
            "/api/marking/scripts/" + s[1] + "/marks",
            staff("marker-a1"),
            Map.of(
                "criterionScores",
                Map.of("statement", 1, "example", 1),
                "comment",
                "x".repeat(281)));

    for (Api.Response r : List.of(tooHigh, unknown, longComment)) {
      assertThat(r.status()).as(r.body().toString()).isEqualTo(422);
      assertThat(type(r)).endsWith("invalid-mark");
    }
    assertThat(eventCount(s[2])).isEqualTo(before);
  }

  @Test
  void onlyAChiefMarkerAdjudicatesAndSeesTheTwoMarksWithoutTheirMarkers() throws Exception {
    String[] s = essaySession(Map.of("doubleMarkingShare", 1.0, "defaultTolerance", 0.5));
    take(s[0], "marker-a1");
    mark(s[1], "marker-a1", 2, 2);
    take(s[0], "marker-a2");
    mark(s[1], "marker-a2", 0, 1); // 4 against 1: disputed
    assertThat(take(s[0], "marker-b").status()).isEqualTo(403); // another centre
    assertThat(take(s[0], "marker-a2").body()).isEmpty();

    JsonNode held = take(s[0], "chief-a").body();

    assertThat(held).hasSize(1);
    assertThat(held.get(0).get("adjudication").asBoolean()).isTrue();
    JsonNode view = api.get("/api/marking/scripts/" + s[1], staff("chief-a")).body();
    assertThat(view.get("earlierMarks")).hasSize(2);
    assertThat(view.toString()).doesNotContain("marker-a1").doesNotContain("marker-a2");
    assertThat(mark(s[1], "chief-a", 1, 1).status()).isEqualTo(201);
    JsonNode progress = api.get("/api/sessions/" + s[0] + "/marking", admin()).body();
    assertThat(progress.get("resolved").asInt()).isEqualTo(1);
    assertThat(progress.get("disputed").asInt()).isZero();
  }

  @Test
  void refusesAPlanWithABadShareToleranceRuleOrItem() {
    String sessionId = openSession(publishedDemoExam());
    String path = "/api/sessions/" + sessionId + "/marking-plan";
    List<Map<String, Object>> bad =
        List.of(
            Map.of("doubleMarkingShare", 1.5),
            Map.of("defaultTolerance", -1),
            Map.of("resolution", "COIN_TOSS"),
            Map.of("itemTolerances", Map.of("q1", 1)));
    for (Map<String, Object> plan : bad) {
      Api.Response r = api.put(path, admin(), plan);
      assertThat(r.status()).as(plan.toString()).isEqualTo(422);
      assertThat(type(r)).endsWith("invalid-marking-plan");
    }
    Api.Response good =
        api.put(
            path, admin(), Map.of("doubleMarkingShare", 0.2, "itemTolerances", Map.of("q9", 1)));
    assertThat(good.status()).isEqualTo(200);
    JsonNode plan = api.get(path, staff("chief-a")).body();
    assertThat(plan.get("doubleMarkingShare").asDouble()).isEqualTo(0.2);
    assertThat(plan.get("resolution").asString()).isEqualTo("ADJUDICATOR");
  }

  @Test
  void aMarkerOfAnotherCentreReachesNothingOfThisSession() throws Exception {
    String[] s = essaySession(null);
    assertThat(take(s[0], "marker-b").status()).isEqualTo(403);
    assertThat(
            api.get("/api/sessions/" + s[0] + "/marking/allocations", staff("marker-b")).status())
        .isEqualTo(403);
    take(s[0], "marker-a1");
    assertThat(api.get("/api/marking/scripts/" + s[1], staff("marker-b")).status()).isEqualTo(403);
  }

  @Test
  void refusesAnUnknownScriptAndABadCount() {
    assertThat(api.get("/api/marking/scripts/nope", staff("marker-a1")).status()).isEqualTo(404);
    String sessionId = openSession(publishedDemoExam());
    Api.Response r =
        api.post(
            "/api/sessions/" + sessionId + "/marking/allocations",
            staff("marker-a1"),
            Map.of("count", 0));
    assertThat(r.status()).isEqualTo(400);
    assertThat(type(r)).endsWith("invalid-request");
  }
}
