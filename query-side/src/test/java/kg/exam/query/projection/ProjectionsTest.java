package kg.exam.query.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ExamPublished;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemExcluded;
import kg.exam.contract.exam.ItemKey;
import kg.exam.contract.exam.KeyAmended;
import kg.exam.contract.exam.ScoringRules;
import kg.exam.contract.exam.SectionDefinition;
import kg.exam.contract.sitting.AnswerRecorded;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.ItemScoreRecord;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.contract.sitting.SittingStarted;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The projection handlers called directly, over a real PostgreSQL with the query-side schema. */
class ProjectionsTest {
  private static ProjectedDatabase database;
  private static JdbcTemplate jdbc;
  private static TransactionTemplate transactions;
  private static Projections projections;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");

  @BeforeAll
  static void database() throws Exception {
    database = new ProjectedDatabase();
    jdbc = database.jdbc;
    transactions = database.transactions;
    projections = database.projections;
  }

  @AfterAll
  static void stop() throws Exception {
    database.close();
  }

  @BeforeEach
  void empty() {
    database.truncate();
  }

  private static EventEnvelope envelope(String aggregateId, long sequence, Object event) {
    return ProjectedDatabase.envelope(aggregateId, sequence, event, T0.plusSeconds(sequence));
  }

  private static ApplyOutcome apply(EventEnvelope envelope) {
    return transactions.execute(s -> projections.apply(envelope));
  }

  private static CandidateRegistered registered(String sittingId) {
    return new CandidateRegistered(
        sittingId,
        "session-1",
        "exam-1",
        1,
        "centre-1",
        "cand-" + sittingId,
        new CandidateProfile("CHUY", "chuy-alamudun", "school-7", "RURAL", "ky", "F", 9),
        0,
        "admin");
  }

  private static AnswerRecorded answer(String sittingId, String itemId, long clientSeq) {
    return new AnswerRecorded(sittingId, itemId, List.of("A"), clientSeq, T0, T0.plusSeconds(60));
  }

  private int answered(String sittingId) {
    return jdbc.queryForObject(
        "SELECT answered FROM sitting WHERE sitting_id = ?", Integer.class, sittingId);
  }

  @Test
  void shouldCountAnAnswerOnceWhenTheSameEventIsDeliveredTwice() {
    apply(envelope("s1", 0, registered("s1")));
    EventEnvelope first = envelope("s1", 1, answer("s1", "q1", 1));

    assertThat(apply(first)).isEqualTo(ApplyOutcome.APPLIED);
    assertThat(apply(first)).isEqualTo(ApplyOutcome.DUPLICATE);
    assertThat(answered("s1")).isEqualTo(1);
  }

  @Test
  void shouldMarkASittingAStationStartedAndNotOneTheServerStarted() {
    apply(envelope("s1", 0, registered("s1")));
    apply(envelope("s2", 0, registered("s2")));
    Instant deadline = T0.plusSeconds(3600);
    List<String> items = List.of("q1");

    apply(
        envelope(
            "s1",
            1,
            new SittingStarted("s1", T0, deadline, 3_600_000, items, T0.plusSeconds(9), "key-1")));
    apply(envelope("s2", 1, new SittingStarted("s2", T0, deadline, 3_600_000, items)));

    assertThat(
            jdbc.queryForList("SELECT station_run FROM sitting ORDER BY sitting_id", Boolean.class))
        .containsExactly(true, false);
  }

  @Test
  void shouldSkipAnEventBelowTheLastAppliedSequenceNumber() {
    apply(envelope("s1", 0, registered("s1")));
    apply(envelope("s1", 1, answer("s1", "q1", 1)));
    apply(envelope("s1", 2, answer("s1", "q2", 2)));

    assertThat(apply(envelope("s1", 1, answer("s1", "q1", 1)))).isEqualTo(ApplyOutcome.DUPLICATE);
    assertThat(answered("s1")).isEqualTo(2);
  }

  @Test
  void shouldCountAChangedAnswerToTheSameItemAsOneAnsweredItem() {
    apply(envelope("s1", 0, registered("s1")));
    apply(envelope("s1", 1, answer("s1", "q1", 1)));
    apply(envelope("s1", 2, answer("s1", "q1", 2)));

    assertThat(answered("s1")).isEqualTo(1);
  }

  @Test
  void shouldKeepEveryAnswerOnceWithItsStreamPositionAndItsTimesAsSigned() {
    apply(envelope("s1", 0, registered("s1")));
    Instant device = Instant.parse("2026-05-20T08:01:33.181234Z");
    EventEnvelope first =
        envelope(
            "s1",
            1,
            new AnswerRecorded(
                "s1", "q1", List.of("B"), 1, device, T0.plusSeconds(60), null, null, null));
    apply(first);
    apply(first); // redelivered
    apply(envelope("s1", 2, answer("s1", "q1", 2)));

    assertThat(
            jdbc.queryForList(
                "SELECT sequence || ' ' || response || ' ' || coalesce(client_timestamp, '-')"
                    + " FROM answer_event WHERE sitting_id = 's1' ORDER BY sequence",
                String.class))
        .containsExactly("1 [\"B\"] 2026-05-20T08:01:33.181234Z", "2 [\"A\"] " + T0);
    assertThat(
            jdbc.queryForObject(
                "SELECT answer_events FROM sitting WHERE sitting_id = 's1'", Integer.class))
        .isEqualTo(2);
  }

  @Test
  void shouldMarkSingleAnswerItemsAndFollowKeyAmendmentsAndExclusions() {
    List<Choice> choices = List.of(new Choice("A", "a"), new Choice("B", "b"));
    ExamContent content =
        new ExamContent(
            "t",
            "MATH",
            9,
            "ky",
            40,
            List.of(new SectionDefinition("s", "S")),
            List.of(
                new ItemDefinition(
                    "q1",
                    "s",
                    "SINGLE_CHOICE",
                    1,
                    1,
                    "?",
                    choices,
                    List.of(),
                    ItemKey.matchCorrect(List.of("A"))),
                new ItemDefinition(
                    "q2",
                    "s",
                    "MULTIPLE_RESPONSE",
                    1,
                    1,
                    "?",
                    choices,
                    List.of(),
                    ItemKey.matchCorrect(List.of("A", "B")))),
            new ScoringRules(50, List.of(), null));
    apply(envelope("exam-1", 0, new ExamPublished("exam-1", 1, 1, content, "author")));
    assertThat(singleAnswer()).containsExactly(true, false);

    apply(
        envelope(
            "exam-1",
            1,
            new KeyAmended(
                "exam-1", 1, 2, "q1", ItemKey.matchCorrect(List.of("A", "B")), "two", "admin")));
    apply(
        envelope(
            "exam-1",
            2,
            new ItemExcluded("exam-1", 1, 3, "q2", "DIF class C", "dif:language:ru", "admin")));

    assertThat(singleAnswer()).containsExactly(false, false);
    assertThat(
            jdbc.queryForList(
                "SELECT coalesce(excluded_key_version, 0) FROM exam_item ORDER BY position",
                Integer.class))
        .containsExactly(0, 3);
    assertThat(
            jdbc.queryForObject(
                "SELECT key_version FROM exam_version WHERE exam_id = 'exam-1'", Integer.class))
        .isEqualTo(3);
  }

  private List<Boolean> singleAnswer() {
    return jdbc.queryForList(
        "SELECT single_answer FROM exam_item WHERE exam_id = 'exam-1' ORDER BY position",
        Boolean.class);
  }

  @Test
  void shouldRefuseARegistrationWithoutProfileAsPoisonAndClaimNothing() {
    CandidateRegistered noProfile =
        new CandidateRegistered("s2", "session-1", "exam-1", 1, "c", "cand", null, 0, "admin");

    assertThatThrownBy(() -> apply(envelope("s2", 0, noProfile)))
        .isInstanceOf(PoisonEvent.class)
        .extracting(e -> ((PoisonEvent) e).reason())
        .isEqualTo(PoisonEvent.MISSING_DATA);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM applied_sequence", Integer.class))
        .isZero();
    // the stream goes on: its next events still apply
    assertThat(apply(envelope("s2", 0, registered("s2")))).isEqualTo(ApplyOutcome.APPLIED);
  }

  @Test
  void shouldRefuseAnUndecodablePayloadAsPoison() {
    EventEnvelope garbage =
        new EventEnvelope(
            "e",
            CandidateRegistered.class.getName(),
            "s3",
            0,
            0,
            T0,
            "{not json".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> apply(garbage))
        .isInstanceOf(PoisonEvent.class)
        .extracting(e -> ((PoisonEvent) e).reason())
        .isEqualTo(PoisonEvent.UNDESERIALISABLE);
  }

  @Test
  void shouldIgnoreAnEventTypeItDoesNotKnow() {
    EventEnvelope unknown =
        new EventEnvelope(
            "e", "kg.exam.contract.future.SomethingNew", "x", 0, 0, T0, "{}".getBytes());

    assertThat(apply(unknown)).isEqualTo(ApplyOutcome.IGNORED);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM applied_sequence", Integer.class))
        .isZero();
  }

  @Test
  void shouldRefuseAKnownEventWithoutSequenceNumber() {
    EventEnvelope noSequence =
        new EventEnvelope(
            "e",
            CandidateRegistered.class.getName(),
            "s4",
            -1,
            -1,
            T0,
            JSON.writeValueAsBytes(registered("s4")));

    assertThatThrownBy(() -> apply(noSequence))
        .isInstanceOf(PoisonEvent.class)
        .extracting(e -> ((PoisonEvent) e).reason())
        .isEqualTo(PoisonEvent.MISSING_HEADER);
  }

  @Test
  void shouldKeepTheRescoreOfTheHigherKeyVersion() {
    apply(envelope("s5", 0, registered("s5")));
    apply(envelope("s5", 1, scored("s5", 1, 1.0)));
    apply(envelope("s5", 2, scored("s5", 2, 2.0)));

    assertThat(
            jdbc.queryForObject(
                "SELECT raw_total FROM sitting_score WHERE sitting_id = 's5'", Double.class))
        .isEqualTo(2.0);
    assertThat(
            jdbc.queryForObject(
                "SELECT sum(score) FROM item_score WHERE sitting_id = 's5'", Double.class))
        .isEqualTo(2.0);
  }

  @Test
  void shouldStoreAScoreWhoseExamIsNotKnownYet() {
    // events of different aggregates may arrive in any order: the score waits for no exam
    apply(envelope("s6", 0, registered("s6")));

    assertThat(apply(envelope("s6", 1, scored("s6", 1, 1.0)))).isEqualTo(ApplyOutcome.APPLIED);
    assertThat(jdbc.queryForObject("SELECT count(*) FROM sitting_score", Integer.class))
        .isEqualTo(1);
  }

  private static SittingScored scored(String sittingId, int keyVersion, double total) {
    return new SittingScored(
        sittingId,
        "exam-1",
        1,
        keyVersion,
        "test",
        List.of(
            new ItemScoreRecord("q1", total >= 1 ? 1 : 0, 1, total >= 1 ? "CORRECT" : "INCORRECT"),
            new ItemScoreRecord(
                "q2", total >= 2 ? 1 : 0, 1, total >= 2 ? "CORRECT" : "UNANSWERED")),
        Map.of(),
        total,
        2,
        total * 50,
        total >= 1,
        total >= 2 ? 5 : 3,
        false,
        false,
        null,
        T0);
  }
}
