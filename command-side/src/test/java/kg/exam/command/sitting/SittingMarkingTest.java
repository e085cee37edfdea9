package kg.exam.command.sitting;

import static kg.exam.command.problem.RuleViolationMatcher.ruleViolation;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.axonframework.test.matchers.Matchers.predicate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import kg.exam.command.config.ContractCommandTargetResolver;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.trust.AnswerSignaturePolicy;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemKey;
import kg.exam.contract.exam.RubricCriterion;
import kg.exam.contract.exam.ScoringRules;
import kg.exam.contract.marking.AllocateScript;
import kg.exam.contract.marking.MarkScript;
import kg.exam.contract.marking.MarkingPlan;
import kg.exam.contract.marking.MarkingScript;
import kg.exam.contract.marking.ReleaseMarkerRound;
import kg.exam.contract.marking.ScriptAllocated;
import kg.exam.contract.marking.ScriptDisputed;
import kg.exam.contract.marking.ScriptMarked;
import kg.exam.contract.marking.ScriptResolved;
import kg.exam.contract.marking.ScriptRoundReleased;
import kg.exam.contract.marking.ScriptsOpenedForMarking;
import kg.exam.contract.sitting.AnswerRecorded;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.ScoreSitting;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.contract.sitting.SittingStarted;
import kg.exam.contract.sitting.SittingSubmitted;
import kg.exam.contract.trust.registry.KeyRegistry;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The marking rules of the sitting aggregate: scripts, allocation, marks, resolution, re-score. */
class SittingMarkingTest {
  private static final String SITTING_ID = "sitting-7c1e";
  private static final Instant START = Instant.parse("2026-06-01T03:10:00Z");
  private static final Instant DEADLINE = START.plusSeconds(3600);
  private static final Instant SUBMITTED_AT = START.plusSeconds(3000);
  private static final Instant SCORED_AT = START.plusSeconds(3005);
  private static final Instant MARKING = Instant.parse("2026-06-03T05:00:00Z");
  private static final String SCRIPT = "script-3b9d";

  private static final ItemDefinition Q1 =
      new ItemDefinition(
          "q1",
          "A",
          "SINGLE_CHOICE",
          1,
          1,
          "2 + 2?",
          List.of(new Choice("A", "3"), new Choice("B", "4")),
          List.of(),
          ItemKey.matchCorrect(List.of("B")));

  private static final List<RubricCriterion> RUBRIC =
      List.of(
          new RubricCriterion("content", "Content", 2),
          new RubricCriterion("language", "Language", 3));

  /** An essay worth 10 points marked on a rubric of 5. */
  private static final ItemDefinition E1 =
      new ItemDefinition(
          "e1",
          "B",
          "EXTENDED_TEXT",
          10,
          1,
          "Write about your town.",
          List.of(),
          List.of(),
          new ItemKey(List.of(), Map.of(), 0, null, null, false, 0, 0, false, false, 0, RUBRIC));

  private static final List<ItemDefinition> ITEMS = List.of(Q1, E1);
  private static final ScoringRules RULES = new ScoringRules(50, List.of(), null);
  private static final String ESSAY = "Ош — эң байыркы шаар. <script>alert(1)</script>";

  private AggregateTestFixture<Sitting> fixture;

  @BeforeEach
  void setUp() {
    fixture = new AggregateTestFixture<>(Sitting.class);
    fixture.registerCommandTargetResolver(new ContractCommandTargetResolver());
    fixture.registerInjectableResource(new FixtureClock(fixture));
    fixture.registerInjectableResource(new AnswerSignaturePolicy(KeyRegistry::new, false));
    fixture.givenCurrentTime(SCORED_AT);
  }

  private static Object[] handedIn() {
    return new Object[] {
      new CandidateRegistered(
          SITTING_ID,
          "session-1",
          "exam-1",
          1,
          "centre-1",
          "candidate-1",
          new CandidateProfile("Osh", "Osh", "school-1", "urban", "ky", "M", 11),
          0,
          "registrar"),
      new SittingStarted(SITTING_ID, START, DEADLINE, 3_600_000, List.of("q1", "e1")),
      new AnswerRecorded(SITTING_ID, "q1", List.of("B"), 1, START, START.plusSeconds(60)),
      new AnswerRecorded(SITTING_ID, "e1", List.of("draft"), 2, START, START.plusSeconds(600)),
      new AnswerRecorded(SITTING_ID, "e1", List.of(ESSAY), 3, START, START.plusSeconds(900)),
      new SittingSubmitted(SITTING_ID, SUBMITTED_AT)
    };
  }

  private static ScoreSitting score(String reason, MarkingPlan plan) {
    return new ScoreSitting(SITTING_ID, "exam-1", 1, 1, ITEMS, RULES, reason, plan);
  }

  private static ScriptsOpenedForMarking opened(int marksRequired, String resolution) {
    return new ScriptsOpenedForMarking(
        SITTING_ID,
        1,
        List.of(
            new MarkingScript(SCRIPT, "e1", 3, List.of(ESSAY), 5, marksRequired, 1, resolution)),
        SCORED_AT);
  }

  private static SittingScored firstScore() {
    return new SittingScored(
        SITTING_ID,
        "exam-1",
        1,
        1,
        kg.exam.scoring.ScoringCoreVersion.VERSION,
        List.of(
            new kg.exam.contract.sitting.ItemScoreRecord("q1", 1, 1, "CORRECT"),
            new kg.exam.contract.sitting.ItemScoreRecord("e1", 0, 10, "NEEDS_HUMAN_MARKING")),
        Map.of("A", 1.0, "B", 0.0),
        1,
        11,
        100.0 / 11,
        false,
        2,
        false,
        true,
        "SUBMITTED",
        SCORED_AT);
  }

  private static Object[] history(int marksRequired, String resolution, Object... more) {
    Object[] before = handedIn();
    Object[] all = new Object[before.length + 2 + more.length];
    System.arraycopy(before, 0, all, 0, before.length);
    all[before.length] = firstScore();
    all[before.length + 1] = opened(marksRequired, resolution);
    System.arraycopy(more, 0, all, before.length + 2, more.length);
    return all;
  }

  private static AllocateScript allocate(String marker, boolean chief) {
    return new AllocateScript(SITTING_ID, SCRIPT, marker, chief, MARKING);
  }

  private static ScriptAllocated allocated(String marker, int round) {
    return new ScriptAllocated(SITTING_ID, SCRIPT, marker, round, MARKING);
  }

  private static MarkScript mark(String marker, double content, double language) {
    return new MarkScript(
        SITTING_ID,
        SCRIPT,
        marker,
        Map.of("content", content, "language", language),
        null,
        1,
        RUBRIC,
        MARKING);
  }

  private static ScriptMarked marked(String marker, int round, double content, double language) {
    return new ScriptMarked(
        SITTING_ID,
        SCRIPT,
        "e1",
        marker,
        round,
        Map.of("content", content, "language", language),
        content + language,
        null,
        1,
        MARKING);
  }

  @Test
  void scoringAnEssayOpensAScriptOfTheLatestAnswerUnderThePlan() {
    MarkingPlan plan = new MarkingPlan(1.0, 1.5, Map.of(), "CLOSEST_PAIR_MEAN");
    fixture
        .given(handedIn())
        .when(score("SUBMITTED", plan))
        .expectEventsMatching(
            payloadsMatching(
                exactSequenceOf(
                    event(
                        SittingScored.class,
                        (SittingScored s) -> s.needsHumanMarking() && s.rawTotal() == 1),
                    event(
                        ScriptsOpenedForMarking.class,
                        (ScriptsOpenedForMarking o) -> {
                          MarkingScript s = o.scripts().getFirst();
                          return o.scripts().size() == 1
                              && s.itemId().equals("e1")
                              && s.answerClientSeq() == 3
                              && s.response().equals(List.of(ESSAY))
                              && s.rubricMax() == 5
                              && s.marksRequired() == 2
                              && s.tolerance() == 1.5
                              && s.resolution().equals("CLOSEST_PAIR_MEAN")
                              && !s.scriptId().contains(SITTING_ID);
                        }),
                    andNoMore())));
  }

  @Test
  void aShareOfZeroMarksEveryScriptOnce() {
    fixture
        .given(handedIn())
        .when(score("SUBMITTED", new MarkingPlan(0, 1, Map.of(), "ADJUDICATOR")))
        .expectEventsMatching(
            payloadsMatching(
                exactSequenceOf(
                    event(SittingScored.class, (SittingScored s) -> true),
                    event(
                        ScriptsOpenedForMarking.class,
                        (ScriptsOpenedForMarking o) -> o.scripts().getFirst().marksRequired() == 1),
                    andNoMore())));
  }

  @Test
  void allocatesTheTwoIndependentRoundsToTwoMarkers() {
    fixture
        .given(history(2, "ADJUDICATOR"))
        .when(allocate("m1", false))
        .expectEvents(allocated("m1", 1));
    setUp(); // a fresh fixture: its event store is not reset by given
    fixture
        .given(history(2, "ADJUDICATOR", allocated("m1", 1)))
        .when(allocate("m2", false))
        .expectEvents(allocated("m2", 2));
  }

  @Test
  void askingAgainForAHeldScriptChangesNothing() {
    fixture
        .given(history(2, "ADJUDICATOR", allocated("m1", 1)))
        .when(allocate("m1", false))
        .expectNoEvents()
        .expectResultMessagePayload(1);
  }

  @Test
  void refusesAThirdMarkerOfAnUndisputedScript() {
    fixture
        .given(history(2, "ADJUDICATOR", allocated("m1", 1), allocated("m2", 2)))
        .when(allocate("m3", true))
        .expectException(ruleViolation(ProblemType.SCRIPT_FULLY_ALLOCATED))
        .expectNoEvents();
  }

  @Test
  void aMarkerNeverMarksTheSameScriptTwice() {
    fixture
        .given(history(2, "ADJUDICATOR", allocated("m1", 1), marked("m1", 1, 2, 2)))
        .when(allocate("m1", false))
        .expectException(ruleViolation(ProblemType.MARKER_ALREADY_ON_SCRIPT))
        .expectNoEvents();
  }

  @Test
  void aSingleMarkIsFinal() {
    fixture
        .given(history(1, "ADJUDICATOR", allocated("m1", 1)))
        .when(mark("m1", 1.5, 2))
        .expectEvents(
            marked("m1", 1, 1.5, 2),
            new ScriptResolved(SITTING_ID, SCRIPT, "e1", 3.5, "SINGLE", MARKING));
  }

  @Test
  void twoMarksWithinToleranceResolveToTheirMean() {
    fixture
        .given(
            history(
                2, "ADJUDICATOR", allocated("m1", 1), marked("m1", 1, 2, 2), allocated("m2", 2)))
        .when(mark("m2", 2, 3))
        .expectEvents(
            marked("m2", 2, 2, 3),
            new ScriptResolved(SITTING_ID, SCRIPT, "e1", 4.5, "MEAN_OF_TWO", MARKING));
  }

  @Test
  void twoMarksBeyondToleranceAreDisputed() {
    fixture
        .given(
            history(
                2, "ADJUDICATOR", allocated("m1", 1), marked("m1", 1, 2, 3), allocated("m2", 2)))
        .when(mark("m2", 0, 1))
        .expectEvents(
            marked("m2", 2, 0, 1), new ScriptDisputed(SITTING_ID, SCRIPT, "e1", 5, 1, 1, MARKING));
  }

  private static Object[] disputed(String resolution, Object... more) {
    Object[] d = {
      allocated("m1", 1),
      marked("m1", 1, 2, 3),
      allocated("m2", 2),
      marked("m2", 2, 0, 1),
      new ScriptDisputed(SITTING_ID, SCRIPT, "e1", 5, 1, 1, MARKING)
    };
    Object[] all = new Object[d.length + more.length];
    System.arraycopy(d, 0, all, 0, d.length);
    System.arraycopy(more, 0, all, d.length, more.length);
    return history(2, resolution, all);
  }

  @Test
  void onlyAChiefMarkerAdjudicates() {
    fixture
        .given(disputed("ADJUDICATOR"))
        .when(allocate("m3", false))
        .expectException(ruleViolation(ProblemType.CHIEF_MARKER_REQUIRED))
        .expectNoEvents();
    setUp(); // a fresh fixture: its event store is not reset by given
    fixture
        .given(disputed("ADJUDICATOR"))
        .when(allocate("chief", true))
        .expectEvents(allocated("chief", 3));
  }

  @Test
  void theAdjudicatorsMarkIsFinalUnderTheAdjudicatorRule() {
    fixture
        .given(disputed("ADJUDICATOR", allocated("chief", 3)))
        .when(mark("chief", 1, 2))
        .expectEvents(
            marked("chief", 3, 1, 2),
            new ScriptResolved(SITTING_ID, SCRIPT, "e1", 3, "ADJUDICATOR", MARKING));
  }

  @Test
  void theClosestPairDecidesUnderTheClosestPairRule() {
    // marks 5, 1 and 1.5: (1, 1.5) is the closest pair
    fixture
        .given(disputed("CLOSEST_PAIR_MEAN", allocated("chief", 3)))
        .when(mark("chief", 0.5, 1))
        .expectEvents(
            marked("chief", 3, 0.5, 1),
            new ScriptResolved(SITTING_ID, SCRIPT, "e1", 1.25, "CLOSEST_PAIR_MEAN", MARKING));
  }

  @Test
  void refusesAMarkOfAScriptNotHeld() {
    fixture
        .given(history(2, "ADJUDICATOR", allocated("m1", 1)))
        .when(mark("m2", 1, 1))
        .expectException(ruleViolation(ProblemType.SCRIPT_NOT_ALLOCATED))
        .expectNoEvents();
    setUp(); // a fresh fixture: its event store is not reset by given
    fixture
        .given(history(2, "ADJUDICATOR", allocated("m1", 1), marked("m1", 1, 1, 1)))
        .when(mark("m1", 2, 2))
        .expectException(ruleViolation(ProblemType.SCRIPT_NOT_ALLOCATED))
        .expectNoEvents();
  }

  @Test
  void refusesPointsOutsideACriterionsRange() {
    fixture
        .given(history(1, "ADJUDICATOR", allocated("m1", 1)))
        .when(mark("m1", 2.5, 1))
        .expectException(ruleViolation(ProblemType.INVALID_MARK))
        .expectNoEvents();
    setUp(); // a fresh fixture: its event store is not reset by given
    fixture
        .given(history(1, "ADJUDICATOR", allocated("m1", 1)))
        .when(mark("m1", -1, 1))
        .expectException(ruleViolation(ProblemType.INVALID_MARK))
        .expectNoEvents();
  }

  @Test
  void refusesAMissingOrUnknownCriterionAndALongComment() {
    fixture
        .given(history(1, "ADJUDICATOR", allocated("m1", 1)))
        .when(
            new MarkScript(
                SITTING_ID, SCRIPT, "m1", Map.of("content", 1.0), null, 1, RUBRIC, MARKING))
        .expectException(ruleViolation(ProblemType.INVALID_MARK));
    setUp(); // a fresh fixture: its event store is not reset by given
    fixture
        .given(history(1, "ADJUDICATOR", allocated("m1", 1)))
        .when(
            new MarkScript(
                SITTING_ID,
                SCRIPT,
                "m1",
                Map.of("content", 1.0, "language", 1.0, "style", 1.0),
                null,
                1,
                RUBRIC,
                MARKING))
        .expectException(ruleViolation(ProblemType.INVALID_MARK));
    setUp(); // a fresh fixture: its event store is not reset by given
    fixture
        .given(history(1, "ADJUDICATOR", allocated("m1", 1)))
        .when(
            new MarkScript(
                SITTING_ID,
                SCRIPT,
                "m1",
                Map.of("content", 1.0, "language", 1.0),
                "x".repeat(MarkScript.MAX_COMMENT + 1),
                1,
                RUBRIC,
                MARKING))
        .expectException(ruleViolation(ProblemType.INVALID_MARK))
        .expectNoEvents();
  }

  @Test
  void refusesAMarkAgainstARubricOfOtherPoints() {
    fixture
        .given(history(1, "ADJUDICATOR", allocated("m1", 1)))
        .when(
            new MarkScript(
                SITTING_ID,
                SCRIPT,
                "m1",
                Map.of("content", 1.0),
                null,
                2,
                List.of(new RubricCriterion("content", "Content", 4)),
                MARKING))
        .expectException(ruleViolation(ProblemType.INVALID_MARK))
        .expectNoEvents();
  }

  @Test
  void refusesAnAllocationOfAResolvedScript() {
    fixture
        .given(
            history(
                1,
                "ADJUDICATOR",
                allocated("m1", 1),
                marked("m1", 1, 1, 1),
                new ScriptResolved(SITTING_ID, SCRIPT, "e1", 2, "SINGLE", MARKING)))
        .when(allocate("m2", false))
        .expectException(ruleViolation(ProblemType.SCRIPT_RESOLVED));
  }

  @Test
  void onceEveryScriptIsResolvedTheSittingIsScoredWithTheFinalMark() {
    fixture
        .given(
            history(
                1,
                "ADJUDICATOR",
                allocated("m1", 1),
                marked("m1", 1, 2, 2),
                new ScriptResolved(SITTING_ID, SCRIPT, "e1", 4, "SINGLE", MARKING)))
        .when(score("MARKED", null))
        .expectEventsMatching(
            payloadsMatching(
                exactSequenceOf(
                    event(
                        SittingScored.class,
                        (SittingScored s) ->
                            !s.needsHumanMarking()
                                && s.reason().equals("MARKED")
                                && s.itemScores().get(1).score() == 8 // 4 of 5 → 8 of 10
                                && s.itemScores().get(1).outcome().equals("PARTIAL")
                                && s.rawTotal() == 9),
                    andNoMore())));
  }

  @Test
  void noMarkedScoreWhileAScriptWaits() {
    fixture
        .given(history(2, "ADJUDICATOR", allocated("m1", 1), marked("m1", 1, 2, 2)))
        .when(score("MARKED", null))
        .expectNoEvents();
  }

  @Test
  void theMarkedScoreIsNotRepeated() {
    Object[] given =
        history(
            1,
            "ADJUDICATOR",
            allocated("m1", 1),
            marked("m1", 1, 2, 2),
            new ScriptResolved(SITTING_ID, SCRIPT, "e1", 4, "SINGLE", MARKING));
    fixture.given(given).when(score("MARKED", null)).expectSuccessfulHandlerExecution();
    setUp(); // a fresh fixture: its event store is not reset by given
    fixture
        .given(given)
        .andGiven(
            new SittingScored(
                SITTING_ID,
                "exam-1",
                1,
                1,
                "v",
                List.of(),
                Map.of(),
                9,
                11,
                900.0 / 11,
                true,
                5,
                false,
                false,
                "MARKED",
                MARKING))
        .when(score("MARKED", null))
        .expectNoEvents();
  }

  @Test
  void releasingAStoppedMarkersMarkLiftsTheDisputeAndTakesBackTheAdjudication() {
    fixture
        .given(disputed("ADJUDICATOR", allocated("chief", 3)))
        .when(new ReleaseMarkerRound(SITTING_ID, SCRIPT, "m2", "stopped", MARKING))
        .expectEvents(
            new ScriptRoundReleased(SITTING_ID, SCRIPT, 2, "m2", true, "stopped", MARKING),
            new ScriptRoundReleased(
                SITTING_ID, SCRIPT, 3, "chief", false, "the dispute was lifted: stopped", MARKING));
  }

  @Test
  void aReleasedRoundGoesToAnotherMarkerButNeverBackToTheStoppedOne() {
    Object[] released =
        disputed(
            "ADJUDICATOR",
            new ScriptRoundReleased(SITTING_ID, SCRIPT, 2, "m2", true, "stopped", MARKING));
    fixture
        .given(released)
        .when(allocate("m2", false))
        .expectException(ruleViolation(ProblemType.MARKER_ALREADY_ON_SCRIPT));
    setUp(); // a fresh fixture: its event store is not reset by given
    fixture.given(released).when(allocate("m3", false)).expectEvents(allocated("m3", 2));
  }

  @Test
  void aResolvedScriptKeepsTheMarksOfAStoppedMarker() {
    fixture
        .given(
            history(
                1,
                "ADJUDICATOR",
                allocated("m1", 1),
                marked("m1", 1, 1, 1),
                new ScriptResolved(SITTING_ID, SCRIPT, "e1", 2, "SINGLE", MARKING)))
        .when(new ReleaseMarkerRound(SITTING_ID, SCRIPT, "m1", "stopped", MARKING))
        .expectNoEvents();
  }

  /** Matches an event payload of a type that satisfies a test. */
  private static <T> org.hamcrest.Matcher<Object> event(
      Class<T> type, java.util.function.Predicate<T> test) {
    return predicate(o -> type.isInstance(o) && test.test(type.cast(o)));
  }
}
