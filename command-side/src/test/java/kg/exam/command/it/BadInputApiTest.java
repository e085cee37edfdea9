package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input of every shape, at every endpoint that changes state: always a 4xx problem document,
 * never a 500, and nothing stored.
 */
class BadInputApiTest extends ApiTestBase {
  private static final List<String> BODIES =
      List.of(
          "",
          "null",
          "[]",
          "\"text\"",
          "42",
          "{",
          "{}",
          "{\"itemId\": null}",
          "{\"itemId\": 5, \"response\": \"B\"}",
          "{\"itemId\": \"q1\", \"response\": [null], \"clientSeq\": 1}",
          "{\"itemId\": \"q1\", \"response\": [\"B\"], \"clientSeq\": 99999999999999999999999}",
          "{\"itemId\": \"q1\", \"response\": [\"B\"], \"clientSeq\": 9007199254740993}",
          "{\"itemId\": \"q1\", \"response\": [[\"B\"]], \"clientSeq\": 1}",
          "{\"itemId\": \"q1\", \"response\": [\"B\"], \"clientSeq\": -1}",
          "{\"itemId\": \"q1\", \"response\": [\"B\"], \"clientSeq\": 1, \"clientTimestamp\": \"yesterday\"}",
          "{\"content\": {\"items\": [null], \"language\": \"ky\"}}",
          "{\"examId\": \"has spaces and / slashes\", \"content\": {}}",
          "{\"content\": {\"title\": \"t\", \"subject\": \"s\", \"grade\": 9, \"language\": \"ky\", \"durationMinutes\": 10,"
              + " \"items\": [{\"itemId\": \"a\", \"type\": \"NUMERIC\", \"maxScore\": 1, \"weight\": 1, \"key\":"
              + " {\"correct\": [\"not a number\"], \"absoluteTolerance\": -5}}]}}",
          "{\"content\": {\"title\": \"t\", \"subject\": \"s\", \"grade\": 9, \"language\": \"ky\", \"durationMinutes\": 10,"
              + " \"items\": [{\"itemId\": \"a\", \"type\": \"SINGLE_CHOICE\", \"maxScore\": \"NaN\", \"weight\": 1, \"key\": null}]}}",
          "{\"minutes\": 100000, \"reason\": \"\"}",
          "{\"reason\": null}",
          "{\"candidateCode\": [], \"pin\": {}}",
          "{\"examId\": \"x\", \"examVersion\": 1, \"centreId\": \"c\", \"opensAt\": \"2026-13-45\", \"closesAt\": 7}",
          "{\"candidateId\": \""
              + "x".repeat(500)
              + "\", \"region\": \"R\", \"district\": \"D\", \"schoolId\": \"S\","
              + " \"locality\": \"URBAN\", \"instructionLanguage\": \"ky\", \"gender\": \"F\", \"grade\": 9, \"extraTimePercent\": 0}",
          "{\"accountId\": \"ab\", \"password\": \"short\", \"role\": \"EMPEROR\"}");

  private Candidate candidate;
  private String examId;
  private String sessionId;

  @BeforeEach
  void sittingInProgress() {
    examId = publishedDemoExam();
    sessionId = openSession(examId);
    candidate = startedCandidate(sessionId);
  }

  static Stream<String> bodies() {
    return BODIES.stream();
  }

  @ParameterizedTest
  @MethodSource("bodies")
  void shouldAnswerEveryMalformedBodyWithAProblemAndStoreNothing(String body) {
    long eventsBefore = totalEvents();
    List<String> failures = new ArrayList<>();
    String s = candidate.sitting();
    check(failures, "answers", api.postRaw(s + "/answers", candidate.auth(), body));
    check(failures, "flags", api.postRaw(s + "/flags", candidate.auth(), body));
    check(failures, "pause", api.postRaw(s + "/pause", staff("inv-a"), body));
    check(failures, "extend", api.postRaw(s + "/extend", staff("inv-a"), body));
    check(failures, "exams", api.postRaw("/api/exams", admin(), body));
    check(
        failures,
        "amend",
        api.postRaw("/api/exams/" + examId + "/versions/1/key-amendments", admin(), body));
    check(failures, "sessions", api.postRaw("/api/sessions", admin(), body));
    check(failures, "close", api.postRaw("/api/sessions/" + sessionId + "/close", admin(), body));
    check(
        failures,
        "register",
        api.postRaw("/api/sessions/" + sessionId + "/registrations", admin(), body));
    check(failures, "sign-in", api.postRaw("/api/candidate/sign-in", null, body));
    check(failures, "staff", api.postRaw("/api/staff-accounts", admin(), body));

    assertThat(failures).isEmpty();
    assertThat(totalEvents()).isEqualTo(eventsBefore);
  }

  private static void check(List<String> failures, String endpoint, Api.Response r) {
    boolean problem =
        r.status() >= 400
            && r.status() < 500
            && r.contentType().startsWith("application/problem+json")
            && r.problemType().startsWith("urn:kg-exam:problem:");
    if (!problem) {
      failures.add(endpoint + " -> " + r.status() + " " + r.body());
    }
  }

  private long totalEvents() {
    Long n = jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class);
    return n == null ? 0 : n;
  }
}
