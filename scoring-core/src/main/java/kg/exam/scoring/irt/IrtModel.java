package kg.exam.scoring.irt;

/**
 * Item response models. θ is the ability; all models are written in the {@link ItemParameters}
 * parameterisation.
 *
 * <ul>
 *   <li>Dichotomous (scores 0/1): {@code P(1 | θ) = c + (1 − c) / (1 + exp(−a (θ − b)))}.
 *   <li>Polytomous (scores 0..m): {@code P(x | θ) ∝ exp(Σ_{v ≤ x} a (θ − δ_v))} with step
 *       difficulties (thresholds) {@code δ_1..δ_m}; the empty sum for x = 0 is 0.
 * </ul>
 */
public enum IrtModel {
  /**
   * Rasch (1PL): every {@code a = 1}, {@code c = 0}, so θ and {@code b} are in logits. The ability
   * distribution is {@code N(0, σ²)}: its mean is fixed at 0 (that fixes the origin of the scale)
   * and its standard deviation σ is estimated with the difficulties.
   */
  RASCH,
  /**
   * Two-parameter logistic: {@code a} and {@code b} per item, {@code c = 0}; the ability
   * distribution is fixed at {@code N(0, 1)}, which fixes the origin and the unit of the scale.
   */
  TWO_PL,
  /**
   * Three-parameter logistic: {@code a}, {@code b} and the lower asymptote ("guessing") {@code c}
   * per item, with a Beta prior on {@code c}; ability distribution {@code N(0, 1)}.
   */
  THREE_PL,
  /**
   * Masters' partial credit model: polytomous, {@code a = 1}, step difficulties per item; like
   * Rasch, ability {@code N(0, σ²)} with σ estimated.
   */
  PARTIAL_CREDIT,
  /**
   * Muraki's generalized partial credit model: polytomous, {@code a} and step difficulties per
   * item; ability {@code N(0, 1)}.
   */
  GENERALIZED_PARTIAL_CREDIT;

  /**
   * @return whether items of this model are scored 0..m with m ≥ 1 (otherwise 0/1)
   */
  public boolean polytomous() {
    return this == PARTIAL_CREDIT || this == GENERALIZED_PARTIAL_CREDIT;
  }

  /**
   * @return whether every item's discrimination is fixed at 1 and the ability SD is estimated
   */
  public boolean raschFamily() {
    return this == RASCH || this == PARTIAL_CREDIT;
  }
}
