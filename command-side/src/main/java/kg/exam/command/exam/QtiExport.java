package kg.exam.command.exam;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemKey;
import kg.exam.contract.exam.PromptMedia;
import kg.exam.contract.exam.SectionDefinition;

/**
 * IMS QTI export: one item definition as a QTI 2.1 or 3.0 {@code assessmentItem}, and items as a
 * content package ({@code imsmanifest.xml} and one file per item), in the form {@link QtiImport}
 * reads back to the same definition. The standard templates carry the keys: {@code match_correct}
 * when the item earns 1 for its correct response, {@code map_response} when points are mapped (or a
 * single correct answer is worth more than 1). What the templates cannot express is refused with
 * its reason: Kyrgyz letter folding, numeric tolerances, partial credit on orderings, an
 * all-or-nothing multiple response worth more than 1, several gaps in one item.
 */
public final class QtiExport {
  /** The two versions written. */
  public enum Version {
    V2P1,
    V3P0;

    /** {@code 2.1} or {@code 3.0}. */
    public static Version of(String name) {
      return switch (name) {
        case "2.1" -> V2P1;
        case "3.0" -> V3P0;
        default -> throw new IllegalArgumentException("QTI version " + name + " is not 2.1 or 3.0");
      };
    }
  }

  /** An item that cannot be written as QTI, with the reason. */
  public static final class NotExportable extends Exception {
    NotExportable(String itemId, String reason) {
      super(itemId + ": " + reason);
    }
  }

  private QtiExport() {}

  /** Where the bank's images and audio are read from: type and bytes by SHA-256, or empty. */
  @FunctionalInterface
  public interface MediaStore {
    Optional<Map.Entry<String, byte[]>> find(String sha256);

    /** No media at all: an item that shows one is not exportable. */
    MediaStore NONE = sha256 -> Optional.empty();
  }

  /** Where a package keeps a medium: {@code media/<sha256>.<extension>}. */
  static String mediaPath(String sha256, String mediaType) {
    String extension =
        switch (mediaType) {
          case "image/png" -> "png";
          case "image/jpeg" -> "jpg";
          case "image/gif" -> "gif";
          case "image/webp" -> "webp";
          case "audio/mpeg" -> "mp3";
          case "audio/ogg" -> "ogg";
          case "audio/wav" -> "wav";
          default -> "bin";
        };
    return "media/" + sha256 + "." + extension;
  }

  /** The item as a QTI assessmentItem document (UTF-8), without media. */
  public static byte[] item(ItemDefinition item, String language, Version version)
      throws NotExportable {
    return item(item, language, version, MediaStore.NONE);
  }

  /**
   * The item as a QTI assessmentItem document (UTF-8); its images and audio are named at {@code
   * ../media/<sha256>.<extension>}, where a content package keeps them.
   */
  public static byte[] item(ItemDefinition item, String language, Version version, MediaStore media)
      throws NotExportable {
    return new Writer(version, media).item(item, language).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A content package of the items: {@code imsmanifest.xml} listing one resource per item, the
   * items under {@code items/}; every item must be exportable.
   */
  public static byte[] contentPackage(
      String packageId, List<ItemDefinition> items, String language, Version version)
      throws NotExportable {
    return contentPackage(packageId, items, language, version, MediaStore.NONE);
  }

  /**
   * A content package of the items with their images and audio under {@code media/}: {@code
   * imsmanifest.xml} lists one resource per item with the media it shows as its files.
   */
  public static byte[] contentPackage(
      String packageId,
      List<ItemDefinition> items,
      String language,
      Version version,
      MediaStore media)
      throws NotExportable {
    return contentPackage(packageId, items, null, language, version, media);
  }

  /**
   * An exam form (in one language) as a content package: its items as above, and the form itself as
   * an {@code assessmentTest} at {@code tests/test.xml}: one test part a candidate moves through
   * freely and hands in once, one {@code assessmentSection} per section with its title, each item
   * referenced with its weight, the time limit, and SCORE as the weighted sum of the items' scores.
   */
  public static byte[] examPackage(
      String packageId, ExamContent form, Version version, MediaStore media) throws NotExportable {
    return contentPackage(packageId, form.items(), form, form.language(), version, media);
  }

  private static byte[] contentPackage(
      String packageId,
      List<ItemDefinition> items,
      ExamContent form,
      String language,
      Version version,
      MediaStore media)
      throws NotExportable {
    Map<String, byte[]> files = new LinkedHashMap<>();
    Map<String, List<String>> itemMedia = new LinkedHashMap<>();
    Map<String, byte[]> mediaFiles = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (ItemDefinition item : items) {
      try {
        Writer writer = new Writer(version, media);
        String file = "items/" + item.itemId() + ".xml";
        files.put(file, writer.item(item, language).getBytes(StandardCharsets.UTF_8));
        itemMedia.put(file, new ArrayList<>(writer.used.keySet()));
        mediaFiles.putAll(writer.used);
      } catch (NotExportable e) {
        problems.add(e.getMessage());
      }
    }
    byte[] test = null;
    if (form != null) {
      try {
        test = test(packageId, form, version).getBytes(StandardCharsets.UTF_8);
      } catch (NotExportable e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new NotExportable(packageId, String.join("; ", problems));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("imsmanifest.xml"));
      zip.write(
          manifest(packageId, itemMedia, test == null ? null : TEST_FILE, version)
              .getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      if (test != null) {
        files.put(TEST_FILE, test);
      }
      files.putAll(mediaFiles);
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(f.getKey()));
        zip.write(f.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Where an exam package keeps its test. */
  static final String TEST_FILE = "tests/test.xml";

  static String manifest(String packageId, Iterable<String> files, Version version) {
    Map<String, List<String>> items = new LinkedHashMap<>();
    files.forEach(f -> items.put(f, List.of()));
    return manifest(packageId, items, null, version);
  }

  /**
   * The manifest: one resource per item file, with the media files it shows, and the test (when
   * there is one) depending on every item.
   */
  static String manifest(
      String packageId, Map<String, List<String>> files, String testFile, Version version) {
    boolean three = version == Version.V3P0;
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append("<manifest xmlns=\"")
        .append(
            three
                ? "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"
                : "http://www.imsglobal.org/xsd/imscp_v1p1")
        .append("\" identifier=\"")
        .append(escape(xmlId(packageId)))
        .append("\">\n  <metadata>\n    <schema>")
        .append(three ? "QTI Package" : "IMS Content")
        .append("</schema>\n    <schemaversion>")
        .append(three ? "3.0.0" : "1.1")
        .append("</schemaversion>\n  </metadata>\n  <organizations/>\n  <resources>\n");
    int n = 0;
    for (Map.Entry<String, List<String>> resource : files.entrySet()) {
      String file = resource.getKey();
      n++;
      b.append("    <resource identifier=\"R")
          .append(n)
          .append("\" type=\"")
          .append(three ? "imsqti_item_xmlv3p0" : "imsqti_item_xmlv2p1")
          .append("\" href=\"")
          .append(escape(file))
          .append("\">\n      <file href=\"")
          .append(escape(file))
          .append("\"/>\n");
      for (String medium : resource.getValue()) {
        b.append("      <file href=\"").append(escape(medium)).append("\"/>\n");
      }
      b.append("    </resource>\n");
    }
    if (testFile != null) {
      b.append("    <resource identifier=\"T1\" type=\"")
          .append(three ? "imsqti_test_xmlv3p0" : "imsqti_test_xmlv2p1")
          .append("\" href=\"")
          .append(escape(testFile))
          .append("\">\n      <file href=\"")
          .append(escape(testFile))
          .append("\"/>\n");
      for (int i = 1; i <= n; i++) {
        b.append("      <dependency identifierref=\"R").append(i).append("\"/>\n");
      }
      b.append("    </resource>\n");
    }
    return b.append("  </resources>\n</manifest>\n").toString();
  }

  /** The form as an assessmentTest (see {@link #examPackage}). */
  static String test(String packageId, ExamContent form, Version version) throws NotExportable {
    Writer w = new Writer(version, MediaStore.NONE);
    for (SectionDefinition section : form.sections()) {
      if (!NCNAME.matcher(section.sectionId()).matches()) {
        throw new NotExportable(
            packageId,
            "section id " + section.sectionId() + " is not an XML name, which QTI identifiers are");
      }
    }
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<");
    b.append(w.el("assessmentTest"))
        .append(
            version == Version.V2P1
                ? " xmlns=\"http://www.imsglobal.org/xsd/imsqti_v2p1\""
                : " xmlns=\"http://www.imsglobal.org/xsd/imsqtiasi_v3p0\"")
        .append(' ')
        .append(w.at("identifier"))
        .append("=\"")
        .append(escape(xmlId(packageId)))
        .append("\" ")
        .append(w.at("title"))
        .append("=\"")
        .append(escape(form.title()))
        .append("\">\n");
    b.append("  <")
        .append(w.el("outcomeDeclaration"))
        .append(' ')
        .append(w.at("identifier"))
        .append("=\"SCORE\" ")
        .append(w.at("cardinality"))
        .append("=\"single\" ")
        .append(w.at("baseType"))
        .append("=\"float\"/>\n");
    b.append("  <")
        .append(w.el("timeLimits"))
        .append(' ')
        .append(w.at("maxTime"))
        .append("=\"")
        .append(form.durationMinutes() * 60)
        .append("\"/>\n");
    b.append("  <")
        .append(w.el("testPart"))
        .append(' ')
        .append(w.at("identifier"))
        .append("=\"P1\" ")
        .append(w.at("navigationMode"))
        .append("=\"nonlinear\" ")
        .append(w.at("submissionMode"))
        .append("=\"simultaneous\">\n");
    for (SectionDefinition section : form.sections()) {
      b.append("    <")
          .append(w.el("assessmentSection"))
          .append(' ')
          .append(w.at("identifier"))
          .append("=\"")
          .append(escape(section.sectionId()))
          .append("\" ")
          .append(w.at("title"))
          .append("=\"")
          .append(escape(section.title() == null ? section.sectionId() : section.title()))
          .append("\" ")
          .append(w.at("visible"))
          .append("=\"true\">\n");
      for (ItemDefinition item : form.items()) {
        if (!item.sectionId().equals(section.sectionId())) {
          continue;
        }
        b.append("      <")
            .append(w.el("assessmentItemRef"))
            .append(' ')
            .append(w.at("identifier"))
            .append("=\"")
            .append(escape(item.itemId()))
            .append("\" href=\"../items/")
            .append(escape(item.itemId()))
            .append(".xml\">\n        <")
            .append(w.el("weight"))
            .append(' ')
            .append(w.at("identifier"))
            .append("=\"WEIGHT\" value=\"")
            .append(number(item.weight()))
            .append("\"/>\n      </")
            .append(w.el("assessmentItemRef"))
            .append(">\n");
      }
      b.append("    </").append(w.el("assessmentSection")).append(">\n");
    }
    b.append("  </").append(w.el("testPart")).append(">\n");
    b.append("  <")
        .append(w.el("outcomeProcessing"))
        .append(">\n    <")
        .append(w.el("setOutcomeValue"))
        .append(' ')
        .append(w.at("identifier"))
        .append("=\"SCORE\">\n      <")
        .append(w.el("sum"))
        .append(">\n        <")
        .append(w.el("testVariables"))
        .append(' ')
        .append(w.at("variableIdentifier"))
        .append("=\"SCORE\" ")
        .append(w.at("weightIdentifier"))
        .append("=\"WEIGHT\"/>\n      </")
        .append(w.el("sum"))
        .append(">\n    </")
        .append(w.el("setOutcomeValue"))
        .append(">\n  </")
        .append(w.el("outcomeProcessing"))
        .append(">\n</")
        .append(w.el("assessmentTest"))
        .append(">\n");
    return b.toString();
  }

  /** Writes one version's names: camelCase for 2.1, qti-kebab-case for 3.0. */
  private static final class Writer {
    private final Version version;
    private final MediaStore media;
    private final StringBuilder b = new StringBuilder();

    /** The media the item shows, by package path, in order. */
    final Map<String, byte[]> used = new LinkedHashMap<>();

    private String itemId;

    Writer(Version version, MediaStore media) {
      this.version = version;
      this.media = media;
    }

    /**
     * The text as QTI content: words escaped, each medium an {@code img} (images) or an {@code
     * object} (audio) with its alternative text, at {@code ../media/…}.
     */
    private String text(String s) throws NotExportable {
      Matcher m = PromptMedia.TOKEN.matcher(s);
      StringBuilder out = new StringBuilder();
      int at = 0;
      while (m.find()) {
        out.append(escape(s.substring(at, m.start())));
        at = m.end();
        String sha256 = m.group(2);
        Map.Entry<String, byte[]> found =
            media
                .find(sha256)
                .orElseThrow(
                    () -> new NotExportable(itemId, "medium " + sha256 + " is not in the bank"));
        String path = mediaPath(sha256, found.getKey());
        used.put(path, found.getValue());
        if (found.getKey().startsWith("image/")) {
          out.append("<img src=\"../")
              .append(path)
              .append("\" alt=\"")
              .append(escape(m.group(1)))
              .append("\"/>");
        } else {
          out.append("<object data=\"../")
              .append(path)
              .append("\" type=\"")
              .append(found.getKey())
              .append("\">")
              .append(escape(m.group(1)))
              .append("</object>");
        }
      }
      return out.append(escape(s.substring(at))).toString();
    }

    private String el(String camel) {
      if (version == Version.V2P1) {
        return camel;
      }
      return "qti-" + kebab(camel);
    }

    private String at(String camel) {
      return version == Version.V2P1 ? camel : kebab(camel);
    }

    private static String kebab(String camel) {
      return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private String template(String name) {
      return version == Version.V2P1
          ? "http://www.imsglobal.org/question/qti_v2p1/rptemplates/" + name
          : "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/" + name + ".xml";
    }

    String item(ItemDefinition item, String language) throws NotExportable {
      ItemKey key = item.key();
      String id = item.itemId();
      itemId = id;
      if (key.kyrgyzLetterFolding()) {
        throw new NotExportable(
            id, "Kyrgyz letter folding (н о у for ң ө ү) has no QTI equivalent");
      }
      if (key.absoluteTolerance() != 0 || key.relativeTolerance() != 0) {
        throw new NotExportable(id, "a numeric tolerance needs custom response processing");
      }
      if (!NCNAME.matcher(id).matches()) {
        throw new NotExportable(id, "the item id is not an XML name, which QTI identifiers are");
      }
      for (Choice c : concat(item.choices(), item.targets())) {
        if (!NCNAME.matcher(c.id()).matches()) {
          throw new NotExportable(
              id, "choice id " + c.id() + " is not an XML name, which QTI identifiers are");
        }
      }
      if (item.weight() == 0) {
        throw new NotExportable(id, "it is excluded from scoring (weight 0), which QTI cannot say");
      }
      String interaction;
      String cardinality;
      String baseType;
      List<Choice> choices = item.choices();
      List<String> correct = key.correct();
      switch (item.type()) {
        case "TRUE_FALSE" -> {
          interaction = "choiceInteraction";
          cardinality = "single";
          baseType = "identifier";
          if (choices.isEmpty()) {
            // the engine's true/false item may list no choices: QTI needs them
            choices = List.of(new Choice("true", "true"), new Choice("false", "false"));
          }
          correct = correct.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        }
        case "SINGLE_CHOICE" -> {
          interaction = "choiceInteraction";
          cardinality = "single";
          baseType = "identifier";
        }
        case "MULTIPLE_RESPONSE" -> {
          interaction = "choiceInteraction";
          cardinality = "multiple";
          baseType = "identifier";
          if (!key.mapping().isEmpty() && !key.partialCredit()) {
            throw new NotExportable(
                id, "a mapping scored all-or-nothing has no QTI template (map_response adds)");
          }
        }
        case "ORDERING" -> {
          interaction = "orderInteraction";
          cardinality = "ordered";
          baseType = "identifier";
          if (key.partialCredit() || !key.mapping().isEmpty()) {
            throw new NotExportable(id, "partial credit on an ordering needs custom processing");
          }
        }
        case "MATCHING" -> {
          interaction = item.targets().isEmpty() ? "associateInteraction" : "matchInteraction";
          cardinality = "multiple";
          baseType = item.targets().isEmpty() ? "pair" : "directedPair";
        }
        case "SHORT_TEXT" -> {
          interaction = "textEntryInteraction";
          cardinality = "single";
          baseType = "string";
        }
        case "NUMERIC" -> {
          interaction = "textEntryInteraction";
          cardinality = "single";
          baseType = "float";
          if (!key.mapping().isEmpty()) {
            throw new NotExportable(id, "map_response on a numeric entry is not exported");
          }
          if (key.correct().size() != 1) {
            throw new NotExportable(
                id, "several accepted numbers need map_response, which numeric entry cannot take");
          }
          if (!key.correct().getFirst().matches("-?[0-9]+(\\.[0-9]+)?")) {
            throw new NotExportable(
                id, "the number " + key.correct().getFirst() + " is not written as QTI's float");
          }
        }
        case "EXTENDED_TEXT" -> {
          return extendedText(item, language);
        }
        default ->
            throw new NotExportable(
                id, "a " + item.type() + " item (several gaps in one item) is not exported");
      }
      if (!interaction.equals("textEntryInteraction") && choices.isEmpty()) {
        throw new NotExportable(id, "a " + item.type() + " item without choices");
      }
      boolean keyMapped = !key.mapping().isEmpty();
      boolean mapped = keyMapped;
      Map<String, Double> mapping = new LinkedHashMap<>(key.mapping());
      boolean text = item.type().equals("SHORT_TEXT");
      if (keyMapped && text) {
        // the engine gives a correct answer the maximum unless the mapping says otherwise
        correct.forEach(c -> mapping.putIfAbsent(c, item.maxScore()));
      }
      if (keyMapped && cardinality.equals("multiple") && key.mappingDefault() > 0) {
        throw new NotExportable(id, "a positive default for several answers is not exported");
      }
      boolean singleAnswer = cardinality.equals("single");
      if (!mapped
          && (item.maxScore() != 1
              || (text && correct.size() > 1)
              || (text && !key.caseSensitive()))) {
        // map_response gives each accepted answer the maximum: a single answer worth more than 1,
        // several accepted texts (single cardinality holds one correct value), case-insensitive
        // text
        if (!singleAnswer || item.type().equals("NUMERIC")) {
          throw new NotExportable(
              id,
              "a correct response worth "
                  + number(item.maxScore())
                  + " (not 1) needs map_response, which QTI gives only to single answers");
        }
        correct.forEach(c -> mapping.put(c, item.maxScore()));
        mapped = true;
      }
      boolean caseInsensitive = text && !key.caseSensitive();
      if (singleAnswer && correct.size() > 1 && !mapped) {
        throw new NotExportable(id, "several correct values for a single answer");
      }
      open(item, language);
      b.append("  <")
          .append(el("responseDeclaration"))
          .append(' ')
          .append(at("identifier"))
          .append("=\"RESPONSE\" ")
          .append(at("cardinality"))
          .append("=\"")
          .append(cardinality)
          .append("\" ")
          .append(at("baseType"))
          .append("=\"")
          .append(baseType)
          .append("\">\n");
      // single cardinality holds one correct value; the mapping carries every accepted one
      List<String> shown = singleAnswer && correct.size() > 1 ? correct.subList(0, 1) : correct;
      if (!shown.isEmpty()) {
        b.append("    <").append(el("correctResponse")).append(">\n");
        for (String value : shown) {
          b.append("      <")
              .append(el("value"))
              .append('>')
              .append(escape(value))
              .append("</")
              .append(el("value"))
              .append(">\n");
        }
        b.append("    </").append(el("correctResponse")).append(">\n");
      }
      if (mapped) {
        // the engine keeps a mapped score within [0, maximum]; QTI's map_response only within the
        // bounds it is given; a mapping made up here has no default and no bounds of the key's
        double lower = keyMapped && key.lowerBound() != null ? Math.max(0, key.lowerBound()) : 0;
        double upper =
            keyMapped && key.upperBound() != null
                ? Math.min(key.upperBound(), item.maxScore())
                : item.maxScore();
        b.append("    <")
            .append(el("mapping"))
            .append(' ')
            .append(at("defaultValue"))
            .append("=\"")
            .append(number(keyMapped ? key.mappingDefault() : 0))
            .append("\" ")
            .append(at("lowerBound"))
            .append("=\"")
            .append(number(lower))
            .append("\" ")
            .append(at("upperBound"))
            .append("=\"")
            .append(number(upper))
            .append("\">\n");
        for (Map.Entry<String, Double> e : mapping.entrySet()) {
          b.append("      <")
              .append(el("mapEntry"))
              .append(' ')
              .append(at("mapKey"))
              .append("=\"")
              .append(escape(e.getKey()))
              .append("\" ")
              .append(at("mappedValue"))
              .append("=\"")
              .append(number(e.getValue()))
              .append('"');
          if (caseInsensitive) {
            b.append(' ').append(at("caseSensitive")).append("=\"false\"");
          }
          b.append("/>\n");
        }
        b.append("    </").append(el("mapping")).append(">\n");
      }
      b.append("  </").append(el("responseDeclaration")).append(">\n");
      outcome(item.maxScore());
      b.append("  <").append(el("itemBody")).append(">\n");
      StringBuilder open = new StringBuilder();
      open.append('<').append(el(interaction)).append(' ').append(at("responseIdentifier"));
      open.append("=\"RESPONSE\"");
      switch (interaction) {
        case "choiceInteraction" ->
            open.append(' ')
                .append(at("shuffle"))
                .append("=\"false\" ")
                .append(at("maxChoices"))
                .append("=\"")
                .append(cardinality.equals("single") ? 1 : 0)
                .append('"');
        case "orderInteraction", "matchInteraction", "associateInteraction" -> {
          open.append(' ').append(at("shuffle")).append("=\"false\"");
          if (!interaction.equals("orderInteraction")) {
            open.append(' ')
                .append(at("maxAssociations"))
                .append("=\"")
                .append(key.maxAssociations())
                .append('"');
          }
        }
        default -> {
          // a text entry: no more attributes
        }
      }
      if (interaction.equals("textEntryInteraction")) {
        // inline: it stands in a paragraph after the question
        b.append("    <p>").append(text(item.prompt())).append(' ').append(open).append("/></p>\n");
      } else {
        b.append("    ").append(open).append(">\n");
        b.append("      <")
            .append(el("prompt"))
            .append('>')
            .append(text(item.prompt()))
            .append("</")
            .append(el("prompt"))
            .append(">\n");
        switch (interaction) {
          case "choiceInteraction", "orderInteraction" -> choices(choices, "simpleChoice", null);
          case "associateInteraction" -> choices(item.choices(), "simpleAssociableChoice", 0);
          case "matchInteraction" -> {
            b.append("      <").append(el("simpleMatchSet")).append(">\n");
            choices(item.choices(), "simpleAssociableChoice", 0);
            b.append("      </").append(el("simpleMatchSet")).append(">\n");
            b.append("      <").append(el("simpleMatchSet")).append(">\n");
            choices(item.targets(), "simpleAssociableChoice", 0);
            b.append("      </").append(el("simpleMatchSet")).append(">\n");
          }
          default -> throw new IllegalStateException(interaction);
        }
        b.append("    </").append(el(interaction)).append(">\n");
      }
      b.append("  </").append(el("itemBody")).append(">\n");
      b.append("  <")
          .append(el("responseProcessing"))
          .append(' ')
          .append(at("template"))
          .append("=\"")
          .append(template(mapped ? "map_response" : "match_correct"))
          .append("\"/>\n");
      return close();
    }

    private String extendedText(ItemDefinition item, String language) throws NotExportable {
      open(item, language);
      b.append("  <")
          .append(el("responseDeclaration"))
          .append(' ')
          .append(at("identifier"))
          .append("=\"RESPONSE\" ")
          .append(at("cardinality"))
          .append("=\"single\" ")
          .append(at("baseType"))
          .append("=\"string\"/>\n");
      outcome(item.maxScore());
      b.append("  <").append(el("itemBody")).append(">\n");
      b.append("    <")
          .append(el("extendedTextInteraction"))
          .append(' ')
          .append(at("responseIdentifier"))
          .append("=\"RESPONSE\">\n      <")
          .append(el("prompt"))
          .append('>')
          .append(text(item.prompt()))
          .append("</")
          .append(el("prompt"))
          .append(">\n    </")
          .append(el("extendedTextInteraction"))
          .append(">\n");
      b.append("  </").append(el("itemBody")).append(">\n");
      return close();
    }

    private void open(ItemDefinition item, String language) {
      b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(el("assessmentItem"));
      if (version == Version.V2P1) {
        b.append(" xmlns=\"http://www.imsglobal.org/xsd/imsqti_v2p1\"");
      } else {
        b.append(" xmlns=\"http://www.imsglobal.org/xsd/imsqtiasi_v3p0\"");
      }
      b.append(' ')
          .append(at("identifier"))
          .append("=\"")
          .append(escape(xmlId(item.itemId())))
          .append("\" ")
          .append(at("title"))
          .append("=\"")
          .append(escape(item.itemId()))
          .append("\" ")
          .append(at("adaptive"))
          .append("=\"false\" ")
          .append(at("timeDependent"))
          .append("=\"false\"");
      if (language != null) {
        b.append(" xml:lang=\"").append(escape(language)).append('"');
      }
      b.append(">\n");
    }

    private void outcome(double maxScore) {
      b.append("  <")
          .append(el("outcomeDeclaration"))
          .append(' ')
          .append(at("identifier"))
          .append("=\"SCORE\" ")
          .append(at("cardinality"))
          .append("=\"single\" ")
          .append(at("baseType"))
          .append("=\"float\" ")
          .append(at("normalMaximum"))
          .append("=\"")
          .append(number(maxScore))
          .append("\">\n    <")
          .append(el("defaultValue"))
          .append(">\n      <")
          .append(el("value"))
          .append(">0</")
          .append(el("value"))
          .append(">\n    </")
          .append(el("defaultValue"))
          .append(">\n  </")
          .append(el("outcomeDeclaration"))
          .append(">\n");
    }

    /**
     * The choices; an associable choice gets matchMax 0 (no limit), as the engine limits only the
     * number of pairs, never how often one choice is used.
     */
    private void choices(List<Choice> choices, String element, Integer matchMax)
        throws NotExportable {
      for (Choice c : choices) {
        b.append("      <")
            .append(el(element))
            .append(' ')
            .append(at("identifier"))
            .append("=\"")
            .append(escape(c.id()))
            .append('"');
        if (matchMax != null) {
          b.append(' ').append(at("matchMax")).append("=\"").append(matchMax).append('"');
        }
        b.append('>').append(text(c.text())).append("</").append(el(element)).append(">\n");
      }
    }

    private String close() {
      b.append("</").append(el("assessmentItem")).append(">\n");
      return b.toString();
    }
  }

  /** An XML name without a colon: what QTI's identifiers must be. */
  static final java.util.regex.Pattern NCNAME =
      java.util.regex.Pattern.compile("[\\p{L}_][\\p{L}\\p{N}._-]*");

  /** The package's identifier as an XML name (package ids may start with a digit). */
  static String xmlId(String id) {
    return NCNAME.matcher(id).matches() ? id : "_" + id.replaceAll("[^\\p{L}\\p{N}._-]", "_");
  }

  private static List<Choice> concat(List<Choice> a, List<Choice> b) {
    List<Choice> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static String number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
