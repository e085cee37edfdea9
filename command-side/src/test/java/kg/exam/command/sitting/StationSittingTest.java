package kg.exam.command.sitting;

import static kg.exam.command.problem.RuleViolationMatcher.ruleViolation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import kg.exam.command.config.ContractCommandTargetResolver;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.trust.AnswerSignaturePolicy;
import kg.exam.contract.sitting.AnswerRecorded;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.CloseOverdueSitting;
import kg.exam.contract.sitting.RecordAnswer;
import kg.exam.contract.sitting.ResumeSitting;
import kg.exam.contract.sitting.SittingPaused;
import kg.exam.contract.sitting.SittingResumed;
import kg.exam.contract.sitting.SittingStarted;
import kg.exam.contract.sitting.SittingSubmitted;
import kg.exam.contract.sitting.SittingTimedOut;
import kg.exam.contract.sitting.StartSitting;
import kg.exam.contract.sitting.SubmitSitting;
import kg.exam.contract.sitting.TimeOutStationSitting;
import kg.exam.contract.trust.registry.KeyRegistry;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sittings a school exam station started: the station's clock and deadline rule them, the server
 * schedules no deadline, and entries synced again change nothing.
 */
class StationSittingTest {
  private static final String SITTING_ID = "sitting-st-1";
  private static final String STATION = "station-key-id-0000001";
  private static final Instant OPENS_AT = Instant.parse("2025-05-20T03:00:00Z");
  private static final Instant CLOSES_AT = Instant.parse("2025-05-20T06:00:00Z");
  private static final Instant START = Instant.parse("2025-05-20T03:10:00Z");
  private static final long ALLOWED_MS = 2_400_000;
  private static final Instant DEADLINE = START.plusMillis(ALLOWED_MS);

  /** Hours after the exam: the station was offline all along. */
  private static final Instant RECEIVED = Instant.parse("2025-05-20T09:00:00Z");

  private static final List<String> ITEM_IDS = List.of("q1", "q2");

  private AggregateTestFixture<Sitting> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Sitting.class);
    fixture.registerCommandTargetResolver(new ContractCommandTargetResolver());
    fixture.registerInjectableResource(java.time.Clock.fixed(RECEIVED, java.time.ZoneOffset.UTC));
    fixture.registerInjectableResource(new AnswerSignaturePolicy(KeyRegistry::new, false));
    fixture.givenCurrentTime(RECEIVED);
  }

  private static CandidateRegistered registered() {
    return new CandidateRegistered(
        SITTING_ID,
        "session-1",
        "exam-1",
        1,
        "centre-1",
        "candidate-1",
        new CandidateProfile("Chuy", "Sokuluk", "school-041", "rural", "ky", "F", 9),
        0,
        "registrar");
  }

  private static StartSitting stationStart(Instant deadline) {
    return new StartSitting(
        SITTING_ID,
        START,
        OPENS_AT,
        CLOSES_AT,
        false,
        40,
        ITEM_IDS,
        null,
        deadline,
        RECEIVED,
        STATION);
  }

  private static SittingStarted stationStarted() {
    return new SittingStarted(SITTING_ID, START, DEADLINE, ALLOWED_MS, ITEM_IDS, RECEIVED, STATION);
  }

  private static RecordAnswer stationAnswer(long seq, Instant stationTime) {
    return new RecordAnswer(
        SITTING_ID, "q1", List.of("B"), seq, stationTime, RECEIVED, null, null, stationTime);
  }

  @Test
  void shouldKeepTheStationsStartAndDeadlineWithoutScheduling() {
    fixture
        .given(registered())
        .when(stationStart(DEADLINE))
        .expectEvents(stationStarted())
        .expectNoScheduledDeadlines();
  }

  @Test
  void shouldKeepAStationDeadlineCutAtTheSessionsEnd() {
    Instant cut = START.plus(Duration.ofMinutes(30));
    fixture
        .given(registered())
        .when(stationStart(cut))
        .expectEvents(
            new SittingStarted(SITTING_ID, START, cut, ALLOWED_MS, ITEM_IDS, RECEIVED, STATION));
  }

  @Test
  void shouldRefuseAStationDeadlineBeyondTheAllowedTime() {
    fixture
        .given(registered())
        .when(stationStart(DEADLINE.plusSeconds(1)))
        .expectException(ruleViolation(ProblemType.INVALID_REQUEST))
        .expectNoEvents();
  }

  @Test
  void shouldIgnoreTheSameStationStartSyncedAgain() {
    fixture
        .given(registered(), stationStarted())
        .when(stationStart(DEADLINE))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void shouldJudgeAStationAnswerByTheStationsClock() {
    Instant at = DEADLINE.minusSeconds(1);
    fixture
        .given(registered(), stationStarted())
        .when(stationAnswer(1, at))
        .expectEvents(
            new AnswerRecorded(SITTING_ID, "q1", List.of("B"), 1, at, RECEIVED, null, null, at));
  }

  @Test
  void shouldRefuseAStationAnswerAtTheStationsDeadline() {
    fixture
        .given(registered(), stationStarted())
        .when(stationAnswer(1, DEADLINE))
        .expectException(ruleViolation(ProblemType.ANSWER_AFTER_DEADLINE))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseAStationTimeThatIsNotTheSignedTimestamp() {
    Instant at = START.plusSeconds(60);
    fixture
        .given(registered(), stationStarted())
        .when(
            new RecordAnswer(
                SITTING_ID, "q1", List.of("B"), 1, at.minusSeconds(1), RECEIVED, null, null, at))
        .expectException(ruleViolation(ProblemType.INVALID_REQUEST))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseAStationTimeForASittingStartedOnTheServer() {
    Instant at = START.plusSeconds(60);
    fixture
        .given(registered(), new SittingStarted(SITTING_ID, START, DEADLINE, ALLOWED_MS, ITEM_IDS))
        .when(stationAnswer(1, at))
        .expectException(ruleViolation(ProblemType.INVALID_REQUEST))
        .expectNoEvents();
  }

  @Test
  void shouldSubmitByTheStationsClockOnce() {
    Instant at = START.plusSeconds(600);
    fixture
        .given(registered(), stationStarted())
        .when(new SubmitSitting(SITTING_ID, at, RECEIVED))
        .expectEvents(new SittingSubmitted(SITTING_ID, at, RECEIVED));
    fixture
        .given(registered(), stationStarted(), new SittingSubmitted(SITTING_ID, at, RECEIVED))
        .when(new SubmitSitting(SITTING_ID, at, RECEIVED))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void shouldTimeOutAtTheStationsHandIn() {
    Instant at = DEADLINE.plusMillis(200);
    fixture
        .given(registered(), stationStarted())
        .when(new TimeOutStationSitting(SITTING_ID, DEADLINE, at, RECEIVED))
        .expectEvents(new SittingTimedOut(SITTING_ID, DEADLINE, at, RECEIVED));
    fixture
        .given(
            registered(), stationStarted(), new SittingTimedOut(SITTING_ID, DEADLINE, at, RECEIVED))
        .when(new TimeOutStationSitting(SITTING_ID, DEADLINE, at, RECEIVED))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void shouldRefuseAStationTimeOutBeforeTheDeadline() {
    fixture
        .given(registered(), stationStarted())
        .when(new TimeOutStationSitting(SITTING_ID, DEADLINE, DEADLINE.minusMillis(1), RECEIVED))
        .expectException(ruleViolation(ProblemType.INVALID_REQUEST))
        .expectNoEvents();
  }

  @Test
  void shouldResumeAStationSittingWithoutAServerDeadline() {
    Instant pausedAt = START.plusSeconds(600);
    Instant resumedAt = pausedAt.plusSeconds(300);
    long remaining = java.time.Duration.between(pausedAt, DEADLINE).toMillis();
    fixture
        .given(
            registered(),
            stationStarted(),
            new SittingPaused(SITTING_ID, pausedAt, remaining, "fire drill", "inv"))
        .when(new ResumeSitting(SITTING_ID, resumedAt, "drill over", "inv"))
        .expectEvents(
            new SittingResumed(
                SITTING_ID, resumedAt, resumedAt.plusMillis(remaining), "drill over", "inv"))
        .expectNoScheduledDeadlines();
  }

  private static final Duration GRACE = Duration.ofMinutes(30);

  /** The station last synced just after the start (it then went offline). */
  private static final Instant HEARD = START.plusSeconds(5);

  private static CloseOverdueSitting close(Instant now) {
    return close(now, HEARD);
  }

  private static CloseOverdueSitting close(Instant now, Instant stationLastHeard) {
    return new CloseOverdueSitting(
        SITTING_ID, now, CLOSES_AT, stationLastHeard, GRACE, "station stolen", "admin-1");
  }

  @Test
  void shouldLetTheCentreHandInAStationSittingOverdueByTheGrace() {
    Instant now = DEADLINE.plus(GRACE);
    fixture
        .given(registered(), stationStarted())
        .when(close(now))
        .expectEvents(
            new SittingTimedOut(SITTING_ID, DEADLINE, now, null, "admin-1", "station stolen"));
  }

  @Test
  void shouldRefuseToHandInAStationSittingBeforeItsHandInIsOverdue() {
    fixture
        .given(registered(), stationStarted())
        .when(close(DEADLINE.plus(GRACE).minusMillis(1)))
        .expectException(ruleViolation(ProblemType.SITTING_NOT_OVERDUE))
        .expectNoEvents();
  }

  @Test
  void shouldWaitForAStationHeardFromAfterTheDeadlineUntilItHasBeenSilentForTheGrace() {
    // the station synced an hour after the deadline (it may have extended the sitting offline)
    Instant heard = DEADLINE.plusSeconds(3600);
    fixture
        .given(registered(), stationStarted())
        .when(close(DEADLINE.plus(GRACE), heard))
        .expectException(ruleViolation(ProblemType.SITTING_NOT_OVERDUE))
        .expectNoEvents();
    Instant now = heard.plus(GRACE);
    fixture
        .given(registered(), stationStarted())
        .when(close(now, heard))
        .expectEvents(
            new SittingTimedOut(SITTING_ID, DEADLINE, now, null, "admin-1", "station stolen"));
  }

  @Test
  void shouldWaitForAPausedStationSittingUntilTheSessionEndedAndTheGracePassed() {
    Instant pausedAt = START.plusSeconds(600);
    SittingPaused paused =
        new SittingPaused(
            SITTING_ID, pausedAt, Duration.between(pausedAt, DEADLINE).toMillis(), "power", "inv");
    Instant afterDeadline = DEADLINE.plus(GRACE);
    fixture
        .given(registered(), stationStarted(), paused)
        .when(close(afterDeadline))
        .expectException(ruleViolation(ProblemType.SITTING_NOT_OVERDUE))
        .expectNoEvents();
    Instant now = CLOSES_AT.plus(GRACE);
    fixture
        .given(registered(), stationStarted(), paused)
        .when(close(now))
        .expectEvents(
            new SittingTimedOut(SITTING_ID, DEADLINE, now, null, "admin-1", "station stolen"));
  }

  @Test
  void shouldRefuseToHandInASittingTheServersDeadlineRules() {
    fixture
        .given(registered(), new SittingStarted(SITTING_ID, START, DEADLINE, ALLOWED_MS, ITEM_IDS))
        .when(close(CLOSES_AT.plus(GRACE)))
        .expectException(ruleViolation(ProblemType.SITTING_NOT_OVERDUE))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseToHandInWithoutAReasonOrTwice() {
    Instant now = DEADLINE.plus(GRACE);
    fixture
        .given(registered(), stationStarted())
        .when(new CloseOverdueSitting(SITTING_ID, now, CLOSES_AT, HEARD, GRACE, " ", "admin-1"))
        .expectException(ruleViolation(ProblemType.INVALID_REQUEST))
        .expectNoEvents();
    fixture
        .given(
            registered(),
            stationStarted(),
            new SittingTimedOut(SITTING_ID, DEADLINE, now, null, "admin-1", "station stolen"))
        .when(close(now.plusSeconds(1)))
        .expectException(ruleViolation(ProblemType.SITTING_FINISHED))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseTheStationsLateEntriesAfterTheCentreHandedTheSittingIn() {
    Instant now = DEADLINE.plus(GRACE);
    SittingTimedOut closed =
        new SittingTimedOut(SITTING_ID, DEADLINE, now, null, "admin-1", "station stolen");
    fixture
        .given(registered(), stationStarted(), closed)
        .when(stationAnswer(7, DEADLINE.minusSeconds(60)))
        .expectException(ruleViolation(ProblemType.SITTING_FINISHED))
        .expectNoEvents();
    fixture
        .given(registered(), stationStarted(), closed)
        .when(new TimeOutStationSitting(SITTING_ID, DEADLINE, DEADLINE, RECEIVED))
        .expectException(ruleViolation(ProblemType.SITTING_FINISHED))
        .expectNoEvents();
  }
}
