package kg.exam.command.results;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.contract.sitting.ItemScoreRecord;
import kg.exam.contract.sitting.SittingScored;
import kg.exam.scoring.irt.IrtModel;
import kg.exam.scoring.irt.Responses;

/**
 * The response matrix of a session: one row per sitting, one column per item, each cell the
 * sitting's item score as scored (an unanswered item is 0, as the sitting was scored) or {@link
 * Responses#NOT_PRESENTED} for an item not in the sitting's scores (not on its form).
 *
 * <p>Item scores must be whole numbers {@code 0..100}: a fractional score (partial credit by a
 * mapping, e.g. 0.5) is refused rather than rounded, so that the calibration's input is exactly
 * what the candidates were scored.
 */
final class ResponseMatrix {
  private ResponseMatrix() {}

  /**
   * @param itemIds columns, in order
   * @param rows each sitting's score, in row order
   * @return row-major cells
   * @throws RuleViolation {@code calibration-not-possible} for a score that is not a whole number
   *     in 0..100
   */
  static byte[] cells(List<String> itemIds, List<SittingScored> rows) {
    Columns columns = new Columns(itemIds);
    byte[] cells = new byte[rows.size() * itemIds.size()];
    for (int r = 0; r < rows.size(); r++) {
      byte[] row = columns.row(rows.get(r));
      System.arraycopy(row, 0, cells, r * row.length, row.length);
    }
    return cells;
  }

  /** The rows' cells one after the other, row-major. */
  static byte[] concatenate(List<byte[]> rows, int items) {
    byte[] cells = new byte[rows.size() * items];
    for (int r = 0; r < rows.size(); r++) {
      System.arraycopy(rows.get(r), 0, cells, r * items, items);
    }
    return cells;
  }

  /** The columns of a response matrix: item ids in order. */
  static final class Columns {
    private final Map<String, Integer> column = new HashMap<>();
    private final int items;

    Columns(List<String> itemIds) {
      for (int j = 0; j < itemIds.size(); j++) {
        column.put(itemIds.get(j), j);
      }
      this.items = itemIds.size();
    }

    /**
     * @return the sitting's row
     * @throws RuleViolation {@code calibration-not-possible} for a score that is not a whole number
     *     in 0..100
     */
    byte[] row(SittingScored score) {
      byte[] row = new byte[items];
      Arrays.fill(row, Responses.NOT_PRESENTED);
      for (ItemScoreRecord item : score.itemScores()) {
        Integer j = column.get(item.itemId());
        if (j == null) {
          continue; // not an item of the exam version: cannot happen for a scored form
        }
        double value = item.score();
        if (!(value >= 0 && value <= Responses.MAX_SCORE) || value != Math.rint(value)) {
          throw new RuleViolation(
              ProblemType.CALIBRATION_NOT_POSSIBLE,
              "Item "
                  + item.itemId()
                  + " of sitting "
                  + score.sittingId()
                  + " scored "
                  + value
                  + ": calibration needs whole item scores 0.."
                  + Responses.MAX_SCORE
                  + " (fractional scores are not rounded).");
        }
        row[j] = (byte) value;
      }
      return row;
    }
  }

  /**
   * Refuses columns the model cannot calibrate, naming every such item: presented to nobody, the
   * same score for everybody it was presented to, for the dichotomous models (Rasch, 2PL, 3PL) a
   * score above 1, and for the partial credit models a score between 0 and the item's highest
   * observed score that nobody obtained (its categories are {@code 0..highest}, each needs to be
   * observed for its thresholds to be estimable).
   *
   * @throws RuleViolation {@code calibration-not-possible}
   */
  static void requireCalibratable(
      List<String> itemIds, byte[] cells, int candidates, IrtModel model) {
    int items = itemIds.size();
    StringBuilder problems = new StringBuilder();
    for (int j = 0; j < items; j++) {
      int presented = 0;
      int lowest = Integer.MAX_VALUE;
      int highest = Integer.MIN_VALUE;
      boolean[] obtained = new boolean[Responses.MAX_SCORE + 1];
      for (int r = 0; r < candidates; r++) {
        byte cell = cells[r * items + j];
        if (cell != Responses.NOT_PRESENTED) {
          presented++;
          obtained[cell] = true;
          lowest = Math.min(lowest, cell);
          highest = Math.max(highest, cell);
        }
      }
      String problem = null;
      if (presented == 0) {
        problem = "item " + itemIds.get(j) + " was presented to nobody";
      } else if (lowest == highest) {
        problem =
            "nobody varied on item "
                + itemIds.get(j)
                + " (all "
                + presented
                + " scored "
                + lowest
                + ")";
      } else if (!model.polytomous() && highest > 1) {
        problem =
            "item "
                + itemIds.get(j)
                + " has scores up to "
                + highest
                + " but "
                + model
                + " needs 0/1 item scores";
      } else if (model.polytomous()) {
        problem = unobtainedCategories(itemIds.get(j), obtained, highest);
      }
      if (problem != null) {
        problems.append(problems.isEmpty() ? "" : "; ").append(problem);
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleViolation(
          ProblemType.CALIBRATION_NOT_POSSIBLE,
          "The items cannot be calibrated: " + problems + ".");
    }
  }

  /**
   * @return a description naming the item and every score in {@code 0..highest} nobody obtained, or
   *     null when each was obtained
   */
  private static String unobtainedCategories(String itemId, boolean[] obtained, int highest) {
    StringBuilder missing = new StringBuilder();
    int count = 0;
    for (int x = 0; x <= highest; x++) {
      if (!obtained[x]) {
        missing.append(count++ == 0 ? "" : ", ").append(x);
      }
    }
    if (count == 0) {
      return null;
    }
    return "nobody scored "
        + missing
        + " on item "
        + itemId
        + " (scores 0.."
        + highest
        + " are its categories; a category nobody obtained has no estimable threshold:"
        + " rescore the item so that its categories are consecutive)";
  }
}
