package kg.exam.scoring.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import kg.exam.scoring.ItemOutcome;
import kg.exam.scoring.ItemScore;
import kg.exam.scoring.PreparedForm;
import kg.exam.scoring.PreparedItem;

/**
 * The general batch path for forms of any item types: scores many sittings on up to {@code
 * parallelism} threads. Each sitting is scored exactly as {@link
 * PreparedForm#scoreInFormOrder(List)} scores it, so results do not depend on the thread count or
 * on the other sittings. Malformed responses are collected in candidate then item order, never
 * thrown.
 */
public final class BatchScorer {

  private static final byte MALFORMED = (byte) ItemOutcome.MALFORMED.ordinal();

  /** Sittings per chunk of work. */
  static final int CANDIDATES_PER_CHUNK = 1_024;

  private BatchScorer() {}

  /**
   * @param form the prepared form
   * @param sittings one entry per candidate: one response per item in form order (null =
   *     unanswered)
   * @param parallelism threads to use, {@code >= 1}
   * @return per-item scores and outcomes, totals and malformed reports
   * @throws IllegalArgumentException if a sitting does not hold one entry per item (a caller error)
   */
  public static BatchResult score(
      PreparedForm form, List<List<List<String>>> sittings, int parallelism) {
    return score(form, sittings, parallelism, candidatesDone -> {});
  }

  /**
   * As {@link #score(PreparedForm, List, int)}, reporting progress.
   *
   * @param form the prepared form
   * @param sittings one entry per candidate: one response per item in form order (null =
   *     unanswered)
   * @param parallelism threads to use, {@code >= 1}
   * @param chunkDone called from worker threads with the number of candidates each finished chunk
   *     held
   * @return per-item scores and outcomes, totals and malformed reports
   */
  public static BatchResult score(
      PreparedForm form,
      List<List<List<String>>> sittings,
      int parallelism,
      IntConsumer chunkDone) {
    Objects.requireNonNull(form, "form");
    Objects.requireNonNull(chunkDone, "chunkDone");
    Objects.requireNonNull(sittings, "sittings");
    int items = form.itemCount();
    int candidates = sittings.size();
    for (int c = 0; c < candidates; c++) {
      List<List<String>> sitting = sittings.get(c);
      if (sitting == null || sitting.size() != items) {
        throw new IllegalArgumentException(
            "sittings["
                + c
                + "].size="
                + (sitting == null ? "null" : sitting.size())
                + " must equal itemCount="
                + items);
      }
    }
    double[] itemScores = new double[candidates * items];
    byte[] outcomes = new byte[candidates * items];
    double[] rawTotals = new double[candidates];
    double[] weights = form.weights();
    PreparedItem[] prepared = new PreparedItem[items];
    for (int i = 0; i < items; i++) {
      prepared[i] = form.item(i);
    }
    int chunks = (candidates + CANDIDATES_PER_CHUNK - 1) / CANDIDATES_PER_CHUNK;
    List<List<MalformedResponse>> malformedByChunk = new ArrayList<>(chunks);
    for (int chunk = 0; chunk < chunks; chunk++) {
      malformedByChunk.add(null);
    }
    ChunkedParallel.run(
        chunks,
        parallelism,
        chunk -> {
          List<MalformedResponse> malformed = new ArrayList<>();
          int from = chunk * CANDIDATES_PER_CHUNK;
          int to = Math.min(candidates, from + CANDIDATES_PER_CHUNK);
          for (int c = from; c < to; c++) {
            List<List<String>> sitting = sittings.get(c);
            double total = 0;
            for (int i = 0; i < items; i++) {
              int cell = c * items + i;
              double score = prepared[i].score(sitting.get(i), outcomes, cell);
              itemScores[cell] = score;
              total += score * weights[i];
              if (outcomes[cell] == MALFORMED) {
                ItemScore explained = prepared[i].score(sitting.get(i));
                malformed.add(new MalformedResponse(c, i, explained.itemId(), explained.detail()));
              }
            }
            rawTotals[c] = total;
          }
          malformedByChunk.set(chunk, malformed);
          chunkDone.accept(to - from);
        });
    List<MalformedResponse> malformed = new ArrayList<>();
    malformedByChunk.forEach(malformed::addAll);
    return new BatchResult(form, itemScores, outcomes, rawTotals, malformed);
  }
}
