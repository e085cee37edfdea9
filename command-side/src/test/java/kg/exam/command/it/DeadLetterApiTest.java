package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import kg.exam.command.demo.DemoExam;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.SittingStarted;
import kg.exam.contract.sitting.SittingSubmitted;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * No poison sitting stalls scoring: one sitting that cannot be scored is parked in the scoring
 * processor's dead-letter queue while 1,000 others handed in after it are scored; it shows on
 * {@code /api/dead-letters} and in the health endpoint, and is scored by a retry once its cause is
 * fixed.
 */
class DeadLetterApiTest extends ApiTestBase {
  private static final int SITTINGS = 1_000;
  private static final String SCORED = "kg.exam.contract.sitting.SittingScored";

  @Autowired EventStore events;

  /** Stores a handed-in sitting's events as the sitting aggregate would have. */
  private List<DomainEventMessage<?>> handedIn(String sittingId, String sessionId, String examId) {
    List<String> itemIds = DemoExam.content().items().stream().map(ItemDefinition::itemId).toList();
    Instant started = Instant.now().minusSeconds(600);
    return List.of(
        event(
            sittingId,
            0,
            new CandidateRegistered(
                sittingId,
                sessionId,
                examId,
                1,
                CENTRE_A,
                unique("candidate"),
                new CandidateProfile("CHUY", "CHUY-1", SCHOOL_A, "URBAN", "ky", "F", 9),
                0,
                "admin")),
        event(
            sittingId,
            1,
            new SittingStarted(
                sittingId, started, started.plus(Duration.ofHours(1)), 3_600_000, itemIds)));
  }

  private static DomainEventMessage<?> event(String sittingId, long sequence, Object payload) {
    return new GenericDomainEventMessage<>("Sitting", sittingId, sequence, payload);
  }

  private int scored(List<String> sittingIds) {
    return jdbc.queryForObject(
        "SELECT count(DISTINCT aggregateidentifier) FROM domainevententry"
            + " WHERE payloadtype = ? AND aggregateidentifier = ANY (?)",
        Integer.class,
        SCORED,
        sittingIds.toArray(String[]::new));
  }

  @Test
  void shouldParkAPoisonSittingWhileAThousandOthersAreScoredAndScoreItOnRetryAfterTheFix() {
    String examId = publishedDemoExam();
    String sessionId = openSession(examId);
    // the poison: its read-table row names an exam version that does not exist, so scoring it
    // fails every time until the row is put right
    String poison = unique("sitting-poison");
    events.publish(handedIn(poison, sessionId, examId));
    assertThat(jdbc.update("UPDATE sitting SET exam_version = 999 WHERE sitting_id = ?", poison))
        .isEqualTo(1);
    events.publish(event(poison, 2, new SittingSubmitted(poison, Instant.now())));
    List<String> others = new ArrayList<>();
    List<DomainEventMessage<?>> batch = new ArrayList<>();
    for (int i = 0; i < SITTINGS; i++) {
      String sittingId = unique("sitting-ok");
      others.add(sittingId);
      batch.addAll(handedIn(sittingId, sessionId, examId));
      batch.add(event(sittingId, 2, new SittingSubmitted(sittingId, Instant.now())));
      if (batch.size() >= 300) {
        events.publish(batch);
        batch.clear();
      }
    }
    events.publish(batch);

    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(scored(others)).isEqualTo(SITTINGS));
    assertThat(scored(List.of(poison))).as("the poison is parked, not scored").isZero();

    Api.Response parked = api.get("/api/dead-letters", admin());
    assertThat(parked.status()).as(parked.body().toString()).isEqualTo(200);
    JsonNode entry = parkedEntry(parked.body(), poison);
    assertThat(entry).as(parked.body().toString()).isNotNull();
    assertThat(entry.get("processingGroup").asString()).isEqualTo("sitting-scoring");
    assertThat(entry.get("firstEventType").asString())
        .isEqualTo("kg.exam.contract.sitting.SittingSubmitted");
    assertThat(entry.get("causeMessage").asString()).contains("v999 missing");
    assertThat(api.get("/api/dead-letters", staff("auditor")).status()).isEqualTo(200);
    assertThat(api.get("/api/dead-letters", staff("inv-a")).status()).isEqualTo(403);
    JsonNode health = api.get("/actuator/health", admin()).body();
    assertThat(health.at("/components/deadLetters/status").asString()).isEqualTo("UP");
    assertThat(health.at("/components/deadLetters/details/parkedSequences").asLong()).isPositive();
    assertThat(api.get("/actuator/health", null).body().at("/components/deadLetters/details"))
        .as("counts for staff only")
        .isEmpty();

    assertThat(api.post("/api/dead-letters/retry", staff("auditor"), null).status()).isEqualTo(403);
    Api.Response stillBroken = api.post("/api/dead-letters/retry", admin(), null);
    assertThat(stillBroken.status()).as(stillBroken.body().toString()).isEqualTo(200);
    assertThat(parkedEntry(api.get("/api/dead-letters", admin()).body(), poison))
        .as("a retry before the fix leaves it parked")
        .isNotNull();

    jdbc.update("UPDATE sitting SET exam_version = 1 WHERE sitting_id = ?", poison);
    Api.Response retried = api.post("/api/dead-letters/retry", admin(), null);

    assertThat(retried.status()).as(retried.body().toString()).isEqualTo(200);
    assertThat(retried.body().get("handled").asInt()).isPositive();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(scored(List.of(poison))).isEqualTo(1));
    assertThat(parkedEntry(api.get("/api/dead-letters", admin()).body(), poison)).isNull();
  }

  private static JsonNode parkedEntry(JsonNode body, String sequence) {
    for (JsonNode p : body.get("parked")) {
      if (p.get("sequence").asString().equals(sequence)) {
        return p;
      }
    }
    return null;
  }
}
