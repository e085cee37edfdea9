package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SittingLifecycleApiTest extends ApiTestBase {

  private JsonNode awaitResult(Candidate c, int keyVersion) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> api.get(c.sitting(), admin()).body().path("result"),
            result -> result.path("keyVersion").asInt() == keyVersion);
  }

  @Test
  void shouldSitTheWholeExamAndReadBackTheScoredResult() {
    String sessionId = openSession(publishedDemoExam());
    Candidate c = startedCandidate(sessionId);

    assertThat(api.post(c.sitting() + "/answers", c.auth(), answer("q1", 1, "B")).status())
        .isEqualTo(200);
    assertThat(api.post(c.sitting() + "/answers", c.auth(), answer("q2", 2, "A", "C")).status())
        .isEqualTo(200);
    assertThat(api.post(c.sitting() + "/answers", c.auth(), answer("q3", 3, "false")).status())
        .isEqualTo(200);
    assertThat(api.post(c.sitting() + "/answers", c.auth(), answer("q4", 4, "1.414")).status())
        .isEqualTo(200);
    assertThat(api.post(c.sitting() + "/answers", c.auth(), answer("q5", 5, "Ромб")).status())
        .isEqualTo(200);
    assertThat(
            api.post(c.sitting() + "/answers", c.auth(), answer("q8", 6, "g1=30", "g2=7")).status())
        .isEqualTo(200);
    assertThat(
            api.post(
                    c.sitting() + "/answers",
                    c.auth(),
                    answer(
                        "q9",
                        7,
                        "Тик бурчтуу үч бурчтукта гипотенузанын квадраты катеттердин квадраттарынын суммасына барабар."))
                .status())
        .isEqualTo(200);
    Api.Response submitted = api.post(c.sitting() + "/submit", c.auth(), null);
    assertThat(submitted.status()).isEqualTo(200);
    assertThat(submitted.body().get("status").asString()).isEqualTo("SUBMITTED");

    JsonNode result = awaitResult(c, 1);
    Map<String, Double> scores = new java.util.HashMap<>();
    result
        .get("itemScores")
        .forEach(s -> scores.put(s.get("itemId").asString(), s.get("score").asDouble()));
    assertThat(scores)
        .containsEntry("q1", 1.0)
        .containsEntry("q2", 2.0)
        .containsEntry("q3", 0.0)
        .containsEntry("q4", 1.0)
        .containsEntry("q5", 1.0)
        .containsEntry("q8", 1.0)
        .containsEntry("q9", 0.0);
    assertThat(result.get("rawTotal").asDouble()).isEqualTo(6.0);
    assertThat(result.get("maxTotal").asDouble()).isEqualTo(16.0);
    assertThat(result.get("needsHumanMarking").asBoolean()).isTrue();
    assertThat(result.get("scoringVersion").asString())
        .isEqualTo(kg.exam.scoring.ScoringCoreVersion.VERSION);
  }

  @Test
  void shouldNeverShowKeysOnTheCandidatesPaper() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));

    Api.Response paper = api.get(c.sitting() + "/paper", c.auth());

    assertThat(paper.status()).isEqualTo(200);
    assertThat(paper.body().get("items")).hasSize(9);
    String text = paper.body().toString();
    assertThat(text)
        .doesNotContain("\"key\"")
        .doesNotContain("\"correct\"")
        .doesNotContain("\"mapping\"");
  }

  @Test
  void shouldRefuseThePaperBeforeTheSittingStarts() {
    Slip slip = register(openSession(publishedDemoExam()));
    String auth = signIn(slip);

    Api.Response paper = api.get("/api/sittings/" + slip.sittingId() + "/paper", auth);

    assertThat(paper.status()).isEqualTo(409);
    assertThat(paper.problemType()).isEqualTo("urn:kg-exam:problem:sitting-not-started");
  }

  @Test
  void shouldKeepEveryChangeOfAnAnswerAndCountTheLatest() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));

    api.post(c.sitting() + "/answers", c.auth(), answer("q1", 1, "A"));
    api.post(c.sitting() + "/answers", c.auth(), answer("q1", 2, "D"));
    api.post(c.sitting() + "/answers", c.auth(), answer("q1", 3, "B"));

    JsonNode view = api.get(c.sitting(), c.auth()).body();
    assertThat(view.at("/answers/q1/response/0").asString()).isEqualTo("B");
    assertThat(view.at("/answers/q1/changes").asInt()).isEqualTo(2);
    List<String> recorded = new ArrayList<>();
    api.get(c.sitting() + "/events", admin())
        .body()
        .forEach(
            e -> {
              if (e.get("type").asString().equals("AnswerRecorded")) {
                recorded.add(e.at("/payload/response/0").asString());
              }
            });
    assertThat(recorded).containsExactly("A", "D", "B");
  }

  @Test
  void shouldAcknowledgeARetriedAnswerWithoutANewEvent() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    Api.Response first = api.post(c.sitting() + "/answers", c.auth(), answer("q1", 1, "B"));
    int events = eventCount(c.slip().sittingId());

    Api.Response retry = api.post(c.sitting() + "/answers", c.auth(), answer("q1", 1, "B"));

    assertThat(retry.status()).isEqualTo(200);
    assertThat(retry.body().get("duplicate").asBoolean()).isTrue();
    assertThat(retry.body().get("recordedAt").asString())
        .isEqualTo(first.body().get("recordedAt").asString());
    assertThat(eventCount(c.slip().sittingId())).isEqualTo(events);
  }

  @Test
  void shouldFlagAndUnflagAnItemForReview() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));

    Api.Response flagged =
        api.post(c.sitting() + "/flags", c.auth(), Map.of("itemId", "q4", "flagged", true));
    assertThat(flagged.body().get("flaggedItems").toString()).isEqualTo("[\"q4\"]");
    Api.Response cleared =
        api.post(c.sitting() + "/flags", c.auth(), Map.of("itemId", "q4", "flagged", false));
    assertThat(cleared.body().get("flaggedItems")).isEmpty();
  }

  @Test
  void shouldRescoreHandedInSittingsWithNewEventsWhenAKeyIsAmended() {
    String examId = publishedDemoExam();
    Candidate c = startedCandidate(openSession(examId));
    api.post(c.sitting() + "/answers", c.auth(), answer("q1", 1, "C"));
    api.post(c.sitting() + "/submit", c.auth(), null);
    assertThat(awaitResult(c, 1).at("/itemScores/0/score").asDouble()).isEqualTo(0.0);

    Api.Response amended =
        api.post(
            "/api/exams/" + examId + "/versions/1/key-amendments",
            admin(),
            Map.of(
                "itemId",
                "q1",
                "key",
                Map.of("correct", List.of("C")),
                "reason",
                "Item q1 had two defensible answers; C confirmed by the panel"));
    assertThat(amended.status()).as(amended.body().toString()).isEqualTo(201);
    assertThat(amended.body().get("keyVersion").asInt()).isEqualTo(2);

    JsonNode rescored = awaitResult(c, 2);
    assertThat(rescored.at("/itemScores/0/score").asDouble()).isEqualTo(1.0);
    assertThat(rescored.get("reason").asString()).isEqualTo("KEY_AMENDED");
    long scoredEvents = countEvents(c, "SittingScored");
    assertThat(scoredEvents).isEqualTo(2);
  }

  @Test
  void shouldRescoreWithoutAnItemExcludedFromScoringByARecordedDecision() {
    String examId = publishedDemoExam();
    Candidate c = startedCandidate(openSession(examId));
    api.post(c.sitting() + "/answers", c.auth(), answer("q1", 1, "B"));
    api.post(c.sitting() + "/submit", c.auth(), null);
    JsonNode first = awaitResult(c, 1);
    double maxBefore = first.get("maxTotal").asDouble();
    double q1Max = first.at("/itemScores/0/maxScore").asDouble();

    Api.Response refused =
        api.post(
            "/api/exams/" + examId + "/versions/1/exclusions",
            admin(),
            Map.of("itemId", "q1", "reason", " "));
    assertThat(refused.status()).isEqualTo(400);
    Api.Response excluded =
        api.post(
            "/api/exams/" + examId + "/versions/1/exclusions",
            admin(),
            Map.of(
                "itemId",
                "q1",
                "reason",
                "DIF class C between language groups; mistranslated stem",
                "evidence",
                "dif:language:ru:C"));
    assertThat(excluded.status()).as(excluded.body().toString()).isEqualTo(201);
    assertThat(excluded.body().get("keyVersion").asInt()).isEqualTo(2);

    JsonNode rescored = awaitResult(c, 2);
    assertThat(rescored.get("reason").asString()).isEqualTo("ITEM_EXCLUDED");
    // the item keeps its score, and the total and its maximum no longer count it
    assertThat(rescored.at("/itemScores/0/itemId").asString()).isEqualTo("q1");
    assertThat(rescored.get("maxTotal").asDouble()).isEqualTo(maxBefore - q1Max);
    Api.Response again =
        api.post(
            "/api/exams/" + examId + "/versions/1/exclusions",
            admin(),
            Map.of("itemId", "q1", "reason", "again"));
    assertThat(again.problemType()).isEqualTo("urn:kg-exam:problem:item-already-excluded");
    assertThat(countEvents(c, "SittingScored")).isEqualTo(2);
  }

  @Test
  void shouldLetTheInvigilatorPauseResumeAndExtendWithReasonAndName() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    String deadline = api.get(c.sitting(), c.auth()).body().get("deadline").asString();

    Api.Response paused =
        api.post(c.sitting() + "/pause", staff("inv-a"), Map.of("reason", "power cut in lab 2"));
    assertThat(paused.status()).isEqualTo(200);
    assertThat(paused.body().get("status").asString()).isEqualTo("PAUSED");
    Api.Response refused = api.post(c.sitting() + "/answers", c.auth(), answer("q1", 1, "B"));
    assertThat(refused.problemType()).isEqualTo("urn:kg-exam:problem:sitting-paused");
    Api.Response resumed =
        api.post(c.sitting() + "/resume", staff("inv-a"), Map.of("reason", "power back"));
    assertThat(resumed.body().get("status").asString()).isEqualTo("IN_PROGRESS");
    Api.Response extended =
        api.post(
            c.sitting() + "/extend",
            staff("inv-a"),
            Map.of("minutes", 10, "reason", "late start of the lab"));
    assertThat(extended.status()).isEqualTo(200);
    assertThat(java.time.Instant.parse(extended.body().get("deadline").asString()))
        .isAfter(java.time.Instant.parse(deadline).plus(Duration.ofMinutes(10)));

    JsonNode events = api.get(c.sitting() + "/events", staff("auditor")).body();
    List<String> who = new ArrayList<>();
    events.forEach(
        e -> {
          if (e.at("/payload/by").isString()) {
            who.add(
                e.get("type").asString()
                    + ":"
                    + e.at("/payload/by").asString()
                    + ":"
                    + e.at("/payload/reason").asString());
          }
        });
    assertThat(who)
        .containsExactly(
            "SittingPaused:inv-a:power cut in lab 2",
            "SittingResumed:inv-a:power back",
            "SittingTimeExtended:inv-a:late start of the lab");
  }

  @Test
  void shouldGiveExtraTimeByTheAccommodation() {
    String sessionId = openSession(publishedDemoExam());
    Slip slip = register(sessionId, unique("C"), SCHOOL_A, 50);
    String auth = signIn(slip);

    JsonNode started = api.post("/api/sittings/" + slip.sittingId() + "/start", auth, null).body();

    Duration allowed =
        Duration.between(
            java.time.Instant.parse(started.get("startedAt").asString()),
            java.time.Instant.parse(started.get("deadline").asString()));
    assertThat(allowed).isEqualTo(Duration.ofMinutes(60));
  }

  @Test
  void shouldListTheResultsOfOwnSchoolForTheSchoolRole() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    api.post(c.sitting() + "/submit", c.auth(), null);
    awaitResult(c, 1);

    Api.Response results = api.get("/api/schools/" + SCHOOL_A + "/results", staff("school-a"));

    assertThat(results.status()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    results.body().forEach(r -> ids.add(r.get("sittingId").asString()));
    assertThat(ids).contains(c.slip().sittingId());
  }

  @Test
  void shouldEraseNamesWithoutTouchingResults() {
    String sessionId = openSession(publishedDemoExam());
    String candidateId = unique("C");
    Map<String, Object> body =
        new java.util.LinkedHashMap<>(registration(candidateId, SCHOOL_A, 0));
    body.put("personalData", Map.of("fullName", "Test Candidate", "birthDate", "2011-03-04"));
    Api.Response registered =
        api.post("/api/sessions/" + sessionId + "/registrations", admin(), body);
    assertThat(registered.status()).isEqualTo(201);
    String sittingId = registered.body().get("sittingId").asString();
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM candidate_personal_data WHERE candidate_id = ?",
                Integer.class,
                candidateId))
        .isEqualTo(1);
    String storedEvents =
        String.join(
            "",
            jdbc.queryForList(
                "SELECT convert_from(payload, 'UTF8') FROM domainevententry WHERE aggregateidentifier = ?",
                String.class,
                sittingId));
    assertThat(storedEvents)
        .contains(candidateId)
        .doesNotContain("Test Candidate")
        .doesNotContain("2011-03-04");

    assertThat(api.delete("/api/candidates/" + candidateId + "/personal-data", admin()).status())
        .isEqualTo(204);

    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM candidate_personal_data WHERE candidate_id = ?",
                Integer.class,
                candidateId))
        .isZero();
    assertThat(eventCount(sittingId)).isEqualTo(1);
  }

  /** Also writes the document to target/openapi/ for bin/lint-openapi, which ./run-tests runs. */
  @Test
  void shouldServeTheOpenApiDocument() throws java.io.IOException {
    Api.Response doc = api.get("/v3/api-docs", null);

    assertThat(doc.status()).isEqualTo(200);
    assertThat(doc.body().get("openapi").asString()).startsWith("3.0");
    assertThat(doc.body().get("paths").has("/api/sittings/{sittingId}/answers")).isTrue();
    JsonNode signInSecurity = doc.body().at("/paths/~1api~1candidate~1sign-in/post/security");
    assertThat(signInSecurity.isArray() && signInSecurity.isEmpty())
        .as("the sign-in needs no credentials: %s", signInSecurity)
        .isTrue();
    assertThat(doc.body().at("/components/securitySchemes").propertyNames())
        .containsExactlyInAnyOrder("staff", "candidate", "station");
    java.nio.file.Path file = java.nio.file.Path.of("target", "openapi", "command-side.json");
    java.nio.file.Files.createDirectories(file.getParent());
    java.nio.file.Files.writeString(file, doc.body().toString());
  }

  private long countEvents(Candidate c, String type) {
    long n = 0;
    for (JsonNode e : api.get(c.sitting() + "/events", admin()).body()) {
      if (e.get("type").asString().equals(type)) {
        n++;
      }
    }
    return n;
  }
}
