package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import kg.exam.command.demo.DemoExam;
import org.junit.jupiter.api.Test;

/** Every refusal is an RFC 9457 problem with a stable type, and changes nothing. */
class RefusalsApiTest extends ApiTestBase {
  private static final String PROBLEM = "urn:kg-exam:problem:";

  private static void assertProblem(Api.Response r, int status, String type) {
    assertThat(r.status()).as(r.body().toString()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.problemType()).isEqualTo(PROBLEM + type);
    assertThat(r.body().get("detail").asString()).isNotBlank();
  }

  @Test
  void shouldRefuseAWrongPin() {
    Slip slip = register(openSession(publishedDemoExam()));
    String wrong = slip.pin().equals("000000") ? "111111" : "000000";

    Api.Response r =
        api.post(
            "/api/candidate/sign-in", null, Map.of("candidateCode", slip.code(), "pin", wrong));

    assertProblem(r, 401, "wrong-pin");
  }

  @Test
  void shouldRefuseAnUnknownCandidateCodeLikeAWrongPin() {
    Api.Response r =
        api.post(
            "/api/candidate/sign-in", null, Map.of("candidateCode", "NOSUCHCD", "pin", "123456"));

    assertProblem(r, 401, "wrong-pin");
  }

  @Test
  void shouldLockTheCodeAfterFiveWrongPinsEvenForTheRightPin() {
    Slip slip = register(openSession(publishedDemoExam()));
    String wrong = slip.pin().equals("000000") ? "111111" : "000000";
    for (int i = 0; i < 5; i++) {
      api.post("/api/candidate/sign-in", null, Map.of("candidateCode", slip.code(), "pin", wrong));
    }

    Api.Response r =
        api.post(
            "/api/candidate/sign-in",
            null,
            Map.of("candidateCode", slip.code(), "pin", slip.pin()));

    assertProblem(r, 429, "candidate-locked");
  }

  @Test
  void shouldRefuseAMalformedBodyAndRecordNothing() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    int events = eventCount(c.slip().sittingId());

    Api.Response r =
        api.postRaw(
            c.sitting() + "/answers", c.auth(), "{\"itemId\": \"q1\", \"response\": [\"B\"");

    assertProblem(r, 400, "malformed-body");
    assertThat(eventCount(c.slip().sittingId())).isEqualTo(events);
  }

  @Test
  void shouldRefuseAnAnswerToAnUnknownItem() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    int events = eventCount(c.slip().sittingId());

    Api.Response r = api.post(c.sitting() + "/answers", c.auth(), answer("q99", 1, "B"));

    assertProblem(r, 422, "unknown-item");
    assertThat(eventCount(c.slip().sittingId())).isEqualTo(events);
  }

  @Test
  void shouldRefuseAResponseWithAnUnknownChoice() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));

    Api.Response r = api.post(c.sitting() + "/answers", c.auth(), answer("q1", 1, "Z"));

    assertProblem(r, 422, "malformed-response");
  }

  @Test
  void shouldRefuseAnOversizedResponse() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    int events = eventCount(c.slip().sittingId());

    Api.Response r =
        api.post(c.sitting() + "/answers", c.auth(), answer("q9", 1, "ы".repeat(20_001)));

    assertProblem(r, 413, "oversized-response");
    assertThat(eventCount(c.slip().sittingId())).isEqualTo(events);
  }

  @Test
  void shouldRefuseAnAnswerToASubmittedSitting() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    api.post(c.sitting() + "/submit", c.auth(), null);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.get(c.sitting(), admin()).body().has("result"));
    int events = eventCount(c.slip().sittingId());

    Api.Response r = api.post(c.sitting() + "/answers", c.auth(), answer("q1", 1, "B"));

    assertProblem(r, 409, "sitting-finished");
    assertThat(eventCount(c.slip().sittingId())).isEqualTo(events);
  }

  @Test
  void shouldRefuseAnAnswerBeforeTheStart() {
    Slip slip = register(openSession(publishedDemoExam()));
    String auth = signIn(slip);

    Api.Response r =
        api.post("/api/sittings/" + slip.sittingId() + "/answers", auth, answer("q1", 1, "B"));

    assertProblem(r, 409, "sitting-not-started");
  }

  @Test
  void shouldRefuseToStartBeforeTheSessionOpens() {
    String sessionId =
        openSession(
            publishedDemoExam(),
            Instant.now().plus(Duration.ofHours(2)),
            Instant.now().plus(Duration.ofHours(5)));
    Slip slip = register(sessionId);
    String auth = signIn(slip);

    Api.Response r = api.post("/api/sittings/" + slip.sittingId() + "/start", auth, null);

    assertProblem(r, 409, "session-not-open");
    assertThat(eventCount(slip.sittingId())).isEqualTo(1);
  }

  @Test
  void shouldRefuseToStartInAClosedSession() {
    String sessionId = openSession(publishedDemoExam());
    Slip slip = register(sessionId);
    String auth = signIn(slip);
    assertThat(
            api.post(
                    "/api/sessions/" + sessionId + "/close",
                    admin(),
                    Map.of("reason", "exam day over"))
                .status())
        .isEqualTo(204);

    Api.Response r = api.post("/api/sittings/" + slip.sittingId() + "/start", auth, null);

    assertProblem(r, 409, "session-not-open");
  }

  @Test
  void shouldRefuseToRegisterTheSameCandidateTwiceInASession() {
    String sessionId = openSession(publishedDemoExam());
    String candidateId = unique("C");
    register(sessionId, candidateId, SCHOOL_A, 0);

    Api.Response r =
        api.post(
            "/api/sessions/" + sessionId + "/registrations",
            admin(),
            registration(candidateId, SCHOOL_A, 0));

    assertProblem(r, 409, "duplicate-registration");
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM sitting WHERE session_id = ? AND candidate_id = ?",
                Integer.class,
                sessionId,
                candidateId))
        .isEqualTo(1);
  }

  @Test
  void shouldRefuseAnInvalidExamAndStoreNothing() {
    String examId = unique("exam");
    var content = kg.exam.command.demo.DemoExam.content();
    var bad =
        new kg.exam.contract.exam.ExamContent(
            content.title(),
            content.subject(),
            content.grade(),
            "fr",
            content.durationMinutes(),
            content.sections(),
            content.items(),
            content.scoring());

    Api.Response r = api.post("/api/exams", admin(), Map.of("examId", examId, "content", bad));

    assertProblem(r, 422, "invalid-exam");
    assertThat(r.body().get("detail").asString()).contains("language=fr");
    assertThat(eventCount(examId)).isZero();
  }

  @Test
  void shouldRefuseASessionOfAnUnpublishedExam() {
    Api.Response r =
        api.post(
            "/api/sessions",
            admin(),
            Map.of(
                "examId",
                "no-such-exam",
                "examVersion",
                1,
                "centreId",
                CENTRE_A,
                "opensAt",
                Instant.now().toString(),
                "closesAt",
                Instant.now().plusSeconds(60).toString()));

    assertProblem(r, 409, "exam-not-published");
  }

  @Test
  void shouldRefuseAnInvalidFieldWithItsName() {
    Api.Response r =
        api.post(
            "/api/sessions/any/registrations",
            admin(),
            Map.of(
                "candidateId",
                "C-1",
                "grade",
                40,
                "extraTimePercent",
                0,
                "region",
                "X",
                "district",
                "Y",
                "schoolId",
                "Z",
                "locality",
                "SUBURBAN",
                "instructionLanguage",
                "ky",
                "gender",
                "F"));

    assertProblem(r, 400, "invalid-request");
    assertThat(r.body().get("detail").asString()).contains("grade").contains("locality");
  }

  @Test
  void shouldRefuseAReusedClientSequenceNumberWithOtherContent() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    api.post(c.sitting() + "/answers", c.auth(), answer("q1", 1, "B"));

    Api.Response r =
        api.post(c.sitting() + "/answers", c.auth(), answer("q1", 1, List.of("A").get(0)));

    assertProblem(r, 409, "client-sequence-conflict");
  }

  @Test
  void shouldRefuseASessionIdThatAnExamAlreadyHas() {
    String examId = publishedDemoExam();
    int events = eventCount(examId);

    Api.Response r =
        api.post(
            "/api/sessions",
            admin(),
            Map.of(
                "sessionId",
                examId,
                "examId",
                examId,
                "examVersion",
                1,
                "centreId",
                CENTRE_A,
                "opensAt",
                Instant.now().toString(),
                "closesAt",
                Instant.now().plusSeconds(60).toString()));

    assertProblem(r, 409, "session-already-exists");
    assertThat(eventCount(examId)).isEqualTo(events);
  }

  @Test
  void shouldAnswerNotFoundForAnExamCommandOnAnotherRecordsId() {
    String sessionId = openSession(publishedDemoExam());

    assertProblem(
        api.post("/api/exams/" + sessionId + "/publish", admin(), null), 404, "not-found");
    assertProblem(
        api.put(
            "/api/exams/" + sessionId + "/draft", admin(), kg.exam.command.demo.DemoExam.content()),
        404,
        "not-found");
  }

  /**
   * Found by the API fuzzer (benchmarks/run fuzz-api): a blank id reached the command bus as a 500.
   */
  @Test
  void shouldAnswerNotFoundForACommandOnABlankId() {
    assertProblem(
        api.post(
            "/api/exams/%20/versions/1/key-amendments",
            admin(),
            Map.of(
                "itemId",
                "q1",
                "key",
                kg.exam.contract.exam.ItemKey.matchCorrect(List.of("A")),
                "reason",
                "fuzzed")),
        404,
        "not-found");
    assertProblem(api.post("/api/exams/%20/publish", admin(), null), 404, "not-found");
  }

  @Test
  void shouldRefuseAGradeScaleScoringCoreWouldNotAccept() {
    var content = kg.exam.command.demo.DemoExam.content();
    var badScale =
        new kg.exam.contract.exam.ExamContent(
            content.title(),
            content.subject(),
            content.grade(),
            content.language(),
            content.durationMinutes(),
            content.sections(),
            content.items(),
            new kg.exam.contract.exam.ScoringRules(
                50,
                List.of(
                    new kg.exam.contract.exam.GradeBoundary(50, 3),
                    new kg.exam.contract.exam.GradeBoundary(85, 5)),
                null));

    Api.Response r = api.post("/api/exams", admin(), Map.of("content", badScale));

    assertProblem(r, 422, "invalid-exam");
    assertThat(r.body().get("detail").asString()).contains("scoring:");
  }

  @Test
  void shouldRefuseAnAnswerWithAnUnpairedSurrogateAndStoreNothing() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    int events = eventCount(c.slip().sittingId());

    Api.Response r =
        api.postRaw(
            c.sitting() + "/answers",
            c.auth(),
            "{\"itemId\": \"q9\", \"response\": [\"essay cut in an emoji \\ud83d\"], \"clientSeq\": 1}");

    assertProblem(r, 400, "invalid-request");
    assertThat(eventCount(c.slip().sittingId())).isEqualTo(events);
  }

  @Test
  void shouldRefuseARequestBodyOverOneMegabyte() {
    Api.Response r =
        api.postRaw(
            "/api/candidate/sign-in",
            null,
            "{\"candidateCode\": \"" + "A".repeat(1_100_000) + "\", \"pin\": \"123456\"}");

    assertProblem(r, 413, "oversized-response");
  }

  @Test
  void shouldRefuseAStaffPasswordBcryptWouldTruncate() {
    Api.Response r =
        api.post(
            "/api/staff-accounts",
            admin(),
            Map.of(
                "accountId",
                unique("inv"),
                "password",
                "пароль".repeat(7),
                "role",
                "INVIGILATOR",
                "centreId",
                CENTRE_A));

    assertProblem(r, 400, "invalid-request");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {".", "..", ".hidden", "-x", "a/b"})
  void shouldRefuseAnIdNoUrlCouldAddress(String id) {
    Api.Response exam =
        api.post("/api/exams", admin(), Map.of("examId", id, "content", DemoExam.content()));
    Map<String, Object> session = new java.util.LinkedHashMap<>();
    session.put("sessionId", id);
    session.put("examId", publishedDemoExam());
    session.put("examVersion", 1);
    session.put("centreId", CENTRE_A);
    session.put("opensAt", java.time.Instant.now().toString());
    session.put("closesAt", java.time.Instant.now().plusSeconds(3600).toString());
    Api.Response opened = api.post("/api/sessions", admin(), session);

    assertProblem(exam, 400, "invalid-request");
    assertProblem(opened, 400, "invalid-request");
  }

  @Test
  void shouldCheckNoMoreThanFivePinsWhenSixteenGuessesArriveInParallel() throws Exception {
    Slip slip = register(openSession(publishedDemoExam()));
    String wrong = slip.pin().equals("000000") ? "111111" : "000000";
    var pool = java.util.concurrent.Executors.newFixedThreadPool(16);
    var start = new java.util.concurrent.CountDownLatch(1);
    var statuses = new java.util.ArrayList<Integer>();
    try {
      var guesses = new java.util.ArrayList<java.util.concurrent.Future<Api.Response>>();
      for (int i = 0; i < 16; i++) {
        guesses.add(
            pool.submit(
                () -> {
                  start.await();
                  return api.post(
                      "/api/candidate/sign-in",
                      null,
                      Map.of("candidateCode", slip.code(), "pin", wrong));
                }));
      }
      start.countDown();
      for (var g : guesses) {
        statuses.add(g.get().status());
      }
    } finally {
      pool.shutdown();
    }

    assertThat(statuses)
        .as("401 wrong-pin only for a checked PIN, 429 candidate-locked for the rest")
        .containsOnly(401, 429);
    assertThat(statuses.stream().filter(s -> s == 401).count())
        .as("PINs checked before the lock")
        .isEqualTo(5);
    Api.Response r =
        api.post(
            "/api/candidate/sign-in",
            null,
            Map.of("candidateCode", slip.code(), "pin", slip.pin()));
    assertProblem(r, 429, "candidate-locked");
  }

  @Test
  void shouldGiveTheAttemptsBackAfterTheRightPin() {
    Slip slip = register(openSession(publishedDemoExam()));
    String wrong = slip.pin().equals("000000") ? "111111" : "000000";
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 4; i++) {
        assertProblem(
            api.post(
                "/api/candidate/sign-in", null, Map.of("candidateCode", slip.code(), "pin", wrong)),
            401,
            "wrong-pin");
      }
      assertThat(
              api.post(
                      "/api/candidate/sign-in",
                      null,
                      Map.of("candidateCode", slip.code(), "pin", slip.pin()))
                  .status())
          .as("round %d: four wrong PINs, then the right one", round)
          .isEqualTo(200);
    }
  }
}
