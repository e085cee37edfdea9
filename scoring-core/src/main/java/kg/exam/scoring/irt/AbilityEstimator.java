package kg.exam.scoring.irt;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import kg.exam.scoring.batch.ChunkedParallel;

/**
 * Ability estimates for given item parameters (MLE, WLE, EAP; see {@link AbilityMethod}).
 * Not-presented items are left out of a candidate's likelihood.
 *
 * <p>MLE and WLE solve their estimating equation with Newton steps kept inside a bracket that is
 * halved whenever a step would leave it, to {@code 1e-9} in θ. With equal discriminations (Rasch)
 * the estimates of candidates presented every item are solved once per raw score at construction
 * and looked up. EAP integrates over {@code quadraturePoints} equally spaced nodes on {@code
 * priorMean ± 6 priorSd}. For a Rasch calibration pass the calibration's latent mean and SD as the
 * prior.
 *
 * <p>Immutable and thread-safe; estimates do not depend on the thread count.
 */
public final class AbilityEstimator {

  private static final int CHUNK = 4096;
  private static final double TOLERANCE = 1e-9;
  private static final double BRACKET_LIMIT = 60;

  private final double[] discrimination;
  private final double[] difficulty;
  private final double priorMean;
  private final double priorSd;
  private final double[] nodes;
  private final double[] logPrior;

  /** log P and log(1 − P) per item and EAP node, flattened {@code [item * nodes + node]}. */
  private final double[] logCorrect;

  private final double[] logIncorrect;

  /**
   * When every discrimination is equal (Rasch), θ of a candidate presented every item depends only
   * on the raw score: {@code byScore[method][2 * score]} is θ and {@code [2 * score + 1]} its SE;
   * null otherwise.
   */
  private final double[][] byScore;

  /**
   * @param items item parameters in column order; every discrimination must be {@code > 0}
   * @param priorMean EAP prior mean
   * @param priorSd EAP prior SD, {@code > 0}
   * @param quadraturePoints EAP nodes, {@code 11..2001}
   */
  public AbilityEstimator(
      List<ItemParameters> items, double priorMean, double priorSd, int quadraturePoints) {
    Objects.requireNonNull(items, "items");
    if (items.isEmpty()) {
      throw new IllegalArgumentException("items must not be empty");
    }
    if (!Double.isFinite(priorMean) || !(priorSd > 0) || !Double.isFinite(priorSd)) {
      throw new IllegalArgumentException(
          "priorMean=" + priorMean + " must be finite and priorSd=" + priorSd + " > 0");
    }
    if (quadraturePoints < 11 || quadraturePoints > 2001) {
      throw new IllegalArgumentException(
          "quadraturePoints=" + quadraturePoints + " must be in 11..2001");
    }
    this.discrimination = new double[items.size()];
    this.difficulty = new double[items.size()];
    for (int i = 0; i < items.size(); i++) {
      ItemParameters item = items.get(i);
      if (item.polytomous() || item.guessing() != 0) {
        throw new IllegalArgumentException(
            "item=" + i + " is 3PL or polytomous: not implemented yet");
      }
      if (!(item.discrimination() > 0)) {
        throw new IllegalArgumentException(
            "item=" + i + " discrimination=" + item.discrimination() + " must be > 0");
      }
      discrimination[i] = item.discrimination();
      difficulty[i] = item.difficulty();
    }
    this.priorMean = priorMean;
    this.priorSd = priorSd;
    this.nodes = new double[quadraturePoints];
    this.logPrior = new double[quadraturePoints];
    for (int k = 0; k < quadraturePoints; k++) {
      double standard = -6 + 12.0 * k / (quadraturePoints - 1);
      nodes[k] = priorMean + priorSd * standard;
      logPrior[k] = -0.5 * standard * standard;
    }
    this.logCorrect = new double[items.size() * quadraturePoints];
    this.logIncorrect = new double[items.size() * quadraturePoints];
    for (int i = 0; i < items.size(); i++) {
      for (int k = 0; k < quadraturePoints; k++) {
        double eta = discrimination[i] * (nodes[k] - difficulty[i]);
        logCorrect[i * quadraturePoints + k] = logSigmoid(eta);
        logIncorrect[i * quadraturePoints + k] = logSigmoid(-eta);
      }
    }
    boolean equalDiscrimination = true;
    for (double a : discrimination) {
      equalDiscrimination &= a == discrimination[0];
    }
    if (equalDiscrimination) {
      AbilityMethod[] methods = AbilityMethod.values();
      double[][] table = new double[methods.length][2 * (items.size() + 1)];
      double[] out = new double[2];
      for (AbilityMethod method : methods) {
        for (int score = 0; score <= items.size(); score++) {
          byte[] row = new byte[items.size()];
          Arrays.fill(row, 0, score, (byte) 1);
          estimateDirectly(method, row, items.size(), score, out);
          table[method.ordinal()][2 * score] = out[0];
          table[method.ordinal()][2 * score + 1] = out[1];
        }
      }
      this.byScore = table;
    } else {
      this.byScore = null;
    }
  }

  /**
   * @param items item parameters; EAP prior N(0, 1) on 61 nodes
   * @return the estimator
   */
  public static AbilityEstimator standardNormalPrior(List<ItemParameters> items) {
    return new AbilityEstimator(items, 0, 1, 61);
  }

  /**
   * @param calibration a calibration; the EAP prior is its latent distribution, on 61 nodes
   * @return the estimator
   */
  public static AbilityEstimator of(Calibration calibration) {
    return new AbilityEstimator(
        calibration.items(), calibration.latentMean(), calibration.latentSd(), 61);
  }

  /**
   * @return EAP prior mean
   */
  public double priorMean() {
    return priorMean;
  }

  /**
   * @return EAP prior SD
   */
  public double priorSd() {
    return priorSd;
  }

  /**
   * @param method estimator
   * @param responses responses with one column per item of this estimator
   * @param threads threads, {@code >= 1}
   * @return one estimate per candidate
   */
  public Abilities estimate(AbilityMethod method, Responses responses, int threads) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(responses, "responses");
    if (responses.itemCount() != discrimination.length) {
      throw new IllegalArgumentException(
          "responses.itemCount="
              + responses.itemCount()
              + " must equal items="
              + discrimination.length);
    }
    int n = responses.candidateCount();
    double[] theta = new double[n];
    double[] se = new double[n];
    byte[] cells = responses.cells();
    int items = discrimination.length;
    ChunkedParallel.run(
        (n + CHUNK - 1) / CHUNK,
        threads,
        chunk -> {
          byte[] row = new byte[items];
          double[] out = new double[2];
          for (int c = chunk * CHUNK, to = Math.min(n, c + CHUNK); c < to; c++) {
            System.arraycopy(cells, c * items, row, 0, items);
            estimate(method, row, out);
            theta[c] = out[0];
            se[c] = out[1];
          }
        });
    return new Abilities(method, theta, se);
  }

  /**
   * @param method estimator
   * @param row one candidate's cells (0, 1 or {@link Responses#NOT_PRESENTED}), one per item
   * @return {@code {θ, SE}}
   */
  public double[] estimate(AbilityMethod method, byte[] row) {
    Objects.requireNonNull(method, "method");
    if (row.length != discrimination.length) {
      throw new IllegalArgumentException(
          "row.length=" + row.length + " must equal items=" + discrimination.length);
    }
    double[] out = new double[2];
    estimate(method, row, out);
    return out;
  }

  private void estimate(AbilityMethod method, byte[] row, double[] out) {
    int presented = 0;
    int correct = 0;
    for (byte cell : row) {
      if (cell != Responses.NOT_PRESENTED) {
        presented++;
        correct += cell;
      }
    }
    if (byScore != null && presented == row.length) {
      out[0] = byScore[method.ordinal()][2 * correct];
      out[1] = byScore[method.ordinal()][2 * correct + 1];
      return;
    }
    estimateDirectly(method, row, presented, correct, out);
  }

  private void estimateDirectly(
      AbilityMethod method, byte[] row, int presented, int correct, double[] out) {
    if (presented == 0) {
      out[0] = Double.NaN;
      out[1] = Double.NaN;
      return;
    }
    switch (method) {
      case EAP -> eap(row, out);
      case MLE -> {
        if (correct == 0 || correct == presented) {
          out[0] = correct == 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
          out[1] = Double.NaN;
        } else {
          solve(row, false, out);
        }
      }
      case WLE -> solve(row, true, out);
    }
  }

  private void eap(byte[] row, double[] out) {
    int q = nodes.length;
    double[] logPosterior = logPrior.clone();
    for (int i = 0; i < row.length; i++) {
      byte cell = row[i];
      if (cell == Responses.NOT_PRESENTED) {
        continue;
      }
      double[] table = cell == 1 ? logCorrect : logIncorrect;
      int offset = i * q;
      for (int k = 0; k < q; k++) {
        logPosterior[k] += table[offset + k];
      }
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double value : logPosterior) {
      max = Math.max(max, value);
    }
    double sum = 0;
    double first = 0;
    double second = 0;
    for (int k = 0; k < q; k++) {
      double w = Math.exp(logPosterior[k] - max);
      sum += w;
      first += w * nodes[k];
      second += w * nodes[k] * nodes[k];
    }
    double mean = first / sum;
    out[0] = mean;
    out[1] = Math.sqrt(Math.max(0, second / sum - mean * mean));
  }

  /**
   * Newton steps on the estimating function (decreasing in θ) from θ = 0, each at most 2 long; once
   * a sign change has been seen, a step leaving the bracket is replaced by bisection. The SE is
   * taken at the last evaluation, within the tolerance of the estimate.
   */
  private void solve(byte[] row, boolean warm, double[] out) {
    double[] at = new double[2];
    double lo = Double.NEGATIVE_INFINITY;
    double hi = Double.POSITIVE_INFINITY;
    double theta = 0;
    for (int iteration = 0; iteration < 500; iteration++) {
      double value = equation(row, warm, theta, at);
      if (value > 0) {
        lo = theta;
      } else {
        hi = theta;
      }
      double step = Math.max(-2, Math.min(2, value / at[1]));
      if (Math.abs(step) < TOLERANCE) {
        theta += step;
        break;
      }
      // a non-negligible step moves away from the side already known, so a bracket is needed only
      // on the other
      double next = theta + step;
      if (!(next > lo && next < hi)) {
        next = 0.5 * (lo + hi);
      }
      theta = next;
      if (hi - lo < TOLERANCE || Math.abs(theta) > BRACKET_LIMIT) {
        break;
      }
    }
    out[0] = theta;
    out[1] = 1 / Math.sqrt(at[1]);
  }

  /**
   * @return the estimating function at θ; {@code at[1]} receives the test information I(θ)
   */
  private double equation(byte[] row, boolean warm, double theta, double[] at) {
    double score = 0;
    double information = 0;
    double j = 0;
    for (int i = 0; i < row.length; i++) {
      byte cell = row[i];
      if (cell == Responses.NOT_PRESENTED) {
        continue;
      }
      double a = discrimination[i];
      double p = 1 / (1 + Math.exp(-a * (theta - difficulty[i])));
      double pq = p * (1 - p);
      score += a * (cell - p);
      information += a * a * pq;
      j += a * a * a * pq * (1 - 2 * p);
    }
    at[1] = information;
    return warm ? score + j / (2 * information) : score;
  }

  private static double logSigmoid(double x) {
    return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
  }
}
