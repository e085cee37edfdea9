package kg.exam.scoring.batch;

import java.util.Objects;

/**
 * Responses of many candidates to a keyed form, one byte per cell, candidate-major: cell {@code
 * (candidate, item)} is {@code cells[candidate * itemCount + item]} (see {@link KeyedForm} for the
 * encoding). 1,400,000 candidates × 60 items take 84 MB.
 *
 * <p>The array is wrapped, not copied, because copying a national cohort would double the memory
 * the path exists to save: the caller hands it over and must not modify it while it is scored or
 * analysed.
 */
public final class ResponseMatrix {

  private final byte[] cells;
  private final int candidateCount;
  private final int itemCount;

  private ResponseMatrix(byte[] cells, int candidateCount, int itemCount) {
    this.cells = cells;
    this.candidateCount = candidateCount;
    this.itemCount = itemCount;
  }

  /**
   * @param cells candidate-major cells, length {@code candidateCount * itemCount}; handed over, not
   *     copied
   * @param candidateCount rows, {@code >= 0}
   * @param itemCount columns, {@code >= 1}
   * @return the matrix
   */
  public static ResponseMatrix wrap(byte[] cells, int candidateCount, int itemCount) {
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
    return new ResponseMatrix(cells, candidateCount, itemCount);
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
   * @return the cell
   */
  public byte cell(int candidate, int item) {
    return cells[candidate * itemCount + item];
  }

  /**
   * The wrapped array itself, not a copy, for scoring-core's kernels: must not be modified.
   *
   * @return the candidate-major cells
   */
  public byte[] cells() {
    return cells;
  }
}
