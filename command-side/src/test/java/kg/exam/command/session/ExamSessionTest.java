package kg.exam.command.session;

import static kg.exam.command.problem.RuleViolationMatcher.ruleViolation;

import java.time.Instant;
import kg.exam.command.config.ContractCommandTargetResolver;
import kg.exam.command.problem.ProblemType;
import kg.exam.contract.session.CloseExamSession;
import kg.exam.contract.session.ExamSessionClosed;
import kg.exam.contract.session.ExamSessionOpened;
import kg.exam.contract.session.OpenExamSession;
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

  private AggregateTestFixture<ExamSession> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(ExamSession.class);
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

  private static OpenExamSession open(Instant opensAt, Instant closesAt) {
    return new OpenExamSession(
        SESSION_ID, EXAM_ID, EXAM_VERSION, CENTRE_ID, SCHOOL_ID, opensAt, closesAt, COORDINATOR);
  }

  private static ExamSessionOpened opened() {
    return new ExamSessionOpened(
        SESSION_ID, EXAM_ID, EXAM_VERSION, CENTRE_ID, SCHOOL_ID, OPENS_AT, CLOSES_AT, COORDINATOR);
  }
}
