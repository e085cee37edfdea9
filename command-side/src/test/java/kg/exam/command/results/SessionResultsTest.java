package kg.exam.command.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import kg.exam.command.exam.PublishedExam;
import kg.exam.command.exam.PublishedExams;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.session.OpenSessions;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemKey;
import kg.exam.contract.exam.ScoringRules;
import kg.exam.contract.exam.SectionDefinition;
import kg.exam.contract.results.CalibratedItem;
import kg.exam.contract.results.FinaliseSessionResults;
import kg.exam.contract.results.ResponseMatrixDigest;
import kg.exam.contract.results.SessionCalibration;
import kg.exam.contract.results.SessionResultsFinalised;
import kg.exam.contract.sitting.ItemScoreRecord;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.scoring.irt.AbilityEstimator;
import kg.exam.scoring.irt.AbilityMethod;
import kg.exam.scoring.irt.Calibration;
import kg.exam.scoring.irt.CalibrationSettings;
import kg.exam.scoring.irt.IrtModel;
import kg.exam.scoring.irt.MarginalCalibrator;
import kg.exam.scoring.irt.ReportingScale;
import kg.exam.scoring.irt.Responses;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * Finalisation and recomputation against stubbed event streams: what goes into the calibration,
 * what is recorded, and that the recorded parameters reproduce scoring-core's own estimates.
 */
class SessionResultsTest {
  private static final String SESSION = "session-osh-7";
  private static final String EXAM = "physics-11";
  private static final List<String> ITEMS = List.of("p1", "p2", "p3", "p4", "p5", "p6");
  private static final Instant NOW = Instant.parse("2026-06-12T08:00:00Z");
  private static final ReportingScale SCALE = new ReportingScale(15, 50, 0.5, 0, 100, 60);
  private static final CalibrationSettings SETTINGS = CalibrationSettings.defaults().withThreads(1);

  private final SessionScores scores = mock(SessionScores.class);
  private final PublishedExams exams = mock(PublishedExams.class);
  private final CommandGateway commands = mock(CommandGateway.class);
  private final SessionResults results =
      new SessionResults(scores, exams, commands, Clock.fixed(NOW, ZoneOffset.UTC));
  private final List<SessionScores.SittingStatus> sittings = new ArrayList<>();

  @BeforeEach
  void setUp() {
    when(exams.find(EXAM, 1)).thenReturn(Optional.of(new PublishedExam(EXAM, 1, 2, content())));
    when(scores.sittings(SESSION)).thenReturn(sittings);
    when(scores.finalisation(SESSION)).thenReturn(Optional.empty());
  }

  private static ExamContent content() {
    List<ItemDefinition> items =
        ITEMS.reversed().stream()
            .map(
                id ->
                    new ItemDefinition(
                        id,
                        "A",
                        "TRUE_FALSE",
                        1,
                        1,
                        id,
                        List.of(),
                        List.of(),
                        ItemKey.matchCorrect(List.of("true"))))
            .toList();
    return new ExamContent(
        "t",
        "PHYS",
        11,
        "ru",
        60,
        List.of(new SectionDefinition("A", "A")),
        items,
        new ScoringRules(50, List.of(), null));
  }

  private static OpenSessions.SessionRow closedSession() {
    return new OpenSessions.SessionRow(
        SESSION, EXAM, 1, "centre-osh", null, NOW.minusSeconds(7200), NOW, NOW.minusSeconds(600));
  }

  private static SittingScored scored(String sittingId, int keyVersion, double... scores) {
    List<ItemScoreRecord> items = new ArrayList<>();
    double total = 0;
    for (int i = 0; i < scores.length; i++) {
      if (!Double.isNaN(scores[i])) {
        items.add(new ItemScoreRecord(ITEMS.get(i), scores[i], 1, "X"));
        total += scores[i];
      }
    }
    return new SittingScored(
        sittingId,
        EXAM,
        1,
        keyVersion,
        "scoring-core/1.0.0",
        items,
        Map.of(),
        total,
        scores.length,
        100 * total / scores.length,
        false,
        2,
        false,
        false,
        "HANDED_IN",
        NOW);
  }

  private void handedIn(SittingScored... history) {
    String id = history[0].sittingId();
    sittings.add(new SessionScores.SittingStatus(id, "SUBMITTED", "school-1"));
    when(scores.scores(id)).thenReturn(List.of(history));
  }

  /** 2PL data, 300 candidates × 6 items, seeded; sittings registered in descending id order. */
  private byte[] twoPlSession() {
    Random random = new Random(42);
    double[] a = {0.6, 0.9, 1.2, 1.5, 1.0, 2.0};
    double[] b = {-1.2, -0.6, 0, 0.4, 0.9, 1.4};
    int n = 300;
    byte[] cells = new byte[n * ITEMS.size()];
    for (int c = n - 1; c >= 0; c--) {
      double theta = random.nextGaussian();
      double[] row = new double[ITEMS.size()];
      for (int i = 0; i < row.length; i++) {
        row[i] = random.nextDouble() < 1 / (1 + Math.exp(-a[i] * (theta - b[i]))) ? 1 : 0;
        cells[c * row.length + i] = (byte) row[i];
      }
      handedIn(scored(String.format("sitting-%03d", c), 2, row));
    }
    sittings.add(new SessionScores.SittingStatus("sitting-absent", "REGISTERED", "school-1"));
    return cells;
  }

  private SessionCalibration finalise(IrtModel model, AbilityMethod method) {
    results.finalise(
        closedSession(), new SessionResults.Options(model, method, SCALE, SETTINGS), "admin-1");
    ArgumentCaptor<FinaliseSessionResults> sent =
        ArgumentCaptor.forClass(FinaliseSessionResults.class);
    verify(commands).sendAndWait(sent.capture());
    assertThat(sent.getValue().finalisedAt()).isEqualTo(NOW);
    return sent.getValue().calibration();
  }

  @Test
  void shouldRecordATwoPlCalibrationAsScoringCoreComputesIt() {
    byte[] cells = twoPlSession();

    SessionCalibration recorded = finalise(IrtModel.TWO_PL, AbilityMethod.EAP);

    Calibration direct =
        MarginalCalibrator.calibrate(
            Responses.copyOf(cells, 300, ITEMS.size()), IrtModel.TWO_PL, SETTINGS);
    assertThat(recorded.model()).isEqualTo("TWO_PL");
    assertThat(recorded.converged()).isEqualTo(direct.converged()).isTrue();
    assertThat(recorded.abilityMethod()).isEqualTo("EAP");
    assertThat(recorded.keyVersion()).isEqualTo(2);
    assertThat(recorded.candidateCount()).isEqualTo(300);
    assertThat(recorded.sittingIds()).hasSize(300).isSorted().doesNotContain("sitting-absent");
    assertThat(recorded.responseMatrixSha256())
        .isEqualTo(ResponseMatrixDigest.sha256Hex(cells, 300, ITEMS.size()));
    assertThat(recorded.items().stream().map(CalibratedItem::itemId).toList()).isEqualTo(ITEMS);
    for (int i = 0; i < ITEMS.size(); i++) {
      CalibratedItem item = recorded.items().get(i);
      assertThat(item.discrimination()).isEqualTo(direct.items().get(i).discrimination());
      assertThat(item.difficulty()).isEqualTo(direct.items().get(i).difficulty());
      assertThat(item.discriminationSe()).isEqualTo(direct.items().get(i).discriminationSe());
      assertThat(item.guessingSe()).as("c is fixed at 0 in 2PL").isNull();
    }
    assertThat(recorded.latentSd()).isEqualTo(1.0);
    assertThat(recorded.latentSdSe()).as("fixed in 2PL").isNull();
    assertThat(recorded.logLikelihood()).isEqualTo(direct.logLikelihood());
    assertThat(recorded.scale().step()).isEqualTo(0.5);
  }

  @Test
  void shouldRecomputeTheSameEstimatesAsScoringCoreFromTheRecordedCalibration() {
    byte[] cells = twoPlSession();
    SessionCalibration recorded = finalise(IrtModel.TWO_PL, AbilityMethod.EAP);
    when(scores.finalisation(SESSION))
        .thenReturn(Optional.of(new SessionResultsFinalised(SESSION, recorded, NOW, "admin-1")));

    SessionResults.Recomputed recomputed = results.recompute(closedSession());

    AbilityEstimator direct =
        AbilityEstimator.of(
            MarginalCalibrator.calibrate(
                Responses.copyOf(cells, 300, ITEMS.size()), IrtModel.TWO_PL, SETTINGS));
    assertThat(recomputed.inputMatchesDigest()).isTrue();
    for (int c = 0; c < 300; c++) {
      SessionResults.SittingResult r = recomputed.sittings().get(c);
      double[] expected =
          direct.estimate(
              AbilityMethod.EAP,
              java.util.Arrays.copyOfRange(cells, c * ITEMS.size(), (c + 1) * ITEMS.size()));
      assertThat(r.sittingId()).isEqualTo(String.format("sitting-%03d", c));
      assertThat(r.theta()).isEqualTo(expected[0]);
      assertThat(r.standardError()).isEqualTo(expected[1]);
      assertThat(r.scaledScore()).isEqualTo(SCALE.scaled(expected[0]));
      assertThat(r.passed()).isEqualTo(SCALE.passed(expected[0]));
    }
  }

  @Test
  void shouldReportInfiniteMleAbilitiesAsNoThetaWithTheScalesEnds() {
    byte[] cells = twoPlSession();
    SessionCalibration recorded = finalise(IrtModel.RASCH, AbilityMethod.MLE);
    when(scores.finalisation(SESSION))
        .thenReturn(Optional.of(new SessionResultsFinalised(SESSION, recorded, NOW, "admin-1")));

    List<SessionResults.SittingResult> rows = results.recompute(closedSession()).sittings();

    int extremes = 0;
    for (int c = 0; c < rows.size(); c++) {
      int correct = 0;
      for (int i = 0; i < ITEMS.size(); i++) {
        correct += cells[c * ITEMS.size() + i];
      }
      SessionResults.SittingResult r = rows.get(c);
      if (correct == 0 || correct == ITEMS.size()) {
        extremes++;
        assertThat(r.theta()).isNull();
        assertThat(r.standardError()).isNull();
        assertThat(r.scaledScore()).isEqualTo(correct == 0 ? SCALE.lowest() : SCALE.highest());
        assertThat(r.passed()).isEqualTo(correct > 0);
      } else {
        assertThat(r.theta()).isNotNull();
      }
    }
    assertThat(extremes).as("the seeded data has all-correct and all-wrong patterns").isPositive();
  }

  @Test
  void shouldReportAChangedScoreAsInputNotMatchingTheDigest() {
    twoPlSession();
    SessionCalibration recorded = finalise(IrtModel.RASCH, AbilityMethod.WLE);
    when(scores.finalisation(SESSION))
        .thenReturn(Optional.of(new SessionResultsFinalised(SESSION, recorded, NOW, "admin-1")));
    SittingScored first = scores.scores("sitting-000").getFirst();
    double[] changed = new double[ITEMS.size()];
    first.itemScores().forEach(s -> changed[ITEMS.indexOf(s.itemId())] = 1 - s.score());
    when(scores.scores("sitting-000")).thenReturn(List.of(scored("sitting-000", 2, changed)));

    assertThat(results.recompute(closedSession()).inputMatchesDigest()).isFalse();
  }

  @Test
  void shouldLeaveItemsMissingFromASittingsScoreNotPresented() {
    byte[] cells =
        ResponseMatrix.cells(ITEMS, List.of(scored("s1", 1, 1, 0, Double.NaN, 1, Double.NaN, 0)));

    assertThat(cells).containsExactly(1, 0, -1, 1, -1, 0);
  }

  @Test
  void shouldRefuseAFractionalItemScoreInsteadOfRoundingIt() {
    assertThatThrownBy(() -> ResponseMatrix.cells(ITEMS, List.of(scored("s1", 1, 1, 0.5))))
        .isInstanceOf(RuleViolation.class)
        .hasMessageContaining("Item p2 of sitting s1 scored 0.5")
        .extracting(e -> ((RuleViolation) e).type())
        .isEqualTo(ProblemType.CALIBRATION_NOT_POSSIBLE);
  }

  @Test
  void shouldRefusePartialCreditScoresUnderADichotomousModelNamingTheItem() {
    byte[] cells = {0, 1, 2, 1, 0, 0};

    assertThatThrownBy(
            () -> ResponseMatrix.requireCalibratable(List.of("p1", "p2"), cells, 3, IrtModel.RASCH))
        .isInstanceOf(RuleViolation.class)
        .hasMessageContaining("item p1 has scores up to 2 but RASCH needs 0/1 item scores")
        .message()
        .doesNotContain("item p2");
  }

  @Test
  void shouldRefuseWhileASittingIsBeingRescoredAgainstTheCurrentKey() {
    twoPlSession();
    handedIn(scored("sitting-late", 1, 1, 0, 1, 0, 1, 0));

    assertThatThrownBy(
            () ->
                results.finalise(
                    closedSession(),
                    new SessionResults.Options(IrtModel.RASCH, AbilityMethod.WLE, SCALE, SETTINGS),
                    "admin-1"))
        .isInstanceOf(RuleViolation.class)
        .hasMessageContaining("1 being re-scored against key version 2")
        .extracting(e -> ((RuleViolation) e).type())
        .isEqualTo(ProblemType.RESULTS_NOT_READY);
    verify(commands, never()).sendAndWait(any());
  }
}
