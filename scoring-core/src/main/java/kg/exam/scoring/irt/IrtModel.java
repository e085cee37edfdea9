package kg.exam.scoring.irt;

/**
 * Dichotomous item response models, all written as {@code P(correct | θ) = 1 / (1 + exp(-a (θ -
 * b)))} with discrimination {@code a} and difficulty {@code b}.
 */
public enum IrtModel {
  /**
   * Rasch (1PL): every {@code a = 1}, so θ and {@code b} are in logits. The ability distribution is
   * {@code N(0, σ²)}: its mean is fixed at 0 (that fixes the origin of the scale) and its standard
   * deviation σ is estimated with the difficulties.
   */
  RASCH,
  /**
   * Two-parameter logistic: {@code a} and {@code b} per item; the ability distribution is fixed at
   * {@code N(0, 1)}, which fixes the origin and the unit of the scale.
   */
  TWO_PL
}
