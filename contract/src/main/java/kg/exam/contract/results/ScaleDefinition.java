package kg.exam.contract.results;

/**
 * A linear reporting scale: {@code scaled = slope · θ + intercept}, rounded half up to a multiple
 * of {@code step}, clamped to {@code [lowest, highest]}; a candidate passes when the rounded score
 * is at least {@code passMark}. The national example is {@code 20 θ + 100} in whole points on
 * {@code [40, 160]} with pass mark 110.
 *
 * @param slope points per unit of θ, {@code > 0}
 * @param intercept scaled score at θ = 0
 * @param step rounding unit, {@code > 0}
 * @param lowest lowest reported score
 * @param highest highest reported score
 * @param passMark lowest passing scaled score
 */
public record ScaleDefinition(
    double slope, double intercept, double step, double lowest, double highest, double passMark) {}
