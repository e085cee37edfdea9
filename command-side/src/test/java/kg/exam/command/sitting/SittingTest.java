package kg.exam.command.sitting;

import static kg.exam.command.problem.RuleViolationMatcher.ruleViolation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import kg.exam.command.config.ContractCommandTargetResolver;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.trust.AnswerSignaturePolicy;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemKey;
import kg.exam.contract.exam.ScoringRules;
import kg.exam.contract.sitting.AnswerRecorded;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.ExtendSittingTime;
import kg.exam.contract.sitting.FlagItem;
import kg.exam.contract.sitting.ItemFlaggedForReview;
import kg.exam.contract.sitting.ItemReviewFlagCleared;
import kg.exam.contract.sitting.ItemScoreRecord;
import kg.exam.contract.sitting.PauseSitting;
import kg.exam.contract.sitting.RecordAnswer;
import kg.exam.contract.sitting.RegisterCandidate;
import kg.exam.contract.sitting.ResumeSitting;
import kg.exam.contract.sitting.ScoreSitting;
import kg.exam.contract.sitting.SittingPaused;
import kg.exam.contract.sitting.SittingResumed;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.contract.sitting.SittingStarted;
import kg.exam.contract.sitting.SittingSubmitted;
import kg.exam.contract.sitting.SittingTimeExtended;
import kg.exam.contract.sitting.SittingTimedOut;
import kg.exam.contract.sitting.StartSitting;
import kg.exam.contract.sitting.SubmitSitting;
import kg.exam.contract.trust.registry.KeyRegistry;
import kg.exam.scoring.ScoringCoreVersion;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.deadline.StubDeadlineManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SittingTest {
  private static final String SITTING_ID = "sitting-4f2a9c";
  private static final String SESSION_ID = "session-bishkek-12-2025-05-20-am";
  private static final String EXAM_ID = "math-9-final-2025";
  private static final int EXAM_VERSION = 1;
  private static final String CENTRE_ID = "centre-bishkek-12";
  private static final String CANDIDATE_ID = "candidate-81d3";
  private static final CandidateProfile PROFILE =
      new CandidateProfile("Chuy", "Sokuluk", "school-041", "rural", "ky", "F", 9);
  private static final String REGISTRAR = "registrar-07";
  private static final String INVIGILATOR = "invigilator-12";

  /** Session window 09:00–12:00 Bishkek time (UTC+6). */
  private static final Instant OPENS_AT = Instant.parse("2025-05-20T03:00:00Z");

  private static final Instant CLOSES_AT = Instant.parse("2025-05-20T06:00:00Z");
  private static final Instant START = Instant.parse("2025-05-20T03:10:00Z");
  private static final int DURATION_MINUTES = 40;

  /** 40 minutes without extra time. */
  private static final long ALLOWED_MS = 2_400_000;

  private static final Instant DEADLINE = START.plusMillis(ALLOWED_MS);
  private static final Instant PAUSED_AT = START.plus(Duration.ofMinutes(10));

  /** DEADLINE − PAUSED_AT: 30 minutes. */
  private static final long REMAINING_AT_PAUSE_MS = 1_800_000;

  private static final Instant FLAGGED_AT = START.plus(Duration.ofMinutes(12));
  private static final Instant EXTENDED_AT = START.plus(Duration.ofMinutes(20));
  private static final Instant SUBMITTED_AT = START.plus(Duration.ofMinutes(35));
  private static final Instant SCORED_AT = Instant.parse("2025-05-20T04:00:05Z");

  private static final ScoringRules RULES = new ScoringRules(50, List.of(), null);
  private static final ItemDefinition Q1 =
      new ItemDefinition(
          "q1",
          "A",
          "SINGLE_CHOICE",
          2,
          1,
          "2x + 3 = 11 теңдемесинин чыгарылышы кайсы?",
          List.of(
              new Choice("A", "x = 3"),
              new Choice("B", "x = 4"),
              new Choice("C", "x = 7"),
              new Choice("D", "x = 14")),
          List.of(),
          ItemKey.matchCorrect(List.of("B")));

  /**
   * Keyed "true" by mistake: the area of a circle is πr², so the key is later amended to "false".
   */
  private static final ItemDefinition Q2 =
      new ItemDefinition(
          "q2",
          "A",
          "TRUE_FALSE",
          1,
          1,
          "Тегеректин аянты 2πr формуласы менен эсептелет.",
          List.of(),
          List.of(),
          ItemKey.matchCorrect(List.of("true")));

  private static final ItemDefinition Q3 =
      new ItemDefinition(
          "q3",
          "B",
          "NUMERIC",
          1,
          1,
          "√2 санын 0,01 тактыкта жазыңыз.",
          List.of(),
          List.of(),
          new ItemKey(
              List.of("1.41"),
              Map.of(),
              0,
              null,
              null,
              false,
              0.01,
              0,
              false,
              false,
              0,
              List.of()));
  private static final List<ItemDefinition> ITEMS_KEY_1 = List.of(Q1, Q2, Q3);
  private static final List<ItemDefinition> ITEMS_KEY_2 =
      List.of(Q1, Q2.withKey(ItemKey.matchCorrect(List.of("false"))), Q3);
  private static final List<String> ITEM_IDS = List.of("q1", "q2", "q3");

  private AggregateTestFixture<Sitting> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Sitting.class);
    fixture.registerCommandTargetResolver(new ContractCommandTargetResolver());
    fixture.registerInjectableResource(new FixtureClock(fixture));
    // Lifecycle rules here; answer signatures are checked by SittingSignatureTest and the API
    // tests, so these answers go unsigned.
    fixture.registerInjectableResource(new AnswerSignaturePolicy(KeyRegistry::new, false));
    fixture.givenCurrentTime(START);
  }

  @Test
  void shouldRegisterCandidate() {
    fixture.givenNoPriorActivity().when(register(0)).expectEvents(registered(0));
  }

  @Test
  void shouldAcceptExtraTimeOf200Percent() {
    fixture.givenNoPriorActivity().when(register(200)).expectEvents(registered(200));
  }

  @Test
  void shouldRefuseNegativeExtraTime() {
    fixture
        .givenNoPriorActivity()
        .when(register(-1))
        .expectException(ruleViolation(ProblemType.INVALID_REQUEST))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseExtraTimeAbove200Percent() {
    fixture
        .givenNoPriorActivity()
        .when(register(201))
        .expectException(ruleViolation(ProblemType.INVALID_REQUEST))
        .expectNoEvents();
  }

  @Test
  void shouldStartInsideSessionWindow() {
    fixture
        .given(registered(0))
        .when(start(START))
        .expectEvents(new SittingStarted(SITTING_ID, START, DEADLINE, ALLOWED_MS, ITEM_IDS));
  }

  @Test
  void shouldScheduleDeadlineWhenStarting() {
    fixture
        .given(registered(0))
        .when(start(START))
        .expectScheduledDeadline(DEADLINE, new SittingDeadline(SITTING_ID, DEADLINE));
  }

  @Test
  void shouldExtendAllowedTimeByExtraTimePercent() {
    // 40 min × (1 + 25 %) = 50 min
    Instant deadline = START.plus(Duration.ofMinutes(50));

    fixture
        .given(registered(25))
        .when(start(START))
        .expectEvents(new SittingStarted(SITTING_ID, START, deadline, 3_000_000, ITEM_IDS))
        .expectScheduledDeadline(deadline, new SittingDeadline(SITTING_ID, deadline));
  }

  @Test
  void shouldStartAtTheMomentSessionOpens() {
    fixture
        .given(registered(0))
        .when(start(OPENS_AT))
        .expectEvents(
            new SittingStarted(
                SITTING_ID, OPENS_AT, OPENS_AT.plusMillis(ALLOWED_MS), ALLOWED_MS, ITEM_IDS));
  }

  @Test
  void shouldRefuseStartBeforeSessionOpens() {
    fixture
        .given(registered(0))
        .when(start(OPENS_AT.minusSeconds(1)))
        .expectException(ruleViolation(ProblemType.SESSION_NOT_OPEN))
        .expectNoEvents()
        .expectNoScheduledDeadlines();
  }

  @Test
  void shouldRefuseStartAtTheMomentSessionCloses() {
    fixture
        .given(registered(0))
        .when(start(CLOSES_AT))
        .expectException(ruleViolation(ProblemType.SESSION_NOT_OPEN))
        .expectNoEvents()
        .expectNoScheduledDeadlines();
  }

  @Test
  void shouldRefuseStartAfterSessionCloses() {
    fixture
        .given(registered(0))
        .when(start(CLOSES_AT.plus(Duration.ofMinutes(5))))
        .expectException(ruleViolation(ProblemType.SESSION_NOT_OPEN))
        .expectNoEvents()
        .expectNoScheduledDeadlines();
  }

  @Test
  void shouldRefuseStartInClosedSession() {
    fixture
        .given(registered(0))
        .when(
            new StartSitting(
                SITTING_ID, START, OPENS_AT, CLOSES_AT, true, DURATION_MINUTES, ITEM_IDS, null))
        .expectException(ruleViolation(ProblemType.SESSION_NOT_OPEN))
        .expectNoEvents()
        .expectNoScheduledDeadlines();
  }

  @Test
  void shouldRefuseStartingTwice() {
    fixture
        .given(registered(0), started())
        .when(start(START.plusSeconds(30)))
        .expectException(ruleViolation(ProblemType.SITTING_ALREADY_STARTED))
        .expectNoEvents()
        .expectNoScheduledDeadlines();
  }

  @Test
  void shouldRecordAnswer() {
    Instant at = START.plus(Duration.ofMinutes(3));

    fixture
        .given(registered(0), started())
        .when(answer("q1", 1, at, "B"))
        .expectEvents(answerRecorded("q1", 1, at, "B"))
        .expectResultMessagePayload(new AnswerReceipt(SITTING_ID, "q1", 1, at, false));
  }

  @Test
  void shouldRecordChangedAnswerAsNewEvent() {
    Instant first = START.plus(Duration.ofMinutes(3));
    Instant second = START.plus(Duration.ofMinutes(9));

    fixture
        .given(registered(0), started(), answerRecorded("q1", 1, first, "A"))
        .when(answer("q1", 2, second, "B"))
        .expectEvents(answerRecorded("q1", 2, second, "B"));
  }

  @Test
  void shouldAcceptAnswerReceivedJustBeforeDeadline() {
    fixture
        .given(registered(0), started())
        .when(answer("q3", 1, DEADLINE.minusMillis(1), "1,41"))
        .expectEvents(answerRecorded("q3", 1, DEADLINE.minusMillis(1), "1,41"));
  }

  @Test
  void shouldRefuseAnswerReceivedExactlyAtDeadline() {
    fixture
        .given(registered(0), started())
        .when(answer("q3", 1, DEADLINE, "1,41"))
        .expectException(ruleViolation(ProblemType.ANSWER_AFTER_DEADLINE))
        .expectNoEvents();
  }

  @Test
  void shouldAcknowledgeRetryOfSameAnswerWithoutNewEvent() {
    Instant stored = START.plus(Duration.ofMinutes(3));
    Instant retried = stored.plusSeconds(20);

    fixture
        .given(registered(0), started(), answerRecorded("q1", 7, stored, "B"))
        .when(answer("q1", 7, retried, "B"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents()
        .expectResultMessagePayload(new AnswerReceipt(SITTING_ID, "q1", 7, stored, true));
  }

  @Test
  void shouldAcknowledgeRetryArrivingAfterSubmit() {
    Instant stored = START.plus(Duration.ofMinutes(3));

    fixture
        .given(
            registered(0),
            started(),
            answerRecorded("q1", 7, stored, "B"),
            new SittingSubmitted(SITTING_ID, stored.plusSeconds(10)))
        .when(answer("q1", 7, stored.plusSeconds(40), "B"))
        .expectNoEvents()
        .expectResultMessagePayload(new AnswerReceipt(SITTING_ID, "q1", 7, stored, true));
  }

  @Test
  void shouldRefuseReusedClientSeqWithDifferentAnswer() {
    Instant stored = START.plus(Duration.ofMinutes(3));

    fixture
        .given(registered(0), started(), answerRecorded("q1", 7, stored, "B"))
        .when(answer("q1", 7, stored.plusSeconds(20), "C"))
        .expectException(ruleViolation(ProblemType.CLIENT_SEQUENCE_CONFLICT))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseClientSeqBelowOne() {
    fixture
        .given(registered(0), started())
        .when(answer("q1", 0, START.plusSeconds(60), "B"))
        .expectException(ruleViolation(ProblemType.INVALID_REQUEST))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseAnswerToUnknownItem() {
    fixture
        .given(registered(0), started())
        .when(answer("q99", 1, START.plusSeconds(60), "B"))
        .expectException(ruleViolation(ProblemType.UNKNOWN_ITEM))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseAnswerBeforeStart() {
    fixture
        .given(registered(0))
        .when(answer("q1", 1, START, "B"))
        .expectException(ruleViolation(ProblemType.SITTING_NOT_STARTED))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseAnswerAfterDeadline() {
    fixture
        .given(registered(0), started())
        .when(answer("q1", 1, DEADLINE.plusMillis(1), "B"))
        .expectException(ruleViolation(ProblemType.ANSWER_AFTER_DEADLINE))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseAnswerAfterSubmit() {
    Instant SUBMITTED_AT = START.plus(Duration.ofMinutes(30));

    fixture
        .given(registered(0), started(), new SittingSubmitted(SITTING_ID, SUBMITTED_AT))
        .when(answer("q1", 1, SUBMITTED_AT.plusSeconds(5), "B"))
        .expectException(ruleViolation(ProblemType.SITTING_FINISHED))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseAnswerAfterTimeOut() {
    fixture
        .given(registered(0), started(), new SittingTimedOut(SITTING_ID, DEADLINE, DEADLINE))
        .when(answer("q1", 1, DEADLINE, "B"))
        .expectException(ruleViolation(ProblemType.SITTING_FINISHED))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseAnswerWhilePaused() {

    fixture
        .given(registered(0), started(), paused())
        .when(answer("q1", 1, PAUSED_AT.plusSeconds(30), "B"))
        .expectException(ruleViolation(ProblemType.SITTING_PAUSED))
        .expectNoEvents();
  }

  @Test
  void shouldFlagItemForReview() {
    fixture
        .given(registered(0), started())
        .when(new FlagItem(SITTING_ID, "q2", true, FLAGGED_AT))
        .expectEvents(new ItemFlaggedForReview(SITTING_ID, "q2", FLAGGED_AT));
  }

  @Test
  void shouldClearReviewFlag() {
    fixture
        .given(
            registered(0),
            started(),
            new ItemFlaggedForReview(SITTING_ID, "q2", START.plusSeconds(60)))
        .when(new FlagItem(SITTING_ID, "q2", false, FLAGGED_AT))
        .expectEvents(new ItemReviewFlagCleared(SITTING_ID, "q2", FLAGGED_AT));
  }

  @Test
  void shouldMakeNoEventWhenFlaggingAlreadyFlaggedItem() {
    fixture
        .given(
            registered(0),
            started(),
            new ItemFlaggedForReview(SITTING_ID, "q2", START.plusSeconds(60)))
        .when(new FlagItem(SITTING_ID, "q2", true, FLAGGED_AT))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void shouldMakeNoEventWhenClearingFlagThatIsNotSet() {
    fixture
        .given(registered(0), started())
        .when(new FlagItem(SITTING_ID, "q2", false, FLAGGED_AT))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void shouldRefuseFlagOnUnknownItem() {
    fixture
        .given(registered(0), started())
        .when(new FlagItem(SITTING_ID, "q99", true, FLAGGED_AT))
        .expectException(ruleViolation(ProblemType.UNKNOWN_ITEM))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseFlagAfterDeadline() {
    fixture
        .given(registered(0), started())
        .when(new FlagItem(SITTING_ID, "q2", true, DEADLINE.plusSeconds(1)))
        .expectException(ruleViolation(ProblemType.ANSWER_AFTER_DEADLINE))
        .expectNoEvents();
  }

  @Test
  void shouldSubmitSitting() {
    fixture
        .given(registered(0), started())
        .when(new SubmitSitting(SITTING_ID, SUBMITTED_AT))
        .expectEvents(new SittingSubmitted(SITTING_ID, SUBMITTED_AT));
  }

  @Test
  void shouldCancelDeadlineOnSubmit() {
    fixture
        .givenCommands(register(0), start(START))
        .when(new SubmitSitting(SITTING_ID, SUBMITTED_AT))
        .expectNoScheduledDeadlines();
  }

  @Test
  void shouldRefuseSubmittingTwice() {
    fixture
        .given(registered(0), started(), new SittingSubmitted(SITTING_ID, SUBMITTED_AT))
        .when(new SubmitSitting(SITTING_ID, SUBMITTED_AT.plusSeconds(3)))
        .expectException(ruleViolation(ProblemType.SITTING_FINISHED))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseSubmitAfterDeadline() {
    fixture
        .given(registered(0), started())
        .when(new SubmitSitting(SITTING_ID, DEADLINE.plusSeconds(1)))
        .expectException(ruleViolation(ProblemType.ANSWER_AFTER_DEADLINE))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseSubmitWhilePaused() {
    fixture
        .given(registered(0), started(), paused())
        .when(new SubmitSitting(SITTING_ID, SUBMITTED_AT))
        .expectException(ruleViolation(ProblemType.SITTING_PAUSED))
        .expectNoEvents();
  }

  @Test
  void shouldTimeOutWhenDeadlinePasses() {
    fixture
        .givenCommands(register(0), start(START))
        .whenTimeAdvancesTo(DEADLINE)
        .expectTriggeredDeadlines(new SittingDeadline(SITTING_ID, DEADLINE))
        .expectEvents(new SittingTimedOut(SITTING_ID, DEADLINE, DEADLINE));
  }

  @Test
  void shouldNotTimeOutBeforeDeadline() {
    fixture
        .givenCommands(register(0), start(START))
        .whenTimeElapses(Duration.ofMillis(ALLOWED_MS - 1))
        .expectNoEvents()
        .expectScheduledDeadline(DEADLINE, new SittingDeadline(SITTING_ID, DEADLINE));
  }

  @Test
  void shouldNotTimeOutAfterSubmit() {
    fixture
        .givenCommands(
            register(0),
            start(START),
            new SubmitSitting(SITTING_ID, START.plus(Duration.ofMinutes(20))))
        .whenTimeElapses(Duration.ofHours(2))
        .expectTriggeredDeadlines()
        .expectNoEvents();
  }

  @Test
  void shouldTimeOutAtExtendedDeadlineOnly() {
    Instant extended = DEADLINE.plus(Duration.ofMinutes(10));

    fixture
        .givenCommands(register(0), start(START), extend(START.plus(Duration.ofMinutes(5)), 10))
        .whenTimeAdvancesTo(extended)
        .expectEvents(new SittingTimedOut(SITTING_ID, extended, extended));
  }

  @Test
  void shouldTimeOutAtDeadlineSetOnResume() {
    // paused 10 min in with 30 min left, resumed 20 min later: the new deadline is START + 60 min
    Instant resumedAt = START.plus(Duration.ofMinutes(30));
    Instant newDeadline = START.plus(Duration.ofMinutes(60));

    fixture
        .givenCommands(
            register(0), start(START), pause(START.plus(Duration.ofMinutes(10))), resume(resumedAt))
        .whenTimeAdvancesTo(newDeadline)
        .expectEvents(new SittingTimedOut(SITTING_ID, newDeadline, newDeadline));
  }

  @Test
  void shouldIgnoreDeadlineSupersededByExtension() {
    // the old deadline's cancellation was lost and it fires once the new deadline has also passed
    Instant extended = DEADLINE.plus(Duration.ofMinutes(10));
    Instant extendedAt = START.plus(Duration.ofMinutes(5));

    fixture
        .given(
            registered(0),
            started(),
            new SittingTimeExtended(
                SITTING_ID,
                extendedAt,
                10,
                extended,
                Duration.between(extendedAt, extended).toMillis(),
                "power cut",
                INVIGILATOR))
        .whenInvoking(
            SITTING_ID,
            sitting ->
                sitting.onDeadline(
                    new SittingDeadline(SITTING_ID, DEADLINE),
                    Clock.fixed(extended, ZoneOffset.UTC),
                    new StubDeadlineManager()))
        .expectNoEvents();
  }

  @Test
  void shouldIgnoreDeadlineFiringWhilePaused() {
    fixture
        .given(registered(0), started(), paused())
        .whenInvoking(
            SITTING_ID,
            sitting ->
                sitting.onDeadline(
                    new SittingDeadline(SITTING_ID, DEADLINE),
                    Clock.fixed(DEADLINE, ZoneOffset.UTC),
                    new StubDeadlineManager()))
        .expectNoEvents();
  }

  @Test
  void shouldRescheduleADeadlineThatFiresBeforeItsTime() {
    StubDeadlineManager deadlines = new StubDeadlineManager();

    fixture
        .given(registered(0), started())
        .whenInvoking(
            SITTING_ID,
            sitting ->
                sitting.onDeadline(
                    new SittingDeadline(SITTING_ID, DEADLINE),
                    Clock.fixed(DEADLINE.minusMillis(1), ZoneOffset.UTC),
                    deadlines))
        .expectNoEvents();

    org.assertj.core.api.Assertions.assertThat(deadlines.getScheduledDeadlines())
        .singleElement()
        .satisfies(
            d -> {
              org.assertj.core.api.Assertions.assertThat(d.getScheduleTime()).isEqualTo(DEADLINE);
              org.assertj.core.api.Assertions.assertThat(d.deadlineMessage().getPayload())
                  .isEqualTo(new SittingDeadline(SITTING_ID, DEADLINE));
            });
  }

  @Test
  void shouldPauseKeepingRemainingTime() {
    fixture
        .given(registered(0), started())
        .when(pause(PAUSED_AT))
        .expectEvents(
            new SittingPaused(
                SITTING_ID, PAUSED_AT, REMAINING_AT_PAUSE_MS, "fire alarm", INVIGILATOR));
  }

  @Test
  void shouldCancelDeadlineOnPause() {
    fixture
        .givenCommands(register(0), start(START))
        .when(pause(PAUSED_AT))
        .expectNoScheduledDeadlines();
  }

  @Test
  void shouldRefusePauseWithoutReason() {
    fixture
        .given(registered(0), started())
        .when(new PauseSitting(SITTING_ID, PAUSED_AT, " ", INVIGILATOR))
        .expectException(ruleViolation(ProblemType.INVALID_REQUEST))
        .expectNoEvents();
  }

  @Test
  void shouldRefusePauseBeforeStart() {
    fixture
        .given(registered(0))
        .when(pause(PAUSED_AT))
        .expectException(ruleViolation(ProblemType.SITTING_NOT_STARTED))
        .expectNoEvents();
  }

  @Test
  void shouldRefusePauseWhenAlreadyPaused() {
    fixture
        .given(registered(0), started(), paused())
        .when(pause(PAUSED_AT.plusSeconds(60)))
        .expectException(ruleViolation(ProblemType.SITTING_PAUSED))
        .expectNoEvents();
  }

  @Test
  void shouldRefusePauseAfterDeadline() {
    fixture
        .given(registered(0), started())
        .when(pause(DEADLINE))
        .expectException(ruleViolation(ProblemType.ANSWER_AFTER_DEADLINE))
        .expectNoEvents();
  }

  @Test
  void shouldResumeWithDeadlineNowPlusRemainingTime() {
    Instant resumedAt = PAUSED_AT.plus(Duration.ofMinutes(15));

    fixture
        .given(registered(0), started(), paused())
        .when(resume(resumedAt))
        .expectEvents(
            new SittingResumed(
                SITTING_ID,
                resumedAt,
                resumedAt.plusMillis(REMAINING_AT_PAUSE_MS),
                "alarm cleared",
                INVIGILATOR));
  }

  @Test
  void shouldScheduleNewDeadlineOnResume() {
    Instant resumedAt = PAUSED_AT.plus(Duration.ofMinutes(15));
    Instant newDeadline = resumedAt.plusMillis(REMAINING_AT_PAUSE_MS);

    fixture
        .given(registered(0), started(), paused())
        .when(resume(resumedAt))
        .expectScheduledDeadline(newDeadline, new SittingDeadline(SITTING_ID, newDeadline));
  }

  @Test
  void shouldRefuseResumeWithoutReason() {
    fixture
        .given(registered(0), started(), paused())
        .when(new ResumeSitting(SITTING_ID, PAUSED_AT.plusSeconds(60), "", INVIGILATOR))
        .expectException(ruleViolation(ProblemType.INVALID_REQUEST))
        .expectNoEvents()
        .expectNoScheduledDeadlines();
  }

  @Test
  void shouldRefuseResumeWhenNotPaused() {
    fixture
        .given(registered(0), started())
        .when(resume(PAUSED_AT))
        .expectException(ruleViolation(ProblemType.SITTING_NOT_PAUSED))
        .expectNoEvents()
        .expectNoScheduledDeadlines();
  }

  @Test
  void shouldMoveDeadlineOfRunningSitting() {
    Instant newDeadline = DEADLINE.plus(Duration.ofMinutes(15));

    fixture
        .given(registered(0), started())
        .when(extend(EXTENDED_AT, 15))
        .expectEvents(
            new SittingTimeExtended(
                SITTING_ID,
                EXTENDED_AT,
                15,
                newDeadline,
                Duration.between(EXTENDED_AT, newDeadline).toMillis(),
                "power cut",
                INVIGILATOR));
  }

  @Test
  void shouldRescheduleDeadlineOfRunningSitting() {
    Instant newDeadline = DEADLINE.plus(Duration.ofMinutes(15));

    fixture
        .givenCommands(register(0), start(START))
        .when(extend(EXTENDED_AT, 15))
        .expectScheduledDeadline(newDeadline, new SittingDeadline(SITTING_ID, newDeadline))
        .expectNoScheduledDeadline(DEADLINE, new SittingDeadline(SITTING_ID, DEADLINE));
  }

  @Test
  void shouldGrowRemainingTimeOfPausedSitting() {
    fixture
        .given(registered(0), started(), paused())
        .when(extend(EXTENDED_AT, 15))
        .expectEvents(
            new SittingTimeExtended(
                SITTING_ID,
                EXTENDED_AT,
                15,
                DEADLINE,
                REMAINING_AT_PAUSE_MS + Duration.ofMinutes(15).toMillis(),
                "power cut",
                INVIGILATOR))
        .expectNoScheduledDeadlines();
  }

  @Test
  void shouldResumeWithTimeAddedWhilePaused() {
    Instant resumedAt = START.plus(Duration.ofMinutes(25));
    // 30 min left at the pause, 15 min added while paused
    Instant newDeadline = resumedAt.plus(Duration.ofMinutes(45));

    fixture
        .given(
            registered(0),
            started(),
            paused(),
            new SittingTimeExtended(
                SITTING_ID,
                EXTENDED_AT,
                15,
                DEADLINE,
                Duration.ofMinutes(45).toMillis(),
                "power cut",
                INVIGILATOR))
        .when(resume(resumedAt))
        .expectEvents(
            new SittingResumed(SITTING_ID, resumedAt, newDeadline, "alarm cleared", INVIGILATOR));
  }

  @Test
  void shouldAcceptExtensionOfOneMinute() {
    fixture
        .given(registered(0), started())
        .when(extend(EXTENDED_AT, 1))
        .expectEvents(
            new SittingTimeExtended(
                SITTING_ID,
                EXTENDED_AT,
                1,
                DEADLINE.plus(Duration.ofMinutes(1)),
                Duration.between(EXTENDED_AT, DEADLINE.plus(Duration.ofMinutes(1))).toMillis(),
                "power cut",
                INVIGILATOR));
  }

  @Test
  void shouldAcceptExtensionOf240Minutes() {
    Instant newDeadline = DEADLINE.plus(Duration.ofMinutes(240));

    fixture
        .given(registered(0), started())
        .when(extend(EXTENDED_AT, 240))
        .expectEvents(
            new SittingTimeExtended(
                SITTING_ID,
                EXTENDED_AT,
                240,
                newDeadline,
                Duration.between(EXTENDED_AT, newDeadline).toMillis(),
                "power cut",
                INVIGILATOR));
  }

  @Test
  void shouldRefuseExtensionOfZeroMinutes() {
    fixture
        .given(registered(0), started())
        .when(extend(EXTENDED_AT, 0))
        .expectException(ruleViolation(ProblemType.INVALID_REQUEST))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseExtensionAbove240Minutes() {
    fixture
        .given(registered(0), started())
        .when(extend(EXTENDED_AT, 241))
        .expectException(ruleViolation(ProblemType.INVALID_REQUEST))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseExtensionWithoutReason() {
    fixture
        .given(registered(0), started())
        .when(new ExtendSittingTime(SITTING_ID, EXTENDED_AT, 15, null, INVIGILATOR))
        .expectException(ruleViolation(ProblemType.INVALID_REQUEST))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseExtensionBeforeStart() {
    fixture
        .given(registered(0))
        .when(extend(EXTENDED_AT, 15))
        .expectException(ruleViolation(ProblemType.SITTING_NOT_STARTED))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseExtensionAfterDeadline() {
    fixture
        .given(registered(0), started())
        .when(extend(DEADLINE, 15))
        .expectException(ruleViolation(ProblemType.ANSWER_AFTER_DEADLINE))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseExtensionAfterSubmit() {
    fixture
        .given(registered(0), started(), new SittingSubmitted(SITTING_ID, EXTENDED_AT))
        .when(extend(EXTENDED_AT.plusSeconds(30), 15))
        .expectException(ruleViolation(ProblemType.SITTING_FINISHED))
        .expectNoEvents();
  }

  @Test
  void shouldRefuseScoringBeforeHandIn() {
    fixture
        .givenCurrentTime(SCORED_AT)
        .andGiven(registered(0), started(), answerRecorded("q1", 1, START.plusSeconds(60), "B"))
        .when(score(1, ITEMS_KEY_1, "SUBMITTED"))
        .expectException(ruleViolation(ProblemType.SITTING_NOT_HANDED_IN))
        .expectNoEvents();
  }

  @Test
  void shouldScoreSubmittedSitting() {
    // q1 correct (2 of 2), q2 wrong under key 1 (0 of 1), q3 unanswered (0 of 1): 2 of 4 = 50 %,
    // passed, grade 3
    fixture
        .givenCurrentTime(SCORED_AT)
        .andGiven(
            registered(0),
            started(),
            answerRecorded("q1", 1, START.plusSeconds(60), "B"),
            answerRecorded("q2", 2, START.plusSeconds(120), "false"),
            new SittingSubmitted(SITTING_ID, SUBMITTED_AT))
        .when(score(1, ITEMS_KEY_1, "SUBMITTED"))
        .expectEvents(scoredUnderKey1("SUBMITTED"));
  }

  @Test
  void shouldScoreTimedOutSitting() {
    fixture
        .givenCurrentTime(SCORED_AT)
        .andGiven(
            registered(0),
            started(),
            answerRecorded("q1", 1, START.plusSeconds(60), "B"),
            answerRecorded("q2", 2, START.plusSeconds(120), "false"),
            new SittingTimedOut(SITTING_ID, DEADLINE, DEADLINE))
        .when(score(1, ITEMS_KEY_1, "TIMED_OUT"))
        .expectEvents(scoredUnderKey1("TIMED_OUT"));
  }

  @Test
  void shouldScoreLatestAnswerToEachItem() {
    fixture
        .givenCurrentTime(SCORED_AT)
        .andGiven(
            registered(0),
            started(),
            answerRecorded("q1", 1, START.plusSeconds(60), "D"),
            answerRecorded("q2", 2, START.plusSeconds(120), "false"),
            answerRecorded("q1", 3, START.plusSeconds(300), "B"),
            new SittingSubmitted(SITTING_ID, SUBMITTED_AT))
        .when(score(1, ITEMS_KEY_1, "SUBMITTED"))
        .expectEvents(scoredUnderKey1("SUBMITTED"));
  }

  @Test
  void shouldRescoreUnderHigherKeyVersion() {
    // key 2 corrects q2 to "false": 3 of 4 = 75 %, grade 4
    fixture
        .givenCurrentTime(SCORED_AT)
        .andGiven(
            registered(0),
            started(),
            answerRecorded("q1", 1, START.plusSeconds(60), "B"),
            answerRecorded("q2", 2, START.plusSeconds(120), "false"),
            new SittingSubmitted(SITTING_ID, SUBMITTED_AT),
            scoredUnderKey1("SUBMITTED"))
        .when(score(2, ITEMS_KEY_2, "KEY_AMENDED"))
        .expectEvents(
            new SittingScored(
                SITTING_ID,
                EXAM_ID,
                EXAM_VERSION,
                2,
                ScoringCoreVersion.VERSION,
                List.of(
                    new ItemScoreRecord("q1", 2, 2, "CORRECT"),
                    new ItemScoreRecord("q2", 1, 1, "CORRECT"),
                    new ItemScoreRecord("q3", 0, 1, "UNANSWERED")),
                Map.of("A", 3.0, "B", 0.0),
                3,
                4,
                75,
                true,
                4,
                false,
                false,
                "KEY_AMENDED",
                SCORED_AT));
  }

  @Test
  void shouldNotRescoreUnderSameKeyVersion() {
    fixture
        .givenCurrentTime(SCORED_AT)
        .andGiven(
            registered(0),
            started(),
            answerRecorded("q1", 1, START.plusSeconds(60), "B"),
            new SittingSubmitted(SITTING_ID, SUBMITTED_AT),
            scoredUnderKey1("SUBMITTED"))
        .when(score(1, ITEMS_KEY_1, "SUBMITTED"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  @Test
  void shouldNotRescoreUnderOlderKeyVersion() {
    fixture
        .givenCurrentTime(SCORED_AT)
        .andGiven(
            registered(0),
            started(),
            answerRecorded("q1", 1, START.plusSeconds(60), "B"),
            new SittingSubmitted(SITTING_ID, SUBMITTED_AT),
            scoredUnderKey1("SUBMITTED"))
        .andGiven(
            new SittingScored(
                SITTING_ID,
                EXAM_ID,
                EXAM_VERSION,
                2,
                ScoringCoreVersion.VERSION,
                List.of(),
                Map.of(),
                3,
                4,
                75,
                true,
                4,
                false,
                false,
                "KEY_AMENDED",
                SCORED_AT))
        .when(score(1, ITEMS_KEY_1, "SUBMITTED"))
        .expectSuccessfulHandlerExecution()
        .expectNoEvents();
  }

  private static SittingScored scoredUnderKey1(String reason) {
    return new SittingScored(
        SITTING_ID,
        EXAM_ID,
        EXAM_VERSION,
        1,
        ScoringCoreVersion.VERSION,
        List.of(
            new ItemScoreRecord("q1", 2, 2, "CORRECT"),
            new ItemScoreRecord("q2", 0, 1, "INCORRECT"),
            new ItemScoreRecord("q3", 0, 1, "UNANSWERED")),
        Map.of("A", 2.0, "B", 0.0),
        2,
        4,
        50,
        true,
        3,
        false,
        false,
        reason,
        SCORED_AT);
  }

  private static RegisterCandidate register(int extraTimePercent) {
    return new RegisterCandidate(
        SITTING_ID,
        SESSION_ID,
        EXAM_ID,
        EXAM_VERSION,
        CENTRE_ID,
        CANDIDATE_ID,
        PROFILE,
        extraTimePercent,
        REGISTRAR);
  }

  private static CandidateRegistered registered(int extraTimePercent) {
    return new CandidateRegistered(
        SITTING_ID,
        SESSION_ID,
        EXAM_ID,
        EXAM_VERSION,
        CENTRE_ID,
        CANDIDATE_ID,
        PROFILE,
        extraTimePercent,
        REGISTRAR);
  }

  private static StartSitting start(Instant now) {
    return new StartSitting(
        SITTING_ID, now, OPENS_AT, CLOSES_AT, false, DURATION_MINUTES, ITEM_IDS, null);
  }

  private static SittingStarted started() {
    return new SittingStarted(SITTING_ID, START, DEADLINE, ALLOWED_MS, ITEM_IDS);
  }

  private static RecordAnswer answer(
      String itemId, long clientSeq, Instant receivedAt, String... response) {
    return new RecordAnswer(
        SITTING_ID,
        itemId,
        List.of(response),
        clientSeq,
        receivedAt.minusMillis(400),
        receivedAt,
        null,
        null);
  }

  private static AnswerRecorded answerRecorded(
      String itemId, long clientSeq, Instant receivedAt, String... response) {
    return new AnswerRecorded(
        SITTING_ID, itemId, List.of(response), clientSeq, receivedAt.minusMillis(400), receivedAt);
  }

  private static PauseSitting pause(Instant now) {
    return new PauseSitting(SITTING_ID, now, "fire alarm", INVIGILATOR);
  }

  private static SittingPaused paused() {
    return new SittingPaused(
        SITTING_ID, PAUSED_AT, REMAINING_AT_PAUSE_MS, "fire alarm", INVIGILATOR);
  }

  private static ResumeSitting resume(Instant now) {
    return new ResumeSitting(SITTING_ID, now, "alarm cleared", INVIGILATOR);
  }

  private static ExtendSittingTime extend(Instant now, int minutes) {
    return new ExtendSittingTime(SITTING_ID, now, minutes, "power cut", INVIGILATOR);
  }

  private static ScoreSitting score(int keyVersion, List<ItemDefinition> items, String reason) {
    return new ScoreSitting(
        SITTING_ID, EXAM_ID, EXAM_VERSION, keyVersion, items, RULES, reason, null);
  }
}
