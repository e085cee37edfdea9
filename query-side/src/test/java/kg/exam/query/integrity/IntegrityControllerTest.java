package kg.exam.query.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import kg.exam.contract.session.ExamSessionOpened;
import kg.exam.contract.sitting.AnswerRecorded;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.contract.sitting.SittingStarted;
import kg.exam.contract.trust.evidence.IntegrityEvidence;
import kg.exam.query.problem.ProblemType;
import kg.exam.query.problem.QueryRefused;
import kg.exam.query.projection.ProjectedDatabase;
import kg.exam.query.security.DashboardRole;
import kg.exam.query.security.DashboardUser;
import kg.exam.query.security.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The integrity analyses over the real projections in a real PostgreSQL, fed with the events of
 * {@link IntegrityFixtures}: the planted copier, tampered sitting and fast sitting are flagged,
 * each with evidence that cites exactly the answer events the projection holds; the honest
 * candidates are (nearly) all left alone; a centre administrator sees its own centre's sessions
 * only.
 */
class IntegrityControllerTest {
  private static final String SESSION = "ses-integrity";
  private static final Instant OPENS = Instant.parse("2026-05-20T08:00:00Z");
  private static final DashboardUser AUDITOR = TestUsers.user(DashboardRole.AUDITOR, null);
  private static final DashboardUser CENTRE =
      TestUsers.user(DashboardRole.CENTRE_ADMIN, "centre-7");
  private static final DashboardUser OTHER = TestUsers.user(DashboardRole.CENTRE_ADMIN, "centre-9");

  private static ProjectedDatabase database;
  private static IntegrityController controller;

  @BeforeAll
  static void events() throws Exception {
    database = new ProjectedDatabase();
    IntegrityFixtures.session(database::apply, SESSION, "centre-7", OPENS);
    controller =
        new IntegrityController(
            database.jdbc,
            new DataSourceTransactionManager(database.jdbc.getDataSource()),
            1e-4,
            1e-6,
            10);
  }

  @AfterAll
  static void stop() throws Exception {
    database.close();
  }

  @Test
  void shouldFlagThePlantedCopierTamperingAndPreknowledgeAndLeaveHonestSittingsAlone() {
    IntegrityController.Report report = controller.report(AUDITOR, SESSION);

    assertThat(report.sittings()).isEqualTo(IntegrityFixtures.CANDIDATES);
    assertThat(report.analysed()).isEqualTo(IntegrityFixtures.CANDIDATES);
    assertThat(report.pairs()).isEqualTo(8L * 30 * 29 / 2);
    assertThat(
            flag(report, "SIMILARITY:" + IntegrityFixtures.SOURCE + ":" + IntegrityFixtures.COPIER))
        .satisfies(
            f -> {
              assertThat(f.place()).isEqualTo("station:station-0");
              assertThat(f.detail().get("matches")).isEqualTo(20);
            });
    assertThat(flag(report, "ANSWER_CHANGES:" + IntegrityFixtures.TAMPERED).detail())
        .containsEntry("wrongToRight", 16);
    assertThat(flag(report, "RESPONSE_TIME:" + IntegrityFixtures.FAST).statistic())
        .isGreaterThan(40);
    // at 1e-4 per test, 240 sittings and 3,480 pairs give an expected 0.4 false flags
    long honest =
        report.flags().stream()
            .filter(f -> !f.kind().equals("CLUSTER"))
            .filter(
                f ->
                    f.sittings().stream()
                        .noneMatch(
                            s ->
                                List.of(
                                        IntegrityFixtures.COPIER,
                                        IntegrityFixtures.TAMPERED,
                                        IntegrityFixtures.FAST)
                                    .contains(s)))
            .count();
    assertThat(honest).isLessThanOrEqualTo(2);
    assertThat(report.counts().values().stream().mapToInt(Integer::intValue).sum())
        .isEqualTo(report.flags().size());
  }

  @Test
  void shouldCiteEveryAnswerToTheChangedItemsAsTheProjectionHoldsThem() {
    IntegrityEvidence evidence =
        controller.evidence(AUDITOR, SESSION, "ANSWER_CHANGES:" + IntegrityFixtures.TAMPERED);

    assertThat(evidence.format()).isEqualTo("exam-integrity-evidence/1");
    assertThat(evidence.sittings()).hasSize(1);
    IntegrityEvidence.Sitting sitting = evidence.sittings().getFirst();
    assertThat(sitting.bundle()).isEqualTo("/api/audit/sittings/sit-002/bundle");
    // q1..q16, each answered wrong first and right at the end
    assertThat(sitting.events()).hasSize(32);
    for (IntegrityEvidence.Event e : sitting.events()) {
      assertThat(e.type()).isEqualTo("AnswerRecorded");
      List<String> stored =
          database.jdbc.queryForList(
              "SELECT response FROM answer_event WHERE sitting_id = ? AND sequence = ?",
              String.class,
              "sit-002",
              e.sequence());
      assertThat(stored).hasSize(1);
      assertThat(IntegrityCohorts.strings(stored.getFirst())).isEqualTo(e.response());
      assertThat(e.clientTimestamp()).isNotNull();
    }
  }

  @Test
  void shouldCiteTheFinalAnswersBothCandidatesShareForASimilarPair() {
    IntegrityEvidence evidence =
        controller.evidence(
            AUDITOR,
            SESSION,
            "SIMILARITY:" + IntegrityFixtures.SOURCE + ":" + IntegrityFixtures.COPIER);

    assertThat(evidence.sittings()).hasSize(2);
    List<IntegrityEvidence.Event> source = evidence.sittings().get(0).events();
    List<IntegrityEvidence.Event> copier = evidence.sittings().get(1).events();
    assertThat(source).hasSize(20);
    assertThat(copier).hasSize(20);
    for (int k = 0; k < 20; k++) {
      assertThat(copier.get(k).itemId()).isEqualTo(source.get(k).itemId());
      assertThat(copier.get(k).response()).isEqualTo(source.get(k).response());
    }
  }

  @Test
  void shouldCiteTheFastItemsFirstAnswersAndTheAnswersBeforeThem() {
    IntegrityEvidence evidence =
        controller.evidence(AUDITOR, SESSION, "RESPONSE_TIME:" + IntegrityFixtures.FAST);

    List<IntegrityEvidence.Event> events = evidence.sittings().getFirst().events();
    List<String> items = events.stream().map(IntegrityEvidence.Event::itemId).toList();
    // q1..q5 took 3 s: their first answers are cited (q1 has no answer before it)
    assertThat(items).contains("q1", "q2", "q3", "q4", "q5");
  }

  @Test
  void shouldShowACentreAdministratorItsOwnCentresSessionsOnly() {
    assertThat(controller.sessions(CENTRE))
        .extracting(IntegrityController.SessionRow::sessionId)
        .containsExactly(SESSION);
    assertThat(controller.sessions(OTHER)).isEmpty();
    assertThat(controller.report(CENTRE, SESSION).flags()).isNotEmpty();
    assertThatThrownBy(() -> controller.report(OTHER, SESSION))
        .isInstanceOfSatisfying(
            QueryRefused.class, e -> assertThat(e.type()).isEqualTo(ProblemType.OUTSIDE_SCOPE));
    assertThatThrownBy(
            () -> controller.evidence(OTHER, SESSION, "RESPONSE_TIME:" + IntegrityFixtures.FAST))
        .isInstanceOfSatisfying(
            QueryRefused.class, e -> assertThat(e.type()).isEqualTo(ProblemType.OUTSIDE_SCOPE));
  }

  @Test
  void shouldRefuseAnUnknownSessionOrFlagAsNotFound() {
    assertThatThrownBy(() -> controller.report(AUDITOR, "no-such-session"))
        .isInstanceOfSatisfying(
            QueryRefused.class, e -> assertThat(e.type()).isEqualTo(ProblemType.NOT_FOUND));
    assertThatThrownBy(() -> controller.evidence(AUDITOR, SESSION, "SPEED:sit-239"))
        .isInstanceOfSatisfying(
            QueryRefused.class, e -> assertThat(e.type()).isEqualTo(ProblemType.NOT_FOUND));
  }

  @Test
  void shouldWriteOnlyFiniteNumbersSoEveryAnswerIsJsonAndEveryEvidenceReadable() throws Exception {
    JsonMapper json = JsonMapper.builder().build();
    IntegrityController.Report report = controller.report(AUDITOR, SESSION);
    List<String> documents = new java.util.ArrayList<>();
    documents.add(json.writeValueAsString(report));
    for (IntegrityController.Flag f : report.flags()) {
      documents.add(json.writeValueAsString(controller.evidence(AUDITOR, SESSION, f.id())));
    }
    for (String document : documents) {
      // Jackson writes a non-finite double as the string "NaN" or "Infinity", which no reader of
      // a number (the verifier, the page) accepts
      assertThat(document).doesNotContain("\"NaN\"", "\"Infinity\"", "\"-Infinity\"");
    }
  }

  @Test
  void shouldAnalyseASessionWhoseDeviceClockSentTimesNoCalendarHolds() {
    // one sitting whose device clock said the year 10000 and then year 0: the times are unknown,
    // the session is analysed (too small for similarity and speed, and says so)
    String session = "ses-clock";
    String exam = "exam-" + SESSION;
    database.apply(
        session,
        0,
        new ExamSessionOpened(
            session, exam, 1, "centre-7", null, OPENS, OPENS.plusSeconds(10_800), "admin"),
        OPENS);
    String id = "sit-clock";
    database.apply(
        id,
        0,
        new CandidateRegistered(
            id,
            session,
            exam,
            1,
            "centre",
            "cand-clock",
            new CandidateProfile("CHUY", "chuy-sokuluk", "school-9", "RURAL", "ky", "M", 9),
            0,
            "admin"),
        OPENS);
    database.apply(
        id,
        1,
        new SittingStarted(id, OPENS, OPENS.plusSeconds(7_200), 7_200_000L, List.of("q1")),
        OPENS);
    Instant[] clock = {
      Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-01-01T00:00:00Z"), OPENS
    };
    for (int k = 0; k < clock.length; k++) {
      database.apply(
          id,
          2 + k,
          new AnswerRecorded(
              id, "q" + (k + 1), List.of("A"), k + 1, clock[k], OPENS, null, null, null),
          OPENS);
    }
    database.apply(
        id,
        5,
        new SittingScored(
            id,
            exam,
            1,
            1,
            "test",
            List.of(),
            java.util.Map.of(),
            0,
            20,
            0,
            false,
            2,
            false,
            false,
            null,
            OPENS),
        OPENS);

    IntegrityController.Report report = controller.report(AUDITOR, session);

    assertThat(report.sittings()).isEqualTo(1);
    assertThat(report.notAnalysed()).containsKeys("SIMILARITY", "SPEED");
    assertThat(report.flags()).isEmpty();
  }

  @Test
  void shouldRefuseACentreAdministratorWhoseAccountNamesNoCentre() {
    DashboardUser nowhere = TestUsers.user(DashboardRole.CENTRE_ADMIN, null);
    assertThatThrownBy(() -> controller.sessions(nowhere))
        .isInstanceOfSatisfying(
            QueryRefused.class, e -> assertThat(e.type()).isEqualTo(ProblemType.FORBIDDEN));
    assertThatThrownBy(() -> controller.report(nowhere, SESSION))
        .isInstanceOfSatisfying(
            QueryRefused.class, e -> assertThat(e.type()).isEqualTo(ProblemType.FORBIDDEN));
  }

  private static IntegrityController.Flag flag(IntegrityController.Report report, String id) {
    return report.flags().stream()
        .filter(f -> f.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no flag " + id + " in " + report.flags()));
  }
}
