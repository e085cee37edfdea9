package kg.exam.scoring.survey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import kg.exam.scoring.irt.ItemParameters;
import kg.exam.scoring.irt.LinkingConstants;
import org.junit.jupiter.api.Test;

/**
 * Simulated drift of known size: the later form's calibration is on its own scale, θ_later = (θ −
 * 0.3) / 1.1 (its population was 0.3 higher and 1.1 times as spread), so its anchors' parameters
 * are the reference ones transformed; Stocking–Lord must find A = 1.1, B = 0.3. With the anchors
 * drifting at random (item-by-year effects of SD 0.15), the link still centres on the truth and the
 * jackknife linking error of the mean shift is about 0.15/√m.
 */
class TrendLinkTest {
  private static final int ANCHORS = 20;

  private static Map<String, ItemParameters> reference() {
    Map<String, ItemParameters> items = new LinkedHashMap<>();
    for (int i = 0; i < ANCHORS; i++) {
      items.put("a" + i, ItemParameters.of(0.8 + 0.02 * i, -2 + 4.0 * i / (ANCHORS - 1)));
    }
    items.put("only-first", ItemParameters.of(1, 0.5));
    return items;
  }

  /** The reference items as the later calibration sees them, plus drift in their difficulty. */
  private static Map<String, ItemParameters> later(double driftSd, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, ItemParameters> items = new LinkedHashMap<>();
    reference()
        .forEach(
            (id, p) -> {
              if (id.startsWith("a")) {
                double drift = driftSd * gaussian(random);
                // θ_later = (θ − 0.3)/1.1: a_later = 1.1 a, b_later = (b + drift − 0.3)/1.1
                items.put(
                    id,
                    ItemParameters.of(
                        p.discrimination() * 1.1, (p.difficulty() + drift - 0.3) / 1.1));
              }
            });
    items.put("only-later", ItemParameters.of(1, -0.5));
    return items;
  }

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
        * Math.cos(2 * Math.PI * random.nextDouble());
  }

  @Test
  void shouldRecoverTheKnownTransformationThroughTheSharedItemsOnly() {
    TrendLink link = TrendLink.stockingLord(reference(), later(0, 1));

    assertThat(link.anchors()).hasSize(ANCHORS).doesNotContain("only-first", "only-later");
    assertThat(link.constants().slope()).isCloseTo(1.1, within(1e-6));
    assertThat(link.constants().intercept()).isCloseTo(0.3, within(1e-6));
    assertThat(link.linkingError(LinkingConstants::intercept)).isCloseTo(0, within(1e-6));
  }

  @Test
  void shouldGiveALinkingErrorOfTheSizeOfTheAnchorsDrift() {
    double[] errors = new double[40];
    double shiftSum = 0;
    for (int r = 0; r < errors.length; r++) {
      TrendLink link = TrendLink.stockingLord(reference(), later(0.15, 100 + r));
      // the later population's mean (0 on its own scale) on the reference scale
      errors[r] = link.linkingError(c -> c.transformTheta(0));
      shiftSum += link.constants().transformTheta(0);
    }
    double meanError = 0;
    for (double e : errors) {
      meanError += e / errors.length;
    }
    assertThat(shiftSum / errors.length)
        .as("centred on the true shift")
        .isCloseTo(0.3, within(0.02));
    assertThat(meanError).as("≈ 0.15 / √20 = 0.034").isBetween(0.02, 0.05);
  }

  @Test
  void shouldRefuseFormsSharingFewerThanThreeItems() {
    Map<String, ItemParameters> two = new LinkedHashMap<>();
    two.put("a0", ItemParameters.of(1, 0));
    two.put("a1", ItemParameters.of(1, 1));
    assertThatThrownBy(() -> TrendLink.stockingLord(reference(), two))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 3 items common to both forms");
  }
}
