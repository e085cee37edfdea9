package kg.exam.scoring.batch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The columnar path for keyed dichotomous forms: scores a {@link ResponseMatrix} against a {@link
 * KeyedForm} on up to {@code parallelism} threads. Results do not depend on the thread count:
 * candidates are cut into fixed chunks of {@value #CANDIDATES_PER_CHUNK} rows and every candidate's
 * arithmetic is the same whatever thread runs it. Malformed cells are counted, never thrown.
 *
 * <p>When every item carries the same weighted points (the usual national form) the kernel compares
 * eight responses at a time: it XORs eight cells with eight key bytes read as one little-endian
 * {@code long} and counts zero bytes with a carry-free SWAR test, and flags in the same pass any
 * cell that is unanswered or out of range so that only those rows take a per-cell second look.
 * Otherwise it compares cell by cell and adds each item's weighted points.
 */
public final class KeyedBatchScorer {

  /** Rows per chunk: large enough to amortise scheduling, small enough to balance 2..64 threads. */
  static final int CANDIDATES_PER_CHUNK = 16_384;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private KeyedBatchScorer() {}

  /**
   * @param form the compiled key
   * @param responses candidate-major cells; its itemCount must equal the form's
   * @param parallelism threads to use, {@code >= 1} (the caller's thread is one of them)
   * @return per-candidate totals, counts and grades
   */
  public static KeyedBatchResult score(KeyedForm form, ResponseMatrix responses, int parallelism) {
    Objects.requireNonNull(form, "form");
    Objects.requireNonNull(responses, "responses");
    if (responses.itemCount() != form.itemCount()) {
      throw new IllegalArgumentException(
          "responses.itemCount="
              + responses.itemCount()
              + " must equal form itemCount="
              + form.itemCount());
    }
    int candidates = responses.candidateCount();
    int[] numberCorrect = new int[candidates];
    int[] unanswered = new int[candidates];
    int[] malformed = new int[candidates];
    double[] rawTotals = new double[candidates];
    Kernel kernel = new Kernel(form, responses.cells());
    int chunks = (candidates + CANDIDATES_PER_CHUNK - 1) / CANDIDATES_PER_CHUNK;
    ChunkedParallel.run(
        chunks,
        parallelism,
        chunk -> {
          int from = chunk * CANDIDATES_PER_CHUNK;
          int to = Math.min(candidates, from + CANDIDATES_PER_CHUNK);
          kernel.score(from, to, numberCorrect, unanswered, malformed, rawTotals);
        });
    return new KeyedBatchResult(form, numberCorrect, unanswered, malformed, rawTotals);
  }

  /** Precomputed key words for one scoring run. */
  private static final class Kernel {
    private final byte[] cells;
    private final int items;
    private final byte[] key;
    private final byte[] choiceCounts;
    private final double[] points;
    private final boolean uniformPoints;
    private final double pointsPerItem;
    private final int fullWords;
    private final long[] keyWords;
    private final long[] limitWords;
    private final boolean hasTail;
    private final long keyTail;
    private final long limitTail;
    private final long tailMask;

    Kernel(KeyedForm form, byte[] cells) {
      this.cells = cells;
      this.items = form.itemCount();
      this.key = form.keyChoiceIndexes();
      this.choiceCounts = form.choiceCounts();
      this.points = form.weightedPoints();
      boolean uniform = true;
      for (double p : points) {
        uniform &= p == points[0];
      }
      this.uniformPoints = uniform && items >= 8;
      this.pointsPerItem = points[0];
      this.fullWords = items / 8;
      this.keyWords = new long[fullWords];
      this.limitWords = new long[fullWords];
      for (int w = 0; w < fullWords; w++) {
        keyWords[w] = (long) LONGS.get(key, w * 8);
        limitWords[w] = (long) LONGS.get(choiceCounts, w * 8);
      }
      int tail = items % 8;
      this.hasTail = tail != 0 && items >= 8;
      this.keyTail = hasTail ? (long) LONGS.get(key, items - 8) : 0;
      this.limitTail = hasTail ? (long) LONGS.get(choiceCounts, items - 8) : 0;
      this.tailMask = hasTail ? -1L << (8 * (8 - tail)) : 0;
    }

    void score(
        int from,
        int to,
        int[] numberCorrect,
        int[] unanswered,
        int[] malformed,
        double[] rawTotals) {
      if (!uniformPoints) {
        for (int c = from; c < to; c++) {
          scoreCellByCell(c, numberCorrect, unanswered, malformed, rawTotals);
        }
        return;
      }
      for (int c = from; c < to; c++) {
        int base = c * items;
        int correct = 0;
        long suspicious = 0;
        for (int w = 0; w < fullWords; w++) {
          long word = (long) LONGS.get(cells, base + w * 8);
          correct += zeroBytes(word ^ keyWords[w]);
          suspicious |= (word | ((word | HIGH_BITS) - limitWords[w])) & HIGH_BITS;
        }
        if (hasTail) {
          long word = (long) LONGS.get(cells, base + items - 8);
          correct += zeroBytes((word ^ keyTail) | ~tailMask);
          suspicious |= (word | ((word | HIGH_BITS) - limitTail)) & HIGH_BITS & tailMask;
        }
        numberCorrect[c] = correct;
        rawTotals[c] = correct * pointsPerItem;
        if (suspicious != 0) {
          countSpecialCells(c, unanswered, malformed);
        }
      }
    }

    private void scoreCellByCell(
        int c, int[] numberCorrect, int[] unanswered, int[] malformed, double[] rawTotals) {
      int base = c * items;
      int correct = 0;
      double total = 0;
      for (int i = 0; i < items; i++) {
        if (cells[base + i] == key[i]) {
          correct++;
          total += points[i];
        }
      }
      numberCorrect[c] = correct;
      rawTotals[c] = total;
      countSpecialCells(c, unanswered, malformed);
    }

    private void countSpecialCells(int c, int[] unanswered, int[] malformed) {
      int base = c * items;
      int blank = 0;
      int bad = 0;
      for (int i = 0; i < items; i++) {
        int cell = cells[base + i] & 0xFF;
        if (cell == (KeyedForm.UNANSWERED & 0xFF)) {
          blank++;
        } else if (cell >= choiceCounts[i]) {
          bad++;
        }
      }
      unanswered[c] = blank;
      malformed[c] = bad;
    }

    /**
     * Number of zero bytes in {@code x}; per lane {@code (x & 0x7F) + 0x7F} cannot carry into the
     * next lane.
     */
    private static int zeroBytes(long x) {
      long t = ((x & LOW_SEVEN_BITS) + LOW_SEVEN_BITS) | x;
      return Long.bitCount(~(t | LOW_SEVEN_BITS));
    }
  }
}
