package kg.exam.scoring.analysis;

import java.util.ArrayList;
import java.util.List;
import kg.exam.scoring.irt.Responses;

/**
 * Differential item functioning between a reference group and a focal group (language of
 * instruction, gender, urban/rural), for dichotomous items, matched on the candidate's total score
 * over the items presented to them (the studied item included).
 *
 * <ul>
 *   <li><b>Mantel–Haenszel</b> over the 2 × 2 tables (correct × group) of each total score with at
 *       least two candidates: the common odds ratio α = Σ A D / N ÷ Σ B C / N (A, B the reference
 *       and focal candidates who got it right, C, D those who did not; α above 1 favours the
 *       reference group), the chi-square with continuity correction (R's {@code mantelhaen.test}),
 *       the Robins–Breslow–Greenland SE of ln α, and the ETS delta {@code Δ = −2.35 ln α}
 *       classified A (|Δ| below 1 or the chi-square not significant at 5 %), C (|Δ| at least 1.5
 *       and significantly above 1: (|Δ| − 1)/SE(Δ) above 1.645) or B (the rest).
 *   <li><b>Logistic regression</b> (Swaminathan and Rogers 1990): the deviances of {@code correct ~
 *       score}, {@code + group} and {@code + score:group}; uniform DIF is the first drop
 *       (chi-square, 1 df), non-uniform the second (1 df); the effect is the gain in Nagelkerke's
 *       R² from the first model to the last, classified A (below 0.035), B (to 0.070) or C (Jodoin
 *       and Gierl 2001), C only when the 2-df test is significant at 5 %.
 * </ul>
 *
 * Checked against base R ({@code mantelhaen.test}, {@code glm}) in {@code DifReferenceTest}.
 */
public final class Dif {
  private Dif() {}

  /**
   * @param statistic MH chi-square with continuity correction (1 df)
   * @param p its upper tail probability
   * @param oddsRatio α_MH; above 1 the item favours the reference group
   * @param logOddsRatioSe Robins–Breslow–Greenland SE of ln α
   * @param delta ETS {@code −2.35 ln α}; negative favours the reference group
   * @param ets A, B or C; null when not computable (no variance)
   * @param strata score groups used (at least two candidates each)
   */
  public record MantelHaenszel(
      double statistic,
      double p,
      double oddsRatio,
      double logOddsRatioSe,
      double delta,
      String ets,
      int strata) {}

  /**
   * @param deviance0 of {@code correct ~ score}
   * @param deviance1 with the group
   * @param deviance2 with the group and its interaction with the score
   * @param uniformP upper tail of deviance0 − deviance1 (1 df)
   * @param nonUniformP upper tail of deviance1 − deviance2 (1 df)
   * @param bothP upper tail of deviance0 − deviance2 (2 df)
   * @param r2Change Nagelkerke R² of the last model minus that of the first
   * @param effect A, B or C
   */
  public record Logistic(
      double deviance0,
      double deviance1,
      double deviance2,
      double uniformP,
      double nonUniformP,
      double bothP,
      double r2Change,
      String effect) {}

  /**
   * One item's DIF; both null for an item that is not dichotomous or lacks candidates of either
   * group.
   *
   * @param reference candidates of the reference group the item was presented to
   * @param focal of the focal group
   */
  public record Result(
      int item, int reference, int focal, MantelHaenszel mantelHaenszel, Logistic logistic) {}

  /**
   * @param responses candidates × items, 0/1 (other scores make an item polytomous: not analysed)
   * @param group per candidate: 0 reference, 1 focal, anything else left out
   */
  public static List<Result> analyse(Responses responses, int[] group) {
    int n = responses.candidateCount();
    int[] score = new int[n];
    for (int c = 0; c < n; c++) {
      for (int j = 0; j < responses.itemCount(); j++) {
        int x = responses.cell(c, j);
        if (x > 0) {
          score[c] += x;
        }
      }
    }
    return analyse(responses, group, score);
  }

  /**
   * As {@link #analyse(Responses, int[])} with the matching scores given (e.g. the whole test's
   * total rounded, when some items are marked in fractions the matrix does not hold).
   *
   * @param score per candidate, at least 0
   */
  public static List<Result> analyse(Responses responses, int[] group, int[] score) {
    int n = responses.candidateCount();
    int items = responses.itemCount();
    if (group.length != n || score.length != n) {
      throw new IllegalArgumentException(
          group.length + " groups and " + score.length + " scores for " + n + " candidates");
    }
    int maxScore = 0;
    for (int c = 0; c < n; c++) {
      if (score[c] < 0) {
        throw new IllegalArgumentException("candidate " + c + " has a negative matching score");
      }
      maxScore = Math.max(maxScore, score[c]);
    }
    List<Result> out = new ArrayList<>();
    for (int j = 0; j < items; j++) {
      out.add(item(responses, j, group, score, maxScore));
    }
    return out;
  }

  private static Result item(Responses responses, int j, int[] group, int[] score, int maxScore) {
    int n = group.length;
    int reference = 0;
    int focal = 0;
    boolean dichotomous = responses.maxScore(j) <= 1;
    // per score: A (ref right), B (focal right), C (ref wrong), D (focal wrong)
    double[][] cells = new double[maxScore + 1][4];
    for (int c = 0; c < n; c++) {
      int x = responses.cell(c, j);
      if (x == Responses.NOT_PRESENTED || (group[c] != 0 && group[c] != 1)) {
        continue;
      }
      if (group[c] == 0) {
        reference++;
      } else {
        focal++;
      }
      cells[score[c]][(x == 1 ? 0 : 2) + group[c]]++;
    }
    if (!dichotomous || reference == 0 || focal == 0) {
      return new Result(j, reference, focal, null, null);
    }
    return new Result(j, reference, focal, mantelHaenszel(cells), logistic(cells));
  }

  static MantelHaenszel mantelHaenszel(double[][] cells) {
    double sx = 0;
    double sy = 0;
    double delta = 0;
    double variance = 0;
    double v1 = 0;
    double v2 = 0;
    double v3 = 0;
    int strata = 0;
    for (double[] t : cells) {
      double a = t[0];
      double b = t[1];
      double c = t[2];
      double d = t[3];
      double total = a + b + c + d;
      if (total < 2) {
        continue;
      }
      strata++;
      double right = a + b;
      double wrong = c + d;
      double ref = a + c;
      double foc = b + d;
      delta += a - right * ref / total;
      variance += right * wrong * ref * foc / (total * total * (total - 1));
      sx += a * d / total;
      sy += b * c / total;
      v1 += (a + d) * a * d / (total * total);
      v2 += ((a + d) * b * c + (b + c) * a * d) / (total * total);
      v3 += (b + c) * b * c / (total * total);
    }
    // R's mantelhaen.test: the correction only when |Δ| is at least one half
    double yates = Math.abs(delta) >= 0.5 ? 0.5 : 0;
    double statistic = variance > 0 ? Math.pow(Math.abs(delta) - yates, 2) / variance : Double.NaN;
    double p = kg.exam.scoring.Distributions.chiSquareUpperTail(statistic, 1);
    double alpha = sx / sy;
    double se = Math.sqrt(v1 / (2 * sx * sx) + v2 / (2 * sx * sy) + v3 / (2 * sy * sy));
    double etsDelta = -2.35 * Math.log(alpha);
    double deltaSe = 2.35 * se;
    String ets;
    if (Double.isNaN(statistic) || Double.isNaN(etsDelta)) {
      ets = null; // not computable: no variance, or no one of either group on one side
    } else if (!(p < 0.05) || Math.abs(etsDelta) < 1) {
      ets = "A";
    } else if (Double.isInfinite(etsDelta)) {
      ets = "C"; // every focal (or reference) candidate failed (or passed) it, significantly
    } else if (Math.abs(etsDelta) >= 1.5 && (Math.abs(etsDelta) - 1) / deltaSe > 1.645) {
      ets = "C";
    } else {
      ets = "B";
    }
    return new MantelHaenszel(statistic, p, alpha, se, etsDelta, ets, strata);
  }

  /**
   * The three nested logistic regressions. The covariates are the score and the group only, so the
   * candidates are summed into (score, group) cells of trials and successes first: the likelihood
   * is the same, and a national cohort costs as little as a school.
   */
  static Logistic logistic(double[][] table) {
    // per score: A (ref right), B (focal right), C (ref wrong), D (focal wrong)
    List<double[]> cells = new ArrayList<>();
    for (int score = 0; score < table.length; score++) {
      double[] t = table[score];
      if (t[0] + t[2] > 0) {
        cells.add(new double[] {score, 0, t[0] + t[2], t[0]});
      }
      if (t[1] + t[3] > 0) {
        cells.add(new double[] {score, 1, t[1] + t[3], t[1]});
      }
    }
    int m = cells.size();
    double[][] x0 = new double[m][];
    double[][] x1 = new double[m][];
    double[][] x2 = new double[m][];
    double[] trials = new double[m];
    double[] successes = new double[m];
    int i = 0;
    int n = 0;
    for (double[] c : cells) {
      x0[i] = new double[] {1, c[0]};
      x1[i] = new double[] {1, c[0], c[1]};
      x2[i] = new double[] {1, c[0], c[1], c[0] * c[1]};
      trials[i] = c[2];
      successes[i] = c[3];
      n += (int) c[2];
      i++;
    }
    double d0 = deviance(x0, trials, successes);
    double d1 = deviance(x1, trials, successes);
    double d2 = deviance(x2, trials, successes);
    double right = 0;
    for (double s : successes) {
      right += s;
    }
    double mean = right / n;
    double dNull = -2 * n * (xlogx(mean) + xlogx(1 - mean));
    double r2Change = nagelkerke(d2, dNull, n) - nagelkerke(d0, dNull, n);
    double bothP = kg.exam.scoring.Distributions.chiSquareUpperTail(d0 - d2, 2);
    String effect = r2Change < 0.035 || !(bothP < 0.05) ? "A" : r2Change < 0.070 ? "B" : "C";
    return new Logistic(
        d0,
        d1,
        d2,
        kg.exam.scoring.Distributions.chiSquareUpperTail(d0 - d1, 1),
        kg.exam.scoring.Distributions.chiSquareUpperTail(d1 - d2, 1),
        bothP,
        r2Change,
        effect);
  }

  private static double xlogx(double p) {
    return p > 0 ? p * Math.log(p) : 0;
  }

  /** Nagelkerke's R² from a model's deviance and the null deviance. */
  private static double nagelkerke(double deviance, double nullDeviance, int n) {
    double coxSnell = 1 - Math.exp((deviance - nullDeviance) / n);
    double max = 1 - Math.exp(-nullDeviance / n);
    return max > 0 ? coxSnell / max : Double.NaN;
  }

  /**
   * The deviance (−2 log-likelihood of the individual 0/1 responses) of the maximum-likelihood
   * logistic regression on the columns of x, given per covariate pattern its trials and successes,
   * by Newton–Raphson (iteratively reweighted least squares) from zero, to a change of the deviance
   * below 1e-12 relative (R's glm stops at 1e-8).
   */
  static double deviance(double[][] x, double[] trials, double[] successes) {
    int p = x[0].length;
    double[] beta = new double[p];
    double previous = Double.POSITIVE_INFINITY;
    for (int iteration = 0; iteration < 100; iteration++) {
      double[][] h = new double[p][p + 1];
      double dev = 0;
      for (int i = 0; i < trials.length; i++) {
        double eta = 0;
        for (int k = 0; k < p; k++) {
          eta += x[i][k] * beta[k];
        }
        double mu = 1 / (1 + Math.exp(-eta));
        mu = Math.min(1 - 1e-15, Math.max(1e-15, mu));
        double y = successes[i];
        double n = trials[i];
        dev += -2 * (y * Math.log(mu) + (n - y) * Math.log(1 - mu));
        double w = n * mu * (1 - mu);
        for (int r = 0; r < p; r++) {
          for (int c = 0; c < p; c++) {
            h[r][c] += w * x[i][r] * x[i][c];
          }
          h[r][p] += x[i][r] * (y - n * mu);
        }
      }
      if (Math.abs(previous - dev) <= 1e-12 * (Math.abs(dev) + 0.1)) {
        return dev;
      }
      previous = dev;
      double[] step = kg.exam.scoring.LinearSystems.solve(h, p);
      for (int k = 0; k < p; k++) {
        beta[k] += step[k];
      }
    }
    return previous;
  }
}
