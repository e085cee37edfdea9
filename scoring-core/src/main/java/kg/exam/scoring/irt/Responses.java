package kg.exam.scoring.irt;

import java.util.Objects;

/**
 * Dichotomous responses of many candidates, one byte per cell, candidate-major: cell {@code
 * (candidate, item)} is {@code cells[candidate * itemCount + item]} and holds {@code 0}
 * (incorrect), {@code 1} (correct) or {@link #NOT_PRESENTED}. 1,400,000 candidates × 60 items take
 * 84 MB.
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

  private final byte[] cells;
  private final int candidateCount;
  private final int itemCount;

  private Responses(byte[] cells, int candidateCount, int itemCount) {
    this.cells = cells;
    this.candidateCount = candidateCount;
    this.itemCount = itemCount;
  }

  /**
   * @param cells candidate-major cells, each 0, 1 or {@link #NOT_PRESENTED}; handed over, not
   *     copied
   * @param candidateCount rows, {@code >= 0}
   * @param itemCount columns, {@code >= 1}
   * @return the matrix
   * @throws IllegalArgumentException on a size mismatch or a cell that is not 0, 1 or {@link
   *     #NOT_PRESENTED}
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
    for (int i = 0; i < cells.length; i++) {
      byte cell = cells[i];
      if (cell != 0 && cell != 1 && cell != NOT_PRESENTED) {
        throw new IllegalArgumentException(
            "cell="
                + cell
                + " at candidate="
                + i / itemCount
                + " item="
                + i % itemCount
                + " must be 0, 1 or NOT_PRESENTED");
      }
    }
    return new Responses(cells, candidateCount, itemCount);
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
   * @param candidate 0-based row
   * @param item 0-based column
   * @return 0, 1 or {@link #NOT_PRESENTED}
   */
  public byte cell(int candidate, int item) {
    return cells[candidate * itemCount + item];
  }

  /** Package-private raw access for the kernels, which only read. */
  byte[] cells() {
    return cells;
  }
}
