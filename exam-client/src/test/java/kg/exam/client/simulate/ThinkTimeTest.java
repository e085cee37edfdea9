package kg.exam.client.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ThinkTimeTest {
  @Test
  void shouldParseEveryDistributionAndUnit() {
    assertThat(ThinkTime.parse("fixed:800ms"))
        .isEqualTo(new ThinkTime(ThinkTime.Kind.FIXED, 800_000, 800_000));
    assertThat(ThinkTime.parse("uniform:1s..1.5s"))
        .isEqualTo(new ThinkTime(ThinkTime.Kind.UNIFORM, 1_000_000, 1_500_000));
    assertThat(ThinkTime.parse("exp:2m"))
        .isEqualTo(new ThinkTime(ThinkTime.Kind.EXPONENTIAL, 120_000_000, 120_000_000));
    assertThat(ThinkTime.parse("0").drawMicros(new Random(1))).isZero();
    assertThat(ThinkTime.duration("250ms")).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void shouldRefuseMalformedThinkTimes() {
    assertThatThrownBy(() -> ThinkTime.parse("gauss:1s"))
        .hasMessageContaining("unknown distribution");
    assertThatThrownBy(() -> ThinkTime.parse("uniform:5s..1s")).hasMessageContaining("below");
    assertThatThrownBy(() -> ThinkTime.parse("uniform:5s")).hasMessageContaining("LOW..HIGH");
    assertThatThrownBy(() -> ThinkTime.parse("fixed:-1s")).hasMessageContaining("0 or more");
    assertThatThrownBy(() -> ThinkTime.parse("3s")).hasMessageContaining("must be fixed:D");
  }

  @Test
  void shouldDrawUniformWithinItsBoundsAndExponentialAroundItsMean() {
    Random random = new Random(42);
    ThinkTime uniform = ThinkTime.parse("uniform:1s..5s");
    ThinkTime exp = ThinkTime.parse("exp:3s");
    double sum = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      assertThat(uniform.drawMicros(random)).isBetween(1_000_000L, 5_000_000L);
      long e = exp.drawMicros(random);
      assertThat(e).isBetween(0L, ThinkTime.EXPONENTIAL_CAP_MEANS * 3_000_000L);
      sum += e;
    }
    // standard error of the mean: 3 s / sqrt(100,000) = 9.5 ms; 4 standard errors = 38 ms
    assertThat(sum / n).isBetween(3_000_000 - 38_000.0, 3_000_000 + 38_000.0);
  }
}
