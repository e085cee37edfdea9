package kg.exam.scoring.irt;

import java.util.List;

/**
 * Test information {@code I(θ) = Σ_i I_i(θ)}, the sum of the items' Fisher information {@link
 * ItemParameters#information} over the items a candidate was presented, and the conditional
 * standard error of measurement {@code CSEM(θ) = 1 / √I(θ)} (the MLE's asymptotic SE). Covers every
 * {@link IrtModel}: {@code I_i = a² P (1 − P)} for Rasch and 2PL, {@code a² ((1 − P) / P) ((P − c)
 * / (1 − c))²} for 3PL and {@code a² Var(X | θ)} for partial credit items, all equal to {@code Σ_x
 * (∂P_x/∂θ)² / P_x}. Example: 20 Rasch items all of difficulty 0 give I(0) = 20 · 0.25 = 5 and
 * CSEM(0) = 0.447 logits; a partial credit item with {@code δ = (−1, 1)} gives I(0) = Var(X) =
 * 0.424 there.
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
      sum += item.information(theta);
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
