package kg.exam.scoring.irt;

/** Ability estimators for given item parameters; see {@link AbilityEstimator}. */
public enum AbilityMethod {
  /**
   * Maximum likelihood; SE {@code 1 / sqrt(I(θ))}. Undefined for all-correct (θ = +∞) and
   * all-incorrect (θ = -∞) patterns: reported as infinite with a NaN SE, never replaced by an
   * invented finite value.
   */
  MLE,
  /**
   * Warm's weighted likelihood: root of {@code S(θ) + J(θ) / (2 I(θ))}, finite for every pattern;
   * SE {@code 1 / sqrt(I(θ))} at the estimate (as eRm, TAM and Winsteps report it).
   */
  WLE,
  /**
   * Expected a posteriori under the normal prior; SE is the posterior standard deviation; always
   * finite.
   */
  EAP
}
