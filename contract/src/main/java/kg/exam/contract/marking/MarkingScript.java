package kg.exam.contract.marking;

import java.util.List;

/**
 * One candidate's answer to one human-marked item, as opened for marking. Its id is random, so a
 * marker learns nothing of the sitting or candidate from it.
 *
 * @param answerClientSeq the {@code clientSeq} of the answer marked (the item's latest)
 * @param response the answer as the candidate wrote it
 * @param rubricMax the points the item's rubric adds up to
 * @param marksRequired independent marks needed: 1 or 2
 * @param tolerance largest difference of two marks' totals that needs no adjudication
 * @param resolution how a disputed script resolves: ADJUDICATOR or CLOSEST_PAIR_MEAN
 */
public record MarkingScript(
    String scriptId,
    String itemId,
    long answerClientSeq,
    List<String> response,
    double rubricMax,
    int marksRequired,
    double tolerance,
    String resolution) {

  public MarkingScript {
    response = response == null ? List.of() : List.copyOf(response);
  }
}
