package kg.exam.scoring.irt;

import java.util.List;

/**
 * Test information {@code I(θ) = Σ a² P (1 − P)} over the items a candidate was presented, and the
 * conditional standard error of measurement {@code CSEM(θ) = 1 / √I(θ)} (the MLE's asymptotic SE).
 * Example: 20 Rasch items all of difficulty 0 give I(0) = 20 · 0.25 = 5 and CSEM(0) = 0.447 logits.
 */
public final class TestInformation {

  private TestInformation() {}

  /**
   * @param items items of the test
   * @param theta ability
   * @return test information at θ
   */
  public static double at(List<ItemParameters> items, double theta) {
    double sum = 0;
    for (ItemParameters item : items) {
      double p = item.probability(theta);
      sum += item.discrimination() * item.discrimination() * p * (1 - p);
    }
    return sum;
  }

  /**
   * @param items items of the test
   * @param theta ability
   * @return conditional standard error of measurement at θ ({@code +∞} where the information is 0)
   */
  public static double conditionalSem(List<ItemParameters> items, double theta) {
    return 1 / Math.sqrt(at(items, theta));
  }
}
