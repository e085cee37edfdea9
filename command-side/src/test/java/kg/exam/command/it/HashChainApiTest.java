package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import kg.exam.contract.trust.CanonicalJson;
import kg.exam.contract.trust.StreamHashChain;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every stored event carries its stream's chain hash; tampering in the database is found. */
class HashChainApiTest extends ApiTestBase {

  private Candidate sittingWithAnswers() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    api.post(c.sitting() + "/answers", c.auth(), answer("q1", 1, "B"));
    api.post(c.sitting() + "/answers", c.auth(), answer("q3", 2, "true"));
    api.post(c.sitting() + "/answers", c.auth(), answer("q1", 3, "C"));
    return c;
  }

  private JsonNode chain(String streamId) {
    Api.Response r = api.get("/api/audit/streams/" + streamId + "/chain", staff("auditor"));
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    return r.body();
  }

  @Test
  void shouldStoreEveryEventWithTheHashAnAuditorCanRecomputeByHand() {
    Candidate c = sittingWithAnswers();

    List<java.util.Map<String, Object>> rows =
        jdbc.queryForList(
            "SELECT sequencenumber, convert_from(payload, 'UTF8') AS payload,"
                + " convert_from(metadata, 'UTF8')::jsonb ->> 'chainHash' AS hash FROM domainevententry"
                + " WHERE aggregateidentifier = ? ORDER BY sequencenumber",
            c.slip().sittingId());
    byte[] previous = StreamHashChain.genesisHash();
    for (var row : rows) {
      byte[] expected =
          StreamHashChain.nextHash(
              previous,
              c.slip().sittingId(),
              ((Number) row.get("sequencenumber")).longValue(),
              CanonicalJson.canonicalizeExact((String) row.get("payload")));
      assertThat(row.get("hash")).isEqualTo(HexFormat.of().formatHex(expected));
      previous = expected;
    }
    assertThat(rows).hasSize(6); // registered, started, device key bound, three answers
    JsonNode report = chain(c.slip().sittingId());
    assertThat(report.get("intact").asBoolean()).isTrue();
    assertThat(report.get("eventCount").asInt()).isEqualTo(6);
    assertThat(report.get("headHash").asString()).isEqualTo(HexFormat.of().formatHex(previous));
  }

  @Test
  void shouldFindAPayloadChangedBySqlAtItsEvent() {
    Candidate c = sittingWithAnswers();

    jdbc.update(
        "UPDATE domainevententry SET payload = convert_to(replace(convert_from(payload, 'UTF8'), '\"C\"', '\"B\"'), 'UTF8')"
            + " WHERE aggregateidentifier = ? AND sequencenumber = 5",
        c.slip().sittingId());

    JsonNode report = chain(c.slip().sittingId());
    assertThat(report.get("intact").asBoolean()).isFalse();
    assertThat(report.get("brokenAtSequence").asLong()).isEqualTo(5);
  }

  @Test
  void shouldFindADeletedEvent() {
    Candidate c = sittingWithAnswers();

    jdbc.update(
        "DELETE FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = 2",
        c.slip().sittingId());

    JsonNode report = chain(c.slip().sittingId());
    assertThat(report.get("intact").asBoolean()).isFalse();
    assertThat(report.get("brokenAtSequence").asLong()).isEqualTo(2);
  }

  @Test
  void shouldFindTwoEventsWhosePayloadsWereSwapped() {
    Candidate c = sittingWithAnswers();
    String id = c.slip().sittingId();

    jdbc.update(
        "UPDATE domainevententry a SET payload = b.payload FROM domainevententry b"
            + " WHERE a.aggregateidentifier = ? AND b.aggregateidentifier = ? AND ((a.sequencenumber = 2 AND b.sequencenumber = 4)"
            + " OR (a.sequencenumber = 4 AND b.sequencenumber = 2))",
        id,
        id);

    assertThat(chain(id).get("brokenAtSequence").asLong()).isEqualTo(2);
  }

  @Test
  void shouldChainExamAndSessionStreamsToo() {
    String examId = publishedDemoExam();

    assertThat(chain(examId).get("intact").asBoolean()).isTrue();
    assertThat(chain(openSession(examId)).get("intact").asBoolean()).isTrue();
  }

  @Test
  void shouldRefuseChainChecksToCandidatesAndSchools() {
    Candidate c = sittingWithAnswers();

    assertThat(api.get("/api/audit/streams/" + c.slip().sittingId() + "/chain", c.auth()).status())
        .isEqualTo(403);
    assertThat(
            api.get("/api/audit/streams/" + c.slip().sittingId() + "/chain", staff("school-a"))
                .status())
        .isEqualTo(403);
  }
}
