package kg.exam.scoring.integrity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kg.exam.scoring.Distributions;

/**
 * van der Linden's lognormal response-time model (2006): the log of the time sitting j took on item
 * i is normal, ln t_ij = β_i − τ_j + ε_ij with ε_ij ~ N(0, 1/α_i²), where β_i is the item's time
 * intensity, α_i its time discrimination and τ_j the sitting's speed.
 *
 * <p>Fitted by alternating weighted least squares on the cohort's own times (β_i the mean of ln t +
 * τ over the sittings that have a time for item i; τ_j the α²-weighted mean of β − ln t; α_i from
 * the residuals; the mean τ fixed at 0), which are the maximum-likelihood equations of the model.
 *
 * <p>Two leads come from it:
 *
 * <ul>
 *   <li>{@link Finding.Kind#RESPONSE_TIME}: the person-fit statistic l_j = Σ_i α_i² (ln t_ij − β_i
 *       + τ_j)², chi-square with n_j − 1 degrees of freedom under the model (van der Linden and
 *       Guo, 2008). Large when some items went much faster (or slower) than the sitting's own pace
 *       explains, as when a candidate knew some items beforehand.
 *   <li>{@link Finding.Kind#SPEED}: the sitting's speed against the speed its score predicts (a
 *       least-squares line of τ on the percentage), in units of the residuals' robust spread
 *       (1.4826 × their median absolute deviation). Large when a sitting was much faster than
 *       candidates who did as well.
 * </ul>
 */
public final class ResponseTimes {
  /**
   * The fewest timed sittings the speed analysis needs: with fewer, the robust spread of the
   * residuals is noisy enough to flag honest sittings above the stated rate (measured on simulated
   * cohorts: 2.2 times at 90 sittings, 1.3 times at 150, within it from 300).
   */
  public static final int MIN_SPEED_COHORT = 300;

  private static final int MAX_ROUNDS = 100;

  private final Cohort cohort;
  private final double[] intensity;
  private final double[] discrimination;
  private final double[] speed;
  private final int[] timed;

  private ResponseTimes(
      Cohort cohort, double[] intensity, double[] discrimination, double[] speed, int[] timed) {
    this.cohort = cohort;
    this.intensity = intensity;
    this.discrimination = discrimination;
    this.speed = speed;
    this.timed = timed;
  }

  /**
   * Fits the model to the sittings with at least {@code minTimedItems} positive times; the others
   * get a NaN speed.
   */
  public static ResponseTimes fit(Cohort cohort, int minTimedItems) {
    int n = cohort.size();
    int items = cohort.items();
    double[][] logTime = new double[n][];
    int[] timed = new int[n];
    for (int j = 0; j < n; j++) {
      double[] row = new double[items];
      for (int i = 0; i < items; i++) {
        double t = cohort.seconds()[j][i];
        row[i] = t > 0 && Double.isFinite(t) ? Math.log(t) : Double.NaN;
        if (!Double.isNaN(row[i])) {
          timed[j]++;
        }
      }
      logTime[j] = timed[j] >= minTimedItems ? row : null;
    }
    double[] beta = new double[items];
    double[] alpha = new double[items];
    double[] tau = new double[n];
    Arrays.fill(alpha, 1);
    for (int round = 0; round < MAX_ROUNDS; round++) {
      double[] previous = beta.clone();
      // β_i = mean over sittings of ln t + τ
      double[] sum = new double[items];
      int[] count = new int[items];
      for (int j = 0; j < n; j++) {
        if (logTime[j] != null) {
          for (int i = 0; i < items; i++) {
            if (!Double.isNaN(logTime[j][i])) {
              sum[i] += logTime[j][i] + tau[j];
              count[i]++;
            }
          }
        }
      }
      for (int i = 0; i < items; i++) {
        beta[i] = count[i] > 0 ? sum[i] / count[i] : Double.NaN;
      }
      // τ_j = Σ α²(β − ln t) / Σ α², then centred
      double mean = 0;
      int sittings = 0;
      for (int j = 0; j < n; j++) {
        if (logTime[j] == null) {
          tau[j] = Double.NaN;
          continue;
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < items; i++) {
          if (!Double.isNaN(logTime[j][i]) && !Double.isNaN(beta[i])) {
            double w = alpha[i] * alpha[i];
            num += w * (beta[i] - logTime[j][i]);
            den += w;
          }
        }
        tau[j] = num / den;
        mean += tau[j];
        sittings++;
      }
      mean = sittings > 0 ? mean / sittings : 0;
      for (int j = 0; j < n; j++) {
        tau[j] -= mean;
      }
      for (int i = 0; i < items; i++) {
        beta[i] -= mean;
      }
      // α_i = 1 / residual standard deviation. A residual is taken from τ_j fitted to the same
      // n_j times, which shrinks its square by about (n_j − 1)/n_j: undone here, else α comes out
      // too large and the person-fit flags honest sittings above the stated rate (measured 1.3×).
      double[] squares = new double[items];
      for (int j = 0; j < n; j++) {
        if (logTime[j] != null) {
          double inflate = timed[j] / (timed[j] - 1.0);
          for (int i = 0; i < items; i++) {
            if (!Double.isNaN(logTime[j][i])) {
              double e = logTime[j][i] - beta[i] + tau[j];
              squares[i] += e * e * inflate;
            }
          }
        }
      }
      for (int i = 0; i < items; i++) {
        alpha[i] = count[i] > 1 && squares[i] > 0 ? Math.sqrt(count[i] / squares[i]) : 1;
      }
      double change = 0;
      for (int i = 0; i < items; i++) {
        if (!Double.isNaN(beta[i])) {
          change = Math.max(change, Math.abs(beta[i] - previous[i]));
        }
      }
      if (change < 1e-9) {
        break;
      }
    }
    for (int j = 0; j < n; j++) {
      if (logTime[j] == null) {
        timed[j] = 0;
      }
    }
    return new ResponseTimes(cohort, beta, alpha, tau, timed);
  }

  /** τ_j, the sittings' speeds (NaN where too few items were timed). */
  public double[] speed() {
    return speed.clone();
  }

  /** The person-fit statistic l_j, or NaN. */
  public double personFit(int j) {
    if (timed[j] == 0) {
      return Double.NaN;
    }
    double l = 0;
    for (int i = 0; i < intensity.length; i++) {
      double t = cohort.seconds()[j][i];
      if (t > 0 && Double.isFinite(t) && !Double.isNaN(intensity[i])) {
        double e = discrimination[i] * (Math.log(t) - intensity[i] + speed[j]);
        l += e * e;
      }
    }
    return l;
  }

  /** The sittings whose item times misfit, flagged at the thresholds' rates. */
  public List<Finding> misfits(IntegrityThresholds thresholds) {
    List<Finding> flags = new ArrayList<>();
    for (int j = 0; j < speed.length; j++) {
      if (timed[j] < 2) {
        continue;
      }
      double l = personFit(j);
      double p = Distributions.chiSquareUpperTail(l, timed[j] - 1);
      Finding.Severity severity = thresholds.severity(p);
      if (severity == null) {
        continue;
      }
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("personFit", l);
      detail.put("items", timed[j]);
      detail.put("speed", speed[j]);
      flags.add(flag(Finding.Kind.RESPONSE_TIME, severity, j, l, p, detail));
    }
    return flags;
  }

  /** The sittings much faster than their score predicts, flagged at the thresholds' rates. */
  public List<Finding> tooFast(IntegrityThresholds thresholds) {
    double[] score = cohort.score();
    // least squares τ = a + b · score over the fitted sittings
    double sx = 0;
    double sy = 0;
    int m = 0;
    for (int j = 0; j < speed.length; j++) {
      if (timed[j] > 0 && Double.isFinite(score[j])) {
        sx += score[j];
        sy += speed[j];
        m++;
      }
    }
    List<Finding> flags = new ArrayList<>();
    if (m < MIN_SPEED_COHORT) {
      return flags; // the spread of the residuals is too noisy for the stated rate
    }
    double mx = sx / m;
    double my = sy / m;
    double sxy = 0;
    double sxx = 0;
    for (int j = 0; j < speed.length; j++) {
      if (timed[j] > 0 && Double.isFinite(score[j])) {
        sxy += (score[j] - mx) * (speed[j] - my);
        sxx += (score[j] - mx) * (score[j] - mx);
      }
    }
    double slope = sxx > 0 ? sxy / sxx : 0;
    double[] residual = new double[m];
    int k = 0;
    for (int j = 0; j < speed.length; j++) {
      if (timed[j] > 0 && Double.isFinite(score[j])) {
        residual[k++] = speed[j] - (my + slope * (score[j] - mx));
      }
    }
    double spread = robustSpread(residual);
    if (!(spread > 0)) {
      return flags;
    }
    for (int j = 0; j < speed.length; j++) {
      if (timed[j] == 0 || !Double.isFinite(score[j])) {
        continue;
      }
      double predicted = my + slope * (score[j] - mx);
      double z = (speed[j] - predicted) / spread;
      if (z < thresholds.mediumZ()) {
        continue;
      }
      double p = Distributions.normalUpperTail(z);
      Finding.Severity severity = thresholds.severity(p);
      if (severity == null) {
        continue;
      }
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("speed", speed[j]);
      detail.put("predicted", predicted);
      detail.put("minutes", totalSeconds(j) / 60);
      flags.add(flag(Finding.Kind.SPEED, severity, j, z, p, detail));
    }
    return flags;
  }

  /** A lead about sitting j, its evidence the items it went through fastest. */
  private Finding flag(
      Finding.Kind kind,
      Finding.Severity severity,
      int j,
      double statistic,
      double p,
      Map<String, Object> detail) {
    return new Finding(
        kind, severity, new int[] {j}, cohort.place()[j], statistic, p, detail, fastestFirst(j));
  }

  /** 1.4826 × the median absolute deviation from the median (σ for normal data). */
  static double robustSpread(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double median = median(values.clone());
    double[] deviation = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      deviation[i] = Math.abs(values[i] - median);
    }
    return 1.4826 * median(deviation);
  }

  static double median(double[] values) {
    Arrays.sort(values);
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  private double totalSeconds(int j) {
    double total = 0;
    for (double t : cohort.seconds()[j]) {
      if (t > 0 && Double.isFinite(t)) {
        total += t;
      }
    }
    return total;
  }

  /** The timed items of sitting j, the ones faster than the model expects first. */
  private int[] fastestFirst(int j) {
    List<double[]> residuals = new ArrayList<>();
    for (int i = 0; i < intensity.length; i++) {
      double t = cohort.seconds()[j][i];
      if (t > 0 && Double.isFinite(t) && !Double.isNaN(intensity[i])) {
        residuals.add(
            new double[] {discrimination[i] * (Math.log(t) - intensity[i] + speed[j]), i});
      }
    }
    residuals.sort((x, y) -> Double.compare(x[0], y[0]));
    return residuals.stream().mapToInt(r -> (int) r[1]).toArray();
  }
}
