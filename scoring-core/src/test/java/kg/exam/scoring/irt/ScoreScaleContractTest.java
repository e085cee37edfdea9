package kg.exam.scoring.irt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every {@link ScoreScale} promises, run over each implementation. */
class ScoreScaleContractTest {

  static Stream<Arguments> scales() {
    return Stream.of(
        Arguments.of(ReportingScale.nationalExample(), 1.0),
        Arguments.of(new ReportingScale(15, 500, 0.5, 0, 1000, 510), 0.5),
        Arguments.of(TableReportingScale.parse("-2:60,0:100,1:110,3:160", 1, 110), 1.0),
        Arguments.of(TableReportingScale.parse("-3:200,-1:200,0:230,4:300", 5, 250), 5.0));
  }

  @ParameterizedTest
  @MethodSource("scales")
  void shouldGiveNoScoreAndNoPassWithoutAbility(ScoreScale scale, double step) {
    assertThat(scale.scaled(Double.NaN)).isNaN();
    assertThat(scale.passed(Double.NaN)).isFalse();
  }

  @ParameterizedTest
  @MethodSource("scales")
  void shouldNeverDecreaseAsAbilityRises(ScoreScale scale, double step) {
    double previous = scale.scaled(Double.NEGATIVE_INFINITY);
    for (double theta = -8; theta <= 8; theta += 0.001) {
      double scaled = scale.scaled(theta);
      assertThat(scaled).as("θ=%s", theta).isGreaterThanOrEqualTo(previous);
      previous = scaled;
    }
    assertThat(scale.scaled(Double.POSITIVE_INFINITY)).isGreaterThanOrEqualTo(previous);
  }

  @ParameterizedTest
  @MethodSource("scales")
  void shouldReportFiniteMultiplesOfTheStep(ScoreScale scale, double step) {
    for (double theta : new double[] {Double.NEGATIVE_INFINITY, -2.71, 0.123, 1.5, 9, 1e300}) {
      double scaled = scale.scaled(theta);
      assertThat(scaled).isFinite();
      double multiples = scaled / step;
      assertThat(multiples).as("θ=%s", theta).isCloseTo(Math.rint(multiples), within(1e-9));
    }
    assertThat(scale.scaled(Double.POSITIVE_INFINITY)).isFinite();
  }

  @ParameterizedTest
  @MethodSource("scales")
  void shouldPassExactlyWhenTheReportedScoreReachesThePassMark(ScoreScale scale, double step) {
    for (double theta = -5; theta <= 5; theta += 0.0007) {
      assertThat(scale.passed(theta))
          .as("θ=%s", theta)
          .isEqualTo(scale.scaled(theta) >= scale.passMark());
    }
  }
}
