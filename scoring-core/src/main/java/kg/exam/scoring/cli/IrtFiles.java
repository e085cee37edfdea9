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
import kg.exam.scoring.irt.ItemParameters;
import kg.exam.scoring.irt.Responses;

/** Readers for {@link IrtCli}'s inputs (formats in the module README). */
final class IrtFiles {

  private static final String CANDIDATE_ID = "candidate_id";

  private IrtFiles() {}

  /** A response matrix with its row and column ids. */
  record ResponseFile(List<String> candidateIds, List<String> itemIds, Responses responses) {}

  /**
   * Reads {@code candidate_id,<item>,...}; a cell is empty (not presented), {@code 0} or {@code 1}.
   *
   * @param bytesRead progress: bytes consumed so far
   */
  static ResponseFile readResponses(
      Reader reader, String fileName, Progress progress, LongSupplier bytesRead)
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
        } else if (cell.equals("0")) {
          value = 0;
        } else if (cell.equals("1")) {
          value = 1;
        } else if (cell.matches("[0-9]+")) {
          throw new InputException(
              fileName,
              line,
              "item '"
                  + itemIds.get(i)
                  + "': score "
                  + cell
                  + " is not 0 or 1 (only dichotomous items can be calibrated so far)");
        } else {
          throw new InputException(
              fileName,
              line,
              "item '" + itemIds.get(i) + "': '" + cell + "' is not a score (0, 1 or empty)");
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
   * Reads item parameters: columns {@code item_id, discrimination, difficulty} (by header name, any
   * order; other columns such as standard errors are ignored, so {@code calibrate}'s {@code
   * items.csv} is read as is).
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
      double b = number(row.get(bColumn), "difficulty", fileName, line);
      if (!(a > 0)) {
        throw new InputException(
            fileName, line, "discrimination " + row.get(aColumn).strip() + " must be > 0");
      }
      if (items.put(itemId, ItemParameters.of(a, b)) != null) {
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

  private static double number(String text, String name, String fileName, long line)
      throws InputException {
    try {
      return FormFile.parseNumber(name, text);
    } catch (IllegalArgumentException e) {
      throw new InputException(fileName, line, e.getMessage());
    }
  }
}
