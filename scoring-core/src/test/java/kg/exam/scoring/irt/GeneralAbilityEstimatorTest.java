package kg.exam.scoring.irt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Abilities for 3PL and (generalized) partial credit items, checked against brute force written
 * independently of the estimator: numerical derivatives of the category probabilities from {@link
 * ItemParameters#categoryProbabilities}, bisection, and Simpson integration.
 */
class GeneralAbilityEstimatorTest {

  private static final byte NP = Responses.NOT_PRESENTED;

  private static final List<ItemParameters> THREE_PL =
      List.of(
          ItemParameters.threePl(1.2, -0.5, 0.2),
          ItemParameters.threePl(0.8, 0.3, 0.15),
          ItemParameters.threePl(1.7, 1.0, 0.25),
          ItemParameters.of(1.0, -1.0),
          ItemParameters.threePl(1.4, 0.0, 0.1),
          ItemParameters.threePl(2.0, 1.5, 0.2));

  private static final List<ItemParameters> GPCM =
      List.of(
          ItemParameters.partialCredit(1.0, -1.0, 0.5),
          ItemParameters.partialCredit(0.7, -0.5, 0.2, 1.3),
          ItemParameters.partialCredit(1.5, 0.3),
          ItemParameters.of(1.1, -0.4),
          ItemParameters.partialCredit(1.2, -1.5, -0.2, 0.8, 1.6),
          ItemParameters.threePl(1.3, 0.4, 0.2));

  /** Equal discriminations, no guessing: complete patterns are looked up by raw score. */
  private static final List<ItemParameters> PCM =
      List.of(
          ItemParameters.partialCredit(1.0, -1.0, 0.5),
          ItemParameters.partialCredit(1.0, -0.5, 0.2, 1.3),
          ItemParameters.of(1.0, 0.4),
          ItemParameters.partialCredit(1.0, -1.5, -0.2, 0.8, 1.6),
          ItemParameters.of(1.0, -0.7));

  record Case(String name, List<ItemParameters> items, byte[][] patterns) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case(
            "3PL",
            THREE_PL,
            new byte[][] {
              {1, 1, 0, 0, 0, 1},
              {1, 0, 1, 1, 0, 1},
              {0, 0, 0, 1, 0, 0},
              {1, 1, 1, 1, 0, 1},
              {1, NP, 0, NP, 1, 1},
              {1, 1, 1, 1, 1, 1},
              {0, 0, 0, 0, 0, 0}
            }),
        new Case(
            "GPCM with 2PL and 3PL items",
            GPCM,
            new byte[][] {
              {1, 2, 1, 0, 2, 1},
              {0, 0, 1, 1, 4, 0},
              {2, 3, 0, 1, 1, 1},
              {0, 1, 0, 0, 0, 0},
              {2, NP, 1, NP, 3, 0},
              {2, 3, 1, 1, 4, 1},
              {0, 0, 0, 0, 0, 0}
            }),
        new Case(
            "PCM with Rasch items",
            PCM,
            new byte[][] {
              {1, 2, 1, 0, 1},
              {2, 0, 0, 3, 1},
              {0, 1, 0, 0, 0},
              {2, 3, 1, 3, 1},
              {NP, 2, NP, 1, 0},
              {2, 3, 1, 4, 1},
              {0, 0, 0, 0, 0}
            }));
  }

  private static double[] categories(ItemParameters item, double theta) {
    double[] p = new double[item.maxScore() + 1];
    item.categoryProbabilities(theta, p);
    return p;
  }

  private static double logLikelihood(List<ItemParameters> items, byte[] pattern, double theta) {
    double sum = 0;
    for (int i = 0; i < pattern.length; i++) {
      if (pattern[i] != NP) {
        sum += Math.log(categories(items.get(i), theta)[pattern[i]]);
      }
    }
    return sum;
  }

  private static double score(List<ItemParameters> items, byte[] pattern, double theta) {
    double h = 1e-5;
    return (logLikelihood(items, pattern, theta + h) - logLikelihood(items, pattern, theta - h))
        / (2 * h);
  }

  /**
   * {@code {I, J}} summed over presented items: {@code I = Σ_x P'_x² / P_x}, {@code J = Σ_x P'_x
   * P''_x / P_x}, with P' and P'' central differences of the category probabilities.
   */
  private static double[] informationAndJ(
      List<ItemParameters> items, byte[] pattern, double theta) {
    double h = 1e-4;
    double information = 0;
    double j = 0;
    for (int i = 0; i < pattern.length; i++) {
      if (pattern[i] == NP) {
        continue;
      }
      ItemParameters item = items.get(i);
      double[] up = categories(item, theta + h);
      double[] mid = categories(item, theta);
      double[] down = categories(item, theta - h);
      for (int x = 0; x < mid.length; x++) {
        double first = (up[x] - down[x]) / (2 * h);
        double second = (up[x] - 2 * mid[x] + down[x]) / (h * h);
        information += first * first / mid[x];
        j += first * second / mid[x];
      }
    }
    return new double[] {information, j};
  }

  /** Warm's estimating function {@code l'(θ) + J / (2 I)}, all numerical. */
  private static double warm(List<ItemParameters> items, byte[] pattern, double theta) {
    double[] ij = informationAndJ(items, pattern, theta);
    return score(items, pattern, theta) + ij[1] / (2 * ij[0]);
  }

  private static double bisect(DoubleUnaryOperator decreasing) {
    double lo = -20;
    double hi = 20;
    for (int i = 0; i < 200; i++) {
      double mid = 0.5 * (lo + hi);
      if (decreasing.applyAsDouble(mid) > 0) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  private static boolean extreme(List<ItemParameters> items, byte[] pattern) {
    int total = 0;
    int highest = 0;
    for (int i = 0; i < pattern.length; i++) {
      if (pattern[i] != NP) {
        total += pattern[i];
        highest += items.get(i).maxScore();
      }
    }
    return total == 0 || total == highest;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldMatchMaximumLikelihoodFoundByBisectionOfNumericalScore(Case testCase) {
    AbilityEstimator estimator = AbilityEstimator.standardNormalPrior(testCase.items());
    for (byte[] pattern : testCase.patterns()) {
      if (extreme(testCase.items(), pattern)) {
        continue;
      }
      double expected = bisect(theta -> score(testCase.items(), pattern, theta));

      double[] estimate = estimator.estimate(AbilityMethod.MLE, pattern);

      assertThat(estimate[0])
          .as("MLE of %s", Arrays.toString(pattern))
          .isCloseTo(expected, within(1e-6));
      assertThat(estimate[1])
          .as("SE of %s", Arrays.toString(pattern))
          .isCloseTo(
              1 / Math.sqrt(informationAndJ(testCase.items(), pattern, expected)[0]), within(1e-6));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldMatchWarmEstimatorFoundByBisectionOfNumericalWarmFunction(Case testCase) {
    AbilityEstimator estimator = AbilityEstimator.standardNormalPrior(testCase.items());
    for (byte[] pattern : testCase.patterns()) {
      double expected = bisect(theta -> warm(testCase.items(), pattern, theta));

      double[] estimate = estimator.estimate(AbilityMethod.WLE, pattern);

      assertThat(estimate[0])
          .as("WLE of %s", Arrays.toString(pattern))
          .isCloseTo(expected, within(1e-6));
      assertThat(estimate[1])
          .as("SE of %s", Arrays.toString(pattern))
          .isCloseTo(
              1 / Math.sqrt(informationAndJ(testCase.items(), pattern, expected)[0]), within(1e-6));
    }
  }

  /**
   * Without guessing J = I' (exponential family), so the WLE maximises the weighted likelihood
   * {@code l(θ) + ½ log I(θ)} (Warm 1989); differentiated numerically here.
   */
  @Test
  void shouldMaximiseTheWeightedLikelihoodForPartialCreditItems() {
    for (Case testCase : List.of(cases().get(2))) {
      AbilityEstimator estimator = AbilityEstimator.standardNormalPrior(testCase.items());
      for (byte[] pattern : testCase.patterns()) {
        DoubleUnaryOperator weighted =
            theta ->
                logLikelihood(testCase.items(), pattern, theta)
                    + 0.5 * Math.log(informationAndJ(testCase.items(), pattern, theta)[0]);
        double expected =
            bisect(
                theta ->
                    (weighted.applyAsDouble(theta + 1e-5) - weighted.applyAsDouble(theta - 1e-5))
                        / 2e-5);

        assertThat(estimator.estimate(AbilityMethod.WLE, pattern)[0])
            .as("WLE of %s", Arrays.toString(pattern))
            .isCloseTo(expected, within(1e-6));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldMatchEapBySimpsonIntegrationOnFineGrid(Case testCase) {
    double priorMean = 0.2;
    double priorSd = 1.1;
    AbilityEstimator estimator = new AbilityEstimator(testCase.items(), priorMean, priorSd, 121);
    for (byte[] pattern : testCase.patterns()) {
      int steps = 20000;
      double lo = priorMean - 6 * priorSd;
      double hi = priorMean + 6 * priorSd;
      double h = (hi - lo) / steps;
      double m0 = 0;
      double m1 = 0;
      double m2 = 0;
      for (int s = 0; s <= steps; s++) {
        double theta = lo + s * h;
        double weight = (s == 0 || s == steps) ? 1 : (s % 2 == 1 ? 4 : 2);
        double standard = (theta - priorMean) / priorSd;
        double density =
            Math.exp(logLikelihood(testCase.items(), pattern, theta) - 0.5 * standard * standard)
                * weight;
        m0 += density;
        m1 += density * theta;
        m2 += density * theta * theta;
      }
      double mean = m1 / m0;
      double sd = Math.sqrt(m2 / m0 - mean * mean);

      double[] estimate = estimator.estimate(AbilityMethod.EAP, pattern);

      assertThat(estimate[0])
          .as("EAP of %s", Arrays.toString(pattern))
          .isCloseTo(mean, within(1e-6));
      assertThat(estimate[1]).isCloseTo(sd, within(1e-6));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldReportInfiniteMleForAllZeroAndAllMaximumPatternsAndFiniteWleAndEap(Case testCase) {
    AbilityEstimator estimator = AbilityEstimator.standardNormalPrior(testCase.items());
    byte[][] patterns = testCase.patterns();
    byte[] top = patterns[patterns.length - 2];
    byte[] zero = patterns[patterns.length - 1];

    assertThat(estimator.estimate(AbilityMethod.MLE, top))
        .containsExactly(Double.POSITIVE_INFINITY, Double.NaN);
    assertThat(estimator.estimate(AbilityMethod.MLE, zero))
        .containsExactly(Double.NEGATIVE_INFINITY, Double.NaN);
    for (AbilityMethod method : List.of(AbilityMethod.WLE, AbilityMethod.EAP)) {
      double[] best = estimator.estimate(method, top);
      double[] worst = estimator.estimate(method, zero);
      assertThat(best[0]).as("%s top", method).isFinite().isGreaterThan(1);
      assertThat(worst[0]).as("%s zero", method).isFinite().isLessThan(-1);
      assertThat(best[1]).isFinite().isPositive();
      assertThat(worst[1]).isFinite().isPositive();
    }
  }

  @Test
  void shouldGiveTestInformationEqualToNumericalFisherInformation() {
    for (Case testCase : cases()) {
      byte[] all = new byte[testCase.items().size()];
      for (double theta = -4; theta <= 4; theta += 0.5) {
        double expected = informationAndJ(testCase.items(), all, theta)[0];

        assertThat(TestInformation.at(testCase.items(), theta))
            .as("%s at %s", testCase, theta)
            .isCloseTo(expected, within(1e-6));
        assertThat(TestInformation.conditionalSem(testCase.items(), theta))
            .isCloseTo(1 / Math.sqrt(expected), within(1e-6));
      }
    }
  }

  @Test
  void shouldGiveExactlyThe2plResultsForA3plItemWithoutGuessing() {
    List<ItemParameters> twoPl = List.of(ItemParameters.of(1.3, 0.2), GPCM.get(0), GPCM.get(1));
    List<ItemParameters> threePl =
        List.of(ItemParameters.threePl(1.3, 0.2, 0), GPCM.get(0), GPCM.get(1));
    byte[][] patterns = {{1, 1, 2}, {0, 2, 0}, {1, NP, 3}, {0, 0, 0}};
    AbilityEstimator expected = AbilityEstimator.standardNormalPrior(twoPl);
    AbilityEstimator actual = AbilityEstimator.standardNormalPrior(threePl);
    for (AbilityMethod method : AbilityMethod.values()) {
      for (byte[] pattern : patterns) {
        assertThat(actual.estimate(method, pattern))
            .containsExactly(expected.estimate(method, pattern));
      }
    }
    assertThat(TestInformation.at(threePl, 0.7)).isEqualTo(TestInformation.at(twoPl, 0.7));
  }

  @Test
  void shouldGiveTheFastPathResultsOnTheGeneralPathFor2plItems() {
    List<ItemParameters> items =
        List.of(
            ItemParameters.of(0.8, -1.2),
            ItemParameters.of(1.4, -0.3),
            ItemParameters.of(2.1, 0.9),
            ItemParameters.of(1.2, -2.0));
    Responses responses = Simulated.responses(items, 500, 1.0, 0.1, 5);
    // the fast path's direct solve (not its weighted-score tables, which WeightedScoreAbilityTest
    // compares with the direct solve): the same Newton iterations as the general path
    AbilityEstimator fast = new AbilityEstimator(items, 0.1, 0.9, 61, false, false);
    AbilityEstimator general = new AbilityEstimator(items, 0.1, 0.9, 61, true);
    for (AbilityMethod method : AbilityMethod.values()) {
      Abilities expected = fast.estimate(method, responses, 1);
      Abilities actual = general.estimate(method, responses, 1);
      for (int c = 0; c < responses.candidateCount(); c++) {
        assertThat(actual.theta(c)).isCloseTo(expected.theta(c), within(1e-12));
        if (Double.isNaN(expected.standardError(c))) {
          assertThat(actual.standardError(c)).isNaN();
        } else {
          assertThat(actual.standardError(c)).isCloseTo(expected.standardError(c), within(1e-12));
        }
      }
    }
  }

  @Test
  void shouldLookUpPartialCreditEstimatesByRawScoreWithTheValueOfAnyPatternOfThatScore() {
    AbilityEstimator estimator = AbilityEstimator.standardNormalPrior(PCM);
    // raw score 6 in two ways; the first equals the table's representative pattern (items filled in
    // order), the second is solved like it: the raw score is sufficient
    byte[] first = {2, 3, 1, 0, 0};
    byte[] second = {0, 1, 1, 3, 1};
    for (AbilityMethod method : AbilityMethod.values()) {
      double[] a = estimator.estimate(method, first);
      double[] b = estimator.estimate(method, second);

      assertThat(a[0]).as("%s", method).isCloseTo(b[0], within(1e-12));
      assertThat(b[0])
          .isCloseTo(
              new AbilityEstimator(PCM, 0, 1, 61, true).estimate(method, second)[0], within(1e-12));
    }
  }

  @Test
  void shouldRefuseAScoreAboveTheItemsMaximumNamingCandidateItemAndScore() {
    AbilityEstimator estimator = AbilityEstimator.standardNormalPrior(GPCM);
    byte[] cells = new byte[3 * 6];
    cells[2 * 6 + 3] = 2;

    assertThatThrownBy(() -> estimator.estimate(AbilityMethod.WLE, Responses.wrap(cells, 3, 6), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("candidate=2")
        .hasMessageContaining("item=3")
        .hasMessageContaining("score=2");
    assertThatThrownBy(() -> estimator.estimate(AbilityMethod.EAP, new byte[] {3, 0, 0, 0, 0, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item=0")
        .hasMessageContaining("score=3");
    assertThatThrownBy(
            () ->
                AbilityEstimator.standardNormalPrior(ITEMS_2PL)
                    .estimate(AbilityMethod.MLE, new byte[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("item=1")
        .hasMessageContaining("score=2");
  }

  private static final List<ItemParameters> ITEMS_2PL =
      List.of(ItemParameters.of(1.0, 0.0), ItemParameters.of(1.5, 0.5));

  /** Seeded responses drawn from the items' category probabilities. */
  static Responses simulate(List<ItemParameters> items, int candidates, long seed) {
    return simulate(items, new double[candidates], seed);
  }

  /**
   * @param abilities receives the generating θ ~ N(0, 1), one per candidate
   */
  static Responses simulate(List<ItemParameters> items, double[] abilities, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int candidates = abilities.length;
    byte[] cells = new byte[candidates * items.size()];
    for (int c = 0; c < candidates; c++) {
      double theta = Simulated.gaussian(random);
      abilities[c] = theta;
      for (int i = 0; i < items.size(); i++) {
        double[] p = categories(items.get(i), theta);
        double u = random.nextDouble();
        int x = 0;
        for (double cumulative = p[0]; u > cumulative && x < p.length - 1; ) {
          cumulative += p[++x];
        }
        cells[c * items.size() + i] = random.nextDouble() < 0.1 ? NP : (byte) x;
      }
    }
    return Responses.wrap(cells, candidates, items.size());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void shouldEstimateBatchLikeOneByOneWhateverTheThreadCount(Case testCase) {
    Responses responses = simulate(testCase.items(), 10000, 31);
    AbilityEstimator estimator = AbilityEstimator.standardNormalPrior(testCase.items());
    for (AbilityMethod method : AbilityMethod.values()) {
      Abilities one = estimator.estimate(method, responses, 1);
      Abilities two = estimator.estimate(method, responses, 2);
      for (int c = 0; c < responses.candidateCount(); c++) {
        assertThat(Double.valueOf(one.theta(c))).isEqualTo(Double.valueOf(two.theta(c)));
        assertThat(Double.valueOf(one.standardError(c)))
            .isEqualTo(Double.valueOf(two.standardError(c)));
        if (c % 997 == 0) {
          byte[] row = new byte[testCase.items().size()];
          for (int i = 0; i < row.length; i++) {
            row[i] = responses.cell(c, i);
          }
          double[] single = estimator.estimate(method, row);
          assertThat(Double.valueOf(one.theta(c))).isEqualTo(Double.valueOf(single[0]));
          assertThat(Double.valueOf(one.standardError(c))).isEqualTo(Double.valueOf(single[1]));
        }
      }
    }
  }

  /**
   * Failing the easy, weakly discriminating item while passing the hard, sharp one: near θ = −∞ the
   * failed item's −a σ falls off slowest, so the likelihood rises towards −∞, yet there is a local
   * maximum near the hard item. From θ = 0 the solver climbs to that local maximum.
   */
  @Test
  void shouldReturnTheLocalMaximumReachedFromZeroWhenThe3plLikelihoodIsBimodal() {
    List<ItemParameters> items =
        List.of(ItemParameters.threePl(0.4, -3, 0.2), ItemParameters.threePl(3.0, 0.5, 0.2));
    byte[] pattern = {0, 1};
    AbilityEstimator estimator = AbilityEstimator.standardNormalPrior(items);

    double[] estimate = estimator.estimate(AbilityMethod.MLE, pattern);

    assertThat(score(items, pattern, -30)).isNegative();
    assertThat(logLikelihood(items, pattern, -60))
        .isGreaterThan(logLikelihood(items, pattern, estimate[0]));
    assertThat(estimate[0]).isFinite();
    assertThat(score(items, pattern, estimate[0])).isCloseTo(0, within(1e-6));
    assertThat(score(items, pattern, estimate[0] - 0.01)).isPositive();
    assertThat(score(items, pattern, estimate[0] + 0.01)).isNegative();
  }

  /** The same items with the hard one failed too: the likelihood rises all the way to −∞. */
  @Test
  void shouldReportMinusInfinityWhenThe3plLikelihoodRisesAllTheWayDown() {
    List<ItemParameters> items =
        List.of(
            ItemParameters.threePl(0.4, -3, 0.2),
            ItemParameters.threePl(3.0, 0.5, 0.2),
            ItemParameters.threePl(3.0, 2.5, 0.2));
    byte[] pattern = {0, 0, 1};
    AbilityEstimator estimator = AbilityEstimator.standardNormalPrior(items);

    double[] estimate = estimator.estimate(AbilityMethod.MLE, pattern);

    for (double theta = -40; theta <= 0; theta += 0.25) {
      assertThat(score(items, pattern, theta)).as("score at %s", theta).isNegative();
    }
    assertThat(estimate).containsExactly(Double.NEGATIVE_INFINITY, Double.NaN);
    assertThat(estimator.estimate(AbilityMethod.WLE, pattern)[0]).isFinite();
  }
}
