package kg.exam.scoring.irt;

import java.util.Objects;

/**
 * Scored responses of many candidates, one byte per cell, candidate-major: cell {@code (candidate,
 * item)} is {@code cells[candidate * itemCount + item]} and holds the item score {@code 0..}{@link
 * #MAX_SCORE} (0/1 for dichotomous items: incorrect/correct) or {@link #NOT_PRESENTED}. 1,400,000
 * candidates × 60 items take 84 MB.
 *
 * <p>Immutable once built: {@link #copyOf} copies; {@link #wrap} takes the array over without
 * copying (for national cohorts, where a copy would double the memory) and the caller must not
 * modify it afterwards. Thread-safe.
 */
public final class Responses {

  /**
   * Cell value of an item the candidate was not presented (or did not answer and should not be
   * scored on).
   */
  public static final byte NOT_PRESENTED = -1;

  /** Highest item score a cell can hold. */
  public static final int MAX_SCORE = 100;

  private final byte[] cells;
  private final int candidateCount;
  private final int itemCount;
  private final int[] maxScores;

  private Responses(byte[] cells, int candidateCount, int itemCount, int[] maxScores) {
    this.cells = cells;
    this.candidateCount = candidateCount;
    this.itemCount = itemCount;
    this.maxScores = maxScores;
  }

  /**
   * @param cells candidate-major cells, each {@code 0..MAX_SCORE} or {@link #NOT_PRESENTED}; handed
   *     over, not copied
   * @param candidateCount rows, {@code >= 0}
   * @param itemCount columns, {@code >= 1}
   * @return the matrix
   * @throws IllegalArgumentException on a size mismatch or a cell that is neither a score {@code
   *     0..MAX_SCORE} nor {@link #NOT_PRESENTED}
   */
  public static Responses wrap(byte[] cells, int candidateCount, int itemCount) {
    Objects.requireNonNull(cells, "cells");
    if (candidateCount < 0 || itemCount < 1) {
      throw new IllegalArgumentException(
          "candidateCount="
              + candidateCount
              + " must be >= 0 and itemCount="
              + itemCount
              + " >= 1");
    }
    if ((long) candidateCount * itemCount != cells.length) {
      throw new IllegalArgumentException(
          "cells.length="
              + cells.length
              + " must equal candidateCount="
              + candidateCount
              + " * itemCount="
              + itemCount);
    }
    int[] maxScores = new int[itemCount];
    for (int i = 0; i < cells.length; i++) {
      byte cell = cells[i];
      if (cell >= 0 && cell <= MAX_SCORE) {
        int item = i % itemCount;
        maxScores[item] = Math.max(maxScores[item], cell);
      } else if (cell != NOT_PRESENTED) {
        throw new IllegalArgumentException(
            "cell="
                + cell
                + " at candidate="
                + i / itemCount
                + " item="
                + i % itemCount
                + " must be a score 0.."
                + MAX_SCORE
                + " or NOT_PRESENTED");
      }
    }
    return new Responses(cells, candidateCount, itemCount, maxScores);
  }

  /**
   * @param cells candidate-major cells, copied
   * @param candidateCount rows
   * @param itemCount columns
   * @return the matrix
   * @see #wrap
   */
  public static Responses copyOf(byte[] cells, int candidateCount, int itemCount) {
    return wrap(Objects.requireNonNull(cells, "cells").clone(), candidateCount, itemCount);
  }

  /**
   * @return rows
   */
  public int candidateCount() {
    return candidateCount;
  }

  /**
   * @return columns
   */
  public int itemCount() {
    return itemCount;
  }

  /**
   * @param item 0-based column
   * @return the highest score any candidate has on the item (0 when nobody was presented it)
   */
  public int maxScore(int item) {
    return maxScores[item];
  }

  /**
   * @return whether every cell is 0, 1 or not presented
   */
  public boolean dichotomous() {
    for (int max : maxScores) {
      if (max > 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param candidate 0-based row
   * @param item 0-based column
   * @return the score or {@link #NOT_PRESENTED}
   */
  public byte cell(int candidate, int item) {
    return cells[candidate * itemCount + item];
  }

  /** Package-private raw access for the kernels, which only read. */
  byte[] cells() {
    return cells;
  }
}
