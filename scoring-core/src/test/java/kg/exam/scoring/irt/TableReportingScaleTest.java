package kg.exam.scoring.irt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TableReportingScaleTest {

  /** (−2, 60), (0, 100), (1, 110), (3, 160), whole points, pass mark 110. */
  private final TableReportingScale table =
      new TableReportingScale(new double[] {-2, 0, 1, 3}, new double[] {60, 100, 110, 160}, 1, 110);

  @Test
  void shouldInterpolateLinearlyBetweenNeighbouringPoints() {
    assertThat(table.interpolated(-1)).isEqualTo(80.0);
    assertThat(table.interpolated(0.5)).isEqualTo(105.0);
    assertThat(table.interpolated(2)).isEqualTo(135.0);
    assertThat(table.scaled(2.31)).isEqualTo(143.0); // 142.75 rounded
  }

  @Test
  void shouldGiveTheTableValueExactlyAtEachPoint() {
    assertThat(table.scaled(-2)).isEqualTo(60.0);
    assertThat(table.scaled(0)).isEqualTo(100.0);
    assertThat(table.scaled(1)).isEqualTo(110.0);
    assertThat(table.scaled(3)).isEqualTo(160.0);
  }

  @Test
  void shouldClampToTheEndValuesOutsideTheTableIncludingInfiniteMle() {
    assertThat(table.scaled(-5)).isEqualTo(60.0);
    assertThat(table.scaled(Double.NEGATIVE_INFINITY)).isEqualTo(60.0);
    assertThat(table.scaled(7)).isEqualTo(160.0);
    assertThat(table.scaled(Double.POSITIVE_INFINITY)).isEqualTo(160.0);
    assertThat(table.passed(Double.POSITIVE_INFINITY)).isTrue();
    assertThat(table.passed(Double.NEGATIVE_INFINITY)).isFalse();
  }

  @Test
  void shouldRoundHalfUpAndDecidePassOnTheRoundedScore() {
    assertThat(table.interpolated(0.94)).isLessThan(110.0);
    assertThat(table.scaled(0.94)).isEqualTo(109.0);
    assertThat(table.passed(0.94)).isFalse();
    assertThat(table.interpolated(0.95)).isLessThan(110.0);
    assertThat(table.scaled(0.95)).isEqualTo(110.0);
    assertThat(table.passed(0.95)).isTrue();
  }

  @Test
  void shouldRoundToConfiguredStepAndTidyBinaryNoise() {
    TableReportingScale tenths =
        new TableReportingScale(new double[] {0, 1}, new double[] {0, 1}, 0.1, 0.5);

    assertThat(tenths.scaled(0.3)).isEqualTo(0.3);
    assertThat(tenths.scaled(0.149)).isEqualTo(0.1);
    assertThat(tenths.scaled(0.151)).isEqualTo(0.2);
    assertThat(tenths.passed(0.46)).isTrue(); // 0.46 rounds to 0.5
  }

  @Test
  void shouldGiveNoScoreForMissingAbility() {
    assertThat(table.scaled(Double.NaN)).isNaN();
    assertThat(table.passed(Double.NaN)).isFalse();
  }

  @Test
  void shouldAgreeWithTheLinearScaleItIsDrawnFrom() {
    ReportingScale linear = ReportingScale.nationalExample(); // 20 θ + 100 on [40, 160]
    TableReportingScale twoPoints =
        new TableReportingScale(new double[] {-3, 3}, new double[] {40, 160}, 1, 110);
    SplittableRandom random = new SplittableRandom(11);

    for (int i = 0; i < 10_000; i++) {
      double theta = -5 + 10 * random.nextDouble();
      assertThat(twoPoints.scaled(theta)).as("θ=%s", theta).isEqualTo(linear.scaled(theta));
      assertThat(twoPoints.passed(theta)).isEqualTo(linear.passed(theta));
    }
  }

  @Test
  void shouldAllowFlatStretches() {
    TableReportingScale flat =
        new TableReportingScale(new double[] {-1, 0, 1}, new double[] {50, 50, 70}, 1, 60);

    assertThat(flat.scaled(-0.5)).isEqualTo(50.0);
    assertThat(flat.scaled(0.5)).isEqualTo(60.0);
  }

  @Test
  void shouldParseAndFormatTheCompactTable() {
    TableReportingScale parsed = TableReportingScale.parse("-2:60, 0:100,1:110 ,3:160", 1, 110);

    assertThat(parsed).isEqualTo(table);
    assertThat(parsed.formatPoints()).isEqualTo("-2:60,0:100,1:110,3:160");
    assertThat(TableReportingScale.parse(parsed.formatPoints(), 1, 110)).isEqualTo(parsed);
  }

  @Test
  void shouldCopyArraysInAndOut() {
    double[] thetas = {0, 1};
    TableReportingScale scale = new TableReportingScale(thetas, new double[] {0, 10}, 1, 5);
    thetas[1] = 100;
    scale.thetas()[0] = -100;

    assertThat(scale.thetas()).containsExactly(0, 1);
  }

  @Test
  void shouldRefuseFewerThanTwoPoints() {
    assertThatThrownBy(() -> new TableReportingScale(new double[] {0}, new double[] {100}, 1, 110))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a conversion table needs at least 2 points, got 1");
  }

  @Test
  void shouldRefuseThetasThatDoNotStrictlyIncrease() {
    assertThatThrownBy(
            () -> new TableReportingScale(new double[] {0, 1, 1}, new double[] {1, 2, 3}, 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("point 3: theta=1.0 must be greater than the previous theta=1.0");
  }

  @Test
  void shouldRefuseDecreasingScaledScores() {
    assertThatThrownBy(
            () -> new TableReportingScale(new double[] {0, 1, 2}, new double[] {1, 3, 2}, 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("point 3: scaled=2.0 must not be below the previous scaled=3.0");
  }

  @Test
  void shouldRefuseNonFiniteValues() {
    assertThatThrownBy(
            () ->
                new TableReportingScale(
                    new double[] {0, Double.POSITIVE_INFINITY}, new double[] {1, 2}, 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("point 2: theta=Infinity and scaled=2.0 must be finite");
    assertThatThrownBy(
            () -> new TableReportingScale(new double[] {0, 1}, new double[] {Double.NaN, 2}, 1, 2))
        .hasMessage("point 1: theta=0.0 and scaled=NaN must be finite");
  }

  @Test
  void shouldRefuseMismatchedLengthsBadStepAndMissingPassMark() {
    assertThatThrownBy(() -> new TableReportingScale(new double[] {0, 1}, new double[] {1}, 1, 2))
        .hasMessage("thetas.length=2 must equal scaledScores.length=1");
    assertThatThrownBy(
            () -> new TableReportingScale(new double[] {0, 1}, new double[] {1, 2}, 0, 2))
        .hasMessage("step=0.0 must be > 0 and finite");
    assertThatThrownBy(
            () -> new TableReportingScale(new double[] {0, 1}, new double[] {1, 2}, 1, Double.NaN))
        .hasMessage("passMark=NaN must be a number");
  }

  @Test
  void shouldRefuseAMalformedCompactTableInOneLine() {
    assertThatThrownBy(() -> TableReportingScale.parse("0:100,1", 1, 110))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conversion table point 2 '1' must be θ:scaled, e.g. 0:100");
    assertThatThrownBy(() -> TableReportingScale.parse("0:100,x:120", 1, 110))
        .hasMessage("θ of point 2 'x' is not a number");
    assertThatThrownBy(() -> TableReportingScale.parse(" ", 1, 110))
        .hasMessage("conversion table is empty; expected θ:scaled,θ:scaled");
  }
}
