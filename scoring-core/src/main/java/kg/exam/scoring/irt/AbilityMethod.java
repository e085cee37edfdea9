package kg.exam.scoring.irt;

/**
 * Ability estimators for given item parameters; see {@link AbilityEstimator}. With {@code l(θ) =
 * Σ_i log P_i(x_i | θ)} over the presented items, {@code I(θ) = Σ_i Σ_x P'_ix² / P_ix} (the test
 * information) and {@code J(θ) = Σ_i Σ_x P'_ix P''_ix / P_ix}, primes being derivatives in θ.
 */
public enum AbilityMethod {
  /**
   * Maximum likelihood: root of {@code l'(θ)}; SE {@code 1 / sqrt(I(θ))}. Undefined when every
   * presented item has score 0 (θ = −∞) or its maximum score (θ = +∞, all correct for dichotomous
   * items): reported as infinite with a NaN SE, never replaced by an invented finite value. For 3PL
   * items see {@link AbilityEstimator} on likelihoods with several maxima.
   */
  MLE,
  /**
   * Warm's weighted likelihood: root of {@code l'(θ) + J(θ) / (2 I(θ))} (Warm 1989), finite for
   * every pattern; SE {@code 1 / sqrt(I(θ))} at the estimate (as eRm, TAM and Winsteps report it).
   * Without guessing {@code J = I'}, so the WLE maximises {@code l(θ) + ½ log I(θ)}.
   */
  WLE,
  /**
   * Expected a posteriori under the normal prior; SE is the posterior standard deviation; always
   * finite.
   */
  EAP
}
