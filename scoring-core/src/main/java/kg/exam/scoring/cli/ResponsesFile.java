package kg.exam.scoring.cli;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import kg.exam.scoring.Form;
import kg.exam.scoring.ItemType;
import kg.exam.scoring.batch.KeyedForm;
import kg.exam.scoring.batch.ResponseMatrix;

/**
 * Reads the responses CSV documented in the module README: a header {@code candidate_id,<item
 * ids>}, then one row per candidate. Keyed dichotomous forms are read straight into a
 * one-byte-per-cell {@link ResponseMatrix}; other forms into per-item value lists.
 */
final class ResponsesFile {

  static final String CANDIDATE_ID = "candidate_id";

  /** What was read: candidate ids in file order, and either {@code matrix} or {@code sittings}. */
  record Responses(
      List<String> candidateIds, ResponseMatrix matrix, List<List<List<String>>> sittings) {}

  private ResponsesFile() {}

  static Responses read(
      Reader input,
      String fileName,
      Form form,
      KeyedForm keyed,
      Progress progress,
      LongSupplier bytesRead)
      throws IOException, InputException {
    CsvReader csv = new CsvReader(input, fileName);
    List<String> header = csv.next();
    if (header == null || header.isEmpty() || !header.get(0).strip().equals(CANDIDATE_ID)) {
      throw new InputException(fileName, 1, "first column must be '" + CANDIDATE_ID + "'");
    }
    Map<String, Integer> formIndex = new HashMap<>();
    for (int i = 0; i < form.items().size(); i++) {
      formIndex.put(form.items().get(i).itemId(), i);
    }
    int itemCount = form.items().size();
    int[] itemOfColumn = new int[header.size()];
    boolean[] seenItem = new boolean[itemCount];
    for (int col = 1; col < header.size(); col++) {
      String itemId = header.get(col).strip();
      Integer index = formIndex.get(itemId);
      if (index == null) {
        throw new InputException(
            fileName,
            1,
            "unknown item id '" + itemId + "' in column " + (col + 1) + " (not on the form)");
      }
      if (seenItem[index]) {
        throw new InputException(fileName, 1, "item id '" + itemId + "' appears in two columns");
      }
      seenItem[index] = true;
      itemOfColumn[col] = index;
    }
    boolean[] splitValues = new boolean[itemCount];
    for (int i = 0; i < itemCount; i++) {
      ItemType type = form.items().get(i).type();
      splitValues[i] =
          type != ItemType.SHORT_TEXT && type != ItemType.EXTENDED_TEXT && type != ItemType.NUMERIC;
    }
    List<String> candidateIds = new ArrayList<>();
    Map<String, Long> lineOfCandidate = new HashMap<>();
    byte[] cells = keyed != null ? new byte[itemCount * 1024] : null;
    List<List<List<String>>> sittings = keyed != null ? null : new ArrayList<>();
    List<String> row;
    long rows = 0;
    while ((row = csv.next()) != null) {
      long line = csv.recordLine();
      if (row.isEmpty()) {
        continue;
      }
      if (row.size() != header.size()) {
        throw new InputException(
            fileName, line, "expected " + header.size() + " columns, found " + row.size());
      }
      String candidateId = row.get(0).strip();
      if (candidateId.isEmpty()) {
        throw new InputException(fileName, line, "candidate_id is empty");
      }
      Long earlier = lineOfCandidate.putIfAbsent(candidateId, line);
      if (earlier != null) {
        throw new InputException(
            fileName, line, "candidate_id '" + candidateId + "' already on line " + earlier);
      }
      int candidate = candidateIds.size();
      candidateIds.add(candidateId);
      if (keyed != null) {
        if ((long) (candidate + 1) * itemCount > Integer.MAX_VALUE - 16) {
          throw new InputException(fileName, line, "too many candidates for one batch");
        }
        if ((candidate + 1) * itemCount > cells.length) {
          cells = Arrays.copyOf(cells, (int) Math.min(Integer.MAX_VALUE - 16L, 2L * cells.length));
        }
        Arrays.fill(
            cells, candidate * itemCount, (candidate + 1) * itemCount, KeyedForm.UNANSWERED);
        for (int col = 1; col < row.size(); col++) {
          int item = itemOfColumn[col];
          cells[candidate * itemCount + item] = keyed.encode(item, FormFile.list(row.get(col)));
        }
      } else {
        List<List<String>> sitting = new ArrayList<>(itemCount);
        for (int i = 0; i < itemCount; i++) {
          sitting.add(null);
        }
        for (int col = 1; col < row.size(); col++) {
          int item = itemOfColumn[col];
          String text = row.get(col);
          sitting.set(
              item,
              text.isBlank() ? null : splitValues[item] ? FormFile.list(text) : List.of(text));
        }
        sittings.add(sitting);
      }
      if (++rows % 4096 == 0) {
        progress.advanceTo(bytesRead.getAsLong());
      }
    }
    ResponseMatrix matrix =
        keyed != null
            ? ResponseMatrix.wrap(
                Arrays.copyOf(cells, candidateIds.size() * itemCount),
                candidateIds.size(),
                itemCount)
            : null;
    return new Responses(List.copyOf(candidateIds), matrix, sittings);
  }
}
