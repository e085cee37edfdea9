package kg.exam.command.session;

import static kg.exam.command.problem.RuleViolationMatcher.ruleViolation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import kg.exam.command.config.ContractCommandTargetResolver;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.trust.StreamHeadSigner;
import kg.exam.contract.results.CalibratedItem;
import kg.exam.contract.results.EmSettings;
import kg.exam.contract.results.FinaliseSessionResults;
import kg.exam.contract.results.ScaleDefinition;
import kg.exam.contract.results.SessionCalibration;
import kg.exam.contract.results.SessionResultRowsListed;
import kg.exam.contract.results.SessionResultsFinalised;
import kg.exam.contract.session.CloseExamSession;
import kg.exam.contract.session.ExamSessionClosed;
import kg.exam.contract.session.ExamSessionOpened;
import kg.exam.contract.session.OpenExamSession;
import kg.exam.contract.session.PublishSessionTreeHead;
import kg.exam.contract.session.SessionTreeHeadPublished;
import kg.exam.contract.session.SessionTreeLeavesListed;
import kg.exam.contract.session.TreeLeaf;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExamSessionTest {
  private static final String SESSION_ID = "session-bishkek-12-2025-05-20-am";
  private static final String EXAM_ID = "math-9-final-2025";
  private static final int EXAM_VERSION = 1;
  private static final String CENTRE_ID = "centre-bishkek-12";
  private static final String SCHOOL_ID = "school-041";
  private static final String COORDINATOR = "coordinator-02";

  /** 09:00–12:00 Bishkek time (UTC+6). */
  private static final Instant OPENS_AT = Instant.parse("2025-05-20T03:00:00Z");

  private static final Instant CLOSES_AT = Instant.parse("2025-05-20T06:00:00Z");
  private static final Instant CLOSED_AT = Instant.parse("2025-05-20T05:42:00Z");
  private static final String DIGEST =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  private static final Instant FINALISED_AT = Instant.parse("2025-05-27T04:00:00Z");

  private AggregateTestFixture<ExamSession> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(ExamSession.class);
    fixture.registerInjectableResource(StreamHeadSigner.none());
    fixture.registerCommandTargetResolver(new ContractCommandTargetResolver());
  }

  @Test
  void shouldOpenSession() {
    fixture.givenNoPriorActivity().when(open(OPENS_AT, CLOSES_AT)).expectEvents(opened());
  }

  @Test
  void shouldRefuseWindowClosingBeforeItOpens() {
    fixture
        .givenNoPriorActivity()
        .when(open(CLOSES_AT, OPENS_AT))
        .expectException(ruleViolation(ProblemType.INVALID_SESSION))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseEmptyWindow() {
    fixture
        .givenNoPriorActivity()
        .when(open(OPENS_AT, OPENS_AT))
        .expectException(ruleViolation(ProblemType.INVALID_SESSION))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseWindowWithoutClosingTime() {
    fixture
        .givenNoPriorActivity()
        .when(open(OPENS_AT, null))
        .expectException(ruleViolation(ProblemType.INVALID_SESSION))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseSessionWithoutCentre() {
    fixture
        .givenNoPriorActivity()
        .when(
            new OpenExamSession(
                SESSION_ID,
                EXAM_ID,
                EXAM_VERSION,
                " ",
                SCHOOL_ID,
                OPENS_AT,
                CLOSES_AT,
                COORDINATOR))
        .expectException(ruleViolation(ProblemType.INVALID_SESSION))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseOpeningExistingSession() {
    fixture
        .given(opened())
        .when(open(OPENS_AT, CLOSES_AT))
        .expectException(ruleViolation(ProblemType.SESSION_ALREADY_EXISTS))
        .expectNoEvents();
  }

  @Test
  void shouldCloseSession() {
    fixture
        .given(opened())
        .when(new CloseExamSession(SESSION_ID, CLOSED_AT, "all candidates handed in", COORDINATOR))
        .expectEvents(
            new ExamSessionClosed(SESSION_ID, CLOSED_AT, "all candidates handed in", COORDINATOR));
  }

  @Test
  void shouldRefuseClosingTwice() {
    fixture
        .given(
            opened(),
            new ExamSessionClosed(SESSION_ID, CLOSED_AT, "all candidates handed in", COORDINATOR))
        .when(
            new CloseExamSession(
                SESSION_ID, CLOSED_AT.plusSeconds(60), "closed again", COORDINATOR))
        .expectException(ruleViolation(ProblemType.SESSION_CLOSED))
        .expectNoEvents();
  }

  @Test
  void shouldRecordEachBatchOfRowsThenTheCalibrationOfAClosedSession() {
    List<SessionResultRowsListed> rows = rows(3, 2);
    SessionCalibration calibration = calibration(EXAM_ID, EXAM_VERSION, true, 3, rows.size());
    fixture
        .given(opened(), closed())
        .when(finalise(calibration, rows))
        .expectEvents(
            rows.get(0),
            rows.get(1),
            new SessionResultsFinalised(SESSION_ID, calibration, FINALISED_AT, COORDINATOR));
  }

  @Test
  void shouldRefuseFinalisingAnOpenSession() {
    fixture
        .given(opened())
        .when(finalise(calibration(EXAM_ID, EXAM_VERSION, true, 2, 1), rows(2, 2)))
        .expectException(ruleViolation(ProblemType.SESSION_NOT_CLOSED))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseFinalisingTwice() {
    SessionCalibration calibration = calibration(EXAM_ID, EXAM_VERSION, true, 2, 1);
    fixture
        .given(
            opened(),
            closed(),
            new SessionResultsFinalised(SESSION_ID, calibration, FINALISED_AT, COORDINATOR))
        .when(finalise(calibration, rows(2, 2)))
        .expectException(ruleViolation(ProblemType.RESULTS_ALREADY_FINALISED))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseACalibrationThatDidNotConverge() {
    fixture
        .given(opened(), closed())
        .when(finalise(calibration(EXAM_ID, EXAM_VERSION, false, 2, 1), rows(2, 2)))
        .expectException(ruleViolation(ProblemType.CALIBRATION_NOT_CONVERGED))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseACalibrationOfAnotherExamVersion() {
    fixture
        .given(opened(), closed())
        .when(finalise(calibration(EXAM_ID, 2, true, 2, 1), rows(2, 2)))
        .expectException(ruleViolation(ProblemType.CALIBRATION_NOT_POSSIBLE))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseACalibrationWithoutCandidates() {
    fixture
        .given(opened(), closed())
        .when(finalise(calibration(EXAM_ID, EXAM_VERSION, true, 0, 0), List.of()))
        .expectException(ruleViolation(ProblemType.CALIBRATION_NOT_POSSIBLE))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseRowsThatDoNotListCandidateCountSittings() {
    fixture
        .given(opened(), closed())
        .when(finalise(calibration(EXAM_ID, EXAM_VERSION, true, 4, 2), rows(3, 2)))
        .expectException(ruleViolation(ProblemType.CALIBRATION_NOT_POSSIBLE))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseABatchCountOtherThanRowBatches() {
    fixture
        .given(opened(), closed())
        .when(finalise(calibration(EXAM_ID, EXAM_VERSION, true, 3, 1), rows(3, 2)))
        .expectException(ruleViolation(ProblemType.CALIBRATION_NOT_POSSIBLE))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseBatchesWithAGapBetweenTheirRows() {
    List<SessionResultRowsListed> rows = new ArrayList<>(rows(4, 2));
    SessionResultRowsListed second = rows.get(1);
    rows.set(
        1,
        new SessionResultRowsListed(
            SESSION_ID, 1, 3, second.sittingIds(), second.responseMatrixSha256()));
    fixture
        .given(opened(), closed())
        .when(finalise(calibration(EXAM_ID, EXAM_VERSION, true, 4, 2), rows))
        .expectException(ruleViolation(ProblemType.CALIBRATION_NOT_POSSIBLE))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseRowsOutOfSittingIdOrder() {
    List<SessionResultRowsListed> rows =
        List.of(
            new SessionResultRowsListed(
                SESSION_ID, 0, 0, List.of("sitting-2", "sitting-1"), DIGEST));
    fixture
        .given(opened(), closed())
        .when(finalise(calibration(EXAM_ID, EXAM_VERSION, true, 2, 1), rows))
        .expectException(ruleViolation(ProblemType.CALIBRATION_NOT_POSSIBLE))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseABatchLongerThanTheLimit() {
    int n = SessionResultRowsListed.MAX_SITTINGS + 1;
    fixture
        .given(opened(), closed())
        .when(finalise(calibration(EXAM_ID, EXAM_VERSION, true, n, 1), rows(n, n)))
        .expectException(ruleViolation(ProblemType.CALIBRATION_NOT_POSSIBLE))
        .expectNoEvents();
  }

  @Test
  void shouldRecordTheTreeLeavesInBatchesThenTheHeadThatSignsTheirDigest() {
    List<TreeLeaf> leaves = new ArrayList<>();
    for (int i = 0; i < SessionTreeLeavesListed.MAX_LEAVES + 1; i++) {
      leaves.add(new TreeLeaf(String.format("sitting-%05d", i), 40 + i % 3));
    }
    Instant publishedAt = CLOSED_AT.plusSeconds(60);
    SessionTreeHeadPublished head =
        new SessionTreeHeadPublished(
            SESSION_ID,
            "tree-head/2",
            leaves.size(),
            DIGEST,
            List.of(),
            "server-key-1",
            publishedAt,
            COORDINATOR,
            "c2lnbmF0dXJl",
            2,
            SessionTreeHeadPublished.leavesSha256(leaves));
    fixture
        .given(opened(), closed())
        .when(
            new PublishSessionTreeHead(
                SESSION_ID,
                leaves,
                DIGEST,
                "server-key-1",
                publishedAt,
                COORDINATOR,
                "c2lnbmF0dXJl"))
        .expectEvents(
            new SessionTreeLeavesListed(
                SESSION_ID, 0, 0, leaves.subList(0, SessionTreeLeavesListed.MAX_LEAVES)),
            new SessionTreeLeavesListed(
                SESSION_ID,
                1,
                SessionTreeLeavesListed.MAX_LEAVES,
                leaves.subList(SessionTreeLeavesListed.MAX_LEAVES, leaves.size())),
            head);
  }

  private static FinaliseSessionResults finalise(
      SessionCalibration calibration, List<SessionResultRowsListed> rows) {
    return new FinaliseSessionResults(SESSION_ID, calibration, rows, FINALISED_AT, COORDINATOR);
  }

  /** {@code candidates} sittings in ascending id order, in batches of {@code batchSize}. */
  private static List<SessionResultRowsListed> rows(int candidates, int batchSize) {
    List<SessionResultRowsListed> rows = new ArrayList<>();
    for (int first = 0; first < candidates; first += batchSize) {
      List<String> ids = new ArrayList<>();
      for (int i = first; i < Math.min(candidates, first + batchSize); i++) {
        ids.add(String.format("sitting-%05d", i));
      }
      rows.add(new SessionResultRowsListed(SESSION_ID, rows.size(), first, ids, DIGEST));
    }
    return rows;
  }

  /** A Rasch calibration of two items over {@code candidates} sittings. */
  private static SessionCalibration calibration(
      String examId, int examVersion, boolean converged, int candidates, int rowBatches) {
    return new SessionCalibration(
        examId,
        examVersion,
        1,
        List.of("scoring-core/1.0.0"),
        "RASCH",
        SessionCalibration.MML_EM,
        "WLE",
        61,
        "scoring-core/1.0.0",
        new EmSettings(41, 6.0, 1e-4, 2000),
        null,
        List.of(
            new CalibratedItem("q1", 1, -0.4, 0, List.of(), null, 0.31, null, List.of()),
            new CalibratedItem("q2", 1, 0.7, 0, List.of(), null, 0.33, null, List.of())),
        0,
        1.12,
        0.2,
        -61.5,
        converged ? 14 : 2000,
        converged,
        converged ? 8e-5 : 3e-3,
        new ScaleDefinition(20, 100, 1, 40, 160, 110),
        candidates,
        List.of(),
        DIGEST,
        rowBatches);
  }

  private static ExamSessionClosed closed() {
    return new ExamSessionClosed(SESSION_ID, CLOSED_AT, "all candidates handed in", COORDINATOR);
  }

  private static OpenExamSession open(Instant opensAt, Instant closesAt) {
    return new OpenExamSession(
        SESSION_ID, EXAM_ID, EXAM_VERSION, CENTRE_ID, SCHOOL_ID, opensAt, closesAt, COORDINATOR);
  }

  private static ExamSessionOpened opened() {
    return new ExamSessionOpened(
        SESSION_ID, EXAM_ID, EXAM_VERSION, CENTRE_ID, SCHOOL_ID, OPENS_AT, CLOSES_AT, COORDINATOR);
  }
}
