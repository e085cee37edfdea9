package kg.exam.contract.results;

/**
 * How marginal maximum likelihood (EM) ran: an equally spaced grid of {@code quadraturePoints}
 * nodes on {@code [-quadratureBound, quadratureBound]} standard deviations of the ability
 * distribution; EM stopped when no parameter moved more than {@code tolerance} between two cycles,
 * or after {@code maxIterations} cycles. Defaults: 41 nodes, ±6, 1e-4, 2,000 cycles.
 *
 * @param quadraturePoints odd, 5..401
 * @param quadratureBound 3..10
 * @param tolerance largest parameter change accepted as converged, {@code > 0}
 * @param maxIterations EM cycles at most
 */
public record EmSettings(
    int quadraturePoints, double quadratureBound, double tolerance, int maxIterations) {}
