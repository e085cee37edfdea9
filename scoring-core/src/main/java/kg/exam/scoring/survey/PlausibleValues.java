package kg.exam.scoring.survey;

import java.util.List;
import java.util.SplittableRandom;
import kg.exam.scoring.LinearSystems;
import kg.exam.scoring.irt.ItemParameters;
import kg.exam.scoring.irt.Responses;

/**
 * Plausible values from a latent regression, the way large-scale assessments report populations
 * (Mislevy 1991; TIMSS and PISA with many more conditioning variables).
 *
 * <p>The items' parameters are fixed (a recorded calibration). Each candidate's ability has the
 * prior {@code θ_i ~ N(x_i'β, σ²)}, with {@code x_i} the candidate's conditioning variables (an
 * intercept and group indicators). β and σ are estimated by EM on a fixed grid of {@value #NODES}
 * nodes over [{@value #LOWEST}, {@value #HIGHEST}]: the E step takes each candidate's posterior
 * over the grid (likelihood × prior), the M step regresses the posterior means on x and sets {@code
 * σ² = mean(posterior variance + (posterior mean − x'β)²)}. The plausible values are then
 * independent draws from each candidate's posterior, placed uniformly within the drawn node's
 * interval. Conditioning on the groups that are reported keeps their differences from shrinking
 * towards zero, which draws from one common prior would do.
 *
 * <p>Memory: one float per candidate and node (the likelihoods), 196 bytes a candidate.
 */
public final class PlausibleValues {
  static final int NODES = 49;
  static final double LOWEST = -6;
  static final double HIGHEST = 6;
  private static final int MAX_CYCLES = 200;
  private static final double TOLERANCE = 1e-6;

  /**
   * @param values {@code [draw][candidate]} on the θ scale
   * @param coefficients β, in the order of the covariate columns
   * @param residualSd σ
   * @param cycles EM cycles run
   * @param converged whether the largest change of β and σ fell below 1e-6
   */
  public record Result(
      double[][] values, double[] coefficients, double residualSd, int cycles, boolean converged) {}

  private PlausibleValues() {}

  /**
   * Draws plausible values.
   *
   * @param responses candidates × items, in the order of {@code items}
   * @param items the calibrated items
   * @param covariates {@code [candidate][column]}; include a column of ones for the intercept
   * @param draws plausible values per candidate (5 is usual)
   * @param seed for the draws: the same inputs and seed give the same values
   */
  public static Result draw(
      Responses responses,
      List<ItemParameters> items,
      double[][] covariates,
      int draws,
      long seed) {
    int n = responses.candidateCount();
    if (items.size() != responses.itemCount()) {
      throw new IllegalArgumentException(
          items.size() + " items for " + responses.itemCount() + " response columns");
    }
    if (covariates.length != n) {
      throw new IllegalArgumentException(covariates.length + " covariate rows for " + n);
    }
    if (draws < 1) {
      throw new IllegalArgumentException("draws must be at least 1");
    }
    double[] grid = new double[NODES];
    for (int q = 0; q < NODES; q++) {
      grid[q] = LOWEST + q * (HIGHEST - LOWEST) / (NODES - 1);
    }
    float[] likelihood = likelihoods(responses, items, grid);
    int p = n == 0 ? 0 : covariates[0].length;
    double[] beta = new double[p];
    double sigma = 1;
    double[] mean = new double[n];
    double[] variance = new double[n];
    double[] weights = new double[NODES];
    int cycle = 0;
    boolean converged = false;
    while (cycle < MAX_CYCLES && !converged) {
      cycle++;
      for (int i = 0; i < n; i++) {
        posterior(likelihood, i, grid, dot(covariates[i], beta), sigma, weights);
        double m = 0;
        double s = 0;
        for (int q = 0; q < NODES; q++) {
          m += weights[q] * grid[q];
          s += weights[q] * grid[q] * grid[q];
        }
        mean[i] = m;
        variance[i] = Math.max(0, s - m * m);
      }
      double[] next = regress(covariates, mean, p);
      double residual = 0;
      for (int i = 0; i < n; i++) {
        double e = mean[i] - dot(covariates[i], next);
        residual += variance[i] + e * e;
      }
      // a floor keeps the prior a density when every candidate looks alike
      double nextSigma = Math.max(1e-3, Math.sqrt(residual / Math.max(1, n)));
      double change = Math.abs(nextSigma - sigma);
      for (int k = 0; k < p; k++) {
        change = Math.max(change, Math.abs(next[k] - beta[k]));
      }
      beta = next;
      sigma = nextSigma;
      converged = change < TOLERANCE;
    }
    double half = (HIGHEST - LOWEST) / (NODES - 1) / 2;
    double[][] values = new double[draws][n];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      posterior(likelihood, i, grid, dot(covariates[i], beta), sigma, weights);
      for (int d = 0; d < draws; d++) {
        double u = random.nextDouble();
        int q = 0;
        double cumulative = weights[0];
        while (cumulative < u && q < NODES - 1) {
          q++;
          cumulative += weights[q];
        }
        values[d][i] = grid[q] + (random.nextDouble() * 2 - 1) * half;
      }
    }
    return new Result(values, beta, sigma, cycle, converged);
  }

  /** Each candidate's likelihood at each node, scaled so that its largest is 1. */
  private static float[] likelihoods(
      Responses responses, List<ItemParameters> items, double[] grid) {
    int j = items.size();
    double[][][] log = new double[j][NODES][];
    for (int item = 0; item < j; item++) {
      ItemParameters parameters = items.get(item);
      double[] p = new double[parameters.maxScore() + 1];
      for (int q = 0; q < NODES; q++) {
        parameters.categoryProbabilities(grid[q], p);
        log[item][q] = new double[p.length];
        for (int x = 0; x < p.length; x++) {
          log[item][q][x] = Math.log(Math.max(p[x], 1e-300));
        }
      }
    }
    int n = responses.candidateCount();
    float[] out = new float[n * NODES];
    double[] ll = new double[NODES];
    for (int i = 0; i < n; i++) {
      java.util.Arrays.fill(ll, 0);
      for (int item = 0; item < j; item++) {
        int x = responses.cell(i, item);
        if (x == Responses.NOT_PRESENTED) {
          continue;
        }
        if (x >= log[item][0].length) {
          throw new IllegalArgumentException(
              "candidate " + i + " scored " + x + " on item " + item + ", above its categories");
        }
        for (int q = 0; q < NODES; q++) {
          ll[q] += log[item][q][x];
        }
      }
      double max = Double.NEGATIVE_INFINITY;
      for (double v : ll) {
        max = Math.max(max, v);
      }
      for (int q = 0; q < NODES; q++) {
        out[i * NODES + q] = (float) Math.exp(ll[q] - max);
      }
    }
    return out;
  }

  private static void posterior(
      float[] likelihood, int i, double[] grid, double mu, double sigma, double[] out) {
    double sum = 0;
    for (int q = 0; q < NODES; q++) {
      double z = (grid[q] - mu) / sigma;
      out[q] = likelihood[i * NODES + q] * Math.exp(-0.5 * z * z);
      sum += out[q];
    }
    if (!(sum > 0)) {
      // a prior far from the likelihood underflows: fall back on the likelihood alone
      sum = 0;
      for (int q = 0; q < NODES; q++) {
        out[q] = likelihood[i * NODES + q];
        sum += out[q];
      }
    }
    for (int q = 0; q < NODES; q++) {
      out[q] /= sum;
    }
  }

  private static double dot(double[] x, double[] beta) {
    double s = 0;
    for (int k = 0; k < beta.length; k++) {
      s += x[k] * beta[k];
    }
    return s;
  }

  /** Least squares {@code (X'X)⁻¹ X'y}, a tiny ridge keeping an empty group's column solvable. */
  static double[] regress(double[][] x, double[] y, int p) {
    double[][] a = new double[p][p + 1];
    for (int i = 0; i < x.length; i++) {
      for (int r = 0; r < p; r++) {
        if (x[i][r] == 0) {
          continue;
        }
        for (int c = 0; c < p; c++) {
          a[r][c] += x[i][r] * x[i][c];
        }
        a[r][p] += x[i][r] * y[i];
      }
    }
    for (int r = 0; r < p; r++) {
      a[r][r] += 1e-9;
    }
    return LinearSystems.solve(a, p);
  }
}
