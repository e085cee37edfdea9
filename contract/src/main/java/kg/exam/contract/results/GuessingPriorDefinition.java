package kg.exam.contract.results;

/**
 * The Beta prior a 3PL calibration put on every item's lower asymptote {@code c}: density
 * proportional to {@code c^(alpha − 1) (1 − c)^(beta − 1)}, maximised with the likelihood (a MAP
 * estimate of {@code c}). The default Beta(5, 17) has its mode at {@code (alpha − 1) / (alpha +
 * beta − 2) = 0.2} and weighs like 20 extra observations.
 *
 * @param alpha {@code >= 1}
 * @param beta {@code > 1}
 */
public record GuessingPriorDefinition(double alpha, double beta) {}
