package kg.exam.command.exam;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import kg.exam.contract.exam.ItemDefinition;

/**
 * Jazzer over the QTI importer: any bytes, as an item file or as a content package, give items the
 * engine's authoring rules accept or refusals with a one-line reason; nothing escapes.
 */
class QtiImportFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void bytesAreItemsOrOneLineRefusals(byte[] bytes) {
    check(QtiImport.item("item.xml", bytes, "s1"));
    try {
      check(QtiImport.contentPackage(bytes, "s1"));
    } catch (QtiImport.QtiException refused) {
      oneLine(refused.getMessage());
    }
  }

  private static void check(QtiImport.Report report) {
    for (ItemDefinition item : report.items()) {
      ExamRules.checkItem(item);
    }
    for (QtiImport.Refusal refusal : report.refused()) {
      oneLine(refusal.reason());
      assertTrue(refusal.line() >= 0, "a negative line");
    }
  }

  private static void oneLine(String reason) {
    assertTrue(
        reason != null && !reason.isBlank() && reason.lines().count() == 1,
        "not one line: " + reason);
  }
}
