package kg.exam.command.exam;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import kg.exam.command.problem.RuleViolation;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemKey;
import kg.exam.contract.exam.PromptMedia;
import kg.exam.contract.exam.RubricCriterion;

/**
 * Imports IMS QTI items (2.1, 2.2 and 3.0 assessmentItem XML, alone or in a content package with
 * its {@code imsmanifest.xml}) as the engine's item definitions, with their response processing as
 * keys. Each item is imported or refused on its own, with the file, the line and the reason; one
 * bad item never stops the others.
 *
 * <table>
 *   <caption>Interactions and what they become</caption>
 *   <tr><th>QTI</th><th>item type</th><th>response</th></tr>
 *   <tr><td>choiceInteraction, cardinality single / multiple</td><td>SINGLE_CHOICE /
 *       MULTIPLE_RESPONSE</td><td>identifier(s)</td></tr>
 *   <tr><td>inlineChoiceInteraction</td><td>SINGLE_CHOICE</td><td>identifier</td></tr>
 *   <tr><td>orderInteraction</td><td>ORDERING</td><td>ordered identifiers</td></tr>
 *   <tr><td>associateInteraction (pair)</td><td>MATCHING without targets</td><td>"A B"</td></tr>
 *   <tr><td>matchInteraction, gapMatchInteraction (directedPair)</td><td>MATCHING</td><td>"source
 *       target" (for a gap match: "gapText gap")</td></tr>
 *   <tr><td>textEntryInteraction, baseType string / float or integer</td><td>SHORT_TEXT /
 *       NUMERIC</td><td>the text</td></tr>
 *   <tr><td>extendedTextInteraction</td><td>EXTENDED_TEXT, marked by people on one criterion
 *       worth the item's maximum</td><td>the text</td></tr>
 * </table>
 *
 * Response processing must be one of the standard templates: {@code match_correct} (the correct
 * response earns 1) or {@code map_response} (the mapping's points, bounded by its lower and upper
 * bounds; the maximum is the upper bound, else the best single mapped value for one answer, else
 * the sum of the positive ones). Refused, each with its reason: custom response processing, {@code
 * map_response_point} (areas), adaptive and template items, items with other or several
 * interactions (hotspot, graphic, slider, drawing, upload, hot text, …), and items the engine's
 * authoring rules refuse. QTI 3.0 names ({@code qti-choice-interaction}, {@code
 * response-identifier}, …) are read as their 2.x counterparts.
 */
public final class QtiImport {
  private static final Set<String> TEMPLATES = Set.of("match_correct", "map_response");
  private static final Set<String> INTERACTIONS =
      Set.of(
          "choiceInteraction",
          "inlineChoiceInteraction",
          "orderInteraction",
          "associateInteraction",
          "matchInteraction",
          "gapMatchInteraction",
          "textEntryInteraction",
          "extendedTextInteraction");

  /** Largest item file, and largest package, read. */
  static final int MAX_FILE_BYTES = 2 * 1024 * 1024;

  static final int MAX_PACKAGE_BYTES = 64 * 1024 * 1024;

  /** Most files in a package, elements in a file, and depth of an element. */
  static final int MAX_ENTRIES = 2_000;

  static final int MAX_ELEMENTS = 50_000;
  static final int MAX_DEPTH = 64;

  /** Elements whose text a candidate never sees: feedback, template values, scorers' rubrics. */
  private static final Set<String> HIDDEN =
      Set.of(
          "feedbackInline",
          "feedbackBlock",
          "modalFeedback",
          "templateInline",
          "templateBlock",
          "printedVariable");

  /**
   * Embedded content: images and audio are imported (see {@link #resolveMedia}), the rest refused.
   */
  private static final Set<String> MEDIA =
      Set.of("img", "object", "math", "audio", "video", "picture", "svg", "iframe");

  /** Largest image or audio file imported, as the bank's own upload takes. */
  static final int MAX_MEDIUM_BYTES = 1024 * 1024;

  /** The media types imported, by file extension. */
  private static final Map<String, String> MEDIA_TYPES =
      Map.of(
          "png", "image/png",
          "jpg", "image/jpeg",
          "jpeg", "image/jpeg",
          "gif", "image/gif",
          "webp", "image/webp",
          "mp3", "audio/mpeg",
          "ogg", "audio/ogg",
          "oga", "audio/ogg",
          "wav", "audio/wav");

  private QtiImport() {}

  /** An item that was not imported: where and why. */
  public record Refusal(String file, int line, String reason) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + reason;
    }
  }

  /**
   * An image or audio file an imported item shows, named in its texts by {@link PromptMedia#token}.
   *
   * @param mediaType the type, e.g. image/png (its bytes checked to be one)
   * @param bytes the file
   * @param file the package path it was read from
   */
  public record Medium(String mediaType, byte[] bytes, String file) {}

  /**
   * What an import gave: the items, and the refusals, in file order.
   *
   * @param items the imported items, in package order
   * @param refused what was not imported, with file, line and reason
   * @param files the file each item came from, parallel to {@code items}
   * @param media the images and audio the imported items show, by SHA-256
   */
  public record Report(
      List<ItemDefinition> items,
      List<Refusal> refused,
      List<String> files,
      Map<String, Medium> media,
      List<Test> tests) {
    Report(List<ItemDefinition> items, List<Refusal> refused) {
      this(items, refused, List.of(), Map.of(), List.of());
    }
  }

  /**
   * A test ({@code assessmentTest}) of the package: the form its items make.
   *
   * @param file where it was read
   * @param maxTimeSeconds the test's time limit (its own, else its first part's), or null
   * @param sections the sections that hold items, in order, each with its items in order
   * @param weights the items' weights the test gives (item id → weight)
   * @param notes what of the test the engine does not keep (e.g. random selection), each once
   */
  public record Test(
      String file,
      String identifier,
      String title,
      Integer maxTimeSeconds,
      List<Section> sections,
      Map<String, Double> weights,
      List<String> notes) {}

  /** A section of a test: its identifier and title, and its items' ids in order. */
  public record Section(String sectionId, String title, List<String> itemIds) {}

  /** Imports one item file into section {@code sectionId}. */
  public static Report item(String file, byte[] xml, String sectionId) {
    List<ItemDefinition> items = new ArrayList<>();
    List<Refusal> refused = new ArrayList<>();
    read(file, xml, sectionId, null, new LinkedHashMap<>(), items, refused);
    return new Report(items, refused, items.stream().map(i -> file).toList(), Map.of(), List.of());
  }

  /**
   * Imports every item a content package's manifest lists (resources of type {@code
   * imsqti_item_xmlv2p1}, {@code imsqti_item_xmlv2p2} or {@code imsqti_item_xmlv3p0}); a package
   * without a manifest imports every {@code .xml} file but the manifest.
   */
  public static Report contentPackage(byte[] zip, String sectionId) {
    Map<String, byte[]> files = unzip(zip);
    List<ItemDefinition> items = new ArrayList<>();
    List<Refusal> refused = new ArrayList<>();
    byte[] manifest = files.get("imsmanifest.xml");
    List<String> listed = new ArrayList<>();
    List<String> testFiles = new ArrayList<>();
    if (manifest != null && manifest.length > MAX_FILE_BYTES) {
      refused.add(new Refusal("imsmanifest.xml", 0, "larger than " + MAX_FILE_BYTES + " bytes"));
      return new Report(items, refused);
    }
    if (manifest == null) {
      files.keySet().stream().filter(n -> n.endsWith(".xml")).sorted().forEach(listed::add);
    } else {
      try {
        Node root = Node.parse(manifest);
        for (Node resource : root.all("resource")) {
          String type = resource.attribute("type");
          if (type != null && type.startsWith("imsqti_item_xmlv")) {
            listed.add(href(resource));
          } else if (type != null && type.startsWith("imsqti_test_xmlv")) {
            testFiles.add(href(resource));
          }
        }
      } catch (QtiException e) {
        refused.add(new Refusal("imsmanifest.xml", e.line, e.getMessage()));
        return new Report(items, refused);
      }
    }
    Map<String, String> firstFile = new LinkedHashMap<>();
    List<String> itemFiles = new ArrayList<>();
    Map<String, Medium> media = new LinkedHashMap<>();
    for (String name : listed) {
      byte[] bytes = name == null ? null : files.get(name);
      if (bytes == null) {
        refused.add(new Refusal("imsmanifest.xml", 0, "lists " + name + ", not in the package"));
        continue;
      }
      if (manifest == null && isTest(bytes)) {
        testFiles.add(name);
        continue;
      }
      int before = items.size();
      Map<String, Medium> itemMedia = new LinkedHashMap<>();
      read(name, bytes, sectionId, files, itemMedia, items, refused);
      if (items.size() > before) {
        String id = items.getLast().itemId();
        String first = firstFile.putIfAbsent(id, name);
        if (first != null) {
          items.removeLast();
          refused.add(
              new Refusal(name, 1, "identifier " + id + " was imported already from " + first));
        } else {
          itemFiles.add(name);
          itemMedia.forEach(media::putIfAbsent);
        }
      }
    }
    List<Test> tests = new ArrayList<>();
    Map<String, String> idOfFile = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      idOfFile.put(itemFiles.get(i), items.get(i).itemId());
    }
    for (String name : testFiles) {
      byte[] bytes = name == null ? null : files.get(name);
      if (bytes == null) {
        refused.add(new Refusal("imsmanifest.xml", 0, "lists " + name + ", not in the package"));
      } else if (bytes.length > MAX_FILE_BYTES) {
        refused.add(new Refusal(name, 0, "larger than " + MAX_FILE_BYTES + " bytes"));
      } else {
        try {
          tests.add(test(name, Node.parse(bytes), idOfFile));
        } catch (QtiException e) {
          refused.add(new Refusal(name, e.line, e.getMessage()));
        }
      }
    }
    for (int i = 1; i < tests.size(); i++) {
      Test t = tests.get(i);
      List<String> notes = new ArrayList<>(t.notes());
      notes.add("only the package's first test arranges the items");
      tests.set(
          i,
          new Test(
              t.file(),
              t.identifier(),
              t.title(),
              t.maxTimeSeconds(),
              t.sections(),
              t.weights(),
              notes));
    }
    return new Report(arranged(items, tests), refused, itemFiles, media, tests);
  }

  /** A section code, as exams name their sections. */
  private static final java.util.regex.Pattern SECTION_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** The items in the first test's sections, with its weights; the others as imported. */
  private static List<ItemDefinition> arranged(List<ItemDefinition> items, List<Test> tests) {
    if (tests.isEmpty()) {
      return items;
    }
    Test test = tests.getFirst();
    Map<String, String> sectionOf = new LinkedHashMap<>();
    for (Section section : test.sections()) {
      section.itemIds().forEach(id -> sectionOf.putIfAbsent(id, section.sectionId()));
    }
    return items.stream()
        .map(
            i ->
                new ItemDefinition(
                    i.itemId(),
                    sectionOf.getOrDefault(i.itemId(), i.sectionId()),
                    i.type(),
                    i.maxScore(),
                    test.weights().getOrDefault(i.itemId(), i.weight()),
                    i.prompt(),
                    i.choices(),
                    i.targets(),
                    i.key()))
        .toList();
  }

  /** A resource's file as the package names it (null when it has none or it leaves the package). */
  private static String href(Node resource) {
    String href = resource.attribute("href");
    return href == null ? null : resolve("", href);
  }

  /** Whether the file is a test rather than an item (a file that cannot be read is neither). */
  private static boolean isTest(byte[] bytes) {
    if (bytes.length > MAX_FILE_BYTES) {
      return false;
    }
    try {
      return Node.parse(bytes).name.equals("assessmentTest");
    } catch (QtiException e) {
      return false;
    }
  }

  /**
   * Reads a test: its sections that hold items (the nearest enclosing section of each item
   * reference), the items' weights and the time limit; what the engine does not keep is noted.
   */
  private static Test test(String file, Node root, Map<String, String> idOfFile) {
    if (!root.name.equals("assessmentTest")) {
      throw new QtiException(root.line, "not a QTI assessmentTest but " + root.name);
    }
    java.util.LinkedHashSet<String> notes = new java.util.LinkedHashSet<>();
    Integer maxTime = maxTime(root);
    List<Node> parts = root.children("testPart");
    if (parts.isEmpty()) {
      throw new QtiException(root.line, "the test has no testPart");
    }
    if (parts.size() > 1) {
      notes.add("its " + parts.size() + " test parts are kept as one");
    }
    if (maxTime == null) {
      maxTime = maxTime(parts.getFirst());
    }
    Map<String, Section> sections = new LinkedHashMap<>();
    Map<String, Double> weights = new LinkedHashMap<>();
    for (Node part : parts) {
      if ("linear".equals(part.attribute("navigationMode"))) {
        notes.add("linear navigation is not kept: candidates move freely between items");
      }
      for (Node n : part.all(null)) {
        switch (n.name) {
          case "selection" -> notes.add("random selection is not kept: every item is imported");
          case "ordering" -> {
            if ("true".equals(n.attribute("shuffle"))) {
              notes.add("shuffling is not kept: items stay in the test's order");
            }
          }
          case "branchRule", "preCondition" ->
              notes.add("branch rules and preconditions are not kept");
          case "timeLimits" -> {
            if (n != part.first("timeLimits")) {
              notes.add("time limits of sections and items are not kept (only the test's)");
            }
          }
          default -> {
            // the rest is structure, read below
          }
        }
      }
      collectSections(file, part, null, sections, weights, idOfFile, notes);
    }
    return new Test(
        file,
        root.attribute("identifier"),
        root.attribute("title"),
        maxTime,
        List.copyOf(sections.values()),
        Map.copyOf(weights),
        List.copyOf(notes));
  }

  private static Integer maxTime(Node node) {
    Node limits = node.first("timeLimits");
    if (limits == null || limits.attribute("maxTime") == null) {
      return null;
    }
    double seconds = number(limits, "maxTime", 0);
    return seconds > 0 && seconds < 24 * 3600 ? (int) Math.ceil(seconds) : null;
  }

  private static void collectSections(
      String file,
      Node parent,
      Node section,
      Map<String, Section> sections,
      Map<String, Double> weights,
      Map<String, String> idOfFile,
      java.util.Set<String> notes) {
    for (Object o : parent.content) {
      if (!(o instanceof Node n)) {
        continue;
      }
      if (n.name.equals("assessmentSection")) {
        collectSections(file, n, n, sections, weights, idOfFile, notes);
      } else if (n.name.equals("assessmentItemRef") && section != null) {
        String href = n.attribute("href");
        String path = href == null ? null : resolve(file, href);
        String itemId = path == null ? null : idOfFile.get(path);
        if (itemId == null) {
          notes.add(
              "assessmentItemRef "
                  + n.attribute("identifier")
                  + " ("
                  + oneLine(String.valueOf(href))
                  + ") names no imported item");
          continue;
        }
        String sectionId = required(section, "identifier");
        if (!SECTION_ID.matcher(sectionId).matches()) {
          notes.add(
              "section "
                  + oneLine(sectionId)
                  + " is not a section code: its items are not arranged");
          continue;
        }
        String title = section.attribute("title");
        sections
            .computeIfAbsent(
                sectionId, id -> new Section(id, title == null ? id : title, new ArrayList<>()))
            .itemIds()
            .add(itemId);
        List<Node> weight = n.children("weight");
        if (weight.size() > 1) {
          notes.add("items with several weights keep the first");
        }
        if (!weight.isEmpty()) {
          double w = number(weight.getFirst(), "value", 1);
          if (w > 0 && w <= ExamRules.MAX_WEIGHT) {
            weights.put(itemId, w);
          } else {
            notes.add("weights outside (0, " + (int) ExamRules.MAX_WEIGHT + "] are kept as 1");
          }
        }
      }
    }
  }

  private static void read(
      String file,
      byte[] xml,
      String sectionId,
      Map<String, byte[]> packageFiles,
      Map<String, Medium> media,
      List<ItemDefinition> items,
      List<Refusal> refused) {
    if (xml.length > MAX_FILE_BYTES) {
      refused.add(new Refusal(file, 0, "larger than " + MAX_FILE_BYTES + " bytes"));
      return;
    }
    try {
      ItemDefinition item = convert(Node.parse(xml), sectionId, file, packageFiles, media);
      ExamRules.checkItem(item);
      items.add(item);
    } catch (QtiException e) {
      refused.add(new Refusal(file, e.line, e.getMessage()));
    } catch (RuleViolation e) {
      refused.add(new Refusal(file, 1, "the engine refuses the item: " + oneLine(e.getMessage())));
    }
  }

  private static ItemDefinition convert(
      Node root,
      String sectionId,
      String file,
      Map<String, byte[]> packageFiles,
      Map<String, Medium> media) {
    if (!root.name.equals("assessmentItem")) {
      throw new QtiException(root.line, "not a QTI assessmentItem but " + root.name);
    }
    String id = root.attribute("identifier");
    if (id == null || id.isBlank()) {
      throw new QtiException(root.line, "the item has no identifier");
    }
    if ("true".equals(root.attribute("adaptive"))) {
      throw new QtiException(root.line, "adaptive items are not supported");
    }
    Node template = root.first("templateDeclaration");
    if (template != null) {
      throw new QtiException(template.line, "template (cloned) items are not supported");
    }
    Node body = root.first("itemBody");
    if (body == null) {
      throw new QtiException(root.line, "the item has no itemBody");
    }
    List<Node> interactions = new ArrayList<>();
    for (Node n : body.all(null)) {
      if (n.name.endsWith("Interaction")) {
        interactions.add(n);
      }
    }
    if (interactions.isEmpty()) {
      throw new QtiException(body.line, "the item has no interaction");
    }
    Node interaction = interactions.getFirst();
    if (!INTERACTIONS.contains(interaction.name)) {
      throw new QtiException(interaction.line, interaction.name + " is not supported");
    }
    if (interactions.size() > 1) {
      throw new QtiException(
          interactions.get(1).line,
          "items with " + interactions.size() + " interactions are not supported (one each)");
    }
    String responseId = interaction.attribute("responseIdentifier");
    Node declaration = null;
    for (Node d : root.children("responseDeclaration")) {
      if (d.attribute("identifier") != null && d.attribute("identifier").equals(responseId)) {
        declaration = d;
      }
    }
    if (declaration == null) {
      throw new QtiException(
          interaction.line, "no responseDeclaration for responseIdentifier " + responseId);
    }
    resolveMedia(body, file, packageFiles, media);
    String prompt = prompt(body, interaction);
    if (interaction.name.equals("extendedTextInteraction")) {
      double max = normalMaximum(root, 1);
      return new ItemDefinition(
          id,
          sectionId,
          "EXTENDED_TEXT",
          max,
          1,
          prompt,
          List.of(),
          List.of(),
          ItemKey.ofRubric(List.of(new RubricCriterion("overall", "Overall", max))));
    }
    String processing = template(root);
    List<String> correct = new ArrayList<>();
    Node correctResponse = declaration.first("correctResponse");
    if (correctResponse != null) {
      for (Node v : correctResponse.children("value")) {
        correct.add(v.text().strip());
      }
    }
    Map<String, Double> mapping = new LinkedHashMap<>();
    double mappingDefault = 0;
    Double lower = null;
    Double upper = null;
    boolean caseSensitive = true;
    Node map = declaration.first("mapping");
    if (processing.equals("map_response")) {
      if (map == null) {
        throw new QtiException(declaration.line, "map_response without a mapping");
      }
      mappingDefault = number(map, "defaultValue", 0);
      // a lower bound at or below 0 changes nothing: every item score is at least 0
      lower = number(map, "lowerBound", 0) > 0 ? number(map, "lowerBound", 0) : null;
      upper = map.attribute("upperBound") == null ? null : number(map, "upperBound", 0);
      int insensitive = 0;
      for (Node entry : map.children("mapEntry")) {
        mapping.put(required(entry, "mapKey").strip(), number(entry, "mappedValue", 0));
        if ("false".equals(entry.attribute("caseSensitive"))) {
          insensitive++;
        }
      }
      if (insensitive > 0 && insensitive < mapping.size()) {
        throw new QtiException(
            map.line, "the mapping mixes case-sensitive and case-insensitive entries");
      }
      caseSensitive = insensitive == 0;
    }
    if (processing.equals("match_correct") && correct.isEmpty()) {
      throw new QtiException(declaration.line, "match_correct without a correctResponse");
    }
    String cardinality = declaration.attribute("cardinality");
    String baseType = declaration.attribute("baseType");
    List<Choice> choices = new ArrayList<>();
    List<Choice> targets = new ArrayList<>();
    String type;
    int maxAssociations = 0;
    switch (interaction.name) {
      case "choiceInteraction" -> {
        type = "single".equals(cardinality) ? "SINGLE_CHOICE" : "MULTIPLE_RESPONSE";
        choices = choices(interaction, "simpleChoice");
      }
      case "inlineChoiceInteraction" -> {
        type = "SINGLE_CHOICE";
        choices = choices(interaction, "inlineChoice");
      }
      case "orderInteraction" -> {
        type = "ORDERING";
        choices = choices(interaction, "simpleChoice");
      }
      case "associateInteraction" -> {
        type = "MATCHING";
        choices = choices(interaction, "simpleAssociableChoice");
        maxAssociations = (int) number(interaction, "maxAssociations", 1);
      }
      case "matchInteraction" -> {
        type = "MATCHING";
        List<Node> sets = interaction.children("simpleMatchSet");
        if (sets.size() != 2) {
          throw new QtiException(interaction.line, "a matchInteraction needs two simpleMatchSets");
        }
        choices = choices(sets.get(0), "simpleAssociableChoice");
        targets = choices(sets.get(1), "simpleAssociableChoice");
        maxAssociations = (int) number(interaction, "maxAssociations", 1);
      }
      case "gapMatchInteraction" -> {
        type = "MATCHING";
        choices = choices(interaction, "gapText");
        for (Node gap : interaction.all("gap")) {
          targets.add(new Choice(required(gap, "identifier"), required(gap, "identifier")));
        }
        maxAssociations = targets.size();
      }
      case "textEntryInteraction" -> {
        type = "float".equals(baseType) || "integer".equals(baseType) ? "NUMERIC" : "SHORT_TEXT";
      }
      default -> throw new QtiException(interaction.line, interaction.name + " is not supported");
    }
    requireBaseType(declaration, interaction.name, baseType);
    requireCardinality(declaration, interaction.name, cardinality);
    boolean mapped = processing.equals("map_response");
    if (mapped && (type.equals("ORDERING") || type.equals("NUMERIC"))) {
      throw new QtiException(
          declaration.line,
          "map_response on " + interaction.name + " is not supported (only match_correct)");
    }
    if (mapped && !"single".equals(cardinality) && mappingDefault > 0) {
      throw new QtiException(
          map.line, "a positive defaultValue for several answers is not supported");
    }
    int limit = type.equals("MATCHING") ? maxAssociations : 0;
    if (mapped && type.equals("MULTIPLE_RESPONSE")) {
      int maxChoices = (int) number(interaction, "maxChoices", 1);
      if (maxChoices > 0 && maxChoices < choices.size()) {
        throw new QtiException(
            interaction.line,
            "map_response with maxChoices "
                + maxChoices
                + " of "
                + choices.size()
                + " choices is not supported (the engine cannot limit how many are chosen yet)");
      }
    }
    if (mapped && type.equals("MATCHING")) {
      requireOnePairEach(interaction, mapping);
    }
    double reachable =
        "single".equals(cardinality)
            ? Math.max(
                mappingDefault,
                mapping.values().stream().mapToDouble(Double::doubleValue).max().orElse(0))
            : mapping.values().stream()
                .filter(v -> v > 0)
                .sorted(java.util.Comparator.reverseOrder())
                .limit(limit > 0 ? limit : Long.MAX_VALUE)
                .mapToDouble(Double::doubleValue)
                .sum();
    double maxScore =
        processing.equals("match_correct")
            ? 1
            : upper != null ? Math.min(upper, reachable) : reachable;
    if (upper != null && upper >= reachable) {
      upper =
          null; // no answer reaches it: the maximum is what answers reach, and scores stop there
    }
    if (!(maxScore > 0)) {
      throw new QtiException(declaration.line, "the response processing can never score");
    }
    if (mapped && type.equals("SHORT_TEXT")) {
      // map_response ignores the correctResponse: a correct answer earns what the mapping says
      correct.removeIf(c -> !mapping.containsKey(c));
    }
    if (correct.isEmpty()) {
      // map_response without a (mapped) correctResponse: the best mapped values stand for it
      mapping.entrySet().stream()
          .filter(e -> e.getValue() > 0)
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .limit(
              type.equals("MATCHING") && limit > 0
                  ? limit
                  : type.equals("MULTIPLE_RESPONSE") ? Long.MAX_VALUE : 1)
          .forEach(e -> correct.add(e.getKey()));
    }
    ItemKey key =
        new ItemKey(
            correct,
            mapping,
            mappingDefault,
            lower,
            upper,
            mapped && type.equals("MULTIPLE_RESPONSE"),
            0,
            0,
            type.equals("SHORT_TEXT") && caseSensitive,
            false,
            maxAssociations,
            List.of());
    return new ItemDefinition(id, sectionId, type, maxScore, 1, prompt, choices, targets, key);
  }

  private static void requireBaseType(Node declaration, String interaction, String baseType) {
    String expected =
        switch (interaction) {
          case "choiceInteraction", "inlineChoiceInteraction", "orderInteraction" -> "identifier";
          case "associateInteraction" -> "pair";
          case "matchInteraction", "gapMatchInteraction" -> "directedPair";
          default -> null;
        };
    if (expected != null && !expected.equals(baseType)) {
      throw new QtiException(
          declaration.line,
          interaction + " needs baseType " + expected + ", the declaration says " + baseType);
    }
  }

  private static void requireCardinality(Node declaration, String interaction, String cardinality) {
    Set<String> allowed =
        switch (interaction) {
          case "choiceInteraction" -> Set.of("single", "multiple");
          case "orderInteraction" -> Set.of("ordered");
          case "associateInteraction", "matchInteraction", "gapMatchInteraction" ->
              Set.of("multiple");
          default -> Set.of("single");
        };
    if (cardinality == null || !allowed.contains(cardinality)) {
      throw new QtiException(
          declaration.line,
          interaction
              + " needs cardinality "
              + String.join(" or ", new java.util.TreeSet<>(allowed))
              + ", the declaration says "
              + cardinality);
    }
  }

  /**
   * Refuses a mapping that could score one choice (or gap) twice: QTI lets a choice with matchMax 1
   * (and every gap) take one pair, which the engine cannot enforce yet, so such an element may be
   * in at most one pair worth points.
   */
  private static void requireOnePairEach(Node interaction, Map<String, Double> mapping) {
    Set<String> once = new java.util.HashSet<>();
    for (Node n : interaction.all(null)) {
      boolean gap = n.name.equals("gap");
      if (gap || "1".equals(n.attribute("matchMax"))) {
        once.add(n.attribute("identifier"));
      }
    }
    Map<String, Integer> scoring = new LinkedHashMap<>();
    mapping.forEach(
        (pair, value) -> {
          if (value > 0) {
            for (String end : pair.split("\\s+")) {
              if (once.contains(end)) {
                scoring.merge(end, 1, Integer::sum);
              }
            }
          }
        });
    scoring.forEach(
        (end, pairs) -> {
          if (pairs > 1) {
            throw new QtiException(
                interaction.line,
                end
                    + " may take one pair but is in "
                    + pairs
                    + " pairs worth points; the engine cannot limit it to one yet");
          }
        });
  }

  static String oneLine(String text) {
    String line = text == null ? "" : text.replaceAll("[\\r\\n\\t]+", " ");
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

  /** The standard template of the item's response processing, or the refusal. */
  private static String template(Node root) {
    Node processing = root.first("responseProcessing");
    if (processing == null) {
      throw new QtiException(root.line, "the item has no responseProcessing");
    }
    String uri = processing.attribute("template");
    if (uri == null || uri.isBlank()) {
      throw new QtiException(
          processing.line,
          "custom response processing is not supported (only the templates"
              + " match_correct and map_response)");
    }
    String name = uri.substring(uri.lastIndexOf('/') + 1).replace(".xml", "");
    if (!TEMPLATES.contains(name)) {
      throw new QtiException(
          processing.line,
          "the response processing template "
              + name
              + " is not supported (only match_correct and map_response)");
    }
    return name;
  }

  private static double normalMaximum(Node root, double otherwise) {
    for (Node outcome : root.children("outcomeDeclaration")) {
      if ("SCORE".equals(outcome.attribute("identifier"))
          && outcome.attribute("normalMaximum") != null) {
        return number(outcome, "normalMaximum", otherwise);
      }
    }
    return otherwise;
  }

  /**
   * Replaces each image ({@code img}, or {@code object} of an image type) and each audio file
   * ({@code object} of an audio type, or QTI 3.0's {@code audio}) in the body by its {@link
   * PromptMedia#token}, read from the package at its path relative to the item file; refuses the
   * item for any other embedded content (MathML, video, SVG, frames), a file not in the package or
   * from the web, and bytes that are not of a type the bank keeps.
   */
  private static void resolveMedia(
      Node parent, String file, Map<String, byte[]> packageFiles, Map<String, Medium> media) {
    for (int i = 0; i < parent.content.size(); i++) {
      if (!(parent.content.get(i) instanceof Node n)) {
        continue;
      }
      if (Node.hidden(n)) {
        continue; // never shown, so never kept
      }
      if (!MEDIA.contains(n.name)) {
        resolveMedia(n, file, packageFiles, media);
        continue;
      }
      String src;
      String declared = null;
      String alt;
      switch (n.name) {
        case "img" -> {
          src = n.attribute("src");
          alt = n.attribute("alt");
        }
        case "object" -> {
          src = n.attribute("data");
          declared = n.attribute("type");
          alt = n.visibleText(null).strip().replaceAll("\\s+", " ");
        }
        case "audio" -> {
          src = n.attribute("src");
          if (src == null && n.first("source") != null) {
            src = n.first("source").attribute("src");
            declared = n.first("source").attribute("type");
          }
          alt = n.attribute("title");
        }
        default ->
            throw new QtiException(
                n.line, n.name + " is not supported (the bank keeps images and audio only)");
      }
      if (src == null || src.isBlank()) {
        throw new QtiException(n.line, n.name + " names no file");
      }
      if (src.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
        throw new QtiException(
            n.line,
            n.name + " " + oneLine(src) + " is not in the package (web media are not kept)");
      }
      if (packageFiles == null) {
        throw new QtiException(
            n.line, n.name + " " + oneLine(src) + ": import the item in its content package");
      }
      String path = resolve(file, src);
      if (path == null) {
        throw new QtiException(n.line, n.name + " " + oneLine(src) + " is not in the package");
      }
      String extension =
          path.substring(path.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
      String type = MEDIA_TYPES.get(extension);
      if (type == null && declared != null && MEDIA_TYPES.containsValue(declared.strip())) {
        type = declared.strip();
      }
      if (type == null) {
        throw new QtiException(
            n.line,
            path
                + " is not an image or audio type the bank keeps ("
                + new java.util.TreeSet<>(MEDIA_TYPES.keySet())
                + ")");
      }
      byte[] bytes = packageFiles.get(path);
      if (bytes == null) {
        throw new QtiException(n.line, n.name + " " + oneLine(src) + " is not in the package");
      }
      if (bytes.length > MAX_MEDIUM_BYTES) {
        throw new QtiException(n.line, path + " is larger than " + MAX_MEDIUM_BYTES + " bytes");
      }
      if (!kg.exam.command.bank.BankMedia.signatureOf(type, bytes)) {
        throw new QtiException(n.line, path + " is not " + type + " (its bytes differ)");
      }
      String sha256 = kg.exam.command.bank.BankMedia.sha256(bytes);
      media.putIfAbsent(sha256, new Medium(type, bytes, path));
      parent.content.set(i, PromptMedia.token(sha256, alt));
    }
  }

  /**
   * A package path for {@code src} relative to {@code file}, or null when it leaves the package.
   */
  static String resolve(String file, String src) {
    String decoded = src.strip();
    try {
      decoded = java.net.URLDecoder.decode(decoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // not percent-encoded after all: the name as written
    }
    int hash = decoded.indexOf('#');
    if (hash >= 0) {
      decoded = decoded.substring(0, hash);
    }
    int slash = file.lastIndexOf('/');
    return normalise(
        slash >= 0 && !decoded.startsWith("/") ? file.substring(0, slash + 1) + decoded : decoded);
  }

  /** A path without "." and ".." steps, or null when it leaves the package. */
  static String normalise(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.removeLast();
      } else {
        parts.add(part);
      }
    }
    return parts.isEmpty() ? null : String.join("/", parts);
  }

  private static List<Choice> choices(Node parent, String element) {
    List<Choice> choices = new ArrayList<>();
    for (Node c : parent.all(element)) {
      String id = required(c, "identifier");
      String text = c.visibleText(null).strip().replaceAll("\\s+", " ");
      choices.add(new Choice(id, text.isEmpty() ? id : text));
    }
    return choices;
  }

  /**
   * What the candidate reads: the body's text outside the interaction, then the interaction's
   * prompt (for a gap match, its passage with each gap as [gap id]); feedback, template values and
   * rubrics not for the candidate are left out.
   */
  private static String prompt(Node body, Node interaction) {
    StringBuilder out = new StringBuilder(body.visibleText(interaction));
    Node prompt = interaction.first("prompt");
    if (prompt != null) {
      out.append(' ').append(prompt.visibleText(null));
    }
    if (interaction.name.equals("gapMatchInteraction")) {
      for (Object o : interaction.content) {
        if (o instanceof Node n && !n.name.equals("gapText") && !n.name.equals("prompt")) {
          out.append(' ').append(n.visibleText(null));
        }
      }
    }
    String text = out.toString().strip().replaceAll("\\s+", " ");
    return text.isEmpty() ? "—" : text;
  }

  private static String required(Node node, String attribute) {
    String value = node.attribute(attribute);
    if (value == null || value.isBlank()) {
      throw new QtiException(node.line, node.name + " has no " + attribute);
    }
    return value;
  }

  private static double number(Node node, String attribute, double otherwise) {
    String value = node.attribute(attribute);
    if (value == null) {
      return otherwise;
    }
    try {
      double d = Double.parseDouble(value.strip());
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new QtiException(node.line, attribute + "=\"" + oneLine(value) + "\" is not a number");
    }
  }

  private static Map<String, byte[]> unzip(byte[] zip) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    long total = 0;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        if (entry.isDirectory()) {
          continue;
        }
        if (files.size() >= MAX_ENTRIES) {
          throw new QtiException(0, "the package has more than " + MAX_ENTRIES + " files");
        }
        // "./images/a.png" and "images\\a.png" are the file an item names "images/a.png"
        String name = normalise(entry.getName().replace('\\', '/'));
        if (name == null) {
          continue; // a name out of the package, which nothing in it can name
        }
        if (!name.endsWith(".xml")) {
          // media, of any name or type: kept up to the largest medium (a larger one is refused by
          // the item that shows it); what is beyond is counted, not kept
          byte[] bytes = in.readNBytes(MAX_MEDIUM_BYTES + 1);
          total += bytes.length + in.skip(MAX_PACKAGE_BYTES + 1L);
          if (total > MAX_PACKAGE_BYTES) {
            throw new QtiException(
                0, "the package unpacks to more than " + MAX_PACKAGE_BYTES + " bytes");
          }
          files.put(name, bytes);
          continue;
        }
        byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1); // a larger item is refused on its own
        total += bytes.length;
        if (total > MAX_PACKAGE_BYTES) {
          throw new QtiException(
              0, "the package unpacks to more than " + MAX_PACKAGE_BYTES + " bytes");
        }
        files.put(name, bytes);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new QtiException(0, "not a readable ZIP content package: " + e.getMessage());
    }
    if (files.isEmpty()) {
      throw new QtiException(0, "not a ZIP content package (no files in it)");
    }
    return files;
  }

  /** A refusal of a file or an item at a line (0: the whole file). */
  public static final class QtiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int line;

    QtiException(int line, String message) {
      super(oneLine(message));
      this.line = line;
    }

    public int line() {
      return line;
    }
  }

  /**
   * An XML element with its line, read with StAX without DTDs or external entities; QTI 3.0's
   * {@code qti-kebab-case} names are read as 2.x's camelCase.
   */
  static final class Node {
    final String name;
    final int line;
    final Map<String, String> attributes = new LinkedHashMap<>();
    final List<Object> content = new ArrayList<>(); // Node or String, in document order

    private Node(String name, int line) {
      this.name = name;
      this.line = line;
    }

    static Node parse(byte[] xml) {
      XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
      factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
      factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
      factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
      try (InputStream in = new ByteArrayInputStream(xml)) {
        XMLStreamReader r = factory.createXMLStreamReader(in);
        List<Node> open = new ArrayList<>();
        Node root = null;
        int elements = 0;
        while (r.hasNext()) {
          int event = r.next();
          if (event == XMLStreamConstants.START_ELEMENT) {
            if (++elements > MAX_ELEMENTS || open.size() >= MAX_DEPTH) {
              throw new QtiException(
                  r.getLocation().getLineNumber(),
                  "more than " + MAX_ELEMENTS + " elements or deeper than " + MAX_DEPTH);
            }
            Node n = new Node(camel(r.getLocalName()), r.getLocation().getLineNumber());
            for (int i = 0; i < r.getAttributeCount(); i++) {
              n.attributes.put(camel(r.getAttributeLocalName(i)), r.getAttributeValue(i));
            }
            if (open.isEmpty()) {
              root = n;
            } else {
              open.getLast().content.add(n);
            }
            open.add(n);
          } else if (event == XMLStreamConstants.END_ELEMENT) {
            open.removeLast();
          } else if ((event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)
              && !open.isEmpty()) {
            open.getLast().content.add(r.getText());
          }
        }
        if (root == null) {
          throw new QtiException(1, "no XML element");
        }
        return root;
      } catch (XMLStreamException e) {
        int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNumber());
        String message = e.getMessage() == null ? "not well-formed XML" : e.getMessage();
        int cut = message.indexOf("Message: ");
        throw new QtiException(
            line, "not well-formed XML: " + (cut >= 0 ? message.substring(cut + 9) : message));
      } catch (IOException e) {
        throw new QtiException(0, "cannot read: " + e.getMessage());
      }
    }

    /** {@code qti-choice-interaction} → {@code choiceInteraction}; 2.x names stay. */
    static String camel(String name) {
      String n = name.startsWith("qti-") ? name.substring(4) : name;
      StringBuilder out = new StringBuilder();
      boolean upper = false;
      for (char c : n.toCharArray()) {
        if (c == '-') {
          upper = true;
        } else {
          out.append(upper ? Character.toUpperCase(c) : c);
          upper = false;
        }
      }
      return out.toString();
    }

    String attribute(String name) {
      return attributes.get(name);
    }

    List<Node> children(String element) {
      List<Node> out = new ArrayList<>();
      for (Object o : content) {
        if (o instanceof Node n && n.name.equals(element)) {
          out.add(n);
        }
      }
      return out;
    }

    Node first(String element) {
      List<Node> found = children(element);
      return found.isEmpty() ? null : found.getFirst();
    }

    /** Every descendant named {@code element} (every descendant when null), in document order. */
    List<Node> all(String element) {
      List<Node> out = new ArrayList<>();
      collect(element, out);
      return out;
    }

    private void collect(String element, List<Node> out) {
      for (Object o : content) {
        if (o instanceof Node n) {
          if (element == null || n.name.equals(element)) {
            out.add(n);
          }
          n.collect(element, out);
        }
      }
    }

    /** The text a candidate sees, without {@code skip} and without hidden elements. */
    String visibleText(Node skip) {
      StringBuilder out = new StringBuilder();
      for (Object o : content) {
        if (o instanceof String text) {
          out.append(text);
        } else if (o != skip && o instanceof Node n && !hidden(n)) {
          out.append(' ')
              .append(
                  n.name.equals("gap")
                      ? "[" + n.attribute("identifier") + "]"
                      : n.visibleText(skip))
              .append(' ');
        }
      }
      return out.toString();
    }

    private static boolean hidden(Node n) {
      if (HIDDEN.contains(n.name)) {
        return true;
      }
      String view = n.attribute("view");
      return n.name.equals("rubricBlock") && (view == null || !view.contains("candidate"));
    }

    /** All the text inside, as a value's or an identifier's content. */
    String text() {
      StringBuilder out = new StringBuilder();
      for (Object o : content) {
        out.append(o instanceof String text ? text : ((Node) o).text());
      }
      return out.toString();
    }
  }
}
