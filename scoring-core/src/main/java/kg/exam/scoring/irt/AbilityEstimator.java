package kg.exam.scoring.irt;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import kg.exam.scoring.batch.ChunkedParallel;

/**
 * Ability estimates for given item parameters of any {@link IrtModel}, mixed freely in one test:
 * dichotomous items with or without guessing (Rasch, 2PL, 3PL) and partial-credit items (PCM,
 * GPCM). Not-presented items are left out of a candidate's likelihood {@code l(θ) = Σ_i log P_i(x_i
 * | θ)}.
 *
 * <p>MLE and WLE solve their estimating equation ({@link AbilityMethod}) with Newton steps, at most
 * 2 long, started at θ = 0; once a sign change has been seen the steps are kept inside the bracket,
 * which is halved whenever a step would leave it, to {@code 1e-9} in θ. The slope of a step is the
 * test information {@code I(θ)} (Fisher scoring), except for an MLE with 3PL items, which uses the
 * observed information {@code −l''(θ)} where that is positive (for the other models the two are
 * equal). With equal discriminations and no guessing (Rasch, PCM, or Rasch items mixed with PCM
 * items of the same {@code a}) the raw score is sufficient: the estimates of candidates presented
 * every item are solved once per raw score at construction and looked up. EAP integrates over
 * {@code quadraturePoints} equally spaced nodes on {@code priorMean ± 6 priorSd}. For a Rasch or
 * PCM calibration pass the calibration's latent mean and SD as the prior.
 *
 * <p>With 2PL items whose discriminations differ, a candidate presented every item is estimated
 * from the weighted score {@code s = Σ a_i x_i}, on which the likelihood depends only through
 * {@code θ s − Σ_i log(1 + exp(a_i (θ − b_i)))}: the MLE solves {@code s = T(θ) = Σ a_i P_i(θ)},
 * the WLE {@code s = T(θ) − J(θ) / (2 I(θ))}; both are started from a cubic Hermite inversion of
 * the function tabulated with its analytic derivative on a grid of step 1/256 (built at
 * construction) and finished with exact Newton steps to {@code 1e-9}, normally a single evaluation.
 * The EAP posterior is {@code exp(θ_k s − C_k) π_k} with {@code C_k} precomputed per node. All-0
 * and all-1 patterns keep their semantics (MLE ±∞, WLE and EAP finite); candidates with a
 * not-presented item are solved directly as above.
 *
 * <p>Tests of dichotomous items without guessing take a fast path (precomputed 2PL tables); any 3PL
 * or polytomous item switches the whole estimator to the general path, in which each item's
 * contribution to {@code l'}, {@code I} and Warm's {@code J} comes from its category functions: for
 * 3PL, with {@code σ = 1 / (1 + exp(−a (θ − b)))} and {@code P = c + (1 − c) σ}, the score is
 * {@code a (1 − c) σ (1 − σ) / P} for a correct and {@code −a σ} for an incorrect response, {@code
 * I = a² (1 − c) σ² (1 − σ) / P} and {@code J = a³ (1 − c) σ² (1 − σ) (1 − 2σ) / P}; for a
 * partial-credit item, with {@code ∂P_x/∂θ = a P_x (x − E[X])}, the score is {@code a (x − E[X])},
 * {@code I = a² Var(X)} and {@code J = a³ E[(X − E[X])³]}.
 *
 * <p>3PL likelihoods can have more than one maximum, and can increase towards θ = −∞ (a pattern
 * that fails an easy, weakly discriminating item and passes hard, sharply discriminating ones). The
 * solver then returns the root its bracketed steps from θ = 0 reach, which is a local maximum of
 * the (weighted) likelihood where the estimating function falls through zero, not necessarily the
 * global one. An MLE whose steps run past |θ| = 60 without finding such a root is reported as ±∞
 * with a NaN SE, like an all-zero or all-maximum pattern.
 *
 * <p>Immutable and thread-safe; estimates do not depend on the thread count.
 */
public final class AbilityEstimator {

  private static final int CHUNK = 4096;
  private static final double TOLERANCE = 1e-9;
  private static final double BRACKET_LIMIT = 60;

  /** Grid spacing of the weighted-score tables. */
  private static final double TABLE_STEP = 1.0 / 256;

  /** Largest |θ| a weighted-score table covers; beyond it candidates are solved directly. */
  private static final double TABLE_LIMIT = 40;

  private final double[] discrimination;
  private final double[] difficulty;

  /** Items in column order, for the general path's category functions. */
  private final ItemParameters[] items;

  private final int[] maxScore;

  /**
   * {@code exp(−a δ_x)} per polytomous item and step {@code x = 1..m} at {@code [item][x − 1]}, so
   * that {@code P_x / P_(x−1) = exp(a θ) exp(−a δ_x)} costs one {@code exp} per item; null for
   * dichotomous items.
   */
  private final double[][] stepFactor;

  /**
   * Whether some item has guessing or is polytomous: then every estimate takes the general path.
   */
  private final boolean general;

  /** Largest number of score categories of an item, the size of the general path's work array. */
  private final int categories;

  private final double priorMean;
  private final double priorSd;
  private final double[] nodes;
  private final double[] logPrior;

  /**
   * Fast path: log P and log(1 − P) per item and EAP node, flattened {@code [item * nodes + node]};
   * empty on the general path.
   */
  private final double[] logCorrect;

  private final double[] logIncorrect;

  /**
   * General path: log P(x | node) of item {@code i} at {@code [categoryOffset[i] + x * nodes +
   * node]}; null on the fast path.
   */
  private final double[] logCategory;

  private final int[] categoryOffset;

  /**
   * When every discrimination is equal and there is no guessing (Rasch, PCM), θ of a candidate
   * presented every item depends only on the raw score: {@code byScore[method][2 * score]} is θ and
   * {@code [2 * score + 1]} its SE; null otherwise.
   */
  private final double[][] byScore;

  /**
   * 2PL fast path (dichotomous items without guessing whose discriminations differ): the
   * θ-dependent part of a complete candidate's log-likelihood, {@code θ s − Σ_i log(1 + exp(a_i (θ
   * − b_i)))}, depends on the pattern only through the weighted score {@code s = Σ_i a_i x_i}.
   * Tables of the MLE function {@code T(θ) = Σ_i a_i P_i(θ)} and of the WLE function {@code T(θ) −
   * J(θ) / (2 I(θ))}, indexed by {@link AbilityMethod#ordinal()}; an entry is null where no table
   * was built (EAP, or an estimating function that is not increasing on its grid). Null unless this
   * path is taken.
   */
  private final WeightedScoreTable[] weightedScoreTable;

  /**
   * 2PL fast path: {@code log π_k − Σ_i log(1 + exp(a_i (θ_k − b_i)))} per EAP node, so that the
   * log posterior of a complete candidate is {@code θ_k s} plus this, up to a constant; null unless
   * the path is taken.
   */
  private final double[] eapShift;

  /** 2PL fast path: WLE {θ, SE} of the all-incorrect and the all-correct complete pattern. */
  private final double[] wleExtremes;

  /**
   * @param items item parameters in column order, any mix of models; every discrimination must be
   *     {@code > 0}
   * @param priorMean EAP prior mean
   * @param priorSd EAP prior SD, {@code > 0}
   * @param quadraturePoints EAP nodes, {@code 11..2001}
   */
  public AbilityEstimator(
      List<ItemParameters> items, double priorMean, double priorSd, int quadraturePoints) {
    this(items, priorMean, priorSd, quadraturePoints, false);
  }

  /**
   * @param forceGeneral take the general path even for 2PL items (tests compare the two paths)
   */
  AbilityEstimator(
      List<ItemParameters> items,
      double priorMean,
      double priorSd,
      int quadraturePoints,
      boolean forceGeneral) {
    this(items, priorMean, priorSd, quadraturePoints, forceGeneral, true);
  }

  /**
   * @param forceGeneral take the general path even for 2PL items (tests compare the two paths)
   * @param weightedScores whether 2PL items use the weighted-score tables for complete candidates;
   *     false solves every candidate directly (tests compare the two)
   */
  AbilityEstimator(
      List<ItemParameters> items,
      double priorMean,
      double priorSd,
      int quadraturePoints,
      boolean forceGeneral,
      boolean weightedScores) {
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
    int itemCount = items.size();
    this.items = items.toArray(new ItemParameters[0]);
    this.discrimination = new double[itemCount];
    this.difficulty = new double[itemCount];
    this.maxScore = new int[itemCount];
    this.stepFactor = new double[itemCount][];
    boolean anyGeneral = forceGeneral;
    boolean guessing = false;
    int mostCategories = 2;
    int totalMax = 0;
    for (int i = 0; i < itemCount; i++) {
      ItemParameters item = this.items[i];
      if (!(item.discrimination() > 0)) {
        throw new IllegalArgumentException(
            "item=" + i + " discrimination=" + item.discrimination() + " must be > 0");
      }
      discrimination[i] = item.discrimination();
      difficulty[i] = item.difficulty();
      maxScore[i] = item.maxScore();
      if (item.polytomous()) {
        stepFactor[i] = new double[maxScore[i]];
        for (int x = 1; x <= maxScore[i]; x++) {
          stepFactor[i][x - 1] = Math.exp(-item.discrimination() * item.threshold(x));
        }
      }
      totalMax += maxScore[i];
      mostCategories = Math.max(mostCategories, maxScore[i] + 1);
      guessing |= item.guessing() != 0;
      anyGeneral |= item.polytomous() || item.guessing() != 0;
    }
    this.general = anyGeneral;
    this.categories = mostCategories;
    this.priorMean = priorMean;
    this.priorSd = priorSd;
    this.nodes = new double[quadraturePoints];
    this.logPrior = new double[quadraturePoints];
    for (int k = 0; k < quadraturePoints; k++) {
      double standard = -6 + 12.0 * k / (quadraturePoints - 1);
      nodes[k] = priorMean + priorSd * standard;
      logPrior[k] = -0.5 * standard * standard;
    }
    if (general) {
      this.logCorrect = new double[0];
      this.logIncorrect = new double[0];
      this.categoryOffset = new int[itemCount];
      this.logCategory = new double[(totalMax + itemCount) * quadraturePoints];
      double[] work = new double[mostCategories];
      int offset = 0;
      for (int i = 0; i < itemCount; i++) {
        categoryOffset[i] = offset;
        for (int k = 0; k < quadraturePoints; k++) {
          logCategoryProbabilities(this.items[i], nodes[k], work);
          for (int x = 0; x <= maxScore[i]; x++) {
            logCategory[offset + x * quadraturePoints + k] = work[x];
          }
        }
        offset += (maxScore[i] + 1) * quadraturePoints;
      }
    } else {
      this.logCategory = null;
      this.categoryOffset = null;
      this.logCorrect = new double[itemCount * quadraturePoints];
      this.logIncorrect = new double[itemCount * quadraturePoints];
      for (int i = 0; i < itemCount; i++) {
        for (int k = 0; k < quadraturePoints; k++) {
          double eta = discrimination[i] * (nodes[k] - difficulty[i]);
          logCorrect[i * quadraturePoints + k] = logSigmoid(eta);
          logIncorrect[i * quadraturePoints + k] = logSigmoid(-eta);
        }
      }
    }
    boolean equalDiscrimination = true;
    for (double a : discrimination) {
      equalDiscrimination &= a == discrimination[0];
    }
    if (equalDiscrimination && !guessing) {
      AbilityMethod[] methods = AbilityMethod.values();
      double[][] table = new double[methods.length][2 * (totalMax + 1)];
      double[] out = new double[2];
      double[] work = new double[mostCategories];
      for (AbilityMethod method : methods) {
        for (int score = 0; score <= totalMax; score++) {
          byte[] row = new byte[itemCount];
          int left = score;
          for (int i = 0; i < itemCount; i++) {
            row[i] = (byte) Math.min(left, maxScore[i]);
            left -= row[i];
          }
          if (general) {
            estimateGeneralDirectly(method, row, itemCount, score, totalMax, out, work);
          } else {
            estimateDirectly(method, row, itemCount, score, out);
          }
          table[method.ordinal()][2 * score] = out[0];
          table[method.ordinal()][2 * score + 1] = out[1];
        }
      }
      this.byScore = table;
    } else {
      this.byScore = null;
    }
    if (!general && byScore == null && weightedScores) {
      this.eapShift = new double[quadraturePoints];
      for (int k = 0; k < quadraturePoints; k++) {
        double shift = logPrior[k];
        for (int i = 0; i < itemCount; i++) {
          shift += logIncorrect[i * quadraturePoints + k];
        }
        eapShift[k] = shift;
      }
      this.wleExtremes = new double[4];
      double[] out = new double[2];
      byte[] row = new byte[itemCount];
      solve(row, true, out);
      double wleLow = out[0];
      wleExtremes[0] = out[0];
      wleExtremes[1] = out[1];
      Arrays.fill(row, (byte) 1);
      solve(row, true, out);
      double wleHigh = out[0];
      wleExtremes[2] = out[0];
      wleExtremes[3] = out[1];
      // the MLE roots of complete non-extreme patterns lie between those of s = min a and of
      // s = Σa − min a, since T is increasing
      int weakest = 0;
      for (int i = 1; i < itemCount; i++) {
        if (discrimination[i] < discrimination[weakest]) {
          weakest = i;
        }
      }
      Arrays.fill(row, (byte) 0);
      row[weakest] = 1;
      solve(row, false, out);
      double mleLow = out[0];
      Arrays.fill(row, (byte) 1);
      row[weakest] = 0;
      solve(row, false, out);
      double mleHigh = out[0];
      this.weightedScoreTable = new WeightedScoreTable[AbilityMethod.values().length];
      weightedScoreTable[AbilityMethod.MLE.ordinal()] = tabulate(false, mleLow, mleHigh);
      weightedScoreTable[AbilityMethod.WLE.ordinal()] = tabulate(true, wleLow, wleHigh);
    } else {
      this.eapShift = null;
      this.wleExtremes = null;
      this.weightedScoreTable = null;
    }
  }

  /**
   * The MLE ({@code warm} false) or WLE function of the weighted score and its derivative on a grid
   * covering {@code [low − 1, high + 1]}.
   *
   * @return the table, or null if a bound is not finite or beyond {@link #TABLE_LIMIT}, or the
   *     function is not strictly increasing on the grid
   */
  private WeightedScoreTable tabulate(boolean warm, double low, double high) {
    if (!(Math.abs(low) <= TABLE_LIMIT && Math.abs(high) <= TABLE_LIMIT && low <= high)) {
      return null;
    }
    double start = Math.floor(low) - 1;
    int intervals = (int) Math.ceil((Math.ceil(high) + 1 - start) / TABLE_STEP);
    double[] value = new double[intervals + 1];
    double[] slope = new double[intervals + 1];
    double[] at = new double[2];
    for (int k = 0; k <= intervals; k++) {
      value[k] = weightedScoreFunction(warm, start + k * TABLE_STEP, at);
      slope[k] = at[0];
      if (!(slope[k] > 0) || !Double.isFinite(value[k]) || (k > 0 && !(value[k] > value[k - 1]))) {
        return null;
      }
    }
    return new WeightedScoreTable(start, value, slope);
  }

  /**
   * @return {@code T(θ)}, or Warm's {@code T(θ) − J(θ) / (2 I(θ))} when {@code warm}; {@code at[0]}
   *     receives its derivative ({@code I(θ)}, or {@code I − (J' I − J²) / (2 I²)} with {@code J' =
   *     Σ a⁴ P Q (1 − 6 P Q)}), {@code at[1]} the test information I(θ)
   */
  private double weightedScoreFunction(boolean warm, double theta, double[] at) {
    double expected = 0;
    double information = 0;
    double j = 0;
    double jSlope = 0;
    for (int i = 0; i < discrimination.length; i++) {
      double a = discrimination[i];
      double p = 1 / (1 + Math.exp(-a * (theta - difficulty[i])));
      double pq = p * (1 - p);
      expected += a * p;
      double a2pq = a * a * pq;
      information += a2pq;
      if (warm) {
        j += a * a2pq * (1 - 2 * p);
        jSlope += a * a * a2pq * (1 - 6 * pq);
      }
    }
    at[1] = information;
    if (!warm) {
      at[0] = information;
      return expected;
    }
    at[0] = information - (jSlope * information - j * j) / (2 * information * information);
    return expected - j / (2 * information);
  }

  /**
   * An increasing function {@code F} of θ tabulated with its derivative on an equally spaced grid,
   * inverted by cubic Hermite interpolation.
   */
  private record WeightedScoreTable(double start, double[] value, double[] slope) {

    /**
     * @return θ with {@code F(θ) ≈ s} by the cubic Hermite interpolant, or NaN if {@code s} is
     *     outside the table
     */
    double invert(double s) {
      int last = value.length - 1;
      if (!(s >= value[0] && s <= value[last])) {
        return Double.NaN;
      }
      int lo = 0;
      int hi = last;
      while (hi - lo > 1) {
        int mid = (lo + hi) >>> 1;
        if (value[mid] <= s) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      double f0 = value[lo];
      double f1 = value[hi];
      double d0 = TABLE_STEP * slope[lo];
      double d1 = TABLE_STEP * slope[hi];
      double difference = f1 - f0;
      double c2 = 3 * difference - 2 * d0 - d1;
      double c3 = -2 * difference + d0 + d1;
      double target = s - f0;
      double t = target / difference;
      for (int iteration = 0; iteration < 4; iteration++) {
        double residual = ((c3 * t + c2) * t + d0) * t - target;
        double derivative = (3 * c3 * t + 2 * c2) * t + d0;
        if (!(derivative > 0)) {
          break;
        }
        t = Math.max(0, Math.min(1, t - residual / derivative));
      }
      return start + (lo + t) * TABLE_STEP;
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
   * @throws IllegalArgumentException if the column count differs or a cell exceeds its item's
   *     {@link ItemParameters#maxScore()} (the message names the first such candidate, item and
   *     score)
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
    int items = discrimination.length;
    for (int i = 0; i < items; i++) {
      if (responses.maxScore(i) > maxScore[i]) {
        for (int c = 0; c < n; c++) {
          requireScoreInRange(c, i, responses.cell(c, i));
        }
      }
    }
    double[] theta = new double[n];
    double[] se = new double[n];
    byte[] cells = responses.cells();
    if (general) {
      ChunkedParallel.run(
          (n + CHUNK - 1) / CHUNK,
          threads,
          chunk -> {
            byte[] row = new byte[items];
            double[] out = new double[2];
            double[] work = new double[categories];
            for (int c = chunk * CHUNK, to = Math.min(n, c + CHUNK); c < to; c++) {
              System.arraycopy(cells, c * items, row, 0, items);
              estimateGeneral(method, row, out, work);
              theta[c] = out[0];
              se[c] = out[1];
            }
          });
      return new Abilities(method, theta, se);
    }
    // the dichotomous fast path, kept apart so that its loop compiles as before
    ChunkedParallel.run(
        (n + CHUNK - 1) / CHUNK,
        threads,
        chunk -> {
          byte[] row = new byte[items];
          double[] out = new double[2];
          double[] work = new double[nodes.length];
          for (int c = chunk * CHUNK, to = Math.min(n, c + CHUNK); c < to; c++) {
            System.arraycopy(cells, c * items, row, 0, items);
            estimate(method, row, out, work);
            theta[c] = out[0];
            se[c] = out[1];
          }
        });
    return new Abilities(method, theta, se);
  }

  /**
   * @param method estimator
   * @param row one candidate's cells, one per item: a score {@code 0..maxScore()} of the item (0/1
   *     for dichotomous items) or {@link Responses#NOT_PRESENTED}
   * @return {@code {θ, SE}}
   * @throws IllegalArgumentException if the length differs or a cell is neither a score of its item
   *     nor {@link Responses#NOT_PRESENTED}
   */
  public double[] estimate(AbilityMethod method, byte[] row) {
    Objects.requireNonNull(method, "method");
    if (row.length != discrimination.length) {
      throw new IllegalArgumentException(
          "row.length=" + row.length + " must equal items=" + discrimination.length);
    }
    for (int i = 0; i < row.length; i++) {
      requireScoreInRange(-1, i, row[i]);
    }
    double[] out = new double[2];
    if (general) {
      estimateGeneral(method, row, out, new double[categories]);
    } else {
      estimate(method, row, out, new double[nodes.length]);
    }
    return out;
  }

  /**
   * @param candidate 0-based row of a batch, or −1 for a single row
   */
  private void requireScoreInRange(int candidate, int item, byte cell) {
    if (cell != Responses.NOT_PRESENTED && (cell < 0 || cell > maxScore[item])) {
      throw new IllegalArgumentException(
          (candidate >= 0 ? "candidate=" + candidate + " " : "")
              + "item="
              + item
              + " score="
              + cell
              + " must be in 0.."
              + maxScore[item]
              + " (the item's maxScore) or NOT_PRESENTED");
    }
  }

  private void estimate(AbilityMethod method, byte[] row, double[] out, double[] work) {
    if (eapShift != null) {
      estimateWeighted(method, row, out, work);
      return;
    }
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

  /**
   * The 2PL fast path: a complete candidate's estimate from the weighted score {@code s = Σ a_i
   * x_i}; candidates with a not-presented item are solved directly.
   */
  private void estimateWeighted(AbilityMethod method, byte[] row, double[] out, double[] work) {
    int presented = 0;
    int correct = 0;
    double s = 0;
    for (int i = 0; i < row.length; i++) {
      byte cell = row[i];
      if (cell != Responses.NOT_PRESENTED) {
        presented++;
        correct += cell;
        s += cell * discrimination[i];
      }
    }
    if (presented != row.length) {
      estimateDirectly(method, row, presented, correct, out);
      return;
    }
    switch (method) {
      case EAP -> eapWeighted(s, out, work);
      case MLE -> {
        if (correct == 0 || correct == presented) {
          out[0] = correct == 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
          out[1] = Double.NaN;
        } else if (!solveWeighted(weightedScoreTable[method.ordinal()], false, s, out)) {
          solve(row, false, out);
        }
      }
      case WLE -> {
        if (correct == 0 || correct == presented) {
          int at = correct == 0 ? 0 : 2;
          out[0] = wleExtremes[at];
          out[1] = wleExtremes[at + 1];
        } else if (!solveWeighted(weightedScoreTable[method.ordinal()], true, s, out)) {
          solve(row, true, out);
        }
      }
    }
  }

  /**
   * EAP of a complete candidate with weighted score {@code s}: log posterior {@code θ_k s +} {@link
   * #eapShift}{@code [k]}; nodes more than {@code e^−60} below the largest weight are left out of
   * the sums (they change them by less than 1e-24 relative).
   */
  private void eapWeighted(double s, double[] out, double[] logPosterior) {
    int q = nodes.length;
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < q; k++) {
      double value = nodes[k] * s + eapShift[k];
      logPosterior[k] = value;
      max = Math.max(max, value);
    }
    double floor = max - 60;
    double sum = 0;
    double first = 0;
    double second = 0;
    for (int k = 0; k < q; k++) {
      double value = logPosterior[k];
      if (value > floor) {
        double w = Math.exp(value - max);
        sum += w;
        first += w * nodes[k];
        second += w * nodes[k] * nodes[k];
      }
    }
    double mean = first / sum;
    out[0] = mean;
    out[1] = Math.sqrt(Math.max(0, second / sum - mean * mean));
  }

  /**
   * Newton steps on {@code s − F(θ)} with the exact slope {@code F'}, started at the table's
   * interpolated root, until a step is below the tolerance; the SE is taken at the last evaluation,
   * as in {@link #solve}.
   *
   * @return false if there is no table, {@code s} is outside it or the steps do not settle within a
   *     few iterations (the caller then solves directly)
   */
  private boolean solveWeighted(WeightedScoreTable table, boolean warm, double s, double[] out) {
    if (table == null) {
      return false;
    }
    double theta = table.invert(s);
    if (Double.isNaN(theta)) {
      return false;
    }
    double[] at = new double[2];
    for (int iteration = 0; iteration < 8; iteration++) {
      double value = s - weightedScoreFunction(warm, theta, at);
      if (!(at[0] > 0)) {
        return false;
      }
      double step = Math.max(-2, Math.min(2, value / at[0]));
      theta += step;
      if (Math.abs(step) < TOLERANCE) {
        out[0] = theta;
        out[1] = 1 / Math.sqrt(at[1]);
        return true;
      }
    }
    return false;
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
    posteriorMeanAndSd(logPosterior, out);
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

  private void estimateGeneral(AbilityMethod method, byte[] row, double[] out, double[] work) {
    int presented = 0;
    int total = 0;
    int highest = 0;
    for (int i = 0; i < row.length; i++) {
      byte cell = row[i];
      if (cell != Responses.NOT_PRESENTED) {
        presented++;
        total += cell;
        highest += maxScore[i];
      }
    }
    if (byScore != null && presented == row.length) {
      out[0] = byScore[method.ordinal()][2 * total];
      out[1] = byScore[method.ordinal()][2 * total + 1];
      return;
    }
    estimateGeneralDirectly(method, row, presented, total, highest, out, work);
  }

  private void estimateGeneralDirectly(
      AbilityMethod method,
      byte[] row,
      int presented,
      int total,
      int highest,
      double[] out,
      double[] work) {
    if (presented == 0) {
      out[0] = Double.NaN;
      out[1] = Double.NaN;
      return;
    }
    switch (method) {
      case EAP -> eapGeneral(row, out);
      case MLE -> {
        if (total == 0 || total == highest) {
          out[0] = total == 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
          out[1] = Double.NaN;
        } else if (!solveGeneral(row, false, out, work)) {
          out[0] = out[0] > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
          out[1] = Double.NaN;
        }
      }
      case WLE -> solveGeneral(row, true, out, work);
    }
  }

  private void eapGeneral(byte[] row, double[] out) {
    int q = nodes.length;
    double[] logPosterior = logPrior.clone();
    for (int i = 0; i < row.length; i++) {
      byte cell = row[i];
      if (cell == Responses.NOT_PRESENTED) {
        continue;
      }
      int offset = categoryOffset[i] + cell * q;
      for (int k = 0; k < q; k++) {
        logPosterior[k] += logCategory[offset + k];
      }
    }
    posteriorMeanAndSd(logPosterior, out);
  }

  /**
   * {@link #solve} on the general estimating function; for the MLE the Newton slope is the observed
   * information {@code −l''(θ)} where it is positive (it differs from I(θ) for 3PL items).
   *
   * @return false if the steps ran past {@code |θ| = BRACKET_LIMIT} without finding a root
   */
  private boolean solveGeneral(byte[] row, boolean warm, double[] out, double[] work) {
    double[] at = new double[2];
    double lo = Double.NEGATIVE_INFINITY;
    double hi = Double.POSITIVE_INFINITY;
    double theta = 0;
    boolean found = false;
    for (int iteration = 0; iteration < 500; iteration++) {
      double value = generalEquation(row, warm, theta, at, work);
      if (value > 0) {
        lo = theta;
      } else {
        hi = theta;
      }
      double slope = !warm && at[0] > 0 ? at[0] : at[1];
      double step = Math.max(-2, Math.min(2, value / slope));
      if (Math.abs(step) < TOLERANCE) {
        theta += step;
        found = true;
        break;
      }
      double next = theta + step;
      if (!(next > lo && next < hi)) {
        next = 0.5 * (lo + hi);
      }
      theta = next;
      if (hi - lo < TOLERANCE) {
        found = true;
        break;
      }
      if (Math.abs(theta) > BRACKET_LIMIT) {
        break;
      }
    }
    out[0] = theta;
    out[1] = 1 / Math.sqrt(at[1]);
    return found;
  }

  /**
   * @return the general estimating function at θ, {@code l'(θ)} or Warm's {@code l'(θ) + J(θ) / (2
   *     I(θ))}; {@code at[0]} receives the observed information {@code −l''(θ)}, {@code at[1]} the
   *     test information I(θ)
   */
  private double generalEquation(
      byte[] row, boolean warm, double theta, double[] at, double[] work) {
    double score = 0;
    double information = 0;
    double observed = 0;
    double j = 0;
    for (int i = 0; i < row.length; i++) {
      byte cell = row[i];
      if (cell == Responses.NOT_PRESENTED) {
        continue;
      }
      double a = discrimination[i];
      ItemParameters item = items[i];
      if (item.polytomous()) {
        int m = maxScore[i];
        categoryProbabilities(i, theta, work);
        double mean = 0;
        for (int x = 1; x <= m; x++) {
          mean += x * work[x];
        }
        double variance = 0;
        double third = 0;
        for (int x = 0; x <= m; x++) {
          double d = x - mean;
          variance += d * d * work[x];
          third += d * d * d * work[x];
        }
        score += a * (cell - mean);
        information += a * a * variance;
        observed += a * a * variance;
        j += a * a * a * third;
        continue;
      }
      double c = item.guessing();
      double s = 1 / (1 + Math.exp(-a * (theta - difficulty[i])));
      if (c == 0) {
        double pq = s * (1 - s);
        score += a * (cell - s);
        information += a * a * pq;
        observed += a * a * pq;
        j += a * a * a * pq * (1 - 2 * s);
      } else {
        double p = c + (1 - c) * s;
        double pq = s * (1 - s);
        double weight = a * a * (1 - c) * s * s * (1 - s) / p;
        information += weight;
        j += a * weight * (1 - 2 * s);
        if (cell == 1) {
          score += a * (1 - c) * pq / p;
          observed -= a * a * (1 - c) * pq * ((1 - 2 * s) * p - (1 - c) * pq) / (p * p);
        } else {
          score -= a * s;
          observed += a * a * pq;
        }
      }
    }
    at[0] = observed;
    at[1] = information;
    return warm ? score + j / (2 * information) : score;
  }

  /**
   * {@link ItemParameters#categoryProbabilities} of polytomous item {@code i} with one {@code exp}:
   * {@code P_x ∝ Π_(v ≤ x) exp(a θ) exp(−a δ_v)}; where that product overflows, the item's own
   * log-scale computation.
   */
  private void categoryProbabilities(int i, double theta, double[] out) {
    double[] factor = stepFactor[i];
    double growth = Math.exp(discrimination[i] * theta);
    double weight = 1;
    double sum = 1;
    out[0] = 1;
    for (int x = 1; x <= factor.length; x++) {
      weight *= growth * factor[x - 1];
      out[x] = weight;
      sum += weight;
    }
    if (!(sum < Double.POSITIVE_INFINITY)) {
      items[i].categoryProbabilities(theta, out);
      return;
    }
    double inverse = 1 / sum;
    for (int x = 0; x <= factor.length; x++) {
      out[x] *= inverse;
    }
  }

  /**
   * @param out receives {@code log P(x | θ)} for {@code x = 0..maxScore()}, accurate where the
   *     probabilities themselves would underflow
   */
  static void logCategoryProbabilities(ItemParameters item, double theta, double[] out) {
    double a = item.discrimination();
    if (!item.polytomous()) {
      double eta = a * (theta - item.difficulty());
      double c = item.guessing();
      if (c == 0) {
        out[0] = logSigmoid(-eta);
        out[1] = logSigmoid(eta);
      } else {
        out[0] = Math.log1p(-c) + logSigmoid(-eta);
        out[1] = Math.log(c + (1 - c) / (1 + Math.exp(-eta)));
      }
      return;
    }
    int m = item.maxScore();
    double cumulative = 0;
    double max = 0;
    out[0] = 0;
    for (int x = 1; x <= m; x++) {
      cumulative += a * (theta - item.threshold(x));
      out[x] = cumulative;
      max = Math.max(max, cumulative);
    }
    double sum = 0;
    for (int x = 0; x <= m; x++) {
      sum += Math.exp(out[x] - max);
    }
    double logNormaliser = max + Math.log(sum);
    for (int x = 0; x <= m; x++) {
      out[x] -= logNormaliser;
    }
  }

  private static double logSigmoid(double x) {
    return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
  }

  /** Mean and SD over the nodes of the posterior given by its logarithm (unnormalised). */
  private void posteriorMeanAndSd(double[] logPosterior, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (double value : logPosterior) {
      max = Math.max(max, value);
    }
    double sum = 0;
    double first = 0;
    double second = 0;
    for (int k = 0; k < nodes.length; k++) {
      double w = Math.exp(logPosterior[k] - max);
      sum += w;
      first += w * nodes[k];
      second += w * nodes[k] * nodes[k];
    }
    double mean = first / sum;
    out[0] = mean;
    out[1] = Math.sqrt(Math.max(0, second / sum - mean * mean));
  }
}
