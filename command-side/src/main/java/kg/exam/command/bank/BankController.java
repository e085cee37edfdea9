package kg.exam.command.bank;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import kg.exam.command.exam.QtiExport;
import kg.exam.command.exam.QtiImport;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.security.Actor;
import kg.exam.command.security.Role;
import kg.exam.command.sitting.SittingHistory;
import kg.exam.contract.Ids;
import kg.exam.contract.bank.ApproveBankItem;
import kg.exam.contract.bank.BankItemContent;
import kg.exam.contract.bank.Blueprint;
import kg.exam.contract.bank.CompetencyRef;
import kg.exam.contract.bank.CreateBankItem;
import kg.exam.contract.bank.FormsAssembled;
import kg.exam.contract.bank.FrameworkDefinition;
import kg.exam.contract.bank.LanguageVersion;
import kg.exam.contract.bank.PublishFramework;
import kg.exam.contract.bank.RecordAssembly;
import kg.exam.contract.bank.RetireBankItem;
import kg.exam.contract.bank.ReviewBankItem;
import kg.exam.contract.bank.ReviseBankItem;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.PromptMedia;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The item bank: items written, reviewed, approved and retired through their versions; search by
 * metadata; QTI packages imported as drafts; media by hash; competency frameworks as data; and the
 * approved items taken into an exam's content in one language.
 */
@RestController
@RequestMapping("/api/bank")
class BankController {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(BankController.class);
  private static final String READERS =
      "hasAnyRole('ITEM_WRITER', 'REVIEWER', 'CENTRE_ADMIN', 'AUDITOR')";
  private static final String WRITERS = "hasAnyRole('ITEM_WRITER', 'CENTRE_ADMIN')";
  private static final String REVIEWERS = "hasAnyRole('REVIEWER', 'CENTRE_ADMIN')";
  private static final String COMPETENCY =
      "[A-Za-z0-9][A-Za-z0-9._-]{0,63}:[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

  private final CommandGateway commands;
  private final BankRecords records;
  private final BankSearch search;
  private final BankMedia media;
  private final SittingHistory history;
  private final BankAssemblies assemblies;

  BankController(
      CommandGateway commands,
      BankRecords records,
      BankSearch search,
      BankMedia media,
      SittingHistory history,
      BankAssemblies assemblies) {
    this.commands = commands;
    this.records = records;
    this.search = search;
    this.media = media;
    this.history = history;
    this.assemblies = assemblies;
  }

  record CreateItemRequest(
      @Pattern(regexp = Ids.PATTERN) String itemId, @NotNull BankItemContent content) {}

  record ReviseItemRequest(@Min(1) int basedOn, @NotNull BankItemContent content) {}

  record ItemVersionResponse(String itemId, int version) {}

  record ReviewRequest(boolean accepted, @Size(max = 2000) String comment) {}

  record RetireRequest(@NotBlank @Size(max = 2000) String reason) {}

  @Operation(
      summary = "Write a new bank item (version 1, a draft)",
      description =
          "content.item is the item in the source language with its key (its itemId, section and"
              + " weight are set by the bank); translations link the same item in other languages."
              + " Every competency code, medium and enemy must exist in the bank.")
  @PostMapping("/items")
  @ResponseStatus(HttpStatus.CREATED)
  @PreAuthorize(WRITERS)
  ItemVersionResponse create(@Valid @RequestBody CreateItemRequest request) {
    String itemId = request.itemId() == null ? "item-" + UUID.randomUUID() : request.itemId();
    BankItemContent content = normalised(itemId, request.content());
    requireReferences(itemId, content);
    commands.sendAndWait(new CreateBankItem(itemId, content, Actor.current().id()));
    return new ItemVersionResponse(itemId, 1);
  }

  @Operation(
      summary = "Write the next version of a bank item (a draft again)",
      description =
          "basedOn: the version the writer edited; refused (bank-item-changed) when another came"
              + " after it. The approved version before stays approved until this one is.")
  @PostMapping("/items/{itemId}/versions")
  @ResponseStatus(HttpStatus.CREATED)
  @PreAuthorize(WRITERS)
  ItemVersionResponse revise(
      @PathVariable String itemId, @Valid @RequestBody ReviseItemRequest request) {
    BankItemContent content = normalised(itemId, request.content());
    requireReferences(itemId, content);
    Integer version =
        commands.sendAndWait(
            new ReviseBankItem(itemId, request.basedOn(), content, Actor.current().id()));
    return new ItemVersionResponse(itemId, version);
  }

  @Operation(
      summary = "Review the latest version: accept it or return it to its writer",
      description = "Never by the version's writer; a return needs a comment.")
  @PostMapping("/items/{itemId}/versions/{version}/review")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @PreAuthorize(REVIEWERS)
  void review(
      @PathVariable String itemId,
      @PathVariable int version,
      @Valid @RequestBody ReviewRequest request) {
    commands.sendAndWait(
        new ReviewBankItem(
            itemId, version, request.accepted(), request.comment(), Actor.current().id()));
  }

  @Operation(
      summary = "Approve the latest version, once reviewed, for exam forms",
      description = "Never by the version's writer.")
  @PostMapping("/items/{itemId}/versions/{version}/approve")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @PreAuthorize(REVIEWERS)
  void approve(@PathVariable String itemId, @PathVariable int version) {
    commands.sendAndWait(new ApproveBankItem(itemId, version, Actor.current().id()));
  }

  @Operation(summary = "Retire an item: no new form takes it")
  @PostMapping("/items/{itemId}/retire")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @PreAuthorize(REVIEWERS)
  void retire(@PathVariable String itemId, @Valid @RequestBody RetireRequest request) {
    commands.sendAndWait(new RetireBankItem(itemId, request.reason(), Actor.current().id()));
  }

  @Operation(
      summary = "Search the bank by metadata",
      description =
          "Every filter is optional. usable=true: items with an approved version and not retired"
              + " (status is the latest version's). competency=framework:code finds the items naming that node or"
              + " one below it (e.g. kg-ict-teachers:2.2 finds 2.2.3.a); text searches the source"
              + " prompt. Pages of at most 200 in item id order: pass next as after.")
  @GetMapping("/items")
  @PreAuthorize(READERS)
  BankSearch.Page search(
      @RequestParam(required = false) @Pattern(regexp = BankRules.SUBJECT_PATTERN) String subject,
      @RequestParam(required = false) @Min(1) @Max(12) Integer grade,
      @RequestParam(required = false) @Pattern(regexp = "DRAFT|REVIEWED|APPROVED|RETIRED")
          String status,
      @RequestParam(required = false) @Pattern(regexp = "[A-Z_]{1,32}") String type,
      @RequestParam(required = false) @Pattern(regexp = "ky|ru|uz|tg|en") String language,
      @RequestParam(required = false)
          @Pattern(regexp = "REMEMBER|UNDERSTAND|APPLY|ANALYSE|EVALUATE|CREATE")
          String cognitiveLevel,
      @RequestParam(required = false) @Pattern(regexp = COMPETENCY) String competency,
      @RequestParam(required = false) @Size(max = 200) String text,
      @RequestParam(required = false) Boolean usable,
      @RequestParam(required = false) @Pattern(regexp = Ids.PATTERN) String after,
      @RequestParam(defaultValue = "50") @Min(1) @Max(BankSearch.MAX_LIMIT) int limit) {
    if (text != null) {
      kg.exam.command.problem.Texts.requireStorable("text", text);
    }
    return search.search(
        new BankSearch.Query(
            subject,
            grade,
            status,
            type,
            language,
            cognitiveLevel,
            competency,
            text,
            usable,
            after,
            limit));
  }

  /** One item: its summary, its versions' way through review, where it was used, calibrations. */
  record ItemDetail(
      BankSearch.Summary item,
      List<BankSearch.VersionRow> versions,
      List<BankSearch.Use> uses,
      List<BankSearch.Calibration> calibrations) {}

  @Operation(summary = "Read one bank item: versions, uses, exposure and calibrations")
  @GetMapping("/items/{itemId}")
  @PreAuthorize(READERS)
  ItemDetail item(@PathVariable String itemId) {
    BankSearch.Summary summary = search.summary(itemId);
    if (summary == null) {
      throw notFound(itemId);
    }
    // which exams hold an item is for those who make and audit exams, not for item writers
    List<BankSearch.Use> uses =
        Actor.current().is(Role.ITEM_WRITER) ? List.of() : search.uses(itemId);
    return new ItemDetail(summary, search.versions(itemId), uses, search.calibrations(itemId));
  }

  @Operation(summary = "Read one version of a bank item as written, with its key")
  @GetMapping("/items/{itemId}/versions/{version}")
  @PreAuthorize(READERS)
  BankItemContent version(@PathVariable String itemId, @PathVariable int version) {
    requireKeyReader(itemId);
    return content(itemId, version);
  }

  /**
   * Keys are read by reviewers, centre administrators and auditors, and by an item writer only for
   * items they wrote a version of: a writer does not browse the keys of the national bank.
   */
  private void requireKeyReader(String itemId) {
    Actor actor = Actor.current();
    if (actor.is(Role.ITEM_WRITER) && !records.wroteAVersion(itemId, actor.id())) {
      throw new RuleViolation(
          ProblemType.FORBIDDEN,
          "An item writer reads the keys and history of the items they wrote only.");
    }
  }

  private BankItemContent content(String itemId, int version) {
    return records
        .content(itemId, version)
        .orElseThrow(
            () ->
                new RuleViolation(
                    ProblemType.NOT_FOUND,
                    "Bank item " + itemId + " has no version " + version + "."));
  }

  /** What a candidate is shown: no key. */
  record Preview(
      String itemId,
      int version,
      String language,
      String type,
      double maxScore,
      String prompt,
      List<Choice> choices,
      List<Choice> targets,
      List<String> media) {}

  @Operation(
      summary = "Preview one version in one language as the candidate sees it (no key)",
      description = "language defaults to the item's source language.")
  @GetMapping("/items/{itemId}/versions/{version}/preview")
  @PreAuthorize(READERS)
  Preview preview(
      @PathVariable String itemId,
      @PathVariable int version,
      @RequestParam(required = false) @Pattern(regexp = "ky|ru|uz|tg|en") String language) {
    BankItemContent content = content(itemId, version);
    String lang = language == null ? content.language() : language;
    ItemDefinition item =
        content
            .in(lang, "preview")
            .orElseThrow(
                () ->
                    new RuleViolation(
                        ProblemType.NOT_FOUND,
                        "Version " + version + " of " + itemId + " has no " + lang + " version."));
    return new Preview(
        itemId,
        version,
        lang,
        item.type(),
        item.maxScore(),
        item.prompt(),
        item.choices(),
        item.targets(),
        content.media());
  }

  @Operation(
      summary = "Export one version of a bank item as an IMS QTI 2.1 or 3.0 assessmentItem",
      description =
          "In the item's source language unless language names another of its languages. 422"
              + " qti-export-not-possible names what the standard templates cannot express, and"
              + " items with pictures or sounds (take the qti-package).")
  @GetMapping(path = "/items/{itemId}/versions/{version}/qti", produces = "application/xml")
  @PreAuthorize(READERS)
  ResponseEntity<byte[]> qti(
      @PathVariable String itemId,
      @PathVariable int version,
      @RequestParam(defaultValue = "3.0") @Pattern(regexp = "2\\.1|3\\.0") String qti,
      @RequestParam(required = false) @Pattern(regexp = "ky|ru|uz|tg|en") String language) {
    requireKeyReader(itemId);
    String lang = language == null ? content(itemId, version).language() : language;
    ItemDefinition item = exportable(itemId, version, lang);
    if (!PromptMedia.hashes(item).isEmpty()) {
      throw new RuleViolation(
          ProblemType.QTI_EXPORT_NOT_POSSIBLE,
          itemId
              + ": it shows pictures or sounds, which one XML file cannot carry: take GET"
              + " /api/bank/items/"
              + itemId
              + "/versions/"
              + version
              + "/qti-package");
    }
    try {
      return ResponseEntity.ok()
          .contentType(MediaType.APPLICATION_XML)
          .header(
              HttpHeaders.CONTENT_DISPOSITION,
              "attachment; filename=\"" + itemId + "-v" + version + "-" + lang + ".xml\"")
          .body(QtiExport.item(item, lang, QtiExport.Version.of(qti)));
    } catch (QtiExport.NotExportable e) {
      throw new RuleViolation(ProblemType.QTI_EXPORT_NOT_POSSIBLE, e.getMessage());
    }
  }

  @Operation(
      summary = "Export one version of a bank item as an IMS QTI 2.1 or 3.0 content package",
      description =
          "The item under items/ and the images and audio it shows under media/, listed in"
              + " imsmanifest.xml; what the standard templates cannot express is refused as for"
              + " the single item.")
  @GetMapping(path = "/items/{itemId}/versions/{version}/qti-package", produces = "application/zip")
  @PreAuthorize(READERS)
  ResponseEntity<byte[]> qtiPackage(
      @PathVariable String itemId,
      @PathVariable int version,
      @RequestParam(defaultValue = "3.0") @Pattern(regexp = "2\\.1|3\\.0") String qti,
      @RequestParam(required = false) @Pattern(regexp = "ky|ru|uz|tg|en") String language) {
    requireKeyReader(itemId);
    String lang = language == null ? content(itemId, version).language() : language;
    ItemDefinition item = exportable(itemId, version, lang);
    try {
      return ResponseEntity.ok()
          .contentType(MediaType.parseMediaType("application/zip"))
          .header(
              HttpHeaders.CONTENT_DISPOSITION,
              "attachment; filename=\"" + itemId + "-v" + version + "-" + lang + "-qti.zip\"")
          .body(
              QtiExport.contentPackage(
                  itemId + "-v" + version,
                  List.of(item),
                  lang,
                  QtiExport.Version.of(qti),
                  media::find));
    } catch (QtiExport.NotExportable e) {
      throw new RuleViolation(ProblemType.QTI_EXPORT_NOT_POSSIBLE, e.getMessage());
    }
  }

  /** The version in one of its languages, as an exam would take it. */
  private ItemDefinition exportable(String itemId, int version, String lang) {
    return content(itemId, version)
        .in(lang, "s1")
        .orElseThrow(
            () ->
                new RuleViolation(
                    ProblemType.NOT_FOUND,
                    "Version " + version + " of " + itemId + " has no " + lang + " version."));
  }

  @Operation(summary = "Read a bank item's history: every recorded event, signed heads included")
  @GetMapping("/items/{itemId}/history")
  @PreAuthorize(READERS)
  List<SittingHistory.StoredEvent> history(@PathVariable String itemId) {
    if (records.status(itemId).isEmpty()) {
      throw notFound(itemId);
    }
    requireKeyReader(itemId);
    return history.events(itemId);
  }

  record ExamItemsRequest(
      @NotNull @Pattern(regexp = "ky|ru|uz|tg|en") String language,
      @Size(max = 4) List<@NotNull @Pattern(regexp = "ky|ru|uz|tg|en") String> alsoIn,
      @NotNull @Pattern(regexp = Ids.PATTERN) String sectionId,
      @NotNull @Size(min = 1, max = 500)
          List<@NotNull @Pattern(regexp = Ids.PATTERN) String> items) {}

  /**
   * @param items the items in the first language, for the exam content's items
   * @param versions the bank version of each item
   * @param translations the items in each further language, for the exam content's translations
   */
  record ExamItemsResponse(
      List<ItemDefinition> items,
      Map<String, Integer> versions,
      List<kg.exam.contract.exam.ExamTranslation> translations) {}

  @Operation(
      summary = "Take approved bank items into an exam's content, in one language",
      description =
          "The latest approved version of each item, as a form in that language holds it, for"
              + " POST /api/exams or PUT .../draft. Refused for an item not approved, retired, not in"
              + " the language, or an enemy of another item asked for. Publishing the exam records"
              + " each item's use (exposure) and, once a session is finalised, its calibration.")
  @PostMapping("/exam-items")
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  ExamItemsResponse examItems(@Valid @RequestBody ExamItemsRequest request) {
    List<String> problems = new ArrayList<>();
    Map<String, Integer> versions = new java.util.LinkedHashMap<>();
    if (new HashSet<>(request.items()).size() != request.items().size()) {
      problems.add("an item is asked for twice");
    }
    for (String itemId : request.items()) {
      Object[] status = records.status(itemId).orElse(null);
      if (status == null) {
        problems.add(itemId + ": no such bank item");
      } else if (status[1] == null) {
        problems.add(itemId + ": no approved version");
      } else {
        versions.put(itemId, (Integer) status[1]);
      }
    }
    return rendered(versions, request.language(), request.alsoIn(), request.sectionId(), problems);
  }

  /**
   * The items at the given versions in one language, checked: none retired, every one in the
   * language, no two enemies; refused with every problem at once.
   */
  private ExamItemsResponse rendered(
      Map<String, Integer> versions,
      String language,
      List<String> alsoIn,
      String sectionId,
      List<String> problems) {
    List<String> others =
        alsoIn == null
            ? List.of()
            : alsoIn.stream().distinct().filter(l -> !l.equals(language)).toList();
    Map<String, List<kg.exam.contract.exam.ExamTranslation.ItemText>> texts =
        new java.util.LinkedHashMap<>();
    others.forEach(l -> texts.put(l, new ArrayList<>()));
    List<ItemDefinition> items = new ArrayList<>();
    Set<String> enemyPairs = new HashSet<>();
    for (Map.Entry<String, Integer> v : versions.entrySet()) {
      String itemId = v.getKey();
      Object[] status = records.status(itemId).orElse(null);
      if (status == null) {
        problems.add(itemId + ": no such bank item");
        continue;
      }
      if ("RETIRED".equals(status[0])) {
        problems.add(itemId + ": retired");
        continue;
      }
      BankItemContent content = records.content(itemId, v.getValue()).orElseThrow();
      for (String enemy : content.enemies()) {
        String pair =
            itemId.compareTo(enemy) < 0 ? itemId + " and " + enemy : enemy + " and " + itemId;
        if (versions.containsKey(enemy) && enemyPairs.add(pair)) {
          problems.add(pair + " are enemies: never on one form");
        }
      }
      content
          .in(language, sectionId)
          .ifPresentOrElse(
              items::add,
              () ->
                  problems.add(
                      itemId + ": version " + v.getValue() + " has no " + language + " version"));
      for (String other : others) {
        content
            .in(other, sectionId)
            .ifPresentOrElse(
                i -> texts.get(other).add(text(i)),
                () ->
                    problems.add(
                        itemId + ": version " + v.getValue() + " has no " + other + " version"));
      }
    }
    if (!problems.isEmpty()) {
      throw new RuleViolation(ProblemType.INVALID_BANK_ITEM, String.join("; ", problems));
    }
    return new ExamItemsResponse(
        items,
        versions,
        texts.entrySet().stream()
            .map(
                e ->
                    new kg.exam.contract.exam.ExamTranslation(e.getKey(), null, null, e.getValue()))
            .toList());
  }

  /** An item's words in a language version of an exam: a typed item's answers with them. */
  private static kg.exam.contract.exam.ExamTranslation.ItemText text(ItemDefinition i) {
    boolean typed = kg.exam.command.exam.ExamRules.TYPED_KEYS.contains(i.type());
    return new kg.exam.contract.exam.ExamTranslation.ItemText(
        i.itemId(),
        i.prompt(),
        i.choices(),
        i.targets(),
        typed ? i.key().correct() : List.of(),
        typed ? i.key().mapping() : Map.of());
  }

  record AssembleRequest(
      @Pattern(regexp = Ids.PATTERN) String assemblyId, @NotNull Blueprint blueprint) {}

  @Operation(
      summary = "Assemble parallel forms from approved bank items to a blueprint",
      description =
          "OR-Tools CP-SAT finds the forms: counts per competency code (and cognitive level) and"
              + " item type, total time, difficulty range, no shared items (or at most"
              + " maxSharedItems), enemies apart, exposure limit, closest to the target test"
              + " information (or alike in information). The forms, the blueprint and the solver's"
              + " result are recorded (FormsAssembled). 422 assembly-infeasible says what the bank"
              + " lacks.")
  @PostMapping("/assemblies")
  @ResponseStatus(HttpStatus.CREATED)
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  FormsAssembled assemble(@Valid @RequestBody AssembleRequest request) {
    Blueprint blueprint = request.blueprint();
    BankRules.check(blueprint);
    List<CompetencyRef> unknown =
        records.unknownCodes(
            blueprint.content().stream()
                .map(r -> new CompetencyRef(r.frameworkId(), r.code()))
                .toList());
    if (!unknown.isEmpty()) {
      throw new RuleViolation(
          ProblemType.INVALID_BLUEPRINT, "codes not in any framework: " + unknown);
    }
    String assemblyId =
        request.assemblyId() == null ? "assembly-" + UUID.randomUUID() : request.assemblyId();
    if (records.assembly(assemblyId).isPresent()) {
      throw new RuleViolation(
          ProblemType.ASSEMBLY_ALREADY_EXISTS, "Assembly " + assemblyId + " is recorded already.");
    }
    FormAssembler.Result result = assemblies.assemble(blueprint);
    List<FormsAssembled.Form> forms = new ArrayList<>();
    for (int f = 0; f < result.forms().size(); f++) {
      List<FormAssembler.Candidate> form = result.forms().get(f);
      forms.add(
          new FormsAssembled.Form(
              f + 1,
              form.stream().map(c -> new FormsAssembled.FormItem(c.itemId(), c.version())).toList(),
              form.stream().mapToInt(FormAssembler.Candidate::seconds).sum(),
              result.information().get(f)));
    }
    commands.sendAndWait(
        new RecordAssembly(assemblyId, blueprint, forms, result.solver(), Actor.current().id()));
    return new FormsAssembled(assemblyId, blueprint, forms, result.solver(), Actor.current().id());
  }

  @Operation(summary = "Read a recorded assembly: its blueprint, forms and solver result")
  @GetMapping("/assemblies/{assemblyId}")
  @PreAuthorize(READERS)
  FormsAssembled assembly(@PathVariable String assemblyId) {
    return records
        .assembly(assemblyId)
        .orElseThrow(
            () -> new RuleViolation(ProblemType.NOT_FOUND, "No assembly " + assemblyId + "."));
  }

  record FormItemsRequest(
      @NotNull @Pattern(regexp = "ky|ru|uz|tg|en") String language,
      @Size(max = 4) List<@NotNull @Pattern(regexp = "ky|ru|uz|tg|en") String> alsoIn,
      @NotNull @Pattern(regexp = Ids.PATTERN) String sectionId) {}

  @Operation(
      summary = "Take an assembled form into an exam's content, in one language",
      description =
          "The form's items at the versions it took, as a form in that language holds them, for"
              + " POST /api/exams; one exam per language makes the form's language versions.")
  @PostMapping("/assemblies/{assemblyId}/forms/{form}/exam-items")
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  ExamItemsResponse formItems(
      @PathVariable String assemblyId,
      @PathVariable int form,
      @Valid @RequestBody FormItemsRequest request) {
    FormsAssembled assembly = assembly(assemblyId);
    FormsAssembled.Form chosen =
        assembly.forms().stream()
            .filter(f -> f.form() == form)
            .findFirst()
            .orElseThrow(
                () ->
                    new RuleViolation(
                        ProblemType.NOT_FOUND,
                        "Assembly " + assemblyId + " has no form " + form + "."));
    Map<String, Integer> versions = new java.util.LinkedHashMap<>();
    chosen.items().forEach(i -> versions.put(i.itemId(), i.version()));
    return rendered(
        versions, request.language(), request.alsoIn(), request.sectionId(), new ArrayList<>());
  }

  /**
   * The items a QTI import created, and what it refused (QTI and bank rules alike).
   *
   * @param notes what of the package the bank does not keep: a test's sections, order and weights
   *     (a bank holds items; exams are made from them)
   */
  record QtiBankReport(
      List<ItemVersionResponse> created, List<QtiImport.Refusal> refused, List<String> notes) {}

  @Operation(
      summary = "Import a QTI content package (ZIP) into the bank as drafts",
      description =
          "QTI 2.1, 2.2 and 3.0; each item becomes bank item prefix + its identifier, version 1, a"
              + " draft with the metadata given; what QTI or the bank cannot take is refused with"
              + " file, line and reason, and the rest is imported. competency may be repeated.")
  @PostMapping(path = "/qti", consumes = "application/zip")
  @ResponseStatus(HttpStatus.CREATED)
  @PreAuthorize(WRITERS)
  QtiBankReport importPackage(
      @RequestParam @Pattern(regexp = BankRules.SUBJECT_PATTERN) String subject,
      @RequestParam(required = false) @Min(1) @Max(12) Integer grade,
      @RequestParam @Pattern(regexp = "ky|ru|uz|tg|en") String language,
      @RequestParam @Size(min = 1, max = 20) List<@Pattern(regexp = COMPETENCY) String> competency,
      @RequestParam(defaultValue = "UNDERSTAND")
          @Pattern(regexp = "REMEMBER|UNDERSTAND|APPLY|ANALYSE|EVALUATE|CREATE")
          String cognitiveLevel,
      @RequestParam(defaultValue = "") @Pattern(regexp = "|[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
          String prefix,
      @RequestBody byte[] zip) {
    QtiImport.Report report;
    try {
      report = QtiImport.contentPackage(zip, "bank");
    } catch (QtiImport.QtiException e) {
      throw new RuleViolation(
          ProblemType.INVALID_QTI, "package.zip:" + e.line() + ": " + e.getMessage());
    }
    List<CompetencyRef> refs =
        competency.stream()
            .map(
                c ->
                    new CompetencyRef(
                        c.substring(0, c.indexOf(':')), c.substring(c.indexOf(':') + 1)))
            .toList();
    List<CompetencyRef> unknown = records.unknownCodes(refs);
    if (!unknown.isEmpty()) {
      throw new RuleViolation(
          ProblemType.INVALID_BANK_ITEM, "competency codes not in any framework: " + unknown);
    }
    List<ItemVersionResponse> created = new ArrayList<>();
    List<QtiImport.Refusal> refused = new ArrayList<>(report.refused());
    for (int i = 0; i < report.items().size(); i++) {
      ItemDefinition item = report.items().get(i);
      String file = report.files().get(i);
      String itemId = prefix + item.itemId();
      if (!Ids.valid(itemId)) {
        refused.add(new QtiImport.Refusal(file, 1, "bank id " + itemId + " is not an id"));
        continue;
      }
      BankItemContent content =
          normalised(
              itemId,
              new BankItemContent(
                  subject,
                  grade,
                  language,
                  refs,
                  cognitiveLevel,
                  item,
                  List.of(),
                  List.of(),
                  List.of(),
                  null));
      try {
        commands.sendAndWait(new CreateBankItem(itemId, content, Actor.current().id()));
        // the item's pictures and sounds, once it is in the bank (the import checked each file's
        // type by its bytes; the same bytes again keep one copy)
        for (String sha256 : content.media()) {
          QtiImport.Medium m = report.media().get(sha256);
          if (m != null) {
            media.store(m.bytes(), m.mediaType(), Actor.current().id());
          }
        }
        created.add(new ItemVersionResponse(itemId, 1));
      } catch (RuleViolation e) {
        refused.add(new QtiImport.Refusal(file, 1, e.getMessage()));
      } catch (org.axonframework.modelling.command.ConcurrencyException
          | org.axonframework.eventsourcing.IncompatibleAggregateException e) {
        refused.add(new QtiImport.Refusal(file, 1, "id " + itemId + " is taken by another record"));
      } catch (RuntimeException e) {
        // one item that cannot be stored never costs the report of the others
        log.warn("QTI import: bank item {} not stored", itemId, e);
        refused.add(
            new QtiImport.Refusal(
                file, 1, "not stored (" + e.getClass().getSimpleName() + "); try it again"));
      }
    }
    List<String> notes =
        report.tests().stream()
            .map(
                t ->
                    t.file()
                        + ": the test's sections, order, weights and time are not kept in the bank"
                        + " (its items are)")
            .toList();
    return new QtiBankReport(created, refused, notes);
  }

  @Operation(
      summary = "Store an image or audio file in the bank by its SHA-256",
      description = "PNG, JPEG, GIF, WebP, MP3, Ogg or WAV (checked by the bytes); at most 1 MiB.")
  @PostMapping(
      path = "/media",
      consumes = {
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "audio/mpeg",
        "audio/ogg",
        "audio/wav"
      })
  @ResponseStatus(HttpStatus.CREATED)
  @PreAuthorize(WRITERS)
  BankMedia.Medium storeMedium(
      @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType, @RequestBody byte[] bytes) {
    MediaType parsed;
    try {
      parsed = MediaType.parseMediaType(contentType);
    } catch (org.springframework.http.InvalidMediaTypeException e) {
      // Spring's matching is lenient ("image/png,x" matches image/png); the bank is not
      throw new RuleViolation(
          ProblemType.INVALID_MEDIA,
          "Content-Type is not one media type of " + BankMedia.TYPES + ".");
    }
    String type = parsed.getType() + "/" + parsed.getSubtype();
    return media.store(bytes, type, Actor.current().id());
  }

  @Operation(summary = "Read a stored medium by its SHA-256")
  @GetMapping("/media/{sha256}")
  @PreAuthorize(READERS)
  ResponseEntity<byte[]> medium(@PathVariable @Pattern(regexp = "[0-9a-f]{64}") String sha256) {
    return media.served(sha256);
  }

  record FrameworkResponse(String frameworkId, int version) {}

  @Operation(
      summary = "Publish a competency framework, or its next version",
      description =
          "Nodes with code, kind, parent and titles per language, every parent before its"
              + " children; a later version keeps every code of the one before.")
  @PostMapping("/frameworks/{frameworkId}")
  @ResponseStatus(HttpStatus.CREATED)
  @PreAuthorize("hasRole('CENTRE_ADMIN')")
  FrameworkResponse publishFramework(
      @PathVariable @Pattern(regexp = Ids.PATTERN) String frameworkId,
      @RequestBody @NotNull FrameworkDefinition definition) {
    Integer version =
        commands.sendAndWait(new PublishFramework(frameworkId, definition, Actor.current().id()));
    return new FrameworkResponse(frameworkId, version);
  }

  record FrameworkRow(String frameworkId, int version, Map<String, String> titles, int nodes) {}

  @Operation(summary = "List the published competency frameworks")
  @GetMapping("/frameworks")
  @PreAuthorize(READERS)
  List<FrameworkRow> frameworks() {
    return records.frameworks();
  }

  record FrameworkDetail(String frameworkId, int version, FrameworkDefinition definition) {}

  @Operation(summary = "Read a competency framework's latest version")
  @GetMapping("/frameworks/{frameworkId}")
  @PreAuthorize(READERS)
  FrameworkDetail framework(@PathVariable String frameworkId) {
    return records
        .frameworkDetail(frameworkId)
        .orElseThrow(
            () -> new RuleViolation(ProblemType.NOT_FOUND, "No framework " + frameworkId + "."));
  }

  /**
   * The content with the item named by the bank's id, in section "bank", weight 1, and with every
   * medium its texts show (in any language) among its media.
   */
  private static BankItemContent normalised(String itemId, BankItemContent c) {
    ItemDefinition i = c.item();
    ItemDefinition item =
        i == null
            ? null
            : new ItemDefinition(
                itemId,
                "bank",
                i.type(),
                i.maxScore(),
                1,
                i.prompt(),
                i.choices(),
                i.targets(),
                i.key());
    return new BankItemContent(
        c.subject(),
        c.grade(),
        c.language(),
        c.competencies(),
        c.cognitiveLevel(),
        item,
        c.translations(),
        shown(c),
        c.enemies(),
        c.expectedSeconds());
  }

  /** The declared media, then those the texts name that were not declared. */
  private static List<String> shown(BankItemContent c) {
    java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(c.media());
    if (c.item() != null) {
      all.addAll(PromptMedia.hashes(c.item()));
    }
    for (LanguageVersion t : c.translations()) {
      if (t != null) {
        all.addAll(PromptMedia.hashes(t.prompt()));
        t.choices().forEach(x -> all.addAll(PromptMedia.hashes(x == null ? null : x.text())));
        t.targets().forEach(x -> all.addAll(PromptMedia.hashes(x == null ? null : x.text())));
      }
    }
    return new ArrayList<>(all);
  }

  /** The rules on their own first (clearer errors), then what the item names must exist. */
  private void requireReferences(String itemId, BankItemContent content) {
    BankRules.check(itemId, content);
    List<String> problems = new ArrayList<>();
    List<CompetencyRef> unknown = records.unknownCodes(content.competencies());
    if (!unknown.isEmpty()) {
      problems.add("competency codes not in any framework: " + unknown);
    }
    List<String> missing = media.missing(content.media());
    if (!missing.isEmpty()) {
      problems.add("media not in the bank: " + missing);
    }
    List<String> enemies = records.unknownItems(content.enemies());
    if (!enemies.isEmpty()) {
      problems.add("enemies not in the bank: " + enemies);
    }
    if (!problems.isEmpty()) {
      throw new RuleViolation(ProblemType.INVALID_BANK_ITEM, String.join("; ", problems));
    }
  }

  private static RuleViolation notFound(String itemId) {
    return new RuleViolation(ProblemType.NOT_FOUND, "No bank item " + itemId + ".");
  }
}
