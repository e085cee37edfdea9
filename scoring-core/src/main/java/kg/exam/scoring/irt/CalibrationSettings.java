package kg.exam.scoring.irt;

/**
 * How {@link MarginalCalibrator} runs EM.
 *
 * @param quadraturePoints equally spaced nodes of the standardised ability distribution on {@code
 *     [-quadratureBound, quadratureBound]}, odd so that 0 is a node, {@code 5..401}
 * @param quadratureBound half-width of the grid in standard deviations, {@code 3..10}
 * @param tolerance EM stops when no parameter (a, b, and σ for Rasch) moved more than this between
 *     two cycles, {@code > 0}
 * @param maxIterations EM cycles at most; reaching it without meeting the tolerance gives a result
 *     with {@code converged() == false}, {@code >= 1}
 * @param threads threads for the E-step, {@code >= 1}; results do not depend on it
 */
public record CalibrationSettings(
    int quadraturePoints,
    double quadratureBound,
    double tolerance,
    int maxIterations,
    int threads) {

  /**
   * @throws IllegalArgumentException on a value out of range
   */
  public CalibrationSettings {
    if (quadraturePoints < 5 || quadraturePoints > 401 || quadraturePoints % 2 == 0) {
      throw new IllegalArgumentException(
          "quadraturePoints=" + quadraturePoints + " must be odd and in 5..401");
    }
    if (!(quadratureBound >= 3 && quadratureBound <= 10)) {
      throw new IllegalArgumentException(
          "quadratureBound=" + quadratureBound + " must be in 3..10");
    }
    if (!(tolerance > 0)) {
      throw new IllegalArgumentException("tolerance=" + tolerance + " must be > 0");
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations=" + maxIterations + " must be >= 1");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads=" + threads + " must be >= 1");
    }
  }

  /**
   * @return 41 nodes on [-6, 6], tolerance 1e-4, at most 2,000 cycles, one thread per available
   *     core
   */
  public static CalibrationSettings defaults() {
    return new CalibrationSettings(41, 6.0, 1e-4, 2000, Runtime.getRuntime().availableProcessors());
  }

  /**
   * @param newTolerance see {@link #tolerance()}
   * @return a copy with that tolerance
   */
  public CalibrationSettings withTolerance(double newTolerance) {
    return new CalibrationSettings(
        quadraturePoints, quadratureBound, newTolerance, maxIterations, threads);
  }

  /**
   * @param newMaxIterations see {@link #maxIterations()}
   * @return a copy with that limit
   */
  public CalibrationSettings withMaxIterations(int newMaxIterations) {
    return new CalibrationSettings(
        quadraturePoints, quadratureBound, tolerance, newMaxIterations, threads);
  }

  /**
   * @param newThreads see {@link #threads()}
   * @return a copy with that thread count
   */
  public CalibrationSettings withThreads(int newThreads) {
    return new CalibrationSettings(
        quadraturePoints, quadratureBound, tolerance, maxIterations, newThreads);
  }

  /**
   * @param newQuadraturePoints see {@link #quadraturePoints()}
   * @return a copy with that grid size
   */
  public CalibrationSettings withQuadraturePoints(int newQuadraturePoints) {
    return new CalibrationSettings(
        newQuadraturePoints, quadratureBound, tolerance, maxIterations, threads);
  }
}
