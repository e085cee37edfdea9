package kg.exam.scoring.irt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import kg.exam.scoring.batch.ChunkedParallel;

/**
 * Infit and outfit mean squares ({@link ItemFit}) for calibrated items, at given abilities (usually
 * WLE, which are finite for everybody). For a response {@code x} at ability θ the residual is
 * {@code x − E[X | θ]} and its variance {@code W = Var(X | θ)}: {@code P (1 − P)} with residual
 * {@code x − P} for dichotomous items (P includes the guessing of 3PL items), {@code Σ_x (x − E)²
 * P_x} for partial credit items (Wright and Masters 1982). Infit is {@code Σ r² / Σ W}, outfit the
 * mean of {@code r² / W}, over the candidates presented the item. Candidates whose presented items
 * are all at score 0 or all at their maximum score are left out, as Winsteps does: their residuals
 * say nothing about fit. Deterministic for any thread count; stateless.
 */
public final class ItemFitAnalysis {

  private static final int CHUNK = 8192;

  private ItemFitAnalysis() {}

  /**
   * @param items item parameters in column order
   * @param responses responses, one column per item
   * @param abilities one estimate per candidate; non-finite estimates are skipped
   * @param threads threads, {@code >= 1}
   * @return fit per item, in column order
   * @throws IllegalArgumentException if the sizes differ or a cell exceeds its item's {@link
   *     ItemParameters#maxScore()}
   */
  public static List<ItemFit> meanSquares(
      List<ItemParameters> items, Responses responses, Abilities abilities, int threads) {
    Objects.requireNonNull(items, "items");
    Objects.requireNonNull(responses, "responses");
    Objects.requireNonNull(abilities, "abilities");
    int itemCount = responses.itemCount();
    int n = responses.candidateCount();
    if (items.size() != itemCount || abilities.size() != n) {
      throw new IllegalArgumentException(
          "items.size="
              + items.size()
              + " and abilities.size="
              + abilities.size()
              + " must match responses itemCount="
              + itemCount
              + " candidateCount="
              + n);
    }
    ItemParameters[] model = items.toArray(new ItemParameters[0]);
    double[] a = new double[itemCount];
    double[] b = new double[itemCount];
    int[] maxScore = new int[itemCount];
    // dichotomous items without guessing keep their closed form; the others use the item's model
    boolean[] general = new boolean[itemCount];
    int categories = 2;
    for (int i = 0; i < itemCount; i++) {
      ItemParameters item = model[i];
      a[i] = item.discrimination();
      b[i] = item.difficulty();
      maxScore[i] = item.maxScore();
      general[i] = item.polytomous() || item.guessing() != 0;
      categories = Math.max(categories, maxScore[i] + 1);
      if (responses.maxScore(i) > maxScore[i]) {
        throw new IllegalArgumentException(
            "item="
                + i
                + " has score="
                + responses.maxScore(i)
                + " above its maxScore="
                + maxScore[i]);
      }
    }
    int categoryCount = categories;
    byte[] cells = responses.cells();
    int chunks = (n + CHUNK - 1) / CHUNK;
    // per chunk, per item: {Σ squared residual, Σ variance, Σ standardised squared residual, count}
    double[][] partial = new double[chunks][];
    ChunkedParallel.run(
        chunks,
        threads,
        chunk -> {
          double[] sums = new double[4 * itemCount];
          double[] probabilities = new double[categoryCount];
          for (int c = chunk * CHUNK, to = Math.min(n, c + CHUNK); c < to; c++) {
            double theta = abilities.theta(c);
            if (!Double.isFinite(theta) || extreme(cells, c * itemCount, maxScore)) {
              continue;
            }
            for (int i = 0; i < itemCount; i++) {
              byte cell = cells[c * itemCount + i];
              if (cell == Responses.NOT_PRESENTED) {
                continue;
              }
              double variance;
              double residual;
              if (general[i]) {
                model[i].categoryProbabilities(theta, probabilities);
                double mean = 0;
                for (int x = 1; x <= maxScore[i]; x++) {
                  mean += x * probabilities[x];
                }
                variance = 0;
                for (int x = 0; x <= maxScore[i]; x++) {
                  variance += (x - mean) * (x - mean) * probabilities[x];
                }
                residual = cell - mean;
              } else {
                double p = 1 / (1 + Math.exp(-a[i] * (theta - b[i])));
                variance = p * (1 - p);
                residual = cell - p;
              }
              sums[4 * i] += residual * residual;
              sums[4 * i + 1] += variance;
              sums[4 * i + 2] += residual * residual / variance;
              sums[4 * i + 3]++;
            }
          }
          partial[chunk] = sums;
        });
    double[] total = new double[4 * itemCount];
    for (double[] sums : partial) {
      for (int k = 0; k < total.length; k++) {
        total[k] += sums[k];
      }
    }
    List<ItemFit> fits = new ArrayList<>(itemCount);
    for (int i = 0; i < itemCount; i++) {
      double count = total[4 * i + 3];
      fits.add(
          count == 0
              ? new ItemFit(Double.NaN, Double.NaN, 0)
              : new ItemFit(
                  total[4 * i] / total[4 * i + 1], total[4 * i + 2] / count, (int) count));
    }
    return fits;
  }

  private static boolean extreme(byte[] cells, int offset, int[] maxScore) {
    int total = 0;
    int highest = 0;
    for (int i = 0; i < maxScore.length; i++) {
      byte cell = cells[offset + i];
      if (cell != Responses.NOT_PRESENTED) {
        total += cell;
        highest += maxScore[i];
      }
    }
    return total == 0 || total == highest;
  }
}
