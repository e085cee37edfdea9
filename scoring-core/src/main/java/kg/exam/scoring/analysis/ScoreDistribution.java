package kg.exam.scoring.analysis;

import java.util.List;

/**
 * Histogram of test totals: bin {@code k} counts totals in {@code [k * binWidth, (k + 1) *
 * binWidth)}, the last bin also the maximum. For a keyed form of 60 one-point items the bins are
 * the 61 possible numbers correct.
 *
 * @param binWidth width of a bin in points
 * @param counts candidates per bin
 */
public record ScoreDistribution(double binWidth, List<Long> counts) {

  /** Copies the counts. */
  public ScoreDistribution {
    counts = List.copyOf(counts);
  }
}
