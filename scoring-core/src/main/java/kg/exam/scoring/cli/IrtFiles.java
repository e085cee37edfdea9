package kg.exam.scoring.cli;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import kg.exam.scoring.irt.ItemParameters;
import kg.exam.scoring.irt.Responses;

/** Readers for {@link IrtCli}'s inputs (formats in the module README). */
final class IrtFiles {

  private static final String CANDIDATE_ID = "candidate_id";

  private IrtFiles() {}

  /** A response matrix with its row and column ids. */
  record ResponseFile(List<String> candidateIds, List<String> itemIds, Responses responses) {}

  /**
   * Reads {@code candidate_id,<item>,...}; a cell is empty (not presented) or a whole score {@code
   * 0..100}.
   *
   * @param bytesRead progress: bytes consumed so far
   * @param highestScore the highest score allowed in an item's column, by item id
   * @param highestScoreReason why, appended to the error for a score above it
   */
  static ResponseFile readResponses(
      Reader reader,
      String fileName,
      Progress progress,
      LongSupplier bytesRead,
      ToIntFunction<String> highestScore,
      String highestScoreReason)
      throws IOException, InputException {
    CsvReader csv = new CsvReader(reader, fileName);
    List<String> header = csv.next();
    if (header == null || header.isEmpty() || !header.get(0).strip().equals(CANDIDATE_ID)) {
      throw new InputException(fileName, 1, "first column must be '" + CANDIDATE_ID + "'");
    }
    List<String> itemIds = new ArrayList<>();
    Map<String, Integer> seenItems = new HashMap<>();
    for (int col = 1; col < header.size(); col++) {
      String itemId = header.get(col).strip();
      if (itemId.isEmpty()) {
        throw new InputException(fileName, 1, "column " + (col + 1) + " has no item id");
      }
      if (seenItems.putIfAbsent(itemId, col) != null) {
        throw new InputException(fileName, 1, "item id '" + itemId + "' appears in two columns");
      }
      itemIds.add(itemId);
    }
    if (itemIds.isEmpty()) {
      throw new InputException(fileName, 1, "no item columns after '" + CANDIDATE_ID + "'");
    }
    int items = itemIds.size();
    int[] highest = new int[items];
    for (int i = 0; i < items; i++) {
      highest[i] = Math.min(Responses.MAX_SCORE, highestScore.applyAsInt(itemIds.get(i)));
    }
    List<String> candidateIds = new ArrayList<>();
    Map<String, Long> seenCandidates = new HashMap<>();
    byte[] cells = new byte[items * 1024];
    for (List<String> row = csv.next(); row != null; row = csv.next()) {
      if (row.isEmpty() || row.size() == 1 && row.get(0).isBlank()) {
        continue;
      }
      long line = csv.recordLine();
      if (row.size() != header.size()) {
        throw new InputException(
            fileName, line, "expected " + header.size() + " columns, found " + row.size());
      }
      String candidateId = row.get(0).strip();
      if (candidateId.isEmpty()) {
        throw new InputException(fileName, line, "candidate_id is empty");
      }
      Long earlier = seenCandidates.putIfAbsent(candidateId, line);
      if (earlier != null) {
        throw new InputException(
            fileName, line, "candidate_id '" + candidateId + "' already on line " + earlier);
      }
      int c = candidateIds.size();
      if ((long) (c + 1) * items > Integer.MAX_VALUE - 8) {
        throw new InputException(fileName, line, "too many candidates for one matrix");
      }
      if ((c + 1) * items > cells.length) {
        cells = Arrays.copyOf(cells, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * cells.length));
      }
      for (int i = 0; i < items; i++) {
        String cell = row.get(i + 1).strip();
        byte value;
        if (cell.isEmpty()) {
          value = Responses.NOT_PRESENTED;
        } else if (cell.length() <= 3 && cell.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
          int score = Integer.parseInt(cell);
          if (score > highest[i]) {
            throw new InputException(
                fileName,
                line,
                "item '"
                    + itemIds.get(i)
                    + "': score "
                    + cell
                    + " is above its highest score "
                    + highest[i]
                    + (highest[i] < Responses.MAX_SCORE ? " (" + highestScoreReason + ")" : ""));
          }
          value = (byte) score;
        } else {
          throw new InputException(
              fileName,
              line,
              "item '"
                  + itemIds.get(i)
                  + "': '"
                  + cell
                  + "' is not a score (a whole number 0.."
                  + Responses.MAX_SCORE
                  + " or empty)");
        }
        cells[c * items + i] = value;
      }
      candidateIds.add(candidateId);
      if (c % 4096 == 4095) {
        progress.advanceTo(bytesRead.getAsLong());
      }
    }
    int n = candidateIds.size();
    return new ResponseFile(
        candidateIds, itemIds, Responses.wrap(Arrays.copyOf(cells, n * items), n, items));
  }

  /**
   * Reads item parameters: columns {@code item_id, discrimination, difficulty} and optionally
   * {@code guessing} (3PL lower asymptote, empty = 0) and {@code thresholds} (step difficulties of
   * a partial credit item, {@code |}-separated; empty = dichotomous), and the standard errors
   * {@code discrimination_se, difficulty_se, guessing_se, threshold_ses} (empty = unknown), by
   * header name in any order; other columns are ignored, so {@code calibrate}'s and {@code link}'s
   * {@code items.csv} are read as is. For a polytomous item {@code difficulty} is ignored (it is
   * the thresholds' mean).
   *
   * @return parameters by item id, in file order
   */
  static Map<String, ItemParameters> readItems(Reader reader, String fileName)
      throws IOException, InputException {
    CsvReader csv = new CsvReader(reader, fileName);
    List<String> header = csv.next();
    if (header == null) {
      throw new InputException(
          fileName, 1, "empty file; expected header item_id,discrimination,difficulty");
    }
    int idColumn = column(header, "item_id", fileName);
    int aColumn = column(header, "discrimination", fileName);
    int bColumn = column(header, "difficulty", fileName);
    int cColumn = optionalColumn(header, "guessing");
    int thresholdColumn = optionalColumn(header, "thresholds");
    int aSeColumn = optionalColumn(header, "discrimination_se");
    int bSeColumn = optionalColumn(header, "difficulty_se");
    int cSeColumn = optionalColumn(header, "guessing_se");
    int thresholdSeColumn = optionalColumn(header, "threshold_ses");
    Map<String, ItemParameters> items = new LinkedHashMap<>();
    for (List<String> row = csv.next(); row != null; row = csv.next()) {
      if (row.isEmpty() || row.size() == 1 && row.get(0).isBlank()) {
        continue;
      }
      long line = csv.recordLine();
      if (row.size() != header.size()) {
        throw new InputException(
            fileName, line, "expected " + header.size() + " columns, found " + row.size());
      }
      String itemId = row.get(idColumn).strip();
      if (itemId.isEmpty()) {
        throw new InputException(fileName, line, "item_id is empty");
      }
      double a = number(row.get(aColumn), "discrimination", fileName, line);
      if (!(a > 0)) {
        throw new InputException(
            fileName, line, "discrimination " + row.get(aColumn).strip() + " must be > 0");
      }
      String thresholdText = thresholdColumn < 0 ? "" : row.get(thresholdColumn).strip();
      String guessingText = cColumn < 0 ? "" : row.get(cColumn).strip();
      double aSe = optionalNumber(row, aSeColumn, "discrimination_se", fileName, line);
      double bSe = optionalNumber(row, bSeColumn, "difficulty_se", fileName, line);
      double cSe = optionalNumber(row, cSeColumn, "guessing_se", fileName, line);
      ItemParameters item;
      if (!thresholdText.isEmpty()) {
        double[] thresholds = numbers(thresholdText, "threshold", fileName, line);
        double[] ses = new double[thresholds.length];
        Arrays.fill(ses, Double.NaN);
        String seText = thresholdSeColumn < 0 ? "" : row.get(thresholdSeColumn).strip();
        if (!seText.isEmpty()) {
          ses = numbers(seText, "threshold_se", fileName, line);
          if (ses.length != thresholds.length) {
            throw new InputException(
                fileName,
                line,
                "threshold_ses has "
                    + ses.length
                    + " values but thresholds has "
                    + thresholds.length);
          }
        }
        if (!guessingText.isEmpty() && number(guessingText, "guessing", fileName, line) != 0) {
          throw new InputException(
              fileName, line, "item '" + itemId + "' has thresholds and a guessing parameter");
        }
        double location = Arrays.stream(thresholds).average().orElseThrow();
        item = new ItemParameters(a, location, aSe, bSe, 0, Double.NaN, thresholds, ses);
      } else {
        double b = number(row.get(bColumn), "difficulty", fileName, line);
        double c = guessingText.isEmpty() ? 0 : number(guessingText, "guessing", fileName, line);
        if (!(c >= 0 && c < 1)) {
          throw new InputException(
              fileName, line, "guessing " + guessingText + " must be in [0, 1)");
        }
        item = new ItemParameters(a, b, aSe, bSe, c, cSe, null, null);
      }
      if (items.put(itemId, item) != null) {
        throw new InputException(fileName, line, "item_id '" + itemId + "' appears twice");
      }
    }
    if (items.isEmpty()) {
      throw new InputException(fileName, 1, "no items");
    }
    return items;
  }

  /**
   * Reads {@code latent_mean} and {@code latent_sd} from {@code calibrate}'s {@code
   * calibration.csv}.
   *
   * @return {@code {mean, sd}}
   */
  static double[] readLatentDistribution(Reader reader, String fileName)
      throws IOException, InputException {
    CsvReader csv = new CsvReader(reader, fileName);
    List<String> header = csv.next();
    if (header == null || header.size() != 2 || !header.get(0).strip().equals("statistic")) {
      throw new InputException(fileName, 1, "expected header statistic,value");
    }
    Double mean = null;
    Double sd = null;
    for (List<String> row = csv.next(); row != null; row = csv.next()) {
      long line = csv.recordLine();
      if (row.size() != 2) {
        continue;
      }
      switch (row.get(0).strip()) {
        case "latent_mean" -> mean = number(row.get(1), "latent_mean", fileName, line);
        case "latent_sd" -> {
          sd = number(row.get(1), "latent_sd", fileName, line);
          if (!(sd > 0)) {
            throw new InputException(fileName, line, "latent_sd must be > 0");
          }
        }
        default -> {}
      }
    }
    if (mean == null || sd == null) {
      throw new InputException(fileName, 1, "latent_mean and latent_sd rows are required");
    }
    return new double[] {mean, sd};
  }

  private static int column(List<String> header, String name, String fileName)
      throws InputException {
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).strip().equals(name)) {
        return i;
      }
    }
    throw new InputException(fileName, 1, "missing column '" + name + "'");
  }

  /** {@code |}-separated numbers; an empty part is unknown (NaN). */
  private static double[] numbers(String text, String name, String fileName, long line)
      throws InputException {
    String[] parts = text.split("\\|", -1);
    double[] values = new double[parts.length];
    for (int v = 0; v < parts.length; v++) {
      values[v] =
          parts[v].isBlank() && name.endsWith("_se")
              ? Double.NaN
              : number(parts[v], name + " " + (v + 1), fileName, line);
    }
    return values;
  }

  private static double optionalNumber(
      List<String> row, int column, String name, String fileName, long line) throws InputException {
    if (column < 0 || row.get(column).isBlank()) {
      return Double.NaN;
    }
    return number(row.get(column), name, fileName, line);
  }

  /**
   * Reads a conversion table {@code theta,scaled} (header required), one point per row, θ strictly
   * increasing and scaled scores non-decreasing.
   *
   * @return {@code {thetas, scaledScores}}
   */
  static double[][] readScaleTable(Reader reader, String fileName)
      throws IOException, InputException {
    CsvReader csv = new CsvReader(reader, fileName);
    List<String> header = csv.next();
    if (header == null
        || header.size() != 2
        || !header.get(0).strip().equals("theta")
        || !header.get(1).strip().equals("scaled")) {
      throw new InputException(fileName, 1, "expected header theta,scaled");
    }
    List<double[]> points = new ArrayList<>();
    for (List<String> row = csv.next(); row != null; row = csv.next()) {
      if (row.isEmpty() || row.size() == 1 && row.get(0).isBlank()) {
        continue;
      }
      long line = csv.recordLine();
      if (row.size() != 2) {
        throw new InputException(fileName, line, "expected 2 columns, found " + row.size());
      }
      double theta = number(row.get(0), "theta", fileName, line);
      double scaled = number(row.get(1), "scaled", fileName, line);
      if (!points.isEmpty()) {
        double[] previous = points.get(points.size() - 1);
        if (!(theta > previous[0])) {
          throw new InputException(
              fileName, line, "theta " + row.get(0).strip() + " must be above the previous row's");
        }
        if (scaled < previous[1]) {
          throw new InputException(
              fileName,
              line,
              "scaled " + row.get(1).strip() + " must not be below the previous row's");
        }
      }
      points.add(new double[] {theta, scaled});
    }
    if (points.size() < 2) {
      throw new InputException(fileName, 1, "a conversion table needs at least 2 points");
    }
    double[][] table = new double[2][points.size()];
    for (int k = 0; k < points.size(); k++) {
      table[0][k] = points.get(k)[0];
      table[1][k] = points.get(k)[1];
    }
    return table;
  }

  private static int optionalColumn(List<String> header, String name) {
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).strip().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static double number(String text, String name, String fileName, long line)
      throws InputException {
    try {
      return FormFile.parseNumber(name, text);
    } catch (IllegalArgumentException e) {
      throw new InputException(fileName, line, e.getMessage());
    }
  }
}
