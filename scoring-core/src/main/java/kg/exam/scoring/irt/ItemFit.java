package kg.exam.scoring.irt;

/**
 * Residual-based fit of one item: with {@code P} the model probability at a candidate's ability and
 * {@code W = P (1 − P)} its variance, outfit is the mean of squared standardised residuals {@code
 * (x − P)² / W} and infit their information-weighted mean {@code Σ (x − P)² / Σ W}; for partial
 * credit and 3PL items the residual is {@code x − E[X | θ]} and {@code W = Var(X | θ)} (Wright and
 * Masters). Both have expectation 1 when the data fit; values above about 1.3 flag noise (e.g. a
 * miskeyed item), values well below 1 flag redundancy (overly predictable responses). Example: one
 * candidate with {@code P = 0.8} who answers incorrectly contributes {@code 0.64 / 0.16 = 4} to the
 * outfit sum.
 *
 * @param infitMeanSquare information-weighted mean square; NaN without contributing candidates
 * @param outfitMeanSquare unweighted mean square; NaN without contributing candidates
 * @param candidates candidates that contributed (presented the item, with a non-extreme total
 *     score)
 */
public record ItemFit(double infitMeanSquare, double outfitMeanSquare, int candidates) {}
