package kg.exam.scoring.irt;

import java.util.Arrays;
import java.util.List;

/**
 * Linking of a new form X to a reference form Y through common (anchor) items calibrated on both:
 * finds {@link LinkingConstants} {@code (A, B)} with {@code θ_Y = A θ_X + B}. The common items are
 * given as two lists in matching order, {@code newForm.get(i)} and {@code reference.get(i)} being
 * the same item.
 *
 * <ul>
 *   <li><b>Mean/sigma</b> (Marco, 1977): {@code A = sd(b_Y) / sd(b_X)}, {@code B = mean(b_Y) − A
 *       mean(b_X)} over the pooled location parameters: the difficulty {@code b} of each
 *       dichotomous item and every step difficulty {@code δ_v} of each polytomous item (population
 *       standard deviations; the ratio is the same with {@code n − 1}).
 *   <li><b>Mean/mean</b> (Loyd and Hoover, 1980): {@code A = mean(a_X) / mean(a_Y)}, one {@code a}
 *       per item, and {@code B} as above. With Rasch items ({@code a = 1} on both forms) this is
 *       the usual mean shift {@code A = 1, B = mean(b_Y) − mean(b_X)}, which keeps {@code a = 1}.
 *   <li><b>Stocking–Lord</b> (1983): minimises {@code F(A, B) = Σ_k w_k (TCC_Y(θ_k) −
 *       TCC_X*(θ_k))²}, where {@code TCC} is the sum over the common items of {@link
 *       ItemParameters#expectedScore(double)} (dichotomous including 3PL, and polytomous items
 *       alike) and {@code X*} are the new form's items transformed by {@code (A, B)}; {@code θ_k}
 *       lie on the reference scale Y. Default {@link Grid}: 41 equally spaced points on [−4, 4],
 *       weights proportional to the N(0, 1) density and normalised to sum 1, so {@code F} is a
 *       weighted mean squared difference of test characteristic curves. Newton's method with the
 *       analytic gradient and Hessian, started from mean/sigma (mean/mean when the locations do not
 *       vary), with a backtracking line search while far from the solution (Gauss–Newton direction
 *       where the Hessian is not positive definite); converged when a Newton step changes neither
 *       {@code A} nor {@code B} by more than {@code 1e-10}. A run that does not converge within 100
 *       iterations throws {@link IllegalStateException}: no unconverged constants are ever
 *       returned.
 * </ul>
 *
 * <p>Refused with {@link IllegalArgumentException}: lists of different lengths, fewer than 2 common
 * items, an item dichotomous on one form and polytomous on the other or with different numbers of
 * thresholds, and (mean/sigma) location parameters without spread. Differing guessing parameters
 * are accepted: {@code c} is an estimate on each form, unchanged by linking.
 */
public final class Linking {

  /** Newton iterations before Stocking–Lord gives up. */
  static final int MAX_ITERATIONS = 100;

  /** Largest change of {@code A} and {@code B} in the last Newton step at convergence. */
  static final double STEP_TOLERANCE = 1e-10;

  /** Below this step length Newton steps are taken whole, without line search. */
  private static final double LOCAL_STEP = 1e-4;

  private Linking() {}

  /**
   * Quadrature grid on the reference θ scale for the Stocking–Lord criterion: points and
   * non-negative weights, normalised to sum 1. Immutable.
   */
  public static final class Grid {

    private final double[] thetas;
    private final double[] weights;

    private Grid(double[] thetas, double[] weights) {
      this.thetas = thetas;
      this.weights = weights;
    }

    /**
     * @param thetas grid points on the reference scale, finite, at least 1
     * @param weights weights, finite, {@code >= 0}, not all 0, same length; normalised to sum 1
     * @return the grid
     * @throws IllegalArgumentException on an invalid grid
     */
    public static Grid of(double[] thetas, double[] weights) {
      if (thetas == null || weights == null || thetas.length != weights.length) {
        throw new IllegalArgumentException(
            "grid thetas and weights must have the same length, got "
                + (thetas == null ? "null" : thetas.length)
                + " and "
                + (weights == null ? "null" : weights.length));
      }
      if (thetas.length == 0) {
        throw new IllegalArgumentException("grid needs at least one point");
      }
      double sum = 0;
      for (int k = 0; k < thetas.length; k++) {
        if (!Double.isFinite(thetas[k]) || !Double.isFinite(weights[k]) || weights[k] < 0) {
          throw new IllegalArgumentException(
              "grid point "
                  + (k + 1)
                  + ": theta="
                  + thetas[k]
                  + " must be finite and weight="
                  + weights[k]
                  + " finite and >= 0");
        }
        sum += weights[k];
      }
      if (!(sum > 0)) {
        throw new IllegalArgumentException("grid weights must not all be 0");
      }
      double[] normalised = new double[weights.length];
      for (int k = 0; k < weights.length; k++) {
        normalised[k] = weights[k] / sum;
      }
      return new Grid(thetas.clone(), normalised);
    }

    /**
     * @param points number of equally spaced points, {@code >= 2}
     * @param lowest first point
     * @param highest last point, {@code > lowest}
     * @return the grid with weights proportional to the standard normal density
     */
    public static Grid standardNormal(int points, double lowest, double highest) {
      if (points < 2 || !(highest > lowest) || !Double.isFinite(lowest)) {
        throw new IllegalArgumentException(
            "points="
                + points
                + " must be >= 2 and lowest="
                + lowest
                + " < highest="
                + highest
                + ", both finite");
      }
      double[] thetas = new double[points];
      double[] weights = new double[points];
      for (int k = 0; k < points; k++) {
        thetas[k] = lowest + (highest - lowest) * k / (points - 1);
        weights[k] = Math.exp(-0.5 * thetas[k] * thetas[k]);
      }
      return of(thetas, weights);
    }

    /**
     * @return 41 points on [−4, 4] with N(0, 1) weights
     */
    public static Grid standard() {
      return standardNormal(41, -4, 4);
    }

    /**
     * @return grid points, a copy
     */
    public double[] thetas() {
      return thetas.clone();
    }

    /**
     * @return normalised weights, a copy
     */
    public double[] weights() {
      return weights.clone();
    }
  }

  /**
   * A converged Stocking–Lord solution.
   *
   * @param constants the minimiser {@code (A, B)}
   * @param criterion {@code F(A, B)} at the minimiser
   * @param iterations Newton iterations used
   * @param gradientNorm Euclidean norm of the gradient of {@code F} at the minimiser
   * @param start the starting constants (mean/sigma, or mean/mean without location spread)
   */
  public record StockingLordResult(
      LinkingConstants constants,
      double criterion,
      int iterations,
      double gradientNorm,
      LinkingConstants start) {}

  /**
   * @param newForm common items calibrated on the new form X
   * @param reference the same items calibrated on the reference form Y, same order
   * @return mean/sigma constants
   * @throws IllegalArgumentException on mismatched items or locations without spread
   */
  public static LinkingConstants meanSigma(
      List<ItemParameters> newForm, List<ItemParameters> reference) {
    requireMatching(newForm, reference);
    double[] x = locations(newForm);
    double[] y = locations(reference);
    double sdX = sd(x);
    double sdY = sd(y);
    if (!(sdX > 0) || !(sdY > 0)) {
      throw new IllegalArgumentException(
          "mean/sigma needs common-item locations that vary: sd(b_X)=" + sdX + ", sd(b_Y)=" + sdY);
    }
    double slope = sdY / sdX;
    return new LinkingConstants(slope, mean(y) - slope * mean(x));
  }

  /**
   * @param newForm common items calibrated on the new form X
   * @param reference the same items calibrated on the reference form Y, same order
   * @return mean/mean constants
   * @throws IllegalArgumentException on mismatched items or non-positive mean discriminations
   */
  public static LinkingConstants meanMean(
      List<ItemParameters> newForm, List<ItemParameters> reference) {
    requireMatching(newForm, reference);
    double meanAX =
        newForm.stream().mapToDouble(ItemParameters::discrimination).average().orElse(0);
    double meanAY =
        reference.stream().mapToDouble(ItemParameters::discrimination).average().orElse(0);
    if (!(meanAX > 0) || !(meanAY > 0)) {
      throw new IllegalArgumentException(
          "mean/mean needs positive mean discriminations: mean(a_X)="
              + meanAX
              + ", mean(a_Y)="
              + meanAY);
    }
    double slope = meanAX / meanAY;
    return new LinkingConstants(
        slope, mean(locations(reference)) - slope * mean(locations(newForm)));
  }

  /**
   * Stocking–Lord on the {@link Grid#standard() standard grid}.
   *
   * @param newForm common items calibrated on the new form X
   * @param reference the same items calibrated on the reference form Y, same order
   * @return the converged solution
   * @throws IllegalArgumentException on mismatched items
   * @throws IllegalStateException when Newton's method does not converge
   */
  public static StockingLordResult stockingLord(
      List<ItemParameters> newForm, List<ItemParameters> reference) {
    return stockingLord(newForm, reference, Grid.standard());
  }

  /**
   * @param newForm common items calibrated on the new form X
   * @param reference the same items calibrated on the reference form Y, same order
   * @param grid θ points on the reference scale and their weights
   * @return the converged solution
   * @throws IllegalArgumentException on mismatched items
   * @throws IllegalStateException when Newton's method does not converge
   */
  public static StockingLordResult stockingLord(
      List<ItemParameters> newForm, List<ItemParameters> reference, Grid grid) {
    requireMatching(newForm, reference);
    return stockingLord(newForm, reference, grid, start(newForm, reference));
  }

  /**
   * @param newForm common items calibrated on the new form X
   * @param reference the same items calibrated on the reference form Y, same order
   * @param grid θ points on the reference scale and their weights
   * @param start where Newton's method starts
   * @return the converged solution
   * @throws IllegalArgumentException on mismatched items
   * @throws IllegalStateException when Newton's method does not converge
   */
  public static StockingLordResult stockingLord(
      List<ItemParameters> newForm,
      List<ItemParameters> reference,
      Grid grid,
      LinkingConstants start) {
    return stockingLord(newForm, reference, grid, start, MAX_ITERATIONS);
  }

  static StockingLordResult stockingLord(
      List<ItemParameters> newForm,
      List<ItemParameters> reference,
      Grid grid,
      LinkingConstants start,
      int maxIterations) {
    requireMatching(newForm, reference);
    Criterion criterion = new Criterion(newForm, reference, grid);
    double slope = start.slope();
    double intercept = start.intercept();
    double[] gradient = new double[2];
    double[][] hessian = new double[2][2];
    double[][] gaussNewton = new double[2][2];
    String failure = "iteration limit reached";
    int iteration = 0;
    while (++iteration <= maxIterations) {
      double value = criterion.evaluate(slope, intercept, gradient, hessian, gaussNewton);
      if (gradient[0] == 0 && gradient[1] == 0) {
        return result(criterion, slope, intercept, iteration, start);
      }
      double[] direction =
          solve(positiveDefinite(hessian) ? hessian : damped(gaussNewton), gradient);
      double stepSize = Math.max(Math.abs(direction[0]), Math.abs(direction[1]));
      if (!Double.isFinite(stepSize)) {
        failure = "Newton step not finite";
        break;
      }
      if (stepSize <= STEP_TOLERANCE) {
        if (slope + direction[0] > 0
            && criterion.value(slope + direction[0], intercept + direction[1]) <= value) {
          slope += direction[0];
          intercept += direction[1];
        }
        return result(criterion, slope, intercept, iteration, start);
      }
      double length = 1;
      if (stepSize > LOCAL_STEP || !positiveDefinite(hessian)) {
        double slopeOfValue = gradient[0] * direction[0] + gradient[1] * direction[1];
        while (length > 1e-12
            && !(slope + length * direction[0] > 0
                && criterion.value(slope + length * direction[0], intercept + length * direction[1])
                    <= value + 1e-4 * length * slopeOfValue)) {
          length /= 2;
        }
        if (!(length > 1e-12)) {
          failure = "no decrease of F along the Newton direction";
          break;
        }
      }
      slope += length * direction[0];
      intercept += length * direction[1];
    }
    criterion.evaluate(slope, intercept, gradient, hessian, gaussNewton);
    throw new IllegalStateException(
        "Stocking-Lord did not converge ("
            + failure
            + ") after "
            + Math.min(iteration, maxIterations)
            + " of at most "
            + maxIterations
            + " Newton iterations: A="
            + slope
            + ", B="
            + intercept
            + ", F="
            + criterion.value(slope, intercept)
            + ", |gradient|="
            + Math.hypot(gradient[0], gradient[1]));
  }

  /**
   * The Stocking–Lord criterion computed directly: the new form's items are transformed by {@code
   * constants} and the test characteristic curves compared on the grid.
   *
   * @param newForm common items calibrated on the new form X
   * @param reference the same items calibrated on the reference form Y, same order
   * @param constants candidate {@code (A, B)}
   * @param grid θ points on the reference scale and their weights
   * @return {@code F(A, B) = Σ_k w_k (TCC_Y(θ_k) − TCC_X*(θ_k))²}
   */
  public static double stockingLordCriterion(
      List<ItemParameters> newForm,
      List<ItemParameters> reference,
      LinkingConstants constants,
      Grid grid) {
    requireMatching(newForm, reference);
    List<ItemParameters> transformed = newForm.stream().map(constants::transform).toList();
    double sum = 0;
    for (int k = 0; k < grid.thetas.length; k++) {
      double difference =
          testCharacteristic(reference, grid.thetas[k])
              - testCharacteristic(transformed, grid.thetas[k]);
      sum += grid.weights[k] * difference * difference;
    }
    return sum;
  }

  private static double testCharacteristic(List<ItemParameters> items, double theta) {
    double sum = 0;
    for (ItemParameters item : items) {
      sum += item.expectedScore(theta);
    }
    return sum;
  }

  private static StockingLordResult result(
      Criterion criterion, double slope, double intercept, int iterations, LinkingConstants start) {
    double[] gradient = new double[2];
    double value =
        criterion.evaluate(slope, intercept, gradient, new double[2][2], new double[2][2]);
    return new StockingLordResult(
        new LinkingConstants(slope, intercept),
        value,
        iterations,
        Math.hypot(gradient[0], gradient[1]),
        start);
  }

  private static LinkingConstants start(
      List<ItemParameters> newForm, List<ItemParameters> reference) {
    if (sd(locations(newForm)) > 0 && sd(locations(reference)) > 0) {
      return meanSigma(newForm, reference);
    }
    return meanMean(newForm, reference);
  }

  private static boolean positiveDefinite(double[][] m) {
    return m[0][0] > 0 && m[0][0] * m[1][1] - m[0][1] * m[1][0] > 0;
  }

  /** Gauss–Newton matrix with a little ridge so that it is invertible. */
  private static double[][] damped(double[][] m) {
    double ridge = 1e-8 * (Math.abs(m[0][0]) + Math.abs(m[1][1])) + 1e-300;
    return new double[][] {{m[0][0] + ridge, m[0][1]}, {m[1][0], m[1][1] + ridge}};
  }

  /** Returns {@code −m⁻¹ g}. */
  private static double[] solve(double[][] m, double[] g) {
    double det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
    return new double[] {
      -(m[1][1] * g[0] - m[0][1] * g[1]) / det, -(m[0][0] * g[1] - m[1][0] * g[0]) / det
    };
  }

  /**
   * {@code F(A, B)} through {@code TCC_X*(θ) = TCC_X((θ − B) / A)}, with analytic derivatives of
   * the item expected scores: {@code (1 − c) a L (1 − L)} and {@code (1 − c) a² L (1 − L) (1 − 2L)}
   * for dichotomous items, {@code a Var(X)} and {@code a² E[(X − μ)³]} for polytomous ones.
   */
  private static final class Criterion {

    private final List<ItemParameters> newForm;
    private final double[] thetas;
    private final double[] weights;
    private final double[] referenceCurve;
    private final double[] categories;
    private final double[] derivatives = new double[3];

    Criterion(List<ItemParameters> newForm, List<ItemParameters> reference, Grid grid) {
      this.newForm = List.copyOf(newForm);
      this.thetas = grid.thetas;
      this.weights = grid.weights;
      this.referenceCurve = new double[thetas.length];
      for (int k = 0; k < thetas.length; k++) {
        referenceCurve[k] = testCharacteristic(reference, thetas[k]);
      }
      int maxScore = newForm.stream().mapToInt(ItemParameters::maxScore).max().orElse(1);
      this.categories = new double[maxScore + 1];
    }

    double value(double slope, double intercept) {
      return evaluate(slope, intercept, null, null, null);
    }

    /** Fills gradient, Hessian and Gauss–Newton matrix when they are not null. */
    double evaluate(
        double slope,
        double intercept,
        double[] gradient,
        double[][] hessian,
        double[][] gaussNewton) {
      boolean derivativesWanted = gradient != null;
      if (derivativesWanted) {
        Arrays.fill(gradient, 0);
        for (int r = 0; r < 2; r++) {
          Arrays.fill(hessian[r], 0);
          Arrays.fill(gaussNewton[r], 0);
        }
      }
      double value = 0;
      for (int k = 0; k < thetas.length; k++) {
        double u = (thetas[k] - intercept) / slope;
        double curve = 0;
        double first = 0;
        double second = 0;
        for (ItemParameters item : newForm) {
          expectedScore(item, u);
          curve += derivatives[0];
          first += derivatives[1];
          second += derivatives[2];
        }
        double residual = referenceCurve[k] - curve;
        double w = weights[k];
        value += w * residual * residual;
        if (derivativesWanted) {
          double[] du = {-u / slope, -1 / slope};
          double[][] d2u = {
            {2 * u / (slope * slope), 1 / (slope * slope)}, {1 / (slope * slope), 0}
          };
          for (int p = 0; p < 2; p++) {
            gradient[p] += -2 * w * residual * first * du[p];
            for (int q = 0; q < 2; q++) {
              double outer = 2 * w * first * first * du[p] * du[q];
              gaussNewton[p][q] += outer;
              hessian[p][q] +=
                  outer - 2 * w * residual * (second * du[p] * du[q] + first * d2u[p][q]);
            }
          }
        }
      }
      return value;
    }

    /** Leaves {@code E}, {@code dE/dθ}, {@code d²E/dθ²} at θ in {@code derivatives}. */
    private void expectedScore(ItemParameters item, double theta) {
      double a = item.discrimination();
      if (!item.polytomous()) {
        double c = item.guessing();
        double logistic = 1 / (1 + Math.exp(-a * (theta - item.difficulty())));
        double spread = logistic * (1 - logistic);
        derivatives[0] = c + (1 - c) * logistic;
        derivatives[1] = (1 - c) * a * spread;
        derivatives[2] = (1 - c) * a * a * spread * (1 - 2 * logistic);
        return;
      }
      item.categoryProbabilities(theta, categories);
      int m = item.maxScore();
      double mean = 0;
      for (int x = 1; x <= m; x++) {
        mean += x * categories[x];
      }
      double variance = 0;
      double skew = 0;
      for (int x = 0; x <= m; x++) {
        double deviation = x - mean;
        variance += deviation * deviation * categories[x];
        skew += deviation * deviation * deviation * categories[x];
      }
      derivatives[0] = mean;
      derivatives[1] = a * variance;
      derivatives[2] = a * a * skew;
    }
  }

  static double[] locations(List<ItemParameters> items) {
    return items.stream()
        .flatMapToDouble(
            item ->
                item.polytomous()
                    ? Arrays.stream(item.thresholds())
                    : java.util.stream.DoubleStream.of(item.difficulty()))
        .toArray();
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double value : values) {
      sum += value;
    }
    return sum / values.length;
  }

  private static double sd(double[] values) {
    double mean = mean(values);
    double sum = 0;
    for (double value : values) {
      sum += (value - mean) * (value - mean);
    }
    return Math.sqrt(sum / values.length);
  }

  static void requireMatching(List<ItemParameters> newForm, List<ItemParameters> reference) {
    if (newForm == null || reference == null) {
      throw new IllegalArgumentException("common item lists must not be null");
    }
    if (newForm.size() != reference.size()) {
      throw new IllegalArgumentException(
          "common items: newForm has "
              + newForm.size()
              + " but reference has "
              + reference.size()
              + "; the lists must match item by item");
    }
    if (newForm.size() < 2) {
      throw new IllegalArgumentException(
          "linking needs at least 2 common items, got " + newForm.size());
    }
    for (int i = 0; i < newForm.size(); i++) {
      ItemParameters x = newForm.get(i);
      ItemParameters y = reference.get(i);
      if (x == null || y == null) {
        throw new IllegalArgumentException("common item " + (i + 1) + " is null");
      }
      if (x.polytomous() != y.polytomous() || x.maxScore() != y.maxScore()) {
        throw new IllegalArgumentException(
            "common item "
                + (i + 1)
                + " differs in model between forms: "
                + describe(x)
                + " on the new form, "
                + describe(y)
                + " on the reference");
      }
    }
  }

  private static String describe(ItemParameters item) {
    return item.polytomous() ? "polytomous with " + item.maxScore() + " thresholds" : "dichotomous";
  }
}
