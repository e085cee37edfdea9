package kg.exam.scoring.irt;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import kg.exam.scoring.batch.ChunkedParallel;

/**
 * Infit and outfit mean squares ({@link ItemFit}) for calibrated items, at given abilities (usually
 * WLE, which are finite for everybody). Candidates whose presented items are all correct or all
 * incorrect are left out, as Winsteps does: their residuals say nothing about fit. Deterministic
 * for any thread count; stateless.
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
    double[] a = new double[itemCount];
    double[] b = new double[itemCount];
    for (int i = 0; i < itemCount; i++) {
      a[i] = items.get(i).discrimination();
      b[i] = items.get(i).difficulty();
    }
    byte[] cells = responses.cells();
    int chunks = (n + CHUNK - 1) / CHUNK;
    // per chunk, per item: {Σ squared residual, Σ variance, Σ standardised squared residual, count}
    double[][] partial = new double[chunks][];
    ChunkedParallel.run(
        chunks,
        threads,
        chunk -> {
          double[] sums = new double[4 * itemCount];
          for (int c = chunk * CHUNK, to = Math.min(n, c + CHUNK); c < to; c++) {
            double theta = abilities.theta(c);
            if (!Double.isFinite(theta) || extreme(cells, c * itemCount, itemCount)) {
              continue;
            }
            for (int i = 0; i < itemCount; i++) {
              byte cell = cells[c * itemCount + i];
              if (cell == Responses.NOT_PRESENTED) {
                continue;
              }
              double p = 1 / (1 + Math.exp(-a[i] * (theta - b[i])));
              double variance = p * (1 - p);
              double residual = cell - p;
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

  private static boolean extreme(byte[] cells, int offset, int itemCount) {
    int presented = 0;
    int correct = 0;
    for (int i = 0; i < itemCount; i++) {
      byte cell = cells[offset + i];
      if (cell != Responses.NOT_PRESENTED) {
        presented++;
        correct += cell;
      }
    }
    return correct == 0 || correct == presented;
  }
}
