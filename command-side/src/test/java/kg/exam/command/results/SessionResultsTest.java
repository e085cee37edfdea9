package kg.exam.command.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
import kg.exam.contract.results.GuessingPriorDefinition;
import kg.exam.contract.results.ResponseMatrixDigest;
import kg.exam.contract.results.SessionCalibration;
import kg.exam.contract.results.SessionResultRowsListed;
import kg.exam.contract.results.SessionResultsFinalised;
import kg.exam.contract.sitting.ItemScoreRecord;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.scoring.irt.AbilityEstimator;
import kg.exam.scoring.irt.AbilityMethod;
import kg.exam.scoring.irt.Calibration;
import kg.exam.scoring.irt.CalibrationSettings;
import kg.exam.scoring.irt.GeneralCalibrator;
import kg.exam.scoring.irt.GuessingPrior;
import kg.exam.scoring.irt.IrtModel;
import kg.exam.scoring.irt.ItemParameters;
import kg.exam.scoring.irt.MarginalCalibrator;
import kg.exam.scoring.irt.ReportingScale;
import kg.exam.scoring.irt.Responses;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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

  /** Rows per recorded batch: 300 candidates make batches of 128, 128 and 44 rows. */
  private static final int BATCH = 128;

  private static final CalibrationSettings SETTINGS = CalibrationSettings.defaults().withThreads(1);

  private final SessionScores scores = mock(SessionScores.class);
  private final PublishedExams exams = mock(PublishedExams.class);
  private final CommandGateway commands = mock(CommandGateway.class);
  private final SessionResults results =
      new SessionResults(scores, exams, commands, Clock.fixed(NOW, ZoneOffset.UTC), BATCH);
  private final List<SessionScores.SittingStatus> sittings = new ArrayList<>();

  /** Each sitting's stored {@code SittingScored} events, oldest first, as SessionScores reads. */
  private final Map<String, List<SittingScored>> history = new LinkedHashMap<>();

  @BeforeEach
  void setUp() {
    when(exams.find(EXAM, 1)).thenReturn(Optional.of(new PublishedExam(EXAM, 1, 2, content())));
    when(scores.sittings(SESSION)).thenReturn(sittings);
    when(scores.finalisation(SESSION)).thenReturn(Optional.empty());
    doAnswer(
            call -> {
              feed(history.keySet(), call.getArgument(1));
              return null;
            })
        .when(scores)
        .forEachScore(eq(SESSION), any(SessionScores.ScoreSink.class));
    doAnswer(
            call -> {
              feed(call.getArgument(0), call.getArgument(1));
              return null;
            })
        .when(scores)
        .forEachScore(anyCollection(), any(SessionScores.ScoreSink.class));
    when(scores.schools(anyCollection()))
        .thenAnswer(
            call -> {
              Collection<String> ids = call.getArgument(0);
              Map<String, String> schools = new HashMap<>();
              sittings.stream()
                  .filter(s -> ids.contains(s.sittingId()))
                  .forEach(s -> schools.put(s.sittingId(), s.schoolId()));
              return schools;
            });
  }

  /** The stored scores of the given sittings, each sitting's with its sequence numbers. */
  private void feed(Collection<String> sittingIds, SessionScores.ScoreSink sink) {
    for (String id : sittingIds) {
      List<SittingScored> scored = history.getOrDefault(id, List.of());
      for (int i = 0; i < scored.size(); i++) {
        sink.accept(10L + i, scored.get(i));
      }
    }
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
    this.history.put(id, List.of(history));
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

  /**
   * Data drawn from the given items (seeded), 0..maxScore per cell, {@code n} candidates with θ ~
   * N(0, 1); sittings registered in descending id order.
   */
  private byte[] session(int n, long seed, List<ItemParameters> truth) {
    Random random = new Random(seed);
    byte[] cells = new byte[n * ITEMS.size()];
    for (int c = n - 1; c >= 0; c--) {
      double theta = random.nextGaussian();
      double[] row = new double[ITEMS.size()];
      for (int i = 0; i < row.length; i++) {
        ItemParameters item = truth.get(i);
        double[] p = new double[item.maxScore() + 1];
        item.categoryProbabilities(theta, p);
        double u = random.nextDouble();
        int x = 0;
        for (double cumulative = p[0]; x < p.length - 1 && u >= cumulative; ) {
          cumulative += p[++x];
        }
        row[i] = x;
        cells[c * row.length + i] = (byte) x;
      }
      handedIn(scored(String.format("sitting-%03d", c), 2, row));
    }
    return cells;
  }

  /** Six items scored 0..2 (the last 0..3), generalized partial credit with a in 0.7..1.6. */
  private static List<ItemParameters> partialCreditItems(boolean unitDiscrimination) {
    double[] a = {0.7, 1.0, 1.3, 1.6, 0.9, 1.2};
    double[][] steps = {{-1.5, -0.5}, {-1, 0.3}, {-0.4, 0.4}, {0, 1}, {0.2, 1.4}, {-1, 0, 1}};
    List<ItemParameters> items = new ArrayList<>();
    for (int i = 0; i < a.length; i++) {
      items.add(ItemParameters.partialCredit(unitDiscrimination ? 1 : a[i], steps[i]));
    }
    return items;
  }

  /** The batches of rows the last finalisation sent. */
  private List<SessionResultRowsListed> lastRows = List.of();

  /** Every page of the results, read one after the other, as one list. */
  private SessionResults.Recomputed recomputeAll() {
    List<SessionResults.SittingResult> all = new ArrayList<>();
    boolean matches = true;
    SessionResults.Recomputed page = results.recompute(closedSession(), 0);
    for (int p = 0; p < page.pages(); p++) {
      page = results.recompute(closedSession(), p);
      assertThat(page.page()).isEqualTo(p);
      all.addAll(page.sittings());
      matches &= page.inputMatchesDigest();
    }
    return new SessionResults.Recomputed(page.finalisation(), 0, page.pages(), matches, all);
  }

  private SessionCalibration finalise(IrtModel model, AbilityMethod method) {
    return finalise(new SessionResults.Options(model, method, SCALE, SETTINGS));
  }

  private SessionCalibration finalise(SessionResults.Options options) {
    results.finalise(closedSession(), options, "admin-1");
    ArgumentCaptor<FinaliseSessionResults> sent =
        ArgumentCaptor.forClass(FinaliseSessionResults.class);
    verify(commands).sendAndWait(sent.capture());
    assertThat(sent.getValue().finalisedAt()).isEqualTo(NOW);
    List<SessionResultRowsListed> rows = sent.getValue().rows();
    for (SessionResultRowsListed batch : rows) {
      when(scores.rows(SESSION, batch.batch())).thenReturn(Optional.of(batch));
    }
    lastRows = rows;
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
    assertThat(recorded.sittingIds()).as("listed by the batches of rows").isEmpty();
    assertThat(recorded.rowBatches()).isEqualTo(3);
    assertThat(lastRows.stream().map(b -> b.sittingIds().size())).containsExactly(128, 128, 44);
    assertThat(lastRows.stream().map(SessionResultRowsListed::firstRow))
        .containsExactly(0, 128, 256);
    List<String> listed = lastRows.stream().flatMap(b -> b.sittingIds().stream()).toList();
    assertThat(listed).hasSize(300).isSorted().doesNotContain("sitting-absent");
    for (SessionResultRowsListed batch : lastRows) {
      int from = batch.firstRow() * ITEMS.size();
      int to = (batch.firstRow() + batch.sittingIds().size()) * ITEMS.size();
      assertThat(batch.responseMatrixSha256())
          .isEqualTo(
              ResponseMatrixDigest.sha256Hex(
                  Arrays.copyOfRange(cells, from, to), batch.sittingIds().size(), ITEMS.size()));
    }
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

  /**
   * Every recorded item equals scoring-core's own estimate (the conversion to the event and back is
   * exact), and every recomputed θ and SE equals scoring-core's estimate from its own calibration.
   */
  private void assertRecordedAndRecomputedExactly(
      SessionCalibration recorded, Calibration direct, byte[] cells, int n, AbilityMethod method) {
    assertThat(recorded.model()).isEqualTo(direct.model().name());
    assertThat(recorded.converged()).isEqualTo(direct.converged()).isTrue();
    assertThat(recorded.items().stream().map(CalibratedItem::itemId).toList()).isEqualTo(ITEMS);
    for (int i = 0; i < ITEMS.size(); i++) {
      ItemParameters expected = direct.items().get(i);
      CalibratedItem item = recorded.items().get(i);
      assertThat(item.discrimination()).isEqualTo(expected.discrimination());
      assertThat(item.difficulty()).isEqualTo(expected.difficulty());
      assertThat(item.guessing()).isEqualTo(expected.guessing());
      assertThat(item.thresholds())
          .containsExactly(Arrays.stream(expected.thresholds()).boxed().toArray(Double[]::new));
      assertThat(SessionResults.fromRecord(item)).as(ITEMS.get(i)).isEqualTo(expected);
    }
    assertThat(recorded.latentMean()).isEqualTo(direct.latentMean());
    assertThat(recorded.latentSd()).isEqualTo(direct.latentSd());
    assertThat(recorded.logLikelihood()).isEqualTo(direct.logLikelihood());
    assertThat(recorded.iterations()).isEqualTo(direct.iterations());
    assertThat(recorded.responseMatrixSha256())
        .isEqualTo(ResponseMatrixDigest.sha256Hex(cells, n, ITEMS.size()));
    // as the event store keeps it: Jackson 2 JSON, read back
    SessionCalibration stored;
    try {
      ObjectMapper json = new ObjectMapper();
      stored = json.readValue(json.writeValueAsString(recorded), SessionCalibration.class);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
    assertThat(stored).as("the JSON round trip is exact").isEqualTo(recorded);
    when(scores.finalisation(SESSION))
        .thenReturn(Optional.of(new SessionResultsFinalised(SESSION, stored, NOW, "admin-1")));

    SessionResults.Recomputed recomputed = recomputeAll();

    AbilityEstimator estimator = AbilityEstimator.of(direct);
    assertThat(recomputed.inputMatchesDigest()).isTrue();
    assertThat(recomputed.sittings()).hasSize(n);
    for (int c = 0; c < n; c++) {
      SessionResults.SittingResult r = recomputed.sittings().get(c);
      double[] expected =
          estimator.estimate(
              method, Arrays.copyOfRange(cells, c * ITEMS.size(), (c + 1) * ITEMS.size()));
      assertThat(r.sittingId()).isEqualTo(String.format("sitting-%03d", c));
      assertThat(r.theta()).isEqualTo(Double.isFinite(expected[0]) ? expected[0] : null);
      assertThat(r.standardError()).isEqualTo(Double.isFinite(expected[1]) ? expected[1] : null);
      assertThat(r.passed()).isEqualTo(SCALE.passed(expected[0]));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = IrtModel.class,
      names = {"PARTIAL_CREDIT", "GENERALIZED_PARTIAL_CREDIT"})
  void shouldRecordAPartialCreditCalibrationAndRecomputeScoringCoresAbilities(IrtModel model) {
    int n = 400;
    byte[] cells = session(n, 7, partialCreditItems(model == IrtModel.PARTIAL_CREDIT));

    SessionCalibration recorded = finalise(model, AbilityMethod.WLE);

    Calibration direct =
        MarginalCalibrator.calibrate(Responses.copyOf(cells, n, ITEMS.size()), model, SETTINGS);
    assertThat(recorded.guessingPrior()).as("no guessing in partial credit").isNull();
    assertThat(recorded.items().getLast().thresholds()).as("scores 0..3: three steps").hasSize(3);
    assertThat(recorded.items().getFirst().thresholds()).as("scores 0..2: two steps").hasSize(2);
    if (model == IrtModel.PARTIAL_CREDIT) {
      assertThat(recorded.items()).allSatisfy(i -> assertThat(i.discrimination()).isEqualTo(1));
      assertThat(recorded.latentSdSe()).as("σ is estimated under PCM").isNotNull();
    } else {
      assertThat(recorded.latentSd()).isEqualTo(1.0);
      assertThat(recorded.items().getFirst().discriminationSe()).isNotNull();
    }
    assertRecordedAndRecomputedExactly(recorded, direct, cells, n, AbilityMethod.WLE);
  }

  @Test
  void shouldRecordAThreePlCalibrationWithTheRequestedGuessingPrior() {
    int n = 500;
    double[] a = {0.8, 1.2, 1.5, 1.0, 1.8, 1.3};
    double[] b = {-1.0, -0.5, 0, 0.5, 0.8, 1.2};
    List<ItemParameters> truth = new ArrayList<>();
    for (int i = 0; i < a.length; i++) {
      truth.add(ItemParameters.threePl(a[i], b[i], 0.2));
    }
    byte[] cells = session(n, 11, truth);
    GuessingPrior prior = new GuessingPrior(4, 16);

    SessionCalibration recorded =
        finalise(
            new SessionResults.Options(
                IrtModel.THREE_PL, AbilityMethod.EAP, SCALE, SETTINGS, prior));

    Calibration direct =
        GeneralCalibrator.calibrate(
            Responses.copyOf(cells, n, ITEMS.size()),
            IrtModel.THREE_PL,
            SETTINGS,
            prior,
            Map.of(),
            cycle -> {});
    Calibration withDefaultPrior =
        MarginalCalibrator.calibrate(
            Responses.copyOf(cells, n, ITEMS.size()), IrtModel.THREE_PL, SETTINGS);
    assertThat(recorded.guessingPrior()).isEqualTo(new GuessingPriorDefinition(4, 16));
    assertThat(recorded.items().getFirst().guessing())
        .as("the requested prior, not the default, was used")
        .isNotEqualTo(withDefaultPrior.items().getFirst().guessing());
    assertThat(recorded.items())
        .allSatisfy(
            i -> {
              assertThat(i.guessing()).isBetween(0.0, 0.5);
              assertThat(i.guessingSe()).isNotNull();
              assertThat(i.thresholds()).isEmpty();
            });
    assertRecordedAndRecomputedExactly(recorded, direct, cells, n, AbilityMethod.EAP);
  }

  @Test
  void shouldRefuseUnderPartialCreditAScoreNobodyObtainedBelowTheItemsHighest() {
    // p2 is scored 0 or 2 only; p1 has every category 0..2
    int n = 60;
    Random random = new Random(3);
    for (int c = 0; c < n; c++) {
      handedIn(
          scored(
              String.format("sitting-%03d", c),
              2,
              c % 3,
              2 * random.nextInt(2),
              c % 2,
              (c + 1) % 2,
              c % 4 == 0 ? 1 : 0,
              c % 5 == 0 ? 0 : 1));
    }

    assertThatThrownBy(() -> finalise(IrtModel.PARTIAL_CREDIT, AbilityMethod.WLE))
        .isInstanceOf(RuleViolation.class)
        .hasMessageContaining("nobody scored 1 on item p2 (scores 0..2 are its categories")
        .extracting(e -> ((RuleViolation) e).type())
        .isEqualTo(ProblemType.CALIBRATION_NOT_POSSIBLE);
    verify(commands, never()).sendAndWait(any());
  }

  @Test
  void shouldNameEveryUnobtainedCategoryOfEveryItem() {
    byte[] cells = {0, 3, 1, 0, 3, 3};

    assertThatThrownBy(
            () ->
                ResponseMatrix.requireCalibratable(
                    List.of("p1", "p2"), cells, 3, IrtModel.GENERALIZED_PARTIAL_CREDIT))
        .hasMessageContaining("nobody scored 2 on item p1")
        .hasMessageContaining("nobody scored 1, 2 on item p2");
  }

  @Test
  void shouldRefuseScoresAboveOneUnderThreePl() {
    byte[] cells = {0, 1, 2, 0};

    assertThatThrownBy(
            () -> ResponseMatrix.requireCalibratable(List.of("p1"), cells, 4, IrtModel.THREE_PL))
        .hasMessageContaining("item p1 has scores up to 2 but THREE_PL needs 0/1 item scores");
  }

  @Test
  void shouldNameTheItemOfAColumnScoringCoreRefused() {
    assertThat(
            SessionResults.namingItems(
                "item=1 category=1 (of 0..2) was obtained by nobody; anchor items=[1]",
                List.of("p1", "p2")))
        .isEqualTo("item p2 category=1 (of 0..2) was obtained by nobody; anchor items=[1]");
  }

  @Test
  void shouldRecomputeTheSameEstimatesAsScoringCoreFromTheRecordedCalibration() {
    byte[] cells = twoPlSession();
    SessionCalibration recorded = finalise(IrtModel.TWO_PL, AbilityMethod.EAP);
    when(scores.finalisation(SESSION))
        .thenReturn(Optional.of(new SessionResultsFinalised(SESSION, recorded, NOW, "admin-1")));

    SessionResults.Recomputed recomputed = recomputeAll();

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

    List<SessionResults.SittingResult> rows = recomputeAll().sittings();

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
    SittingScored first = history.get("sitting-000").getFirst();
    double[] changed = new double[ITEMS.size()];
    first.itemScores().forEach(s -> changed[ITEMS.indexOf(s.itemId())] = 1 - s.score());
    history.put("sitting-000", List.of(scored("sitting-000", 2, changed)));

    assertThat(recomputeAll().inputMatchesDigest()).isFalse();
    assertThat(results.recompute(closedSession(), 0).inputMatchesDigest())
        .as("the batch holding sitting-000")
        .isFalse();
    assertThat(results.recompute(closedSession(), 1).inputMatchesDigest())
        .as("a batch whose rows did not change")
        .isTrue();
  }

  @Test
  void shouldRecomputeNoThetaForAScoreAboveTheCalibratedCategoriesInsteadOfFailing() {
    twoPlSession();
    SessionCalibration recorded = finalise(IrtModel.PARTIAL_CREDIT, AbilityMethod.WLE);
    when(scores.finalisation(SESSION))
        .thenReturn(Optional.of(new SessionResultsFinalised(SESSION, recorded, NOW, "admin-1")));
    history.put("sitting-000", List.of(scored("sitting-000", 2, 2, 1, 1, 0, 0, 1)));

    SessionResults.Recomputed recomputed = recomputeAll();

    assertThat(recomputed.inputMatchesDigest()).isFalse();
    SessionResults.SittingResult changed = recomputed.sittings().getFirst();
    assertThat(changed.sittingId()).isEqualTo("sitting-000");
    assertThat(changed.theta()).as("p1 was calibrated with categories 0..1 only").isNull();
    assertThat(changed.scaledScore()).isNull();
    assertThat(changed.passed()).isFalse();
    assertThat(recomputed.sittings().get(1).theta()).isNotNull();
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
