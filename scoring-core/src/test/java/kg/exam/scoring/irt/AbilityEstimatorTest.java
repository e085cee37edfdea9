package kg.exam.scoring.irt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AbilityEstimatorTest {

  private static final byte NP = Responses.NOT_PRESENTED;

  private static final List<ItemParameters> ITEMS =
      List.of(
          ItemParameters.of(0.8, -1.2),
          ItemParameters.of(1.4, -0.3),
          ItemParameters.of(1.0, 0.2),
          ItemParameters.of(2.1, 0.9),
          ItemParameters.of(0.6, 1.7),
          ItemParameters.of(1.2, -2.0));

  private static final byte[][] PATTERNS = {
    {1, 1, 0, 0, 0, 1},
    {1, 0, 1, 1, 0, 1},
    {0, 0, 0, 0, 0, 1},
    {1, 1, 1, 1, 0, 1},
    {1, NP, 0, NP, 1, 1},
    {1, 1, 1, 1, 1, 1},
    {0, 0, 0, 0, 0, 0}
  };

  /** Log-likelihood of a pattern, written independently of the estimator. */
  private static double logLikelihood(byte[] pattern, double theta) {
    double sum = 0;
    for (int i = 0; i < pattern.length; i++) {
      if (pattern[i] != NP) {
        double p = ITEMS.get(i).probability(theta);
        sum += Math.log(pattern[i] == 1 ? p : 1 - p);
      }
    }
    return sum;
  }

  private static double information(byte[] pattern, double theta) {
    double sum = 0;
    for (int i = 0; i < pattern.length; i++) {
      if (pattern[i] != NP) {
        double p = ITEMS.get(i).probability(theta);
        double a = ITEMS.get(i).discrimination();
        sum += a * a * p * (1 - p);
      }
    }
    return sum;
  }

  /** Warm's weighted log-likelihood ℓ(θ) + ½ log I(θ), differentiated numerically. */
  private static double warmEquation(byte[] pattern, double theta) {
    double h = 1e-5;
    double weightedUp =
        logLikelihood(pattern, theta + h) + 0.5 * Math.log(information(pattern, theta + h));
    double weightedDown =
        logLikelihood(pattern, theta - h) + 0.5 * Math.log(information(pattern, theta - h));
    return (weightedUp - weightedDown) / (2 * h);
  }

  private static double bisect(java.util.function.DoubleUnaryOperator decreasing) {
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

  @Test
  void shouldMatchBruteForceEapOnFineSimpsonGrid() {
    AbilityEstimator estimator = new AbilityEstimator(ITEMS, 0.2, 1.1, 61);
    for (byte[] pattern : PATTERNS) {
      int steps = 20000;
      double lo = -12;
      double hi = 12;
      double h = (hi - lo) / steps;
      double m0 = 0;
      double m1 = 0;
      double m2 = 0;
      for (int s = 0; s <= steps; s++) {
        double theta = lo + s * h;
        double weight = (s == 0 || s == steps) ? 1 : (s % 2 == 1 ? 4 : 2);
        double standard = (theta - 0.2) / 1.1;
        double density =
            Math.exp(logLikelihood(pattern, theta) - 0.5 * standard * standard) * weight;
        m0 += density;
        m1 += density * theta;
        m2 += density * theta * theta;
      }
      double mean = m1 / m0;
      double sd = Math.sqrt(m2 / m0 - mean * mean);

      double[] estimate = estimator.estimate(AbilityMethod.EAP, pattern);

      assertThat(estimate[0]).isCloseTo(mean, within(5e-4));
      assertThat(estimate[1]).isCloseTo(sd, within(5e-4));
    }
  }

  @Test
  void shouldMatchWarmEstimatorFoundByBisectionOfNumericalDerivative() {
    AbilityEstimator estimator = AbilityEstimator.standardNormalPrior(ITEMS);
    for (byte[] pattern : PATTERNS) {
      double expected = bisect(theta -> warmEquation(pattern, theta));

      double[] estimate = estimator.estimate(AbilityMethod.WLE, pattern);

      assertThat(estimate[0])
          .as("WLE of %s", java.util.Arrays.toString(pattern))
          .isCloseTo(expected, within(5e-5));
      assertThat(estimate[1])
          .isCloseTo(1 / Math.sqrt(information(pattern, expected)), within(5e-5));
    }
  }

  @Test
  void shouldMatchMaximumLikelihoodFoundByBisectionOfNumericalScore() {
    AbilityEstimator estimator = AbilityEstimator.standardNormalPrior(ITEMS);
    for (byte[] pattern : java.util.Arrays.copyOf(PATTERNS, 5)) {
      double expected =
          bisect(
              theta ->
                  (logLikelihood(pattern, theta + 1e-5) - logLikelihood(pattern, theta - 1e-5))
                      / 2e-5);

      double[] estimate = estimator.estimate(AbilityMethod.MLE, pattern);

      assertThat(estimate[0]).isCloseTo(expected, within(5e-5));
    }
  }

  @Test
  void shouldLookUpRaschEstimatesByRawScoreWithTheSameValuesAsForAnyPatternOfThatScore() {
    List<ItemParameters> rasch =
        List.of(
            ItemParameters.of(1, -1),
            ItemParameters.of(1, 0),
            ItemParameters.of(1, 0.5),
            ItemParameters.of(1, 2));
    AbilityEstimator estimator = AbilityEstimator.standardNormalPrior(rasch);
    byte[] complete = {0, 1, 0, 1};
    // the same score with one more item not presented and weighted out: only the score matters for
    // Rasch, so
    // the looked-up value for {1,1,0,0} must equal the one solved directly for {0,1,0,1}
    byte[] sameScore = {1, 1, 0, 0};
    for (AbilityMethod method : AbilityMethod.values()) {
      double[] lookedUp = estimator.estimate(method, sameScore);
      double[] other = estimator.estimate(method, complete);

      assertThat(lookedUp[0]).isCloseTo(other[0], within(1e-12));
    }
    double expected =
        bisect(
            theta -> {
              double score = 0;
              double information = 0;
              double j = 0;
              for (int i = 0; i < 4; i++) {
                double p = rasch.get(i).probability(theta);
                score += complete[i] - p;
                information += p * (1 - p);
                j += p * (1 - p) * (1 - 2 * p);
              }
              return score + j / (2 * information);
            });
    assertThat(estimator.estimate(AbilityMethod.WLE, complete)[0])
        .isCloseTo(expected, within(1e-8));
  }

  @Test
  void shouldReportInfiniteMleWithoutStandardErrorForPerfectAndZeroScores() {
    AbilityEstimator estimator = AbilityEstimator.standardNormalPrior(ITEMS);

    double[] perfect = estimator.estimate(AbilityMethod.MLE, PATTERNS[5]);
    double[] zero = estimator.estimate(AbilityMethod.MLE, PATTERNS[6]);

    assertThat(perfect[0]).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(perfect[1]).isNaN();
    assertThat(zero[0]).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(zero[1]).isNaN();
  }

  @Test
  void shouldGiveFiniteWleAndEapForPerfectAndZeroScores() {
    AbilityEstimator estimator = AbilityEstimator.standardNormalPrior(ITEMS);
    for (AbilityMethod method : List.of(AbilityMethod.WLE, AbilityMethod.EAP)) {
      double[] perfect = estimator.estimate(method, PATTERNS[5]);
      double[] zero = estimator.estimate(method, PATTERNS[6]);

      assertThat(perfect[0]).isFinite().isGreaterThan(1);
      assertThat(zero[0]).isFinite().isLessThan(-1);
      assertThat(perfect[1]).isFinite().isPositive();
    }
  }

  @Test
  void shouldGiveNaNForCandidateWithoutPresentedItems() {
    double[] estimate =
        AbilityEstimator.standardNormalPrior(ITEMS)
            .estimate(AbilityMethod.WLE, new byte[] {NP, NP, NP, NP, NP, NP});

    assertThat(estimate[0]).isNaN();
    assertThat(estimate[1]).isNaN();
  }

  @Test
  void shouldEstimateBatchLikeOneByOneWhateverTheThreadCount() {
    List<ItemParameters> items = new ArrayList<>(ITEMS);
    Responses responses = Simulated.responses(items, 10000, 1.0, 0.1, 17);
    AbilityEstimator estimator = AbilityEstimator.standardNormalPrior(items);
    for (AbilityMethod method : AbilityMethod.values()) {
      Abilities one = estimator.estimate(method, responses, 1);
      Abilities two = estimator.estimate(method, responses, 2);
      for (int c = 0; c < responses.candidateCount(); c += 997) {
        byte[] row = new byte[items.size()];
        for (int i = 0; i < row.length; i++) {
          row[i] = responses.cell(c, i);
        }
        double[] single = estimator.estimate(method, row);
        // boxed: NaN (MLE extremes have no SE) equals NaN under Double.equals
        assertThat(Double.valueOf(one.theta(c)))
            .isEqualTo(Double.valueOf(single[0]))
            .isEqualTo(Double.valueOf(two.theta(c)));
        assertThat(Double.valueOf(one.standardError(c)))
            .isEqualTo(Double.valueOf(single[1]))
            .isEqualTo(Double.valueOf(two.standardError(c)));
      }
    }
  }
}
