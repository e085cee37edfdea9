package kg.exam.command.exam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemKey;
import kg.exam.contract.exam.PromptMedia;
import kg.exam.contract.exam.RubricCriterion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * QTI export: every IMS QTI 2.1 example the engine imports comes back as the same item definition
 * after export to QTI 2.1 and to 3.0 and import again (lossless for the supported subset), as
 * single files and as a content package; what the templates cannot express is refused with its
 * reason.
 */
class QtiExportTest {
  private static final Path SAMPLES = Path.of("src/test/resources/qti/ims-qti-2.1");

  /** The IMS examples the engine imports, with each QTI version. */
  static Stream<Arguments> importedSamples() throws IOException {
    List<String> files =
        List.of(
            "associate.xml",
            "choice_multiple.xml",
            "gap_match.xml",
            "inline_choice.xml",
            "match.xml",
            "order.xml",
            "text_entry.xml");
    return files.stream().flatMap(f -> Stream.of(Arguments.of(f, "2.1"), Arguments.of(f, "3.0")));
  }

  private static ItemDefinition imported(String file, byte[] xml) {
    QtiImport.Report report = QtiImport.item(file, xml, "s1");
    assertThat(report.refused()).as(file).isEmpty();
    return report.items().getFirst();
  }

  @ParameterizedTest(name = "{0} as QTI {1}")
  @MethodSource("importedSamples")
  void shouldImportAnExportedItemAsTheSameItemDefinition(String file, String version)
      throws Exception {
    ItemDefinition original = imported(file, Files.readAllBytes(SAMPLES.resolve(file)));

    byte[] exported = QtiExport.item(original, "en", QtiExport.Version.of(version));

    assertThat(imported(file, exported)).isEqualTo(original);
    if (version.equals("2.1")) {
      QtiSchemas.requireValid21(file, exported);
    }
    String xml = new String(exported, StandardCharsets.UTF_8);
    assertThat(xml)
        .contains(
            version.equals("3.0")
                ? "xmlns=\"http://www.imsglobal.org/xsd/imsqtiasi_v3p0\""
                : "xmlns=\"http://www.imsglobal.org/xsd/imsqti_v2p1\"");
  }

  @Test
  void shouldWriteAPackageTheImportReadsBackItemByItem() throws Exception {
    List<ItemDefinition> items =
        Stream.of("inline_choice.xml", "text_entry.xml", "match.xml")
            .map(
                f -> {
                  try {
                    return imported(f, Files.readAllBytes(SAMPLES.resolve(f)));
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                })
            .toList();
    for (QtiExport.Version version : QtiExport.Version.values()) {
      byte[] zip = QtiExport.contentPackage("pkg-1", items, "en", version);

      QtiImport.Report report = QtiImport.contentPackage(zip, "s1");

      assertThat(report.refused()).isEmpty();
      assertThat(report.items()).isEqualTo(items);
    }
  }

  @Test
  void shouldCarryTheItemsPicturesAndAudioIntoThePackageAndBackByTheirHash() throws Exception {
    byte[] mp3 = {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0, 1, 2, 3};
    ItemDefinition listening =
        new ItemDefinition(
            "listening",
            "s1",
            "SINGLE_CHOICE",
            1,
            1,
            "Listen: " + PromptMedia.token(kg.exam.command.bank.BankMedia.sha256(mp3), "a bell"),
            List.of(new Choice("A", "one"), new Choice("B", "two")),
            List.of(),
            ItemKey.matchCorrect(List.of("A")));
    Map<String, byte[]> files = new java.util.TreeMap<>();
    for (String f : List.of("choice.xml", "extended_text.xml")) {
      files.put(f, Files.readAllBytes(SAMPLES.resolve(f)));
    }
    for (String f : List.of("images/sign.png", "images/postcard.png")) {
      files.put(f, Files.readAllBytes(SAMPLES.resolve(f)));
    }
    QtiImport.Report first = QtiImport.contentPackage(zip(files), "s1");
    assertThat(first.refused()).isEmpty();
    List<ItemDefinition> items = new java.util.ArrayList<>(first.items());
    items.add(listening);
    Map<String, Map.Entry<String, byte[]>> stored = new java.util.HashMap<>();
    first.media().forEach((sha, m) -> stored.put(sha, Map.entry(m.mediaType(), m.bytes())));
    stored.put(kg.exam.command.bank.BankMedia.sha256(mp3), Map.entry("audio/mpeg", mp3));
    QtiExport.MediaStore store = sha -> java.util.Optional.ofNullable(stored.get(sha));

    for (QtiExport.Version version : QtiExport.Version.values()) {
      byte[] zip = QtiExport.contentPackage("pkg-media", items, "en", version, store);

      QtiImport.Report back = QtiImport.contentPackage(zip, "s1");
      assertThat(back.refused()).as(version.name()).isEmpty();
      assertThat(back.items()).as(version.name()).isEqualTo(items);
      assertThat(back.media()).containsOnlyKeys(stored.keySet());
      back.media().forEach((sha, m) -> assertThat(m.bytes()).isEqualTo(stored.get(sha).getValue()));
      String manifest = new String(unzip(zip).get("imsmanifest.xml"), StandardCharsets.UTF_8);
      assertThat(manifest)
          .contains(
              "<file href=\"media/" + kg.exam.command.bank.BankMedia.sha256(mp3) + ".mp3\"/>");
    }
    for (ItemDefinition item : items) {
      byte[] xml = QtiExport.item(item, "en", QtiExport.Version.V2P1, store);
      QtiSchemas.requireValid21(item.itemId() + ".xml", xml);
    }
    assertThat(
            new String(
                QtiExport.item(listening, "en", QtiExport.Version.V3P0, store),
                StandardCharsets.UTF_8))
        .contains(
            "<object data=\"../media/"
                + kg.exam.command.bank.BankMedia.sha256(mp3)
                + ".mp3\" type=\"audio/mpeg\">a bell</object>");
    assertThatThrownBy(() -> QtiExport.item(listening, "en", QtiExport.Version.V2P1))
        .isInstanceOf(QtiExport.NotExportable.class)
        .hasMessageContaining("is not in the bank");
    // a medium right against words and punctuation comes back right against them
    ItemDefinition tight =
        new ItemDefinition(
            "tight",
            "s1",
            "SINGLE_CHOICE",
            1,
            1,
            "Listen("
                + PromptMedia.token(kg.exam.command.bank.BankMedia.sha256(mp3), "a bell")
                + ").",
            List.of(new Choice("A", "one"), new Choice("B", "two")),
            List.of(),
            ItemKey.matchCorrect(List.of("A")));
    for (QtiExport.Version version : QtiExport.Version.values()) {
      QtiImport.Report back =
          QtiImport.contentPackage(
              QtiExport.contentPackage("t", List.of(tight), "en", version, store), "s1");
      assertThat(back.items()).containsExactly(tight);
    }
  }

  @Test
  void shouldWriteAnExamFormAsATestWhoseSectionsWeightsAndTimeComeBack() throws Exception {
    List<ItemDefinition> imported =
        Stream.of("inline_choice.xml", "text_entry.xml", "match.xml")
            .map(
                f -> {
                  try {
                    return imported(f, Files.readAllBytes(SAMPLES.resolve(f)));
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                })
            .toList();
    List<String> sectionOf = List.of("reading", "reading", "words");
    List<Double> weightOf = List.of(1.0, 2.5, 3.0);
    List<ItemDefinition> items = new java.util.ArrayList<>();
    for (int i = 0; i < imported.size(); i++) {
      ItemDefinition x = imported.get(i);
      items.add(
          new ItemDefinition(
              x.itemId(),
              sectionOf.get(i),
              x.type(),
              x.maxScore(),
              weightOf.get(i),
              x.prompt(),
              x.choices(),
              x.targets(),
              x.key()));
    }
    kg.exam.contract.exam.ExamContent form =
        new kg.exam.contract.exam.ExamContent(
            "English, grade 9",
            "ENG",
            9,
            "en",
            45,
            List.of(
                new kg.exam.contract.exam.SectionDefinition("reading", "Reading"),
                new kg.exam.contract.exam.SectionDefinition("words", "Words & phrases")),
            items,
            null);

    for (QtiExport.Version version : QtiExport.Version.values()) {
      byte[] zip = QtiExport.examPackage("exam-1-v1", form, version, QtiExport.MediaStore.NONE);

      QtiImport.Report back = QtiImport.contentPackage(zip, "other");
      assertThat(back.refused()).as(version.name()).isEmpty();
      assertThat(back.items()).as(version.name()).isEqualTo(items);
      assertThat(back.tests()).hasSize(1);
      QtiImport.Test test = back.tests().getFirst();
      assertThat(test.title()).isEqualTo("English, grade 9");
      assertThat(test.maxTimeSeconds()).isEqualTo(45 * 60);
      assertThat(test.sections())
          .extracting(QtiImport.Section::sectionId, QtiImport.Section::title)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("reading", "Reading"),
              org.assertj.core.groups.Tuple.tuple("words", "Words & phrases"));
      assertThat(test.sections().getFirst().itemIds()).containsExactly("inlineChoice", "textEntry");
      assertThat(test.notes()).isEmpty();
      String manifest = new String(unzip(zip).get("imsmanifest.xml"), StandardCharsets.UTF_8);
      assertThat(manifest)
          .contains(
              version == QtiExport.Version.V2P1 ? "imsqti_test_xmlv2p1" : "imsqti_test_xmlv3p0")
          .contains("<dependency identifierref=\"R3\"/>");
      if (version == QtiExport.Version.V2P1) {
        QtiSchemas.requireValid21("test.xml", unzip(zip).get("tests/test.xml"));
      }
    }
    kg.exam.contract.exam.ExamContent badSection =
        new kg.exam.contract.exam.ExamContent(
            "x",
            "ENG",
            9,
            "en",
            45,
            List.of(new kg.exam.contract.exam.SectionDefinition("1st", "First")),
            List.of(
                new ItemDefinition(
                    items.getFirst().itemId(),
                    "1st",
                    items.getFirst().type(),
                    items.getFirst().maxScore(),
                    1,
                    items.getFirst().prompt(),
                    items.getFirst().choices(),
                    items.getFirst().targets(),
                    items.getFirst().key())),
            null);
    assertThatThrownBy(
            () ->
                QtiExport.examPackage(
                    "e", badSection, QtiExport.Version.V2P1, QtiExport.MediaStore.NONE))
        .isInstanceOf(QtiExport.NotExportable.class)
        .hasMessageContaining("section id 1st is not an XML name");
  }

  private static byte[] zip(Map<String, byte[]> files) throws IOException {
    return Zips.zip(files);
  }

  private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    return Zips.unzip(zip);
  }

  @Test
  void shouldExportTheEnginesOwnItemsWithTheirPointsAndReadThemBackAlike() throws Exception {
    // a single choice worth 2: map_response gives the correct choice its 2 points
    ItemDefinition two =
        new ItemDefinition(
            "q-2",
            "s1",
            "SINGLE_CHOICE",
            2,
            1,
            "2 + 2 = ? <b>bold</b> & more",
            List.of(new Choice("A", "3"), new Choice("B", "4")),
            List.of(),
            ItemKey.matchCorrect(List.of("B")));
    QtiSchemas.requireValid21("q-2.xml", QtiExport.item(two, "ky", QtiExport.Version.V2P1));
    for (QtiExport.Version version : QtiExport.Version.values()) {
      ItemDefinition back = imported("q-2.xml", QtiExport.item(two, "ky", version));
      assertThat(back.maxScore()).isEqualTo(2);
      assertThat(back.prompt()).isEqualTo(two.prompt());
      assertThat(back.key().correct()).containsExactly("B");
      assertThat(back.key().mapping()).containsExactly(Map.entry("B", 2.0));
      // and from then on the round trip is exact
      assertThat(imported("q-2.xml", QtiExport.item(back, "ky", version))).isEqualTo(back);
    }
  }

  @Test
  void shouldWriteTrueFalseItsChoicesAndSeveralAcceptedTextsAsAMapping() throws Exception {
    ItemDefinition trueFalse =
        new ItemDefinition(
            "tf",
            "s1",
            "TRUE_FALSE",
            1,
            1,
            "The Earth is round.",
            List.of(),
            List.of(),
            ItemKey.matchCorrect(List.of("TRUE")));
    ItemDefinition capital =
        new ItemDefinition(
            "capital",
            "s1",
            "SHORT_TEXT",
            1,
            1,
            "The capital?",
            List.of(),
            List.of(),
            new ItemKey(
                List.of("Bishkek", "Frunze"),
                Map.of(),
                0,
                null,
                null,
                false,
                0,
                0,
                true,
                false,
                0,
                List.of()));
    for (QtiExport.Version version : QtiExport.Version.values()) {
      ItemDefinition tf = imported("tf.xml", QtiExport.item(trueFalse, "en", version));
      assertThat(tf.choices()).extracting(Choice::id).containsExactly("true", "false");
      assertThat(tf.key().correct()).containsExactly("true");
      ItemDefinition text = imported("capital.xml", QtiExport.item(capital, "en", version));
      // single cardinality holds one correct value: the mapping carries both, each worth 1
      assertThat(text.key().mapping())
          .containsExactlyInAnyOrderEntriesOf(Map.of("Bishkek", 1.0, "Frunze", 1.0));
      assertThat(text.maxScore()).isEqualTo(1);
    }
    QtiSchemas.requireValid21("tf.xml", QtiExport.item(trueFalse, "en", QtiExport.Version.V2P1));
    QtiSchemas.requireValid21("capital.xml", QtiExport.item(capital, "en", QtiExport.Version.V2P1));
    ItemDefinition digitIds =
        new ItemDefinition(
            "q",
            "s1",
            "SINGLE_CHOICE",
            1,
            1,
            "?",
            List.of(new Choice("1", "one"), new Choice("2", "two")),
            List.of(),
            ItemKey.matchCorrect(List.of("1")));
    assertThatThrownBy(() -> QtiExport.item(digitIds, "en", QtiExport.Version.V3P0))
        .hasMessage("q: choice id 1 is not an XML name, which QTI identifiers are");
  }

  @Test
  void shouldRefuseWhatTheTemplatesCannotExpressWithItsReason() {
    ItemDefinition folded =
        new ItemDefinition(
            "capital",
            "s1",
            "SHORT_TEXT",
            1,
            1,
            "Борбор шаар?",
            List.of(),
            List.of(),
            new ItemKey(
                List.of("Бишкек"),
                Map.of(),
                0,
                null,
                null,
                false,
                0,
                0,
                false,
                true,
                0,
                List.of()));
    ItemDefinition tolerant =
        new ItemDefinition(
            "pi",
            "s1",
            "NUMERIC",
            1,
            1,
            "π to two places?",
            List.of(),
            List.of(),
            new ItemKey(
                List.of("3.14"),
                Map.of(),
                0,
                null,
                null,
                false,
                0.005,
                0,
                false,
                false,
                0,
                List.of()));
    ItemDefinition partialOrder =
        new ItemDefinition(
            "order",
            "s1",
            "ORDERING",
            3,
            1,
            "Order them",
            List.of(new Choice("A", "a"), new Choice("B", "b")),
            List.of(),
            new ItemKey(
                List.of("A", "B"),
                Map.of(),
                0,
                null,
                null,
                true,
                0,
                0,
                false,
                false,
                0,
                List.of()));
    assertThatThrownBy(() -> QtiExport.item(folded, "ky", QtiExport.Version.V3P0))
        .hasMessage("capital: Kyrgyz letter folding (н о у for ң ө ү) has no QTI equivalent");
    assertThatThrownBy(() -> QtiExport.item(tolerant, "en", QtiExport.Version.V2P1))
        .hasMessage("pi: a numeric tolerance needs custom response processing");
    assertThatThrownBy(() -> QtiExport.item(partialOrder, "en", QtiExport.Version.V2P1))
        .hasMessage("order: partial credit on an ordering needs custom processing");
    assertThatThrownBy(
            () ->
                QtiExport.contentPackage(
                    "pkg", List.of(folded, tolerant), "ky", QtiExport.Version.V2P1))
        .hasMessageContaining("capital: Kyrgyz letter folding")
        .hasMessageContaining("pi: a numeric tolerance");
    ItemDefinition essay =
        new ItemDefinition(
            "essay",
            "s1",
            "EXTENDED_TEXT",
            4,
            1,
            "Explain.",
            List.of(),
            List.of(),
            ItemKey.ofRubric(List.of(new RubricCriterion("overall", "Overall", 4))));
    assertThat(QtiExport.xmlId("9abc")).isEqualTo("_9abc");
    assertThat(new String(uncheck(essay), StandardCharsets.UTF_8)).contains("normalMaximum=\"4\"");
    QtiSchemas.requireValid21("essay.xml", uncheck(essay));
  }

  @Test
  void shouldValidateTheImsExamplesAndRefuseADocumentTheSchemaForbids() throws Exception {
    // the validator itself: the IMS examples are valid, an item without its title is not
    for (String file : List.of("choice.xml", "match.xml", "text_entry.xml")) {
      QtiSchemas.requireValid21(file, Files.readAllBytes(SAMPLES.resolve(file)));
    }
    byte[] untitled =
        new String(Files.readAllBytes(SAMPLES.resolve("choice.xml")), StandardCharsets.UTF_8)
            .replaceFirst(" title=\"[^\"]*\"", "")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> QtiSchemas.requireValid21("untitled.xml", untitled))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("title");
  }

  private static byte[] uncheck(ItemDefinition item) {
    try {
      return QtiExport.item(item, "en", QtiExport.Version.V2P1);
    } catch (QtiExport.NotExportable e) {
      throw new AssertionError(e);
    }
  }
}
