package kg.exam.command.exam;

import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.regex.Pattern;
import kg.exam.command.bank.BankMedia;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.security.Actor;
import kg.exam.contract.exam.ItemDefinition;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * IMS QTI import ({@link QtiImport}): a content package or one item file in, the engine's item
 * definitions out, ready for an exam's content ({@code POST /api/exams}, {@code PUT .../draft}),
 * with every item it could not represent refused on its own with file, line and reason. Nothing is
 * recorded: the centre reviews the items and the report, then authors the exam with them.
 */
@RestController
@RequestMapping("/api/qti")
class QtiController {
  private static final Pattern SECTION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final BankMedia media;

  QtiController(BankMedia media) {
    this.media = media;
  }

  /**
   * @param items the imported items, in package order; in the sections of the package's first test
   *     (assessmentTest), with its weights, when it has one
   * @param refused the items (or files) not imported, each with its file, line and reason
   * @param tests the package's tests: sections with their items, time limit, and what of each the
   *     engine does not keep
   */
  record ImportReport(
      List<ItemDefinition> items, List<QtiImport.Refusal> refused, List<QtiImport.Test> tests) {}

  @Operation(
      summary = "Import a QTI content package (ZIP with imsmanifest.xml) as item definitions",
      description =
          "QTI 2.1, 2.2 and 3.0 items; each item the engine cannot represent is refused with its"
              + " file, line and reason, and the others are imported. section: the section id the"
              + " items go to (default s1). The images and audio the items show are stored in the"
              + " bank's media (GET /api/bank/media/{sha256}) and named in the texts as"
              + " ![alt](media:sha256).")
  @PostMapping(path = "/items", consumes = "application/zip")
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  ImportReport contentPackage(
      @RequestParam(defaultValue = "s1") String section, @RequestBody byte[] zip) {
    requireSection(section); // the upload itself is limited to 1 MiB like every request body
    try {
      QtiImport.Report report = QtiImport.contentPackage(zip, section);
      // the images and audio the items show, kept by hash where exams and the bank find them
      report
          .media()
          .values()
          .forEach(m -> media.store(m.bytes(), m.mediaType(), Actor.current().id()));
      return report(report);
    } catch (QtiImport.QtiException e) {
      throw invalid("package.zip:" + e.line() + ": " + e.getMessage());
    }
  }

  @Operation(
      summary = "Import one QTI item file (assessmentItem XML) as an item definition",
      description = "The same conversion as for a package, for one item.")
  @PostMapping(
      path = "/items",
      consumes = {"application/xml", "text/xml"})
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  ImportReport item(@RequestParam(defaultValue = "s1") String section, @RequestBody byte[] xml) {
    requireSection(section);
    return report(QtiImport.item("item.xml", xml, section));
  }

  private static ImportReport report(QtiImport.Report report) {
    return new ImportReport(report.items(), report.refused(), report.tests());
  }

  private static void requireSection(String section) {
    if (!SECTION.matcher(section).matches()) {
      throw new RuleViolation(ProblemType.INVALID_REQUEST, "section=" + section + " is not a code");
    }
  }

  private static RuleViolation invalid(String detail) {
    return new RuleViolation(ProblemType.INVALID_QTI, detail);
  }
}
