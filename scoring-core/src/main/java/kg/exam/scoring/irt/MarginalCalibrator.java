package kg.exam.scoring.irt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;
import kg.exam.scoring.batch.ChunkedParallel;

/**
 * Item calibration by marginal maximum likelihood (Bock and Aitkin's EM) over a fixed, equally
 * spaced quadrature grid of the standardised ability distribution {@code z ~ N(0, 1)}.
 *
 * <ul>
 *   <li>Rasch: {@code logit P = σ z - b}; the difficulties {@code b} and the ability SD σ are
 *       estimated, the ability mean is fixed at 0 (so θ = σ z is in logits and difficulties are not
 *       centred: compare centred values with CML programs such as eRm).
 *   <li>2PL: {@code logit P = a z + c}, reported as {@code a} and {@code b = -c / a}; θ = z.
 * </ul>
 *
 * <p>The other models ({@link IrtModel#THREE_PL}, {@link IrtModel#PARTIAL_CREDIT}, {@link
 * IrtModel#GENERALIZED_PARTIAL_CREDIT}) passed to the public {@code calibrate} methods are fitted
 * by {@link GeneralCalibrator} with {@link GuessingPrior#defaults()} and no anchor items.
 *
 * <p>Not-presented cells ({@link Responses#NOT_PRESENTED}) leave the item out of that candidate's
 * likelihood (missing at random by design); candidates without any presented item are skipped.
 *
 * <p>Cost: the responses are read once to build, per candidate, the list of the items that differ
 * from a per-node constant: the correct items measured from "every item incorrect" or, for a
 * candidate with more correct than incorrect answers, the incorrect items measured from "every item
 * correct" (so at most half of the presented items), plus the not-presented ones. Each EM cycle
 * adds {@code quadraturePoints} log-likelihood terms per listed item, then evaluates the posterior
 * (one {@code exp} per node) and accumulates the expected counts only on the nodes within e^-40 of
 * the candidate's largest posterior weight (about half the grid for 60 items; what is left out is
 * under the rounding error of the sums). Work is proportional to N × listed items × quadrature
 * points. For Rasch, candidates presented every item are summarised once by raw score (sufficient
 * for θ), so a cycle costs items² × nodes for them whatever N is. The E-step runs on {@code
 * threads} threads over chunks whose boundaries depend only on the data; partial sums are added in
 * chunk order, so results are bit-for-bit independent of the thread count.
 *
 * <p>2PL EM is accelerated by SQUAREM (Varadhan and Roland 2008, scheme S3) with a safeguard that
 * keeps the marginal log-likelihood from decreasing; every cycle, extrapolated or not, is judged by
 * the plain-EM criterion (no parameter moved more than the tolerance), so the result is the same
 * fixed point under the same test, typically closer to it than plain EM stops. A 2PL calibration of
 * at least 200,000 candidates starts EM from the estimates of a deterministic subsample of about
 * 50,000 (every k-th candidate), which cuts the full-data cycles; convergence is still judged on
 * the full data. Rasch uses plain EM (its cycles are cheap with the raw-score grouping).
 *
 * <p>Standard errors come from Louis's observed information, computed per item block (the item's
 * own parameters; covariances between items are ignored, so SEs are very slightly optimistic) in
 * one extra E-step pass after convergence: complete-data information minus the posterior variance
 * of the complete-data score. For Rasch, σ and its covariance with each difficulty are treated the
 * same way: σ's complete-data score is {@code S_σ = Σ_i z (x_i − P_i(z))} over the candidate's
 * presented items, so its posterior variance includes the cross-item terms (for candidates
 * presented every item, {@code Σ_i (x_i − P_i(z)) = s − Σ_i P_i(z)} per raw score s), and the σ and
 * difficulty SEs come from inverting this information through the Schur complement of σ.
 *
 * <p>Stateless and thread-safe.
 */
public final class MarginalCalibrator {

  /** Candidates per E-step chunk at least; chunks depend only on N. */
  private static final int MIN_CHUNK = 2048;

  private static final int MAX_CHUNKS = 256;
  private static final int NEWTON_STEPS_PER_CYCLE = 3;
  private static final double MAX_NEWTON_STEP = 1.0;

  /**
   * Nodes whose log-likelihood is more than this below a candidate's largest are left out of the
   * candidate's posterior (weight below e^-40 ≈ 4e-18 of the largest).
   */
  static final double POSTERIOR_WINDOW = 40;

  /** SQUAREM: factor by which the largest extrapolation step grows or shrinks. */
  private static final double STEP_FACTOR = 4;

  /** 2PL calibrations of at least this many candidates start from a subsample's estimates. */
  static final int WARM_START_FROM_CANDIDATES = 200_000;

  /** Approximate size of that subsample. */
  static final int WARM_START_SAMPLE = 50_000;

  /** 2PL EM is accelerated by SQUAREM; see {@code Run.fitSquarem}. */
  private static final boolean ACCELERATED_2PL = true;

  private MarginalCalibrator() {}

  /**
   * @param responses 0/1 responses; every item needs at least one presented 0 and one presented 1
   * @param model model to fit
   * @param settings grid, convergence and threads
   * @return the calibration, converged or not (see {@link Calibration#converged()})
   * @throws IllegalArgumentException if an item cannot be calibrated (not presented to anybody, or
   *     answered alike by everybody it was presented to)
   */
  public static Calibration calibrate(
      Responses responses, IrtModel model, CalibrationSettings settings) {
    return calibrate(responses, model, settings, cycle -> {});
  }

  /**
   * @param responses see {@link #calibrate(Responses, IrtModel, CalibrationSettings)}
   * @param model model to fit
   * @param settings grid, convergence and threads
   * @param afterCycle called with the number of each EM cycle when it completes, on the calling
   *     thread
   * @return the calibration
   */
  public static Calibration calibrate(
      Responses responses, IrtModel model, CalibrationSettings settings, IntConsumer afterCycle) {
    Objects.requireNonNull(responses, "responses");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(afterCycle, "afterCycle");
    if (model != IrtModel.RASCH && model != IrtModel.TWO_PL) {
      return GeneralCalibrator.calibrate(
          responses, model, settings, GuessingPrior.defaults(), Map.of(), afterCycle);
    }
    return calibrate(
        responses, model, settings, afterCycle, WARM_START_FROM_CANDIDATES, WARM_START_SAMPLE);
  }

  /**
   * @param warmStartFrom 2PL with at least this many candidates starts EM from the estimates of a
   *     deterministic subsample of about {@code warmStartSample} candidates (every k-th);
   *     package-private so that tests can exercise it on small data
   * @param warmStartSample approximate subsample size
   */
  static Calibration calibrate(
      Responses responses,
      IrtModel model,
      CalibrationSettings settings,
      IntConsumer afterCycle,
      int warmStartFrom,
      int warmStartSample) {
    if (model != IrtModel.RASCH && model != IrtModel.TWO_PL) {
      throw new IllegalArgumentException(
          "model=" + model + " is fitted by GeneralCalibrator, not by this dichotomous engine");
    }
    requireDichotomous(responses, model);
    return fit(
        responses, model, settings, afterCycle, warmStartFrom, warmStartSample, ACCELERATED_2PL);
  }

  /**
   * For tests: 2PL by plain EM (no SQUAREM), to check that acceleration reaches the same estimates.
   */
  static Calibration calibrateWithPlainEm(
      Responses responses,
      IrtModel model,
      CalibrationSettings settings,
      IntConsumer afterCycle,
      int warmStartFrom,
      int warmStartSample) {
    requireDichotomous(responses, model);
    return fit(responses, model, settings, afterCycle, warmStartFrom, warmStartSample, false);
  }

  private static Calibration fit(
      Responses responses,
      IrtModel model,
      CalibrationSettings settings,
      IntConsumer afterCycle,
      int warmStartFrom,
      int warmStartSample,
      boolean accelerated2pl) {
    boolean accelerated = accelerated2pl && model == IrtModel.TWO_PL;
    Run run = new Run(responses, model, settings, model == IrtModel.RASCH, accelerated);
    if (model == IrtModel.TWO_PL && run.rowCount >= warmStartFrom) {
      warmStart(run, responses, settings, warmStartSample, accelerated);
    }
    return run.fit(afterCycle);
  }

  private static void requireDichotomous(Responses responses, IrtModel model) {
    for (int i = 0; i < responses.itemCount(); i++) {
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

  /**
   * Cuts the full-data EM cycles (each reading every candidate) by starting near the optimum; the
   * result is still the full-data fixed point under the same convergence criterion. Skipped if the
   * subsample cannot be calibrated or does not converge.
   */
  private static void warmStart(
      Run run,
      Responses responses,
      CalibrationSettings settings,
      int warmStartSample,
      boolean accelerated) {
    int n = responses.candidateCount();
    int items = responses.itemCount();
    int every = Math.max(1, n / Math.max(1, warmStartSample));
    int sampleSize = (n + every - 1) / every;
    byte[] sample = new byte[sampleSize * items];
    for (int s = 0; s < sampleSize; s++) {
      System.arraycopy(responses.cells(), s * every * items, sample, s * items, items);
    }
    Run warm;
    try {
      warm =
          new Run(
              Responses.wrap(sample, sampleSize, items),
              IrtModel.TWO_PL,
              settings,
              false,
              accelerated);
    } catch (IllegalArgumentException e) {
      return;
    }
    if (warm.fit(cycle -> {}).converged()) {
      System.arraycopy(warm.slope, 0, run.slope, 0, items);
      System.arraycopy(warm.intercept, 0, run.intercept, 0, items);
    }
  }

  /**
   * For tests: Rasch with every candidate read per cycle, to check the raw-score grouping against
   * it.
   */
  static Calibration calibrateWithoutScoreGroups(
      Responses responses, CalibrationSettings settings) {
    return new Run(responses, IrtModel.RASCH, settings, false, false).fit(cycle -> {});
  }

  /**
   * One calibration's working state; confined to the calling thread except for the read-only E-step
   * inputs.
   */
  private static final class Run {
    final Responses responses;
    final IrtModel model;
    final CalibrationSettings settings;
    final int n;
    final int items;
    final int q;
    final double[] z;
    final double[] logPrior;

    /** Rasch: a = σ for all items; 2PL: per item slope in z units. */
    final double[] slope;

    /** Intercept c of {@code logit P = slope · z + c}; for Rasch c = -b. */
    final double[] intercept;

    double sigma = 1.0;
    final int chunkSize;
    final int chunks;

    /**
     * Rasch only: candidates presented every item are summarised once by raw score (sufficient for
     * θ), so an EM cycle costs items² × nodes for them instead of N × items × nodes. {@code rows}
     * lists the other candidates (read per cycle); for 2PL it lists every candidate with a
     * presented item.
     */
    final int[] rows;

    final int rowCount;

    /**
     * Per listed row {@code r}: {@code itemLists[listStart[r] .. listStart[r] + deviationCount[r])}
     * are its deviating items, then up to {@code listStart[r + 1]} its not-presented items. A row
     * is written relative to "every item incorrect" (deviating items: the correct ones) or, when it
     * has more correct than incorrect items ({@code flipped[r]}), relative to "every item correct"
     * (deviating items: the incorrect ones), so at most half of its presented items are listed.
     * Built once so that an EM cycle has no branch on cell values (which would mispredict about
     * half the time) and skips the other cells entirely.
     */
    final short[] itemLists;

    final int[] listStart;
    final short[] deviationCount;
    final boolean[] flipped;

    /** Rasch: candidates presented every item, by raw score 0..items. */
    final long[] completeByScore;

    /**
     * Rasch: {@code [score * items + item]} = complete candidates with that raw score who answered
     * the item correctly.
     */
    final long[] completeCorrectByScore;

    final int[] presented;
    final int[] correct;
    final int candidatesUsed;

    // Expected counts of the last E-step: n_iq and r_iq, flattened [item * q + node].
    final double[] expectedPresented;
    final double[] expectedCorrect;
    double logLikelihood;

    /** 2PL: SQUAREM-accelerated EM instead of plain EM. */
    final boolean accelerated;

    int iteration;
    double maxChange = Double.POSITIVE_INFINITY;
    boolean converged;
    boolean failed;

    /**
     * Per item, Σ over candidates of E[S|x] E[S|x]ᵀ for the complete-data score S of (slope,
     * intercept), as {aa, ac, cc}; filled by the final E-step only (null before), for Louis's
     * observed information.
     */
    double[] outerScores;

    /**
     * Rasch only, filled by the final E-step (null before): the summed posterior covariance of the
     * complete-data score of σ, {@code S_σ = Σ_i z (x_i − P_i(z))} over the candidate's presented
     * items, with the score {@code x_i − P_i(z)} of each intercept ({@code [item]}), and its summed
     * posterior variance ({@code [items]}), for Louis's observed information of σ.
     */
    double[] sigmaMissing;

    Run(
        Responses responses,
        IrtModel model,
        CalibrationSettings settings,
        boolean grouped,
        boolean accelerated) {
      this.responses = responses;
      this.accelerated = accelerated;
      this.model = model;
      this.settings = settings;
      this.n = responses.candidateCount();
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
      this.presented = new int[items];
      this.correct = new int[items];
      this.completeByScore = new long[items + 1];
      this.completeCorrectByScore = new long[(items + 1) * items];
      if (items > Short.MAX_VALUE) {
        throw new IllegalArgumentException("itemCount=" + items + " must be <= " + Short.MAX_VALUE);
      }
      int[] incomplete = new int[Math.min(n, 1024)];
      int incompleteCount = 0;
      byte[] cells = responses.cells();
      int used = 0;
      for (int c = 0; c < n; c++) {
        int seen = 0;
        int score = 0;
        for (int i = 0, at = c * items; i < items; i++, at++) {
          byte cell = cells[at];
          if (cell != Responses.NOT_PRESENTED) {
            presented[i]++;
            correct[i] += cell;
            seen++;
            score += cell;
          }
        }
        used += seen > 0 ? 1 : 0;
        if (grouped && seen == items) {
          completeByScore[score]++;
          for (int i = 0, at = c * items; i < items; i++, at++) {
            completeCorrectByScore[score * items + i] += cells[at];
          }
        } else if (seen > 0) {
          if (incompleteCount == incomplete.length) {
            incomplete = Arrays.copyOf(incomplete, (int) Math.min(n, 2L * incomplete.length));
          }
          incomplete[incompleteCount++] = c;
        }
      }
      this.candidatesUsed = used;
      this.rows = Arrays.copyOf(incomplete, incompleteCount);
      this.rowCount = incompleteCount;
      this.listStart = new int[rowCount + 1];
      this.deviationCount = new short[rowCount];
      this.flipped = new boolean[rowCount];
      long listLength = 0;
      for (int r = 0; r < rowCount; r++) {
        int correctHere = 0;
        int incorrectHere = 0;
        int missingHere = 0;
        for (int i = 0, at = rows[r] * items; i < items; i++, at++) {
          correctHere += cells[at] == 1 ? 1 : 0;
          incorrectHere += cells[at] == 0 ? 1 : 0;
          missingHere += cells[at] == Responses.NOT_PRESENTED ? 1 : 0;
        }
        flipped[r] = correctHere > incorrectHere;
        deviationCount[r] = (short) Math.min(correctHere, incorrectHere);
        listLength += deviationCount[r] + missingHere;
        if (listLength > Integer.MAX_VALUE - 8) {
          throw new IllegalArgumentException(
              "responses too large: more than " + (Integer.MAX_VALUE - 8) + " listed cells");
        }
        listStart[r + 1] = (int) listLength;
      }
      this.itemLists = new short[(int) listLength];
      for (int r = 0; r < rowCount; r++) {
        int deviatingAt = listStart[r];
        int missingAt = listStart[r] + deviationCount[r];
        byte deviating = flipped[r] ? (byte) 0 : (byte) 1;
        for (int i = 0, at = rows[r] * items; i < items; i++, at++) {
          if (cells[at] == deviating) {
            itemLists[deviatingAt++] = (short) i;
          } else if (cells[at] == Responses.NOT_PRESENTED) {
            itemLists[missingAt++] = (short) i;
          }
        }
      }
      this.chunkSize = Math.max(MIN_CHUNK, (rowCount + MAX_CHUNKS - 1) / MAX_CHUNKS);
      this.chunks = (rowCount + chunkSize - 1) / chunkSize;
      for (int i = 0; i < items; i++) {
        if (presented[i] == 0) {
          throw new IllegalArgumentException("item=" + i + " was presented to nobody");
        }
        if (correct[i] == 0 || correct[i] == presented[i]) {
          throw new IllegalArgumentException(
              "item="
                  + i
                  + " was answered "
                  + (correct[i] == 0 ? "incorrectly" : "correctly")
                  + " by all "
                  + presented[i]
                  + " candidates it was presented to; its parameters are not estimable");
        }
      }
      this.slope = new double[items];
      this.intercept = new double[items];
      for (int i = 0; i < items; i++) {
        double p = (double) correct[i] / presented[i];
        slope[i] = 1.0;
        intercept[i] = Math.log(p / (1 - p));
      }
      this.expectedPresented = new double[items * q];
      this.expectedCorrect = new double[items * q];
    }

    Calibration fit(IntConsumer afterCycle) {
      if (accelerated) {
        fitSquarem(afterCycle);
      } else {
        while (!done()) {
          cycle(afterCycle);
        }
      }
      outerScores = new double[3 * items];
      sigmaMissing = model == IrtModel.RASCH ? new double[items + 1] : null;
      eStep();
      return model == IrtModel.RASCH
          ? raschResult(iteration, converged, maxChange)
          : twoPlResult(iteration, converged, maxChange);
    }

    /** True once EM has converged, failed (a non-finite step) or used up its cycles. */
    private boolean done() {
      return converged || failed || iteration >= settings.maxIterations();
    }

    /**
     * One EM cycle (E-step at the current parameters, M-step) with the plain-EM convergence test on
     * its change.
     *
     * @return the marginal log-likelihood at the parameters the cycle started from
     */
    private double cycle(IntConsumer afterCycle) {
      eStep();
      double startLogLikelihood = logLikelihood;
      finishCycle(afterCycle);
      return startLogLikelihood;
    }

    /** The M-step after an E-step, counted as one EM cycle. */
    private void finishCycle(IntConsumer afterCycle) {
      maxChange = model == IrtModel.RASCH ? mStepRasch() : mStep2pl();
      iteration++;
      afterCycle.accept(iteration);
      if (!Double.isFinite(maxChange)) {
        failed = true;
      } else if (maxChange <= settings.tolerance()) {
        converged = true;
      }
    }

    /**
     * EM accelerated by SQUAREM (Varadhan and Roland 2008, scheme S3): from p0, two EM cycles give
     * p1 and p2; with r = p1 − p0 and v = p2 − 2 p1 + p0 the extrapolated point is p' = p0 + 2α r +
     * α² v, α = |r| / |v| kept in [1, stepMax] (α = 1 gives p2: plain EM); one more EM cycle from
     * p' stabilises it. p' is kept only if the marginal log-likelihood there is at least that at p0
     * (otherwise EM continues from p2 and stepMax shrinks), so the log-likelihood at the start of
     * each round does not decrease. stepMax starts at 1 and grows 4-fold whenever α reaches it.
     * Every EM cycle, extrapolated or not, is judged by the plain-EM criterion (largest change ≤
     * tolerance), so the result is the same fixed point under the same test; an E-step at a
     * rejected p' counts as a cycle too (it reads the full data).
     */
    private void fitSquarem(IntConsumer afterCycle) {
      int size = 2 * items;
      double[] p0 = new double[size];
      double[] p1 = new double[size];
      double[] p2 = new double[size];
      double[] extrapolated = new double[size];
      double stepMax = 1;
      while (!done()) {
        parameters(p0);
        double logLikelihood0 = cycle(afterCycle);
        if (done()) {
          return;
        }
        parameters(p1);
        cycle(afterCycle);
        if (done()) {
          return;
        }
        parameters(p2);
        double rr = 0;
        double vv = 0;
        for (int j = 0; j < size; j++) {
          double r = p1[j] - p0[j];
          double v = p2[j] - 2 * p1[j] + p0[j];
          rr += r * r;
          vv += v * v;
        }
        double alpha = vv > 0 ? Math.sqrt(rr / vv) : 1;
        alpha = Math.max(1, Math.min(stepMax, alpha));
        boolean atStepMax = alpha == stepMax;
        if (!(alpha > 1)) {
          if (atStepMax) {
            stepMax *= STEP_FACTOR;
          }
          continue;
        }
        boolean finite = true;
        for (int j = 0; j < size; j++) {
          double r = p1[j] - p0[j];
          double v = p2[j] - 2 * p1[j] + p0[j];
          extrapolated[j] = p0[j] + 2 * alpha * r + alpha * alpha * v;
          finite &= Double.isFinite(extrapolated[j]);
        }
        if (!finite) {
          continue;
        }
        setParameters(extrapolated);
        eStep();
        if (!(logLikelihood >= logLikelihood0)) {
          setParameters(p2);
          iteration++;
          afterCycle.accept(iteration);
          stepMax = Math.max(1, stepMax / STEP_FACTOR);
          continue;
        }
        if (atStepMax) {
          stepMax *= STEP_FACTOR;
        }
        finishCycle(afterCycle);
      }
    }

    private void parameters(double[] into) {
      System.arraycopy(slope, 0, into, 0, items);
      System.arraycopy(intercept, 0, into, items, items);
    }

    private void setParameters(double[] from) {
      System.arraycopy(from, 0, slope, 0, items);
      System.arraycopy(from, items, intercept, 0, items);
    }

    /**
     * Fills the expected counts and the marginal log-likelihood at the current parameters.
     *
     * <p>Per candidate, the log-likelihood at every node starts from "every item incorrect" (or,
     * for a flipped row, "every item correct") and adds only the listed items. The posterior is
     * then evaluated, and the counts accumulated, only on the window of nodes whose log-likelihood
     * is within {@link #POSTERIOR_WINDOW} of the largest: outside it a node's posterior weight is
     * below e^-40 ≈ 4e-18 of the largest, under the rounding error of the sums it would join.
     */
    void eStep() {
      double[] eta = new double[items * q];
      double[] logQ = new double[items * q];
      // what a listed item adds to the log-likelihood of a plain / flipped row
      double[] plainCorrect = new double[items * q];
      double[] plainMissing = new double[items * q];
      double[] flippedIncorrect = new double[items * q];
      double[] flippedMissing = new double[items * q];
      double[] base = logPrior.clone();
      double[] baseFlipped = logPrior.clone();
      for (int i = 0; i < items; i++) {
        for (int k = 0; k < q; k++) {
          int cell = i * q + k;
          double e = slope[i] * z[k] + intercept[i];
          eta[cell] = e;
          // log(1 - P) = -log(1 + exp(e)), computed without overflow
          double l = e > 0 ? -e - Math.log1p(Math.exp(-e)) : -Math.log1p(Math.exp(e));
          logQ[cell] = l;
          base[k] += l;
          baseFlipped[k] += e + l;
          plainCorrect[cell] = e;
          plainMissing[cell] = -l;
          flippedIncorrect[cell] = -e;
          flippedMissing[cell] = -(e + l);
        }
      }
      double[][] chunkCorrect = new double[chunks][];
      double[][] chunkMissing = new double[chunks][];
      double[][] chunkTotal = new double[chunks][];
      double[][] chunkIncorrectFlipped = new double[chunks][];
      double[][] chunkMissingFlipped = new double[chunks][];
      double[][] chunkTotalFlipped = new double[chunks][];
      double[] chunkLogLik = new double[chunks];
      double[][] chunkOuter = new double[chunks][];
      double[] probability = new double[items * q];
      for (int k = 0; k < items * q; k++) {
        probability[k] = Math.exp(eta[k] + logQ[k]);
      }
      boolean outer = outerScores != null;
      boolean sigmaOuter = sigmaMissing != null;
      double[][] chunkSigma = new double[chunks][];
      // Rasch, final pass: T_k = Σ_i P_ik, so that Σ_{presented i} (x_i − P_ik) of a row is its
      // number correct − T_k + Σ_{not presented i} P_ik
      double[] expectedScore = sigmaOuter ? new double[q] : null;
      if (sigmaOuter) {
        for (int i = 0; i < items; i++) {
          for (int k = 0; k < q; k++) {
            expectedScore[k] += probability[i * q + k];
          }
        }
      }
      byte[] cells = responses.cells();
      ChunkedParallel.run(
          chunks,
          settings.threads(),
          chunk -> {
            double[] r = new double[items * q];
            double[] m = new double[items * q];
            double[] w = new double[q];
            double[] rf = new double[items * q];
            double[] mf = new double[items * q];
            double[] wf = new double[q];
            double[] ll = new double[q];
            double logLik = 0;
            double[] o = outer ? new double[3 * items] : null;
            double[] weightedZ = outer ? new double[q] : null;
            double[] pz = outer ? new double[items] : null;
            double[] p1 = outer ? new double[items] : null;
            double[] so = sigmaOuter ? new double[items + 1] : null;
            double[] residual = sigmaOuter ? new double[q] : null;
            double[] cov = sigmaOuter ? new double[items] : null;
            int from = chunk * chunkSize;
            int to = Math.min(rowCount, from + chunkSize);
            for (int index = from; index < to; index++) {
              boolean flip = flipped[index];
              double[] deviating = flip ? flippedIncorrect : plainCorrect;
              double[] missingTerm = flip ? flippedMissing : plainMissing;
              System.arraycopy(flip ? baseFlipped : base, 0, ll, 0, q);
              int listFrom = listStart[index];
              int listMiddle = listFrom + deviationCount[index];
              int listTo = listStart[index + 1];
              addTerms(ll, deviating, itemLists, listFrom, listMiddle, q);
              addTerms(ll, missingTerm, itemLists, listMiddle, listTo, q);
              double max = Double.NEGATIVE_INFINITY;
              for (int k = 0; k < q; k++) {
                max = Math.max(max, ll[k]);
              }
              double threshold = max - POSTERIOR_WINDOW;
              int lo = 0;
              while (ll[lo] < threshold) {
                lo++;
              }
              int hi = q;
              while (ll[hi - 1] < threshold) {
                hi--;
              }
              double sum = 0;
              for (int k = lo; k < hi; k++) {
                double e = Math.exp(ll[k] - max);
                ll[k] = e;
                sum += e;
              }
              logLik += max + Math.log(sum);
              double inverse = 1.0 / sum;
              double[] total = flip ? wf : w;
              for (int k = lo; k < hi; k++) {
                double posterior = ll[k] * inverse;
                ll[k] = posterior;
                total[k] += posterior;
              }
              if (outer) {
                double meanZ = 0;
                for (int k = lo; k < hi; k++) {
                  meanZ += ll[k] * z[k];
                }
                for (int k = lo; k < hi; k++) {
                  weightedZ[k] = ll[k] * z[k];
                }
                posteriorMeans(ll, weightedZ, probability, lo, hi, q, items, pz, p1);
                int offset = rows[index] * items;
                for (int i = 0; i < items; i++) {
                  byte cell = cells[offset + i];
                  if (cell == Responses.NOT_PRESENTED) {
                    continue;
                  }
                  double sa = cell * meanZ - pz[i];
                  double sc = cell - p1[i];
                  o[3 * i] += sa * sa;
                  o[3 * i + 1] += sa * sc;
                  o[3 * i + 2] += sc * sc;
                }
                if (sigmaOuter) {
                  int notPresented = listTo - listMiddle;
                  int rightAnswers =
                      flip ? items - notPresented - deviationCount[index] : deviationCount[index];
                  for (int k = lo; k < hi; k++) {
                    residual[k] = rightAnswers - expectedScore[k];
                  }
                  for (int t = listMiddle; t < listTo; t++) {
                    int row = itemLists[t] * q;
                    for (int k = lo; k < hi; k++) {
                      residual[k] += probability[row + k];
                    }
                  }
                  so[items] +=
                      sigmaScoreMoments(ll, z, residual, probability, lo, hi, q, items, cov);
                  for (int i = 0; i < items; i++) {
                    if (cells[offset + i] != Responses.NOT_PRESENTED) {
                      so[i] += cov[i];
                    }
                  }
                }
              }
              double[] deviatingCounts = flip ? rf : r;
              double[] missingCounts = flip ? mf : m;
              for (int t = listFrom; t < listTo; t++) {
                double[] counts = t < listMiddle ? deviatingCounts : missingCounts;
                int row = itemLists[t] * q;
                for (int k = lo; k < hi; k++) {
                  counts[row + k] += ll[k];
                }
              }
            }
            chunkCorrect[chunk] = r;
            chunkMissing[chunk] = m;
            chunkTotal[chunk] = w;
            chunkIncorrectFlipped[chunk] = rf;
            chunkMissingFlipped[chunk] = mf;
            chunkTotalFlipped[chunk] = wf;
            chunkLogLik[chunk] = logLik;
            chunkOuter[chunk] = o;
            chunkSigma[chunk] = so;
          });
      double[] total = new double[q];
      double[] totalFlipped = new double[q];
      Arrays.fill(expectedCorrect, 0);
      double[] missing = new double[items * q];
      double[] incorrectFlipped = new double[items * q];
      double[] missingFlipped = new double[items * q];
      double logLik = 0;
      for (int chunk = 0; chunk < chunks; chunk++) {
        add(expectedCorrect, chunkCorrect[chunk]);
        add(missing, chunkMissing[chunk]);
        add(total, chunkTotal[chunk]);
        add(incorrectFlipped, chunkIncorrectFlipped[chunk]);
        add(missingFlipped, chunkMissingFlipped[chunk]);
        add(totalFlipped, chunkTotalFlipped[chunk]);
        logLik += chunkLogLik[chunk];
        if (outer) {
          add(outerScores, chunkOuter[chunk]);
        }
        if (sigmaOuter) {
          add(sigmaMissing, chunkSigma[chunk]);
        }
      }
      // flipped rows: correct = all − incorrect − not presented
      for (int i = 0; i < items; i++) {
        for (int k = 0; k < q; k++) {
          int cell = i * q + k;
          expectedCorrect[cell] += totalFlipped[k] - incorrectFlipped[cell] - missingFlipped[cell];
          missing[cell] += missingFlipped[cell];
        }
      }
      for (int k = 0; k < q; k++) {
        total[k] += totalFlipped[k];
      }
      if (rows != null) {
        logLik += addCompleteByScore(base, total, probability, expectedScore);
      }
      for (int i = 0; i < items; i++) {
        for (int k = 0; k < q; k++) {
          expectedPresented[i * q + k] = total[k] - missing[i * q + k];
        }
      }
      logLikelihood = logLik;
    }

    /**
     * Adds {@code term[item * q ..][0 .. q)} of the items {@code lists[from .. to)} to {@code ll},
     * four items per pass over {@code ll} (about twice as fast as one: fewer loads and stores of
     * {@code ll}); the order of the additions depends only on the data.
     */
    private static void addTerms(
        double[] ll, double[] term, short[] lists, int from, int to, int q) {
      int t = from;
      for (; t + 3 < to; t += 4) {
        int a = lists[t] * q;
        int b = lists[t + 1] * q;
        int c = lists[t + 2] * q;
        int d = lists[t + 3] * q;
        for (int k = 0; k < q; k++) {
          ll[k] += (term[a + k] + term[b + k]) + (term[c + k] + term[d + k]);
        }
      }
      for (; t < to; t++) {
        int a = lists[t] * q;
        for (int k = 0; k < q; k++) {
          ll[k] += term[a + k];
        }
      }
    }

    /**
     * Per item, the posterior means {@code pz[i] = Σ_k posterior[k] z[k] P_ik} (from {@code
     * weightedZ[k] = posterior[k] z[k]}) and {@code p1[i] = Σ_k posterior[k] P_ik} over the nodes
     * {@code [lo, hi)}; four items per pass so that the eight sums do not wait on each other.
     */
    private static void posteriorMeans(
        double[] posterior,
        double[] weightedZ,
        double[] probability,
        int lo,
        int hi,
        int q,
        int items,
        double[] pz,
        double[] p1) {
      int i = 0;
      for (; i + 3 < items; i += 4) {
        int a = i * q;
        int b = a + q;
        int c = b + q;
        int d = c + q;
        double za = 0;
        double zb = 0;
        double zc = 0;
        double zd = 0;
        double oa = 0;
        double ob = 0;
        double oc = 0;
        double od = 0;
        for (int k = lo; k < hi; k++) {
          double w = posterior[k];
          double wz = weightedZ[k];
          za += wz * probability[a + k];
          zb += wz * probability[b + k];
          zc += wz * probability[c + k];
          zd += wz * probability[d + k];
          oa += w * probability[a + k];
          ob += w * probability[b + k];
          oc += w * probability[c + k];
          od += w * probability[d + k];
        }
        pz[i] = za;
        pz[i + 1] = zb;
        pz[i + 2] = zc;
        pz[i + 3] = zd;
        p1[i] = oa;
        p1[i + 1] = ob;
        p1[i + 2] = oc;
        p1[i + 3] = od;
      }
      for (; i < items; i++) {
        int a = i * q;
        double za = 0;
        double oa = 0;
        for (int k = lo; k < hi; k++) {
          za += weightedZ[k] * probability[a + k];
          oa += posterior[k] * probability[a + k];
        }
        pz[i] = za;
        p1[i] = oa;
      }
    }

    /**
     * Rasch, final pass: one candidate's posterior moments of the complete-data score of σ, {@code
     * S_σ(z) = z D(z)} with {@code D(z_k) = residual[k] = Σ_{presented i} (x_i − P_ik)} (a sum over
     * items, so the posterior variance includes the cross-item terms), over the nodes {@code [lo,
     * hi)} of {@code posterior}. With {@code v_k = posterior[k] (z_k D_k − E[S_σ | x])}: {@code
     * cov[i] = −Σ_k v_k P_ik} is the posterior covariance of S_σ with the intercept score {@code
     * x_i − P_i(z)} (whatever x_i), for every item (the caller keeps the presented ones). {@code
     * residual} is overwritten with {@code v}.
     *
     * @return the posterior variance of S_σ
     */
    private static double sigmaScoreMoments(
        double[] posterior,
        double[] z,
        double[] residual,
        double[] probability,
        int lo,
        int hi,
        int q,
        int items,
        double[] cov) {
      double mean = 0;
      for (int k = lo; k < hi; k++) {
        mean += posterior[k] * z[k] * residual[k];
      }
      double variance = 0;
      for (int k = lo; k < hi; k++) {
        double centred = z[k] * residual[k] - mean;
        double v = posterior[k] * centred;
        variance += v * centred;
        residual[k] = v;
      }
      // four items per pass so that the sums do not wait on each other
      int i = 0;
      for (; i + 3 < items; i += 4) {
        int a = i * q;
        int b = a + q;
        int c = b + q;
        int d = c + q;
        double sa = 0;
        double sb = 0;
        double sc = 0;
        double sd = 0;
        for (int k = lo; k < hi; k++) {
          double v = residual[k];
          sa += v * probability[a + k];
          sb += v * probability[b + k];
          sc += v * probability[c + k];
          sd += v * probability[d + k];
        }
        cov[i] = -sa;
        cov[i + 1] = -sb;
        cov[i + 2] = -sc;
        cov[i + 3] = -sd;
      }
      for (; i < items; i++) {
        int row = i * q;
        double sum = 0;
        for (int k = lo; k < hi; k++) {
          sum += residual[k] * probability[row + k];
        }
        cov[i] = -sum;
      }
      return variance;
    }

    /**
     * Rasch: adds the expected counts (and, in the final pass, the score outer products) of the
     * candidates presented every item, grouped by raw score s: their posterior is proportional to
     * {@code exp(base + s σ z)}.
     *
     * @return their marginal log-likelihood
     */
    private double addCompleteByScore(
        double[] base, double[] total, double[] probability, double[] expectedScore) {
      double logLik = 0;
      double[] w = new double[q];
      double[] residual = sigmaMissing != null ? new double[q] : null;
      double[] cov = sigmaMissing != null ? new double[items] : null;
      for (int score = 0; score <= items; score++) {
        long count = completeByScore[score];
        if (count == 0) {
          continue;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < q; k++) {
          w[k] = base[k] + score * sigma * z[k];
          max = Math.max(max, w[k]);
        }
        double sum = 0;
        for (int k = 0; k < q; k++) {
          w[k] = Math.exp(w[k] - max);
          sum += w[k];
        }
        // the intercepts of the correct items are the same at every node: they enter the
        // likelihood, not the posterior
        logLik += count * (max + Math.log(sum));
        double meanZ = 0;
        for (int k = 0; k < q; k++) {
          w[k] /= sum;
          total[k] += count * w[k];
          meanZ += w[k] * z[k];
        }
        for (int i = 0; i < items; i++) {
          long right = completeCorrectByScore[score * items + i];
          logLik += right * intercept[i];
          int row = i * q;
          double pz = 0;
          double p1 = 0;
          for (int k = 0; k < q; k++) {
            expectedCorrect[row + k] += right * w[k];
            double wp = w[k] * probability[row + k];
            pz += wp * z[k];
            p1 += wp;
          }
          if (outerScores != null) {
            long wrong = count - right;
            double saRight = meanZ - pz;
            double scRight = 1 - p1;
            outerScores[3 * i] += right * saRight * saRight + wrong * pz * pz;
            outerScores[3 * i + 1] += right * saRight * scRight + wrong * pz * p1;
            outerScores[3 * i + 2] += right * scRight * scRight + wrong * p1 * p1;
          }
        }
        if (sigmaMissing != null) {
          // every item presented: Σ_i (x_i − P_ik) = s − T_k for the whole score group
          for (int k = 0; k < q; k++) {
            residual[k] = score - expectedScore[k];
          }
          sigmaMissing[items] +=
              count * sigmaScoreMoments(w, z, residual, probability, 0, q, q, items, cov);
          for (int i = 0; i < items; i++) {
            sigmaMissing[i] += count * cov[i];
          }
        }
      }
      return logLik;
    }

    private static void add(double[] into, double[] from) {
      for (int k = 0; k < into.length; k++) {
        into[k] += from[k];
      }
    }

    /** Newton steps on {@code b_i} and σ; returns the largest change of b or σ in this cycle. */
    double mStepRasch() {
      double[] before = intercept.clone();
      double sigmaBefore = sigma;
      for (int step = 0; step < NEWTON_STEPS_PER_CYCLE; step++) {
        for (int i = 0; i < items; i++) {
          double gradient = 0;
          double information = 0;
          int row = i * q;
          for (int k = 0; k < q; k++) {
            double p = logistic(sigma * z[k] + intercept[i]);
            double nk = expectedPresented[row + k];
            gradient += expectedCorrect[row + k] - nk * p;
            information += nk * p * (1 - p);
          }
          intercept[i] += clamp(gradient / information);
        }
        double gradient = 0;
        double information = 0;
        for (int i = 0; i < items; i++) {
          int row = i * q;
          for (int k = 0; k < q; k++) {
            double p = logistic(sigma * z[k] + intercept[i]);
            double nk = expectedPresented[row + k];
            gradient += z[k] * (expectedCorrect[row + k] - nk * p);
            information += z[k] * z[k] * nk * p * (1 - p);
          }
        }
        sigma = Math.max(0.01, sigma + clamp(gradient / information));
      }
      Arrays.fill(slope, sigma);
      double change = Math.abs(sigma - sigmaBefore);
      for (int i = 0; i < items; i++) {
        change = Math.max(change, Math.abs(intercept[i] - before[i]));
      }
      return change;
    }

    /** Newton steps on each item's (a, c); returns the largest change of a or b in this cycle. */
    double mStep2pl() {
      double change = 0;
      for (int i = 0; i < items; i++) {
        double slopeBefore = slope[i];
        double difficultyBefore = -intercept[i] / slope[i];
        int row = i * q;
        for (int step = 0; step < NEWTON_STEPS_PER_CYCLE; step++) {
          double ga = 0;
          double gc = 0;
          double iaa = 0;
          double iac = 0;
          double icc = 0;
          for (int k = 0; k < q; k++) {
            double p = logistic(slope[i] * z[k] + intercept[i]);
            double nk = expectedPresented[row + k];
            double residual = expectedCorrect[row + k] - nk * p;
            double weight = nk * p * (1 - p);
            ga += z[k] * residual;
            gc += residual;
            iaa += z[k] * z[k] * weight;
            iac += z[k] * weight;
            icc += weight;
          }
          double det = iaa * icc - iac * iac;
          slope[i] += clamp((icc * ga - iac * gc) / det);
          intercept[i] += clamp((iaa * gc - iac * ga) / det);
        }
        change = Math.max(change, Math.abs(slope[i] - slopeBefore));
        change = Math.max(change, Math.abs(-intercept[i] / slope[i] - difficultyBefore));
      }
      return change;
    }

    Calibration raschResult(int iterations, boolean converged, double maxChange) {
      // Louis's observed information of (b_1..b_I, σ), without the covariances between items, is an
      // arrow matrix: invert it through the Schur complement of σ.
      double[] ibb = new double[items];
      double[] ibs = new double[items];
      double iss = 0;
      for (int i = 0; i < items; i++) {
        int row = i * q;
        for (int k = 0; k < q; k++) {
          double p = logistic(sigma * z[k] + intercept[i]);
          double weight = expectedPresented[row + k] * p * (1 - p);
          ibb[i] += weight - missingInformation(row + k, p);
          ibs[i] -= z[k] * weight;
          iss += z[k] * z[k] * weight;
        }
        ibb[i] += outerScores[3 * i + 2];
        // Louis: S_b = −S_c, so −Cov(S_σ, S_b) = +Cov(S_σ, S_c)
        ibs[i] += sigmaMissing[i];
      }
      iss -= sigmaMissing[items];
      double schur = iss;
      for (int i = 0; i < items; i++) {
        schur -= ibs[i] * ibs[i] / ibb[i];
      }
      List<ItemParameters> result = new ArrayList<>(items);
      for (int i = 0; i < items; i++) {
        double ratio = ibs[i] / ibb[i];
        double variance = 1 / ibb[i] + ratio * ratio / schur;
        result.add(new ItemParameters(1.0, -intercept[i], Double.NaN, Math.sqrt(variance)));
      }
      return new Calibration(
          model,
          result,
          0.0,
          sigma,
          Math.sqrt(1 / schur),
          logLikelihood,
          iterations,
          converged,
          maxChange,
          candidatesUsed);
    }

    Calibration twoPlResult(int iterations, boolean converged, double maxChange) {
      List<ItemParameters> result = new ArrayList<>(items);
      for (int i = 0; i < items; i++) {
        double iaa = 0;
        double iac = 0;
        double icc = 0;
        int row = i * q;
        for (int k = 0; k < q; k++) {
          double p = logistic(slope[i] * z[k] + intercept[i]);
          double weight = expectedPresented[row + k] * p * (1 - p) - missingInformation(row + k, p);
          iaa += z[k] * z[k] * weight;
          iac += z[k] * weight;
          icc += weight;
        }
        iaa += outerScores[3 * i];
        iac += outerScores[3 * i + 1];
        icc += outerScores[3 * i + 2];
        double det = iaa * icc - iac * iac;
        double varA = icc / det;
        double varC = iaa / det;
        double covAc = -iac / det;
        double a = slope[i];
        double c = intercept[i];
        // b = -c / a: delta method with db/da = c / a², db/dc = -1 / a
        double da = c / (a * a);
        double dc = -1 / a;
        double varB = da * da * varA + dc * dc * varC + 2 * da * dc * covAc;
        result.add(new ItemParameters(a, -c / a, Math.sqrt(varA), Math.sqrt(varB)));
      }
      return new Calibration(
          model,
          result,
          0.0,
          1.0,
          Double.NaN,
          logLikelihood,
          iterations,
          converged,
          maxChange,
          candidatesUsed);
    }

    /**
     * Σ_j w_jk (x_ji - P)² at one (item, node) cell: E[S Sᵀ | x] before the outer product of E[S |
     * x].
     */
    private double missingInformation(int cell, double p) {
      double r = expectedCorrect[cell];
      return r * (1 - p) * (1 - p) + (expectedPresented[cell] - r) * p * p;
    }

    private static double clamp(double step) {
      if (Double.isNaN(step)) {
        return 0;
      }
      return Math.max(-MAX_NEWTON_STEP, Math.min(MAX_NEWTON_STEP, step));
    }
  }

  static double logistic(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }
}
