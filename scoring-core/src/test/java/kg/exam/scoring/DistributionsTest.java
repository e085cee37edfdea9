package kg.exam.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The distribution functions against R 4.2 ({@code qnorm}, {@code pchisq}, {@code pbinom}), printed
 * with 17 digits.
 */
class DistributionsTest {

  @Test
  void shouldComputeTheComplementaryErrorFunctionToFullPrecision() {
    // values from the definition (Abramowitz and Stegun table 7.1, and erfc(5) = 1.5374597944e-12)
    assertThat(Distributions.erfc(0)).isEqualTo(1.0);
    assertThat(Distributions.erfc(0.5)).isCloseTo(0.4795001221869535, within(1e-15));
    assertThat(Distributions.erfc(1)).isCloseTo(0.15729920705028513, within(1e-15));
    assertThat(Distributions.erfc(2) / 0.004677734981047266).isCloseTo(1, within(1e-12));
    assertThat(Distributions.erfc(5) / 1.5374597944280349e-12).isCloseTo(1, within(1e-12));
    assertThat(Distributions.normalUpperTail(6) / 9.8658764503769809e-10)
        .isCloseTo(1, within(1e-12));
  }

  @Test
  void shouldMatchRsNormalQuantiles() {
    assertThat(-Distributions.normalQuantile(1e-4)).isCloseTo(3.71901648545568, within(1e-12));
    assertThat(Distributions.normalQuantile(1 - 1e-4)).isCloseTo(3.71901648545568, within(1e-9));
    assertThat(-Distributions.normalQuantile(1e-6)).isCloseTo(4.7534243088228987, within(1e-12));
    assertThat(Distributions.normalQuantile(0.3)).isCloseTo(-0.52440051270804067, within(1e-14));
    assertThat(Distributions.normalQuantile(1e-12)).isCloseTo(-7.0344838253011321, within(1e-11));
    assertThat(Distributions.normalQuantile(0.975)).isCloseTo(1.9599639845400536, within(1e-14));
    assertThat(Distributions.normalQuantile(0)).isInfinite().isNegative();
    assertThat(Distributions.normalQuantile(1.5)).isNaN();
  }

  @Test
  void shouldMatchRsChiSquareUpperTails() {
    assertThat(Distributions.chiSquareUpperTail(3.841458820694124, 1))
        .isCloseTo(0.05, within(1e-12));
    assertThat(Distributions.chiSquareUpperTail(50, 40) / 1.3357483408565046e-01)
        .isCloseTo(1, within(1e-12));
    assertThat(Distributions.chiSquareUpperTail(120, 39) / 3.5564637261486771e-10)
        .isCloseTo(1, within(1e-11));
    assertThat(Distributions.chiSquareUpperTail(3, 7) / 8.8500223164315062e-01)
        .isCloseTo(1, within(1e-12));
    assertThat(Distributions.chiSquareUpperTail(0.5, 3) / 9.1889141165467592e-01)
        .isCloseTo(1, within(1e-12));
    assertThat(Distributions.chiSquareUpperTail(-1, 5)).isEqualTo(1.0);
  }

  @Test
  void shouldMatchRsBinomialUpperTails() {
    // pbinom(k - 1, n, p, lower.tail = FALSE) = P(X ≥ k)
    assertThat(Distributions.binomialUpperTail(8, 20, 0.3) / 2.2772820258183943e-01)
        .isCloseTo(1, within(1e-12));
    assertThat(Distributions.binomialUpperTail(19, 40, 0.1) / 1.6236646353295810e-09)
        .isCloseTo(1, within(1e-11));
    assertThat(Distributions.binomialUpperTail(0, 40, 0.1)).isEqualTo(1.0);
    assertThat(Distributions.binomialUpperTail(41, 40, 0.1)).isEqualTo(0.0);
  }
}
