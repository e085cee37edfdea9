package kg.exam.scoring.irt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.IntConsumer;
import kg.exam.scoring.batch.ChunkedParallel;

/**
 * Item calibration by marginal maximum likelihood (Bock and Aitkin's EM) for every {@link
 * IrtModel}, optionally with anchor items whose parameters are fixed (fixed-parameter calibration
 * for equating).
 *
 * <p>Ability is θ = μ + σ z with z on the equally spaced grid of {@link CalibrationSettings} (the
 * same grid and normalised N(0, 1) weights as {@link MarginalCalibrator}).
 *
 * <ul>
 *   <li>Without anchors, μ = 0; σ is estimated for {@link IrtModel#RASCH} and {@link
 *       IrtModel#PARTIAL_CREDIT} (whose discriminations are 1) and fixed at 1 otherwise.
 *   <li>With anchors ({@code column → parameters} on a reference scale), the anchors keep their
 *       parameters and both μ and σ are estimated, so that the free items come out on the anchors'
 *       scale.
 * </ul>
 *
 * <p>Models: dichotomous items {@code P(1 | θ) = c + (1 − c) / (1 + exp(−a (θ − b)))} (Rasch: a =
 * 1, c = 0; 2PL: c = 0; 3PL: c with a {@link GuessingPrior} Beta prior, estimated by MAP, i.e. the
 * M-step maximises the expected complete-data log-likelihood plus the log prior). Polytomous items
 * (partial credit, a = 1; generalized partial credit, a per item) are scored {@code 0..m} with
 * {@code m = responses.maxScore(item)} and {@code P(x | θ) ∝ exp(Σ_{v ≤ x} a (θ − δ_v))}; an item
 * with {@code m = 1} is reported with one threshold. Internally each item is fitted in z units
 * ({@code a (θ − δ) = α z − β}) and converted to the θ scale on output.
 *
 * <p>EM: each cycle is one E-step (expected counts per item, category and node) and an M-step of
 * three rounds of one Fisher-scoring step per free item and one on the estimated (μ, σ), each step
 * halved until the expected complete-data log-likelihood (plus log prior) does not decrease. EM
 * stops when no reported free parameter (a, b, thresholds, c, and μ, σ when estimated) moved more
 * than the tolerance in a cycle. If a parameter becomes non-finite, EM stops and the last finite
 * parameters are returned with {@code converged == false}.
 *
 * <p>Standard errors: Louis's observed information (complete-data information minus the summed
 * posterior covariance of the complete-data scores), computed in one extra E-step pass after EM,
 * for each item's own parameters, for (μ, σ) where estimated, and between each item and (μ, σ);
 * covariances between two items are ignored (so SEs are slightly optimistic). For 3PL the prior's
 * curvature is added to the information of c (posterior information). The resulting covariance is
 * carried to the reported θ-scale parameters by the delta method, including the difficulty of a
 * polytomous item (the mean of its thresholds). Anchors are returned exactly as given, SEs
 * included. {@link Calibration#logLikelihood()} is the marginal log-likelihood without the prior.
 *
 * <p>Cost: each cycle computes {@code log P(category | node)} per item once, then per candidate
 * adds up one row of {@code quadraturePoints} values per item and adds the posterior back: about 2
 * × N × items × nodes operations per cycle. The E-step runs on {@code threads} threads over chunks
 * whose boundaries depend only on the data, summed in chunk order, so results are bit-for-bit
 * independent of the thread count. Not-presented cells leave the item out of the candidate's
 * likelihood; candidates without any presented item are skipped.
 *
 * <p>Stateless and thread-safe.
 */
public final class GeneralCalibrator {

  private static final int MIN_CHUNK = 2048;
  private static final int MAX_CHUNKS = 256;
  private static final int NEWTON_STEPS_PER_CYCLE = 3;
  private static final int HALVINGS = 30;
  private static final double MIN_SIGMA = 0.01;

  /** Cell values −1..MAX_SCORE per item in the row-offset table. */
  private static final int STRIDE = Responses.MAX_SCORE + 2;

  private GeneralCalibrator() {}

  /**
   * Calibrates without anchors, with the default guessing prior.
   *
   * @param responses item scores; see {@link #calibrate(Responses, IrtModel, CalibrationSettings,
   *     GuessingPrior, Map, IntConsumer)}
   * @param model model to fit
   * @param settings grid, convergence and threads
   * @return the calibration, converged or not (see {@link Calibration#converged()})
   */
  public static Calibration calibrate(
      Responses responses, IrtModel model, CalibrationSettings settings) {
    return calibrate(responses, model, settings, GuessingPrior.defaults(), Map.of(), cycle -> {});
  }

  /**
   * @param responses item scores; under RASCH, TWO_PL and THREE_PL only 0/1. Every free item needs
   *     at least two different scores among the candidates presented it and, under the polytomous
   *     models, every category {@code 0..maxScore(item)} obtained by somebody
   * @param model model to fit
   * @param settings grid, convergence and threads
   * @param guessingPrior prior on {@code c}, used by THREE_PL only
   * @param anchors column → parameters fixed on the reference scale (may be empty): for RASCH and
   *     PARTIAL_CREDIT with {@code a = 1}; no guessing except under THREE_PL; under the polytomous
   *     models as many thresholds as the item's max score (a dichotomous anchor without guessing is
   *     accepted for an item scored 0/1); under the dichotomous models no thresholds
   * @param afterCycle called with the number of each EM cycle when it completes, on the calling
   *     thread
   * @return the calibration, converged or not (see {@link Calibration#converged()})
   * @throws IllegalArgumentException naming the item if a score does not fit the model, a free item
   *     cannot be calibrated (not presented, no variation, a category nobody obtained) or an anchor
   *     does not fit the model or the data
   */
  public static Calibration calibrate(
      Responses responses,
      IrtModel model,
      CalibrationSettings settings,
      GuessingPrior guessingPrior,
      Map<Integer, ItemParameters> anchors,
      IntConsumer afterCycle) {
    Objects.requireNonNull(responses, "responses");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(guessingPrior, "guessingPrior");
    Objects.requireNonNull(anchors, "anchors");
    Objects.requireNonNull(afterCycle, "afterCycle");
    return new Run(responses, model, settings, guessingPrior, anchors).fit(afterCycle);
  }

  /** Counts per item and cell value −1..MAX_SCORE, at {@code [item * STRIDE + cell + 1]}. */
  private static long[] categoryCounts(Responses responses) {
    int items = responses.itemCount();
    long[] counts = new long[items * STRIDE];
    byte[] cells = responses.cells();
    for (int at = 0; at < cells.length; ) {
      for (int i = 0; i < items; i++, at++) {
        counts[i * STRIDE + cells[at] + 1]++;
      }
    }
    return counts;
  }

  private static ItemBlock block(
      int item,
      IrtModel model,
      long[] counts,
      int maxScore,
      GuessingPrior prior,
      ItemParameters anchor) {
    if (anchor != null) {
      return anchorBlock(item, model, maxScore, anchor);
    }
    long presented = 0;
    int distinct = 0;
    int only = 0;
    for (int x = 0; x <= Responses.MAX_SCORE; x++) {
      long count = counts[item * STRIDE + x + 1];
      presented += count;
      if (count > 0) {
        distinct++;
        only = x;
      }
    }
    if (presented == 0) {
      throw new IllegalArgumentException("item=" + item + " was presented to nobody");
    }
    if (distinct < 2) {
      throw new IllegalArgumentException(
          "item="
              + item
              + " has no variation: all "
              + presented
              + " candidates it was presented to scored "
              + only
              + "; its parameters are not estimable");
    }
    for (int x = 0; x <= maxScore; x++) {
      if (counts[item * STRIDE + x + 1] == 0) {
        throw new IllegalArgumentException(
            "item="
                + item
                + " category="
                + x
                + " (of 0.."
                + maxScore
                + ") was obtained by nobody; threshold "
                + (x == 0 ? 1 : x)
                + (x == 0 || x == maxScore ? "" : " and " + (x + 1))
                + " not estimable (merge the category with a neighbour)");
      }
    }
    double[] steps = new double[maxScore];
    for (int v = 1; v <= maxScore; v++) {
      steps[v - 1] =
          Math.log((double) counts[item * STRIDE + v] / (double) counts[item * STRIDE + v + 1]);
    }
    return switch (model) {
      case RASCH, PARTIAL_CREDIT ->
          new ItemBlock.Logit(item, maxScore, ItemBlock.Logit.Kind.RASCH, steps, 1, null);
      case TWO_PL, GENERALIZED_PARTIAL_CREDIT -> {
        double[] params = new double[maxScore + 1];
        params[0] = 1;
        System.arraycopy(steps, 0, params, 1, maxScore);
        yield new ItemBlock.Logit(item, maxScore, ItemBlock.Logit.Kind.FREE, params, 1, null);
      }
      case THREE_PL -> {
        double c = prior.mode();
        double p = (double) counts[item * STRIDE + 2] / presented;
        double corrected = Math.max(0.05, Math.min(0.95, (p - c) / (1 - c)));
        yield new ItemBlock.Guessing(
            item, new double[] {1, -Math.log(corrected / (1 - corrected)), c}, prior);
      }
    };
  }

  private static ItemBlock anchorBlock(
      int item, IrtModel model, int maxScore, ItemParameters anchor) {
    String prefix = "anchor item=" + item + " (" + anchor + ") does not fit " + model + ": ";
    if (model.raschFamily() && anchor.discrimination() != 1) {
      throw new IllegalArgumentException(prefix + "discrimination must be 1");
    }
    if (!(anchor.discrimination() > 0)) {
      throw new IllegalArgumentException(prefix + "discrimination must be > 0");
    }
    if (model != IrtModel.THREE_PL && anchor.guessing() != 0) {
      throw new IllegalArgumentException(prefix + "guessing must be 0");
    }
    if (!model.polytomous()) {
      if (anchor.polytomous()) {
        throw new IllegalArgumentException(prefix + "a dichotomous model takes no thresholds");
      }
      return model == IrtModel.THREE_PL
          ? new ItemBlock.Guessing(
              item, anchor.discrimination(), anchor.difficulty(), anchor.guessing())
          : new ItemBlock.Logit(
              item,
              1,
              ItemBlock.Logit.Kind.ANCHOR,
              new double[0],
              anchor.discrimination(),
              new double[] {anchor.difficulty()});
    }
    double[] thresholds =
        anchor.polytomous() ? anchor.thresholds() : new double[] {anchor.difficulty()};
    if (thresholds.length != maxScore) {
      throw new IllegalArgumentException(
          prefix
              + "it has "
              + thresholds.length
              + " threshold(s) but the item's max score in the responses is "
              + maxScore);
    }
    return new ItemBlock.Logit(
        item,
        maxScore,
        ItemBlock.Logit.Kind.ANCHOR,
        new double[0],
        anchor.discrimination(),
        thresholds);
  }

  /** One calibration's working state, confined to the calling thread except the E-step reads. */
  private static final class Run {
    final Responses responses;
    final IrtModel model;
    final CalibrationSettings settings;
    final Map<Integer, ItemParameters> anchors;
    final int items;
    final int q;
    final double[] z;
    final double[] logPrior;
    final ItemBlock[] blocks;
    final boolean estimateMu;
    final boolean estimateSigma;

    /** Table row of item i's category 0 (row 0 is the zero row of not-presented cells). */
    final int[] firstRow;

    final int tableRows;

    /** {@code [item * STRIDE + cell + 1]} → offset of the cell's row in the log-P table. */
    final int[] offsets;

    final int[] rows;
    final int chunkSize;
    final int chunks;

    double mu;
    double sigma = 1;

    /** Expected counts of the last E-step at {@code [row * q + node]}. */
    double[] counts;

    double logLikelihood;

    // Louis's missing information, filled by the final E-step pass.
    double[][] outer;
    double[][] cross;
    double[] structuralMissing;

    Run(
        Responses responses,
        IrtModel model,
        CalibrationSettings settings,
        GuessingPrior prior,
        Map<Integer, ItemParameters> anchors) {
      this.responses = responses;
      this.model = model;
      this.settings = settings;
      this.anchors = Map.copyOf(anchors);
      this.items = responses.itemCount();
      this.q = settings.quadraturePoints();
      this.z = new double[q];
      this.logPrior = new double[q];
      double step = 2 * settings.quadratureBound() / (q - 1);
      double norm = 0;
      for (int k = 0; k < q; k++) {
        z[k] = -settings.quadratureBound() + k * step;
        norm += Math.exp(-0.5 * z[k] * z[k]);
      }
      for (int k = 0; k < q; k++) {
        logPrior[k] = -0.5 * z[k] * z[k] - Math.log(norm);
      }
      for (Integer column : this.anchors.keySet()) {
        if (column < 0 || column >= items) {
          throw new IllegalArgumentException(
              "anchor item=" + column + " is not a column 0.." + (items - 1));
        }
      }
      if (!model.polytomous()) {
        for (int i = 0; i < items; i++) {
          if (responses.maxScore(i) > 1) {
            throw new IllegalArgumentException(
                "item="
                    + i
                    + " has a score of "
                    + responses.maxScore(i)
                    + " but "
                    + model
                    + " is dichotomous (scores 0/1); use PARTIAL_CREDIT or"
                    + " GENERALIZED_PARTIAL_CREDIT");
          }
        }
      }
      long[] categoryCounts = categoryCounts(responses);
      this.blocks = new ItemBlock[items];
      this.firstRow = new int[items];
      this.offsets = new int[items * STRIDE];
      int row = 1;
      for (int i = 0; i < items; i++) {
        int maxScore = model.polytomous() ? responses.maxScore(i) : 1;
        blocks[i] = block(i, model, categoryCounts, maxScore, prior, this.anchors.get(i));
        firstRow[i] = row;
        for (int x = 0; x <= blocks[i].maxScore; x++) {
          offsets[i * STRIDE + x + 1] = (row + x) * q;
        }
        row += blocks[i].maxScore + 1;
      }
      this.tableRows = row;
      this.estimateMu = !this.anchors.isEmpty();
      this.estimateSigma = model.raschFamily() || !this.anchors.isEmpty();
      byte[] cells = responses.cells();
      int n = responses.candidateCount();
      int[] used = new int[n];
      int usedCount = 0;
      for (int c = 0; c < n; c++) {
        for (int i = 0, at = c * items; i < items; i++, at++) {
          if (cells[at] != Responses.NOT_PRESENTED) {
            used[usedCount++] = c;
            break;
          }
        }
      }
      if (!this.anchors.isEmpty()) {
        long anchorCells = 0;
        for (int column : this.anchors.keySet()) {
          for (int x = 0; x <= Responses.MAX_SCORE; x++) {
            anchorCells += categoryCounts[column * STRIDE + x + 1];
          }
        }
        if (anchorCells == 0) {
          throw new IllegalArgumentException(
              "anchor items="
                  + new TreeSet<>(this.anchors.keySet())
                  + " were presented to nobody; the ability mean and SD cannot be estimated");
        }
      }
      this.rows = Arrays.copyOf(used, usedCount);
      this.chunkSize = Math.max(MIN_CHUNK, (usedCount + MAX_CHUNKS - 1) / MAX_CHUNKS);
      this.chunks = (usedCount + chunkSize - 1) / chunkSize;
    }

    Calibration fit(IntConsumer afterCycle) {
      int iteration = 0;
      double maxChange = Double.POSITIVE_INFINITY;
      boolean converged = false;
      while (iteration < settings.maxIterations()) {
        eStep(false);
        double[] before = reported();
        double[][] saved = saveParameters();
        mStep();
        double[] after = reported();
        maxChange = 0;
        for (int j = 0; j < after.length; j++) {
          maxChange = Math.max(maxChange, Math.abs(after[j] - before[j]));
        }
        if (!Double.isFinite(maxChange)) {
          maxChange = Double.POSITIVE_INFINITY;
        }
        iteration++;
        afterCycle.accept(iteration);
        if (maxChange == Double.POSITIVE_INFINITY) {
          restoreParameters(saved);
          break;
        }
        if (maxChange <= settings.tolerance()) {
          converged = true;
          break;
        }
      }
      eStep(true);
      return result(iteration, converged, maxChange);
    }

    /** Reported θ-scale values of every free parameter, then μ and σ when estimated. */
    double[] reported() {
      List<double[]> parts = new ArrayList<>();
      int length = 0;
      for (ItemBlock block : blocks) {
        if (block.own > 0) {
          double[] values = block.reported(mu, sigma, null);
          parts.add(values);
          length += values.length;
        }
      }
      double[] all = new double[length + 2];
      int at = 0;
      for (double[] part : parts) {
        System.arraycopy(part, 0, all, at, part.length);
        at += part.length;
      }
      all[at] = estimateMu ? mu : 0;
      all[at + 1] = estimateSigma ? sigma : 1;
      return all;
    }

    double[][] saveParameters() {
      double[][] saved = new double[items + 1][];
      for (int i = 0; i < items; i++) {
        saved[i] = blocks[i].params.clone();
      }
      saved[items] = new double[] {mu, sigma};
      return saved;
    }

    void restoreParameters(double[][] saved) {
      for (int i = 0; i < items; i++) {
        System.arraycopy(saved[i], 0, blocks[i].params, 0, saved[i].length);
      }
      mu = saved[items][0];
      sigma = saved[items][1];
    }

    /** {@code log P(category | node)} of every item at the current parameters, by table row. */
    double[] logTable() {
      double[] table = new double[tableRows * q];
      for (ItemBlock block : blocks) {
        double[] logP = new double[block.maxScore + 1];
        double[] p = new double[block.maxScore + 1];
        int base = firstRow[block.item] * q;
        for (int k = 0; k < q; k++) {
          block.evaluate(z[k], mu, sigma, logP, p, null);
          for (int x = 0; x <= block.maxScore; x++) {
            table[base + x * q + k] = logP[x];
          }
        }
      }
      return table;
    }

    /**
     * Fills the expected counts and the marginal log-likelihood; with {@code louis}, also the
     * per-candidate sums of Louis's missing information.
     */
    void eStep(boolean louis) {
      double[] table = logTable();
      double[][] scores = louis ? scoreTables() : null;
      boolean structural = louis && (estimateMu || estimateSigma);
      double[][] chunkCounts = new double[chunks][];
      double[] chunkLogLik = new double[chunks];
      double[][][] chunkOuter = new double[chunks][][];
      double[][][] chunkCross = new double[chunks][][];
      double[][] chunkStructural = new double[chunks][];
      byte[] cells = responses.cells();
      ChunkedParallel.run(
          chunks,
          settings.threads(),
          chunk -> {
            double[] acc = new double[tableRows * q];
            double[] ll = new double[q];
            double logLik = 0;
            double[][] o = louis ? new double[items][] : null;
            double[][] x2 = structural ? new double[items][] : null;
            double[] ms = structural ? new double[4] : null;
            double[] st = structural ? new double[2 * q] : null;
            double[] e = louis ? new double[maxOwn()] : null;
            if (louis) {
              for (int i = 0; i < items; i++) {
                o[i] = new double[blocks[i].own * blocks[i].own];
                if (structural) {
                  x2[i] = new double[blocks[i].own * 2];
                }
              }
            }
            int from = chunk * chunkSize;
            int to = Math.min(rows.length, from + chunkSize);
            for (int index = from; index < to; index++) {
              int offset = rows[index] * items;
              System.arraycopy(logPrior, 0, ll, 0, q);
              for (int i = 0; i < items; i++) {
                int row = offsets[i * STRIDE + cells[offset + i] + 1];
                for (int k = 0; k < q; k++) {
                  ll[k] += table[row + k];
                }
              }
              double max = Double.NEGATIVE_INFINITY;
              for (int k = 0; k < q; k++) {
                max = Math.max(max, ll[k]);
              }
              double sum = 0;
              for (int k = 0; k < q; k++) {
                double w = Math.exp(ll[k] - max);
                ll[k] = w;
                sum += w;
              }
              logLik += max + Math.log(sum);
              double inverse = 1.0 / sum;
              for (int k = 0; k < q; k++) {
                ll[k] *= inverse;
              }
              for (int i = 0; i < items; i++) {
                int row = offsets[i * STRIDE + cells[offset + i] + 1];
                for (int k = 0; k < q; k++) {
                  acc[row + k] += ll[k];
                }
              }
              if (louis) {
                missingInformation(cells, offset, ll, scores, o, x2, ms, st, e);
              }
            }
            chunkCounts[chunk] = acc;
            chunkLogLik[chunk] = logLik;
            chunkOuter[chunk] = o;
            chunkCross[chunk] = x2;
            chunkStructural[chunk] = ms;
          });
      counts = new double[tableRows * q];
      double logLik = 0;
      if (louis) {
        outer = new double[items][];
        cross = new double[items][];
        structuralMissing = new double[4];
        for (int i = 0; i < items; i++) {
          outer[i] = new double[blocks[i].own * blocks[i].own];
          cross[i] = new double[blocks[i].own * 2];
        }
      }
      for (int chunk = 0; chunk < chunks; chunk++) {
        add(counts, chunkCounts[chunk]);
        logLik += chunkLogLik[chunk];
        if (louis) {
          for (int i = 0; i < items; i++) {
            add(outer[i], chunkOuter[chunk][i]);
            if (structural) {
              add(cross[i], chunkCross[chunk][i]);
            }
          }
          if (structural) {
            add(structuralMissing, chunkStructural[chunk]);
          }
        }
      }
      logLikelihood = logLik;
    }

    private int maxOwn() {
      int max = 0;
      for (ItemBlock block : blocks) {
        max = Math.max(max, block.own);
      }
      return max;
    }

    /** Per item, the scores at {@code [(x * q + node) * width + slot]}. */
    double[][] scoreTables() {
      double[][] tables = new double[items][];
      for (ItemBlock block : blocks) {
        int categories = block.maxScore + 1;
        int width = block.width;
        double[] table = new double[categories * q * width];
        double[] logP = new double[categories];
        double[] p = new double[categories];
        double[] score = new double[categories * width];
        for (int k = 0; k < q; k++) {
          block.evaluate(z[k], mu, sigma, logP, p, score);
          for (int x = 0; x < categories; x++) {
            System.arraycopy(score, x * width, table, (x * q + k) * width, width);
          }
        }
        tables[block.item] = table;
      }
      return tables;
    }

    /**
     * One candidate's contribution to Louis's missing information: {@code E[S|x] E[S|x]ᵀ} of each
     * free item's own score; and, when μ or σ is estimated, the posterior covariance of the
     * structural score with itself and with each free item's score.
     */
    private void missingInformation(
        byte[] cells,
        int offset,
        double[] posterior,
        double[][] scores,
        double[][] o,
        double[][] x2,
        double[] ms,
        double[] st,
        double[] e) {
      double es0 = 0;
      double es1 = 0;
      if (st != null) {
        Arrays.fill(st, 0);
        for (int i = 0; i < items; i++) {
          int x = cells[offset + i];
          ItemBlock block = blocks[i];
          if (x == Responses.NOT_PRESENTED || !block.structural()) {
            continue;
          }
          double[] table = scores[i];
          int width = block.width;
          for (int k = 0, at = x * q * width + block.own; k < q; k++, at += width) {
            st[2 * k] += table[at];
            st[2 * k + 1] += table[at + 1];
          }
        }
        double m00 = 0;
        double m01 = 0;
        double m11 = 0;
        for (int k = 0; k < q; k++) {
          double w = posterior[k];
          double s0 = st[2 * k];
          double s1 = st[2 * k + 1];
          es0 += w * s0;
          es1 += w * s1;
          m00 += w * s0 * s0;
          m01 += w * s0 * s1;
          m11 += w * s1 * s1;
        }
        ms[0] += m00 - es0 * es0;
        ms[1] += m01 - es0 * es1;
        ms[2] += m01 - es0 * es1;
        ms[3] += m11 - es1 * es1;
      }
      for (int i = 0; i < items; i++) {
        int x = cells[offset + i];
        ItemBlock block = blocks[i];
        int own = block.own;
        if (x == Responses.NOT_PRESENTED || own == 0) {
          continue;
        }
        double[] table = scores[i];
        int width = block.width;
        Arrays.fill(e, 0, own, 0);
        int base = x * q * width;
        for (int k = 0; k < q; k++) {
          double w = posterior[k];
          for (int s = 0, at = base + k * width; s < own; s++, at++) {
            e[s] += w * table[at];
          }
        }
        double[] outerHere = o[i];
        for (int s = 0; s < own; s++) {
          for (int t = 0; t < own; t++) {
            outerHere[s * own + t] += e[s] * e[t];
          }
        }
        if (st != null) {
          double[] crossHere = x2[i];
          for (int s = 0; s < own; s++) {
            double c0 = 0;
            double c1 = 0;
            for (int k = 0, at = base + s; k < q; k++, at += width) {
              double ws = posterior[k] * table[at];
              c0 += ws * st[2 * k];
              c1 += ws * st[2 * k + 1];
            }
            crossHere[2 * s] += c0 - e[s] * es0;
            crossHere[2 * s + 1] += c1 - e[s] * es1;
          }
        }
      }
    }

    private static void add(double[] into, double[] from) {
      for (int k = 0; k < into.length; k++) {
        into[k] += from[k];
      }
    }

    /** Expected counts of one item's categories at node k. */
    private void countsAt(ItemBlock block, int k, double[] r) {
      int base = firstRow[block.item] * q + k;
      for (int x = 0; x <= block.maxScore; x++) {
        r[x] = counts[base + x * q];
      }
    }

    void mStep() {
      for (int step = 0; step < NEWTON_STEPS_PER_CYCLE; step++) {
        for (ItemBlock block : blocks) {
          if (block.own > 0) {
            itemStep(block);
          }
        }
        if (estimateMu || estimateSigma) {
          structuralStep();
        }
      }
    }

    /** Expected complete-data log-likelihood of one item plus its log prior. */
    double objective(ItemBlock block) {
      int categories = block.maxScore + 1;
      double[] logP = new double[categories];
      double[] p = new double[categories];
      double[] r = new double[categories];
      double total = block.logPrior();
      for (int k = 0; k < q; k++) {
        block.evaluate(z[k], mu, sigma, logP, p, null);
        countsAt(block, k, r);
        for (int x = 0; x < categories; x++) {
          if (r[x] != 0) {
            total += r[x] * logP[x];
          }
        }
      }
      return total;
    }

    /**
     * Adds the gradient and expected information of the given slots of one item into {@code
     * gradient} and {@code information} ({@code slots × slots}).
     */
    void addScoreAndInformation(
        ItemBlock block, int[] slots, double[] gradient, double[] information) {
      int categories = block.maxScore + 1;
      int width = block.width;
      int n = slots.length;
      double[] logP = new double[categories];
      double[] p = new double[categories];
      double[] r = new double[categories];
      double[] score = new double[categories * width];
      for (int k = 0; k < q; k++) {
        block.evaluate(z[k], mu, sigma, logP, p, score);
        countsAt(block, k, r);
        double total = 0;
        for (int x = 0; x < categories; x++) {
          total += r[x];
        }
        for (int x = 0; x < categories; x++) {
          double weight = total * p[x];
          int at = x * width;
          for (int s = 0; s < n; s++) {
            double ss = score[at + slots[s]];
            gradient[s] += r[x] * ss;
            for (int t = 0; t < n; t++) {
              information[s * n + t] += weight * ss * score[at + slots[t]];
            }
          }
        }
      }
    }

    void itemStep(ItemBlock block) {
      int own = block.own;
      int[] slots = new int[own];
      for (int s = 0; s < own; s++) {
        slots[s] = s;
      }
      double[] gradient = new double[own];
      double[] information = new double[own * own];
      addScoreAndInformation(block, slots, gradient, information);
      block.addPrior(gradient, information);
      double[] inverse = SmallMatrix.invert(information, own);
      if (inverse == null) {
        return;
      }
      double[] direction = SmallMatrix.multiply(inverse, gradient, own, own, 1);
      for (int s = 0; s < own; s++) {
        double limit = block.maxStep(s);
        direction[s] = Math.max(-limit, Math.min(limit, direction[s]));
      }
      double[] start = block.params.clone();
      double before = objective(block);
      double factor = 1;
      for (int halving = 0; halving < HALVINGS; halving++, factor /= 2) {
        for (int s = 0; s < own; s++) {
          block.params[s] = start[s] + factor * direction[s];
        }
        block.project();
        if (accept(objective(block), before)) {
          return;
        }
      }
      System.arraycopy(start, 0, block.params, 0, own);
    }

    void structuralStep() {
      int n = (estimateMu ? 1 : 0) + (estimateSigma ? 1 : 0);
      double[] gradient = new double[n];
      double[] information = new double[n * n];
      for (ItemBlock block : blocks) {
        if (block.structural()) {
          int[] slots =
              estimateMu && estimateSigma
                  ? new int[] {block.own, block.own + 1}
                  : new int[] {block.own + (estimateMu ? 0 : 1)};
          addScoreAndInformation(block, slots, gradient, information);
        }
      }
      double[] inverse = SmallMatrix.invert(information, n);
      if (inverse == null) {
        return;
      }
      double[] direction = SmallMatrix.multiply(inverse, gradient, n, n, 1);
      double muStep = estimateMu ? clamp(direction[0]) : 0;
      double sigmaStep = estimateSigma ? clamp(direction[n - 1]) : 0;
      double muStart = mu;
      double sigmaStart = sigma;
      double before = structuralObjective();
      double factor = 1;
      for (int halving = 0; halving < HALVINGS; halving++, factor /= 2) {
        mu = muStart + factor * muStep;
        sigma = Math.max(MIN_SIGMA, sigmaStart + factor * sigmaStep);
        if (accept(structuralObjective(), before)) {
          return;
        }
      }
      mu = muStart;
      sigma = sigmaStart;
    }

    private double structuralObjective() {
      double total = 0;
      for (ItemBlock block : blocks) {
        if (block.structural()) {
          total += objective(block);
        }
      }
      return total;
    }

    private static boolean accept(double after, double before) {
      return after >= before - 1e-12 * (1 + Math.abs(before));
    }

    private static double clamp(double step) {
      return Double.isNaN(step) ? 0 : Math.max(-1, Math.min(1, step));
    }

    Calibration result(int iterations, boolean converged, double maxChange) {
      int[] estimated =
          estimateMu && estimateSigma
              ? new int[] {0, 1}
              : estimateSigma ? new int[] {1} : estimateMu ? new int[] {0} : new int[0];
      int ne = estimated.length;
      double[] structural = new double[4];
      double[][] ownInverse = new double[items][];
      double[][] crossInformation = new double[items][];
      for (ItemBlock block : blocks) {
        int width = block.width;
        int own = block.own;
        int categories = block.maxScore + 1;
        double[] complete = new double[width * width];
        double[] logP = new double[categories];
        double[] p = new double[categories];
        double[] r = new double[categories];
        double[] score = new double[categories * width];
        double[] expectedOuter = new double[own * own];
        for (int k = 0; k < q; k++) {
          block.evaluate(z[k], mu, sigma, logP, p, score);
          countsAt(block, k, r);
          block.addCompleteInformation(z[k], mu, sigma, r, p, score, complete);
          for (int x = 0; x < categories; x++) {
            for (int s = 0; s < own; s++) {
              for (int t = 0; t < own; t++) {
                expectedOuter[s * own + t] += r[x] * score[x * width + s] * score[x * width + t];
              }
            }
          }
        }
        if (block.structural()) {
          for (int s = 0; s < 2; s++) {
            for (int t = 0; t < 2; t++) {
              structural[s * 2 + t] += complete[(own + s) * width + own + t];
            }
          }
        }
        if (own == 0) {
          continue;
        }
        double[] ownInformation = new double[own * own];
        double[] ignored = new double[own];
        for (int s = 0; s < own; s++) {
          for (int t = 0; t < own; t++) {
            ownInformation[s * own + t] =
                complete[s * width + t]
                    - expectedOuter[s * own + t]
                    + outer[block.item][s * own + t];
          }
        }
        block.addPrior(ignored, ownInformation);
        ownInverse[block.item] = SmallMatrix.invert(ownInformation, own);
        double[] b = new double[own * Math.max(ne, 1)];
        for (int s = 0; s < own; s++) {
          for (int e = 0; e < ne; e++) {
            int slot = estimated[e];
            b[s * ne + e] = complete[s * width + own + slot] - cross[block.item][2 * s + slot];
          }
        }
        crossInformation[block.item] = b;
      }
      // Schur complement of the structural block in the arrow-shaped information matrix.
      double[] structuralCovariance = null;
      if (ne > 0) {
        double[] schur = new double[ne * ne];
        for (int e = 0; e < ne; e++) {
          for (int f = 0; f < ne; f++) {
            int s = estimated[e];
            int t = estimated[f];
            schur[e * ne + f] = structural[s * 2 + t] - structuralMissing[s * 2 + t];
          }
        }
        for (ItemBlock block : blocks) {
          double[] inverse = ownInverse[block.item];
          if (block.own == 0 || inverse == null) {
            continue;
          }
          int own = block.own;
          double[] b = crossInformation[block.item];
          double[] aInvB = SmallMatrix.multiply(inverse, b, own, own, ne);
          double[] reduction =
              SmallMatrix.multiply(SmallMatrix.transpose(b, own, ne), aInvB, ne, own, ne);
          for (int j = 0; j < ne * ne; j++) {
            schur[j] -= reduction[j];
          }
        }
        structuralCovariance = SmallMatrix.invert(schur, ne);
      }
      List<ItemParameters> result = new ArrayList<>(items);
      for (ItemBlock block : blocks) {
        ItemParameters anchor = anchors.get(block.item);
        if (anchor != null) {
          result.add(anchor);
          continue;
        }
        result.add(
            parameters(
                block,
                jointCovariance(
                    block,
                    ownInverse[block.item],
                    crossInformation[block.item],
                    estimated,
                    structuralCovariance)));
      }
      double sigmaSe = Double.NaN;
      if (estimateSigma && structuralCovariance != null) {
        sigmaSe = Math.sqrt(structuralCovariance[ne * ne - 1]);
      }
      return new Calibration(
          model,
          result,
          estimateMu ? mu : 0.0,
          estimateSigma ? sigma : 1.0,
          sigmaSe,
          logLikelihood,
          iterations,
          converged,
          maxChange,
          rows.length);
    }

    /**
     * Covariance of (own parameters, μ, σ) of one item ({@code width × width}); zero for fixed
     * structural parameters; null if the information could not be inverted.
     */
    private double[] jointCovariance(
        ItemBlock block,
        double[] ownInverse,
        double[] b,
        int[] estimated,
        double[] structuralCovariance) {
      if (ownInverse == null) {
        return null;
      }
      int own = block.own;
      int width = block.width;
      int ne = estimated.length;
      double[] joint = new double[width * width];
      if (ne == 0) {
        for (int s = 0; s < own; s++) {
          System.arraycopy(ownInverse, s * own, joint, s * width, own);
        }
        return joint;
      }
      if (structuralCovariance == null) {
        return null;
      }
      // Cov(own) = A⁻¹ + A⁻¹ B V Bᵀ A⁻¹, Cov(own, structural) = −A⁻¹ B V
      double[] aInvB = SmallMatrix.multiply(ownInverse, b, own, own, ne);
      double[] aInvBv = SmallMatrix.multiply(aInvB, structuralCovariance, own, ne, ne);
      double[] extra =
          SmallMatrix.multiply(aInvBv, SmallMatrix.transpose(aInvB, own, ne), own, ne, own);
      for (int s = 0; s < own; s++) {
        for (int t = 0; t < own; t++) {
          joint[s * width + t] = ownInverse[s * own + t] + extra[s * own + t];
        }
        for (int e = 0; e < ne; e++) {
          int slot = own + estimated[e];
          joint[s * width + slot] = -aInvBv[s * ne + e];
          joint[slot * width + s] = -aInvBv[s * ne + e];
        }
      }
      for (int e = 0; e < ne; e++) {
        for (int f = 0; f < ne; f++) {
          joint[(own + estimated[e]) * width + own + estimated[f]] =
              structuralCovariance[e * ne + f];
        }
      }
      return joint;
    }

    private ItemParameters parameters(ItemBlock block, double[] covariance) {
      int width = block.width;
      double[] probe = block.reported(mu, sigma, null);
      double[] jacobian = new double[probe.length * width];
      double[] values = block.reported(mu, sigma, jacobian);
      double[] se = new double[values.length];
      for (int v = 0; v < values.length; v++) {
        if (covariance == null) {
          se[v] = Double.NaN;
          continue;
        }
        double variance = 0;
        for (int s = 0; s < width; s++) {
          double js = jacobian[v * width + s];
          if (js == 0) {
            continue;
          }
          for (int t = 0; t < width; t++) {
            variance += js * covariance[s * width + t] * jacobian[v * width + t];
          }
        }
        se[v] = variance >= 0 ? Math.sqrt(variance) : Double.NaN;
      }
      int m = block.maxScore;
      return switch (model) {
        case RASCH -> new ItemParameters(1.0, values[0], Double.NaN, se[0]);
        case TWO_PL -> new ItemParameters(values[0], values[1], se[0], se[1]);
        case THREE_PL ->
            new ItemParameters(values[0], values[1], se[0], se[1], values[2], se[2], null, null);
        case PARTIAL_CREDIT ->
            new ItemParameters(
                1.0,
                values[0],
                Double.NaN,
                se[0],
                0,
                Double.NaN,
                Arrays.copyOfRange(values, 1, 1 + m),
                Arrays.copyOfRange(se, 1, 1 + m));
        case GENERALIZED_PARTIAL_CREDIT ->
            new ItemParameters(
                values[0],
                values[1],
                se[0],
                se[1],
                0,
                Double.NaN,
                Arrays.copyOfRange(values, 2, 2 + m),
                Arrays.copyOfRange(se, 2, 2 + m));
      };
    }
  }
}
