package kg.exam.scoring.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import kg.exam.scoring.Form;
import kg.exam.scoring.FormScorer;
import kg.exam.scoring.Item;
import kg.exam.scoring.ItemKey;
import kg.exam.scoring.ItemType;
import kg.exam.scoring.ScoringPolicy;
import kg.exam.scoring.batch.BatchResult;
import kg.exam.scoring.batch.BatchScorer;
import kg.exam.scoring.batch.KeyedForm;
import kg.exam.scoring.batch.ResponseMatrix;
import org.junit.jupiter.api.Test;

/**
 * Checks the formulas against values computed by hand. The five-candidate example: item scores 111,
 * 110, 100, 010, 000; p = 0.6, 0.6, 0.2; item variances p(1-p) = 0.24, 0.24, 0.16 (sum 0.64);
 * totals 3, 2, 1, 1, 0 with mean 1.4 and variance 3 - 1.96 = 1.04.
 */
class ItemAnalysisTest {

  private static final double EPS = 1e-9;
  private static final double[] FIVE_BY_THREE = {
    1, 1, 1,
    1, 1, 0,
    1, 0, 0,
    0, 1, 0,
    0, 0, 0
  };

  private static TestAnalysis fiveByThree() {
    return ItemAnalysis.analyse(
        List.of("i1", "i2", "i3"), new double[] {1, 1, 1}, FIVE_BY_THREE, 1);
  }

  @Test
  void shouldComputeDifficultyAsShareCorrect() {
    TestAnalysis analysis = fiveByThree();

    assertThat(analysis.items())
        .extracting(ItemStatistics::difficulty)
        .containsExactly(0.6, 0.6, 0.2);
  }

  @Test
  void shouldComputeKr20ForDichotomousItems() {
    TestAnalysis analysis = fiveByThree();

    assertThat(analysis.dichotomous()).isTrue();
    assertThat(analysis.kr20()).isCloseTo(1.5 * (1 - 0.64 / 1.04), within(EPS));
    assertThat(analysis.kr20()).isCloseTo(0.576923077, within(1e-9));
  }

  @Test
  void shouldComputeTotalMomentsAsPopulationMoments() {
    TestAnalysis analysis = fiveByThree();

    assertThat(analysis.meanTotal()).isCloseTo(1.4, within(EPS));
    assertThat(analysis.standardDeviation()).isCloseTo(Math.sqrt(1.04), within(EPS));
    assertThat(analysis.minTotal()).isEqualTo(0.0);
    assertThat(analysis.maxTotal()).isEqualTo(3.0);
  }

  @Test
  void shouldComputePointBiserialItemTotalCorrelation() {
    ItemStatistics item1 = fiveByThree().items().get(0);

    // cov(x1, T) = (3 + 2 + 1) / 5 - 0.6 * 1.4 = 0.36
    assertThat(item1.itemTotalCorrelation()).isCloseTo(0.36 / Math.sqrt(0.24 * 1.04), within(EPS));
  }

  @Test
  void shouldComputeCorrectedItemRestCorrelation() {
    TestAnalysis analysis = fiveByThree();

    // item 1: rest = 2,1,0,1,0, variance 0.56, cov(x1, rest) = 0.6 - 0.6 * 0.8 = 0.12
    assertThat(analysis.items().get(0).itemRestCorrelation())
        .isCloseTo(0.12 / Math.sqrt(0.24 * 0.56), within(EPS));
    // item 3: rest = 2,2,1,1,0, variance 0.56, cov(x3, rest) = 0.4 - 0.2 * 1.2 = 0.16
    assertThat(analysis.items().get(2).itemRestCorrelation())
        .isCloseTo(0.16 / Math.sqrt(0.16 * 0.56), within(EPS));
  }

  @Test
  void shouldComputeAlphaIfItemDeleted() {
    ItemStatistics item1 = fiveByThree().items().get(0);

    // items 2 and 3 alone: 2/1 * (1 - (0.24 + 0.16) / 0.56)
    assertThat(item1.alphaIfDeleted()).isCloseTo(2 * (1 - 0.40 / 0.56), within(EPS));
  }

  @Test
  void shouldComputeStandardErrorOfMeasurement() {
    TestAnalysis analysis = fiveByThree();

    // sqrt(1.04 * (1 - 0.6 / 1.04)) = sqrt(0.44)
    assertThat(analysis.standardErrorOfMeasurement()).isCloseTo(Math.sqrt(0.44), within(EPS));
  }

  @Test
  void shouldCountScoreDistributionPerPoint() {
    assertThat(fiveByThree().distribution().counts()).containsExactly(1L, 2L, 1L, 1L);
  }

  @Test
  void shouldComputeCronbachAlphaForPolytomousItems() {
    // two 2-point items, three candidates: (2,2), (1,0), (0,1)
    // item variances: mean 1, var (1+0+1)/3 = 2/3 each; totals 4,1,1: mean 2, var (4+1+1)/3 = 2
    TestAnalysis analysis =
        ItemAnalysis.analyse(
            List.of("a", "b"), new double[] {2, 2}, new double[] {2, 2, 1, 0, 0, 1}, 1);

    assertThat(analysis.dichotomous()).isFalse();
    assertThat(analysis.alpha()).isCloseTo(2 * (1 - (4.0 / 3) / 2), within(EPS));
    assertThat(analysis.kr20()).isNaN();
  }

  @Test
  void shouldReportUndefinedCorrelationForItemEverybodyAnsweredAlike() {
    TestAnalysis analysis =
        ItemAnalysis.analyse(
            List.of("a", "b"), new double[] {1, 1}, new double[] {1, 1, 1, 0, 1, 0}, 1);

    assertThat(analysis.items().get(0).itemTotalCorrelation()).isNaN();
  }

  private static Form choiceForm() {
    List<Item> items = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      items.add(
          Item.of(
              "i" + i,
              "s",
              ItemType.SINGLE_CHOICE,
              1,
              List.of("A", "B", "C"),
              ItemKey.matchCorrect("A")));
    }
    return new Form("choices", items, ScoringPolicy.defaults());
  }

  private static byte[] cells(KeyedForm form, String... rows) {
    byte[] cells = new byte[rows.length * 3];
    for (int c = 0; c < rows.length; c++) {
      for (int i = 0; i < 3; i++) {
        char option = rows[c].charAt(i);
        cells[c * 3 + i] =
            option == '-' ? KeyedForm.UNANSWERED : form.encode(i, List.of(String.valueOf(option)));
      }
    }
    return cells;
  }

  @Test
  void shouldAnalyseDistractorsWithSharesMeansAndGroups() {
    KeyedForm form = KeyedForm.of(choiceForm());
    // totals: 3, 2, 1, 1, 0; group size round(0.27 * 5) = 1: upper = row 0, lower = row 4
    ResponseMatrix responses =
        ResponseMatrix.wrap(cells(form, "AAA", "AAB", "ABC", "BA-", "CBB"), 5, 3);

    List<OptionStatistics> item1 =
        ItemAnalysis.analyse(form, responses, 1).items().get(0).options();

    assertThat(item1)
        .containsExactly(
            new OptionStatistics("A", true, 3, 0.6, 2.0, 1.0, 0.0, false),
            new OptionStatistics("B", false, 1, 0.2, 1.0, 0.0, 0.0, false),
            new OptionStatistics("C", false, 1, 0.2, 0.0, 0.0, 1.0, false),
            new OptionStatistics(
                ItemAnalysis.UNANSWERED_OPTION, false, 0, 0.0, Double.NaN, 0.0, 0.0, false));
  }

  @Test
  void shouldCountUnansweredAsPseudoOption() {
    KeyedForm form = KeyedForm.of(choiceForm());
    ResponseMatrix responses =
        ResponseMatrix.wrap(cells(form, "AAA", "AAB", "ABC", "BA-", "CBB"), 5, 3);

    OptionStatistics unanswered =
        ItemAnalysis.analyse(form, responses, 1).items().get(2).options().get(3);

    assertThat(unanswered.optionId()).isEqualTo(ItemAnalysis.UNANSWERED_OPTION);
    assertThat(unanswered.count()).isEqualTo(1);
    assertThat(unanswered.meanTotal()).isEqualTo(1.0);
  }

  @Test
  void shouldFlagDistractorChosenMoreByUpperGroupThanLower() {
    KeyedForm form = KeyedForm.of(choiceForm());
    // totals 1, 0, 2, 1: upper = row 2 (chose B on item 3), lower = row 1 (chose C)
    ResponseMatrix responses = ResponseMatrix.wrap(cells(form, "BBA", "CCC", "AAB", "ACC"), 4, 3);

    List<OptionStatistics> item3 =
        ItemAnalysis.analyse(form, responses, 1).items().get(2).options();

    assertThat(item3)
        .filteredOn(OptionStatistics::flagged)
        .extracting(OptionStatistics::optionId)
        .containsExactly("B");
  }

  @Test
  void shouldBreakTiesAtGroupCutByRowOrder() {
    KeyedForm form = KeyedForm.of(choiceForm());
    // four candidates all with total 1: group size 1; lower takes the first row, upper the last
    ResponseMatrix responses = ResponseMatrix.wrap(cells(form, "ABB", "BAB", "BBA", "ACC"), 4, 3);

    OptionStatistics item1KeyOption =
        ItemAnalysis.analyse(form, responses, 1).items().get(0).options().get(0);

    assertThat(item1KeyOption.lowerGroupShare()).isEqualTo(1.0);
    assertThat(item1KeyOption.upperGroupShare()).isEqualTo(1.0);
  }

  @Test
  void shouldAgreeBetweenKeyedAndGeneralPaths() {
    Form form = choiceForm();
    KeyedForm keyed = KeyedForm.of(form);
    Random random = new Random(5);
    int n = 2_000;
    String[] rows = new String[n];
    List<List<List<String>>> sittings = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      StringBuilder row = new StringBuilder();
      List<List<String>> sitting = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        char option = "AAABC-".charAt(random.nextInt(6));
        row.append(option);
        sitting.add(option == '-' ? null : List.of(String.valueOf(option)));
      }
      rows[c] = row.toString();
      sittings.add(sitting);
    }
    BatchResult general = BatchScorer.score(FormScorer.prepare(form), sittings, 2);

    TestAnalysis fromGeneral = ItemAnalysis.analyse(general, sittings, 2);
    TestAnalysis fromKeyed =
        ItemAnalysis.analyse(keyed, ResponseMatrix.wrap(cells(keyed, rows), n, 3), 2);

    assertThat(fromGeneral.alpha()).isCloseTo(fromKeyed.alpha(), within(EPS));
    for (int i = 0; i < 3; i++) {
      assertThat(fromGeneral.items().get(i).itemRestCorrelation())
          .isCloseTo(fromKeyed.items().get(i).itemRestCorrelation(), within(EPS));
      assertThat(fromGeneral.items().get(i).options())
          .isEqualTo(fromKeyed.items().get(i).options());
    }
  }

  @Test
  void shouldGiveIdenticalResultsForAnyThreadCount() {
    Random random = new Random(6);
    int n = 100_000;
    int items = 20;
    double[] scores = new double[n * items];
    for (int c = 0; c < n; c++) {
      double ability = random.nextGaussian();
      for (int i = 0; i < items; i++) {
        scores[c * items + i] = random.nextGaussian() + ability > (i - 10) / 5.0 ? 1 : 0;
      }
    }
    List<String> ids = new ArrayList<>();
    double[] max = new double[items];
    for (int i = 0; i < items; i++) {
      ids.add("q" + i);
      max[i] = 1;
    }

    TestAnalysis one = ItemAnalysis.analyse(ids, max, scores, 1);

    for (int threads : new int[] {2, 3, 8}) {
      assertThat(ItemAnalysis.analyse(ids, max, scores, threads)).isEqualTo(one);
    }
  }
}
