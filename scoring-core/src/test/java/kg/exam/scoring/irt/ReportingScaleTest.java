package kg.exam.scoring.irt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReportingScaleTest {

  private final ReportingScale national = ReportingScale.nationalExample();

  @Test
  void shouldRoundHalfUpAndDecidePassOnTheRoundedScore() {
    assertThat(national.scaled(0.47)).isEqualTo(109.0);
    assertThat(national.passed(0.47)).isFalse();
    assertThat(national.scaled(0.475)).isEqualTo(110.0);
    assertThat(national.passed(0.475)).isTrue();
  }

  @Test
  void shouldClampToReportedRangeIncludingInfiniteMle() {
    assertThat(national.scaled(Double.POSITIVE_INFINITY)).isEqualTo(160.0);
    assertThat(national.scaled(Double.NEGATIVE_INFINITY)).isEqualTo(40.0);
    assertThat(national.scaled(-9)).isEqualTo(40.0);
    assertThat(national.passed(Double.POSITIVE_INFINITY)).isTrue();
  }

  @Test
  void shouldRoundToConfiguredStep() {
    ReportingScale halves = new ReportingScale(15, 500, 0.5, 0, 1000, 510);

    assertThat(halves.scaled(0.1234)).isEqualTo(502.0);
    assertThat(halves.scaled(0.14)).isEqualTo(502.0);
    assertThat(halves.scaled(0.15)).isEqualTo(502.5);
  }

  @Test
  void shouldTidyBinaryNoiseFromStepMultiples() {
    ReportingScale tenths = new ReportingScale(0.1, 0, 0.1, 0, 10, 0.3);

    assertThat(0.1 * 3).isNotEqualTo(0.3);
    assertThat(tenths.scaled(3)).isEqualTo(0.3);
  }

  @Test
  void shouldBeUsableAsAScoreScale() {
    ScoreScale scale = national;

    assertThat(scale.passMark()).isEqualTo(110.0);
    assertThat(scale.scaled(0.475)).isEqualTo(110.0);
    assertThat(scale.passed(0.475)).isTrue();
  }

  @Test
  void shouldGiveNoScoreForMissingAbility() {
    assertThat(national.scaled(Double.NaN)).isNaN();
    assertThat(national.passed(Double.NaN)).isFalse();
  }

  @Test
  void shouldRefuseNonPositiveSlope() {
    assertThatThrownBy(() -> new ReportingScale(0, 100, 1, 40, 160, 110))
        .hasMessageContaining("slope=0.0");
  }
}
