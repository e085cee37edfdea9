package kg.exam.command.exam;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.PromptMedia;
import kg.exam.scoring.ItemOutcome;
import kg.exam.scoring.ItemScorer;
import org.junit.jupiter.api.Test;

/**
 * The IMS QTI 2.1 examples (src/test/resources/qti/ims-qti-2.1, see its LICENCE.md) and QTI 3.0
 * items written here from the specification, imported and then scored by scoring-core. The expected
 * scores are worked out by hand from each item's responseDeclaration and its response processing
 * template, as a QTI delivery engine must score them.
 */
class QtiImportTest {
  private static final Path SAMPLES = Path.of("src/test/resources/qti/ims-qti-2.1");

  private static ItemDefinition imported(String file) throws IOException {
    QtiImport.Report report = QtiImport.item(file, Files.readAllBytes(SAMPLES.resolve(file)), "s1");
    assertThat(report.refused()).as(file).isEmpty();
    return report.items().getFirst();
  }

  private static double score(ItemDefinition item, String... response) {
    return ItemScorer.score(ExamForms.toItem(item), List.of(response)).score();
  }

  /** choice.xml without its picture (the engine cannot show media yet), written as QTI 2.1. */
  private static final String CHOICE =
      """
      <assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="choice"
          title="Unattended Luggage" adaptive="false" timeDependent="false">
        <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">
          <correctResponse><value>ChoiceA</value></correctResponse>
        </responseDeclaration>
        <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"/>
        <itemBody>
          <p>Look at the sign.<feedbackInline outcomeIdentifier="FEEDBACK" identifier="x"
              showHide="show">Hidden hint</feedbackInline></p>
          <choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">
            <prompt>What does it say?</prompt>
            <simpleChoice identifier="ChoiceA">You must stay with your luggage.</simpleChoice>
            <simpleChoice identifier="ChoiceB">Let someone else look after it.</simpleChoice>
            <simpleChoice identifier="ChoiceC">Remember it when you leave.</simpleChoice>
          </choiceInteraction>
        </itemBody>
        <responseProcessing
            template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"/>
      </assessmentItem>
      """;

  @Test
  void shouldScoreAChoiceByMatchCorrectAndShowTheStimulusWithoutFeedback() {
    QtiImport.Report report =
        QtiImport.item("choice.xml", CHOICE.strip().getBytes(StandardCharsets.UTF_8), "s1");
    assertThat(report.refused()).isEmpty();
    ItemDefinition item = report.items().getFirst();
    assertThat(item.prompt()).isEqualTo("Look at the sign. What does it say?");
    assertThat(item.type()).isEqualTo("SINGLE_CHOICE");
    assertThat(item.choices())
        .extracting(c -> c.id())
        .containsExactly("ChoiceA", "ChoiceB", "ChoiceC");
    assertThat(score(item, "ChoiceA")).isEqualTo(1.0);
    assertThat(score(item, "ChoiceB")).isEqualTo(0.0);
  }

  @Test
  void shouldScoreTheMultipleChoiceSampleByItsMappingWithinItsBounds() throws IOException {
    // H = O = 1, Cl = −1, anything else −2; bounds [0, 2]
    ItemDefinition item = imported("choice_multiple.xml");
    assertThat(item.type()).isEqualTo("MULTIPLE_RESPONSE");
    assertThat(item.maxScore()).isEqualTo(2.0);
    assertThat(score(item, "H", "O")).isEqualTo(2.0);
    assertThat(score(item, "H", "O", "Cl")).isEqualTo(1.0);
    assertThat(score(item, "Cl")).isEqualTo(0.0);
    assertThat(score(item, "H", "He")).isEqualTo(0.0); // 1 − 2, floored at 0
  }

  @Test
  void shouldScoreTheTextEntrySampleCaseSensitively() throws IOException {
    ItemDefinition item = imported("text_entry.xml");
    assertThat(item.type()).isEqualTo("SHORT_TEXT");
    assertThat(score(item, "York")).isEqualTo(1.0);
    assertThat(score(item, "york")).isEqualTo(0.5);
    assertThat(score(item, "YORK")).isEqualTo(0.0);
  }

  @Test
  void shouldScoreTheMatchAssociateAndGapMatchSamplesByTheirPairs() throws IOException {
    ItemDefinition match = imported("match.xml"); // C R = P T = 1, D M = L M = 0.5
    assertThat(match.type()).isEqualTo("MATCHING");
    assertThat(match.targets()).extracting(c -> c.id()).containsExactly("M", "R", "T");
    assertThat(score(match, "C R", "D M", "L M", "P T")).isEqualTo(3.0);
    assertThat(score(match, "C R", "D T", "L M")).isEqualTo(1.5);

    ItemDefinition associate = imported("associate.xml"); // A P = 2, C M = D L = 1
    assertThat(score(associate, "P A", "M C", "D L")).isEqualTo(4.0);

    // gapText → gap: W G1 = 1, Su G2 = 2, any other pair −1, floored at 0
    ItemDefinition gaps = imported("gap_match.xml");
    assertThat(gaps.type()).isEqualTo("MATCHING");
    assertThat(gaps.targets()).extracting(c -> c.id()).containsExactly("G1", "G2");
    assertThat(score(gaps, "W G1", "Su G2")).isEqualTo(3.0);
    assertThat(score(gaps, "W G1", "Sp G2")).isEqualTo(0.0);
    assertThat(score(gaps, "Su G2")).isEqualTo(2.0);
  }

  @Test
  void shouldScoreTheOrderAndInlineChoiceSamplesAllOrNothing() throws IOException {
    ItemDefinition order = imported("order.xml");
    assertThat(order.type()).isEqualTo("ORDERING");
    assertThat(score(order, "DriverC", "DriverA", "DriverB")).isEqualTo(1.0);
    assertThat(score(order, "DriverA", "DriverC", "DriverB")).isEqualTo(0.0);
    ItemDefinition inline = imported("inline_choice.xml");
    assertThat(inline.type()).isEqualTo("SINGLE_CHOICE");
    assertThat(score(inline, "Y")).isEqualTo(1.0);
    assertThat(score(inline, "G")).isEqualTo(0.0);
  }

  @Test
  void shouldImportAnExtendedTextItemForHumanMarking() {
    String xml =
        """
        <assessmentItem identifier="essay" title="Essay" adaptive="false" timeDependent="false">
          <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="string"/>
          <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float"
              normalMaximum="4"/>
          <itemBody><extendedTextInteraction responseIdentifier="RESPONSE" expectedLength="200">
            <prompt>Write about your school.</prompt></extendedTextInteraction></itemBody>
        </assessmentItem>
        """;
    QtiImport.Report report =
        QtiImport.item("essay.xml", xml.getBytes(StandardCharsets.UTF_8), "s1");
    assertThat(report.refused()).isEmpty();
    ItemDefinition essay = report.items().getFirst();
    assertThat(essay.maxScore()).isEqualTo(4.0);
    assertThat(essay.type()).isEqualTo("EXTENDED_TEXT");
    assertThat(essay.key().rubric()).hasSize(1);
    assertThat(ItemScorer.score(ExamForms.toItem(essay), List.of("Some prose")).outcome())
        .isEqualTo(ItemOutcome.NEEDS_HUMAN_MARKING);
  }

  @Test
  void shouldRefuseWhatItCannotRepresentNamingFileLineAndReason() throws IOException {
    assertThat(refusal("order_partial_scoring.xml"))
        .isEqualTo(
            "order_partial_scoring.xml:24: custom response processing is not supported (only the"
                + " templates match_correct and map_response)");
    assertThat(refusal("hotspot.xml"))
        .isEqualTo("hotspot.xml:15: hotspotInteraction is not supported");
    assertThat(refusal("adaptive.xml")).contains("adaptive items are not supported");
    // a picture comes with the package that holds it: one item file alone cannot bring it
    assertThat(refusal("choice.xml"))
        .isEqualTo("choice.xml:20: img images/sign.png: import the item in its content package");
    assertThat(refusal("extended_text.xml"))
        .isEqualTo(
            "extended_text.xml:12: object images/postcard.png: import the item in its content"
                + " package");
    QtiImport.Report broken =
        QtiImport.item(
            "broken.xml",
            "<assessmentItem identifier=\"x\">\n<itemBody>\n</assessmentItem>"
                .getBytes(StandardCharsets.UTF_8),
            "s1");
    assertThat(broken.refused().getFirst().toString())
        .startsWith("broken.xml:3: not well-formed XML");
  }

  private static QtiImport.Report inline(String xml) {
    return QtiImport.item("x.xml", xml.getBytes(StandardCharsets.UTF_8), "s1");
  }

  private static String mappedChoice(String choiceAttributes, String mapping) {
    return """
        <assessmentItem identifier="m" title="m" adaptive="false" timeDependent="false">
          <responseDeclaration identifier="RESPONSE" cardinality="multiple" baseType="identifier">
            <mapping defaultValue="0" %s</mapping>
          </responseDeclaration>
          <itemBody><choiceInteraction responseIdentifier="RESPONSE" %s>
            <simpleChoice identifier="A">a</simpleChoice><simpleChoice identifier="B">b</simpleChoice>
            <simpleChoice identifier="C">c</simpleChoice><simpleChoice identifier="D">d</simpleChoice>
          </choiceInteraction></itemBody>
          <responseProcessing
              template="http://www.imsglobal.org/question/qti_v2p1/rptemplates/map_response"/>
        </assessmentItem>
        """
        .formatted(mapping, choiceAttributes);
  }

  @Test
  void shouldRefuseMappingsTheEngineCouldNotHoldToQtisLimitsAndBoundTheMaximumByWhatIsReachable() {
    String twoOfFour =
        mappedChoice(
            "maxChoices=\"2\"",
            ">"
                + "<mapEntry mapKey=\"A\" mappedValue=\"1\"/><mapEntry mapKey=\"C\" mappedValue=\"1\"/>");
    // QTI lets a candidate choose two; the engine cannot stop four, which would earn full marks
    assertThat(inline(twoOfFour).refused().getFirst().reason())
        .startsWith("map_response with maxChoices 2 of 4 choices is not supported");
    String mixed =
        mappedChoice(
            "maxChoices=\"0\"",
            ">"
                + "<mapEntry mapKey=\"A\" mappedValue=\"1\" caseSensitive=\"true\"/>"
                + "<mapEntry mapKey=\"C\" mappedValue=\"1\" caseSensitive=\"false\"/>");
    assertThat(inline(mixed).refused().getFirst().reason())
        .isEqualTo("the mapping mixes case-sensitive and case-insensitive entries");
    // an upper bound above what any answer reaches is not the item's maximum
    String highBound =
        mappedChoice(
            "maxChoices=\"0\"",
            "upperBound=\"5\">"
                + "<mapEntry mapKey=\"A\" mappedValue=\"1\"/><mapEntry mapKey=\"C\" mappedValue=\"1\"/>");
    QtiImport.Report bounded = inline(highBound);
    assertThat(bounded.refused()).isEmpty();
    ItemDefinition item = bounded.items().getFirst();
    assertThat(item.maxScore()).isEqualTo(2.0);
    assertThat(score(item, "A", "C")).isEqualTo(2.0);
    // a deeply nested file is refused with its line, never a stack overflow
    String deep =
        "<assessmentItem identifier=\"d\"><itemBody>\n"
            + "<div>".repeat(200)
            + "</div>".repeat(200)
            + "</itemBody></assessmentItem>";
    assertThat(inline(deep).refused().getFirst().toString())
        .startsWith("x.xml:2: more than 50000 elements or deeper than 64");
  }

  @Test
  void shouldRefuseASecondItemWithAnIdentifierThePackageImportedAlready() throws IOException {
    byte[] inlineChoice = Files.readAllBytes(SAMPLES.resolve("inline_choice.xml"));
    QtiImport.Report report =
        QtiImport.contentPackage(zip(Map.of("a.xml", inlineChoice, "b.xml", inlineChoice)), "s1");
    assertThat(report.items()).hasSize(1);
    assertThat(report.refused())
        .extracting(Object::toString)
        .containsExactly("b.xml:1: identifier inlineChoice was imported already from a.xml");
  }

  private static String refusal(String file) throws IOException {
    QtiImport.Report report = QtiImport.item(file, Files.readAllBytes(SAMPLES.resolve(file)), "s1");
    assertThat(report.items()).isEmpty();
    return report.refused().getFirst().toString();
  }

  /** A QTI 3.0 item written from the specification: a choice, map_response. */
  private static final String QTI3 =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0"
          identifier="capital" title="Capital" adaptive="false" time-dependent="false">
        <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier">
          <qti-correct-response><qti-value>B</qti-value></qti-correct-response>
          <qti-mapping default-value="0">
            <qti-map-entry map-key="B" mapped-value="2"/>
            <qti-map-entry map-key="C" mapped-value="1"/>
          </qti-mapping>
        </qti-response-declaration>
        <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float"/>
        <qti-item-body>
          <qti-choice-interaction response-identifier="RESPONSE" max-choices="1">
            <qti-prompt>Кыргызстандын борбору кайсы?</qti-prompt>
            <qti-simple-choice identifier="A">Ош</qti-simple-choice>
            <qti-simple-choice identifier="B">Бишкек</qti-simple-choice>
            <qti-simple-choice identifier="C">Бишкек шаарынын чети</qti-simple-choice>
          </qti-choice-interaction>
        </qti-item-body>
        <qti-response-processing
            template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/map_response.xml"/>
      </qti-assessment-item>
      """;

  @Test
  void shouldImportAQti3ItemAsIts2xCounterpart() {
    QtiImport.Report report =
        QtiImport.item("capital.xml", QTI3.strip().getBytes(StandardCharsets.UTF_8), "s1");
    assertThat(report.refused()).isEmpty();
    ItemDefinition item = report.items().getFirst();
    assertThat(item.itemId()).isEqualTo("capital");
    assertThat(item.prompt()).isEqualTo("Кыргызстандын борбору кайсы?");
    assertThat(item.maxScore()).isEqualTo(2.0);
    assertThat(score(item, "B")).isEqualTo(2.0);
    assertThat(score(item, "C")).isEqualTo(1.0);
    assertThat(score(item, "A")).isEqualTo(0.0);
  }

  @Test
  void shouldImportAPackagesListedItemsAndReportEachRefusalOnItsOwn() throws IOException {
    String manifest =
        """
        <manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" identifier="pkg">
          <resources>
            <resource identifier="r1" type="imsqti_item_xmlv2p1" href="items/inline.xml"/>
            <resource identifier="r2" type="imsqti_item_xmlv2p1" href="items/hotspot.xml"/>
            <resource identifier="r3" type="imsqti_item_xmlv3p0" href="items/capital.xml"/>
            <resource identifier="r4" type="imsqti_item_xmlv2p1" href="items/missing.xml"/>
            <resource identifier="r5" type="webcontent" href="images/logo.png"/>
          </resources>
        </manifest>
        """;
    byte[] zip =
        zip(
            Map.of(
                "imsmanifest.xml", manifest.getBytes(StandardCharsets.UTF_8),
                "items/inline.xml", Files.readAllBytes(SAMPLES.resolve("inline_choice.xml")),
                "items/hotspot.xml", Files.readAllBytes(SAMPLES.resolve("hotspot.xml")),
                "items/capital.xml", QTI3.strip().getBytes(StandardCharsets.UTF_8),
                "images/logo.png", new byte[] {1, 2, 3}));

    QtiImport.Report report = QtiImport.contentPackage(zip, "s1");

    assertThat(report.items())
        .extracting(ItemDefinition::itemId)
        .containsExactly("inlineChoice", "capital");
    assertThat(report.refused())
        .extracting(Object::toString)
        .containsExactly(
            "items/hotspot.xml:15: hotspotInteraction is not supported",
            "imsmanifest.xml:0: lists items/missing.xml, not in the package");
  }

  /** A QTI 3.0 choice whose prompt holds {@code media}, in a package at {@code items/}. */
  private static byte[] withMedia(String id, String media) {
    return ("""
        <qti-assessment-item xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" identifier="%s"
            title="t" adaptive="false" time-dependent="false">
          <qti-response-declaration identifier="RESPONSE" cardinality="single"
              base-type="identifier">
            <qti-correct-response><qti-value>A</qti-value></qti-correct-response>
          </qti-response-declaration>
          <qti-item-body>
            <qti-choice-interaction response-identifier="RESPONSE" max-choices="1">
              <qti-prompt>Listen: %s</qti-prompt>
              <qti-simple-choice identifier="A">yes</qti-simple-choice>
              <qti-simple-choice identifier="B">no</qti-simple-choice>
            </qti-choice-interaction>
          </qti-item-body>
          <qti-response-processing template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"/>
        </qti-assessment-item>
        """)
        .formatted(id, media)
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldImportThePicturesAndAudioOfAPackagesItemsNamedByTheirHashWhereTheyStand()
      throws IOException {
    byte[] sign = Files.readAllBytes(SAMPLES.resolve("images/sign.png"));
    byte[] postcard = Files.readAllBytes(SAMPLES.resolve("images/postcard.png"));
    byte[] mp3 = {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0, 1, 2, 3};
    Map<String, byte[]> files = new java.util.HashMap<>();
    files.put("choice.xml", Files.readAllBytes(SAMPLES.resolve("choice.xml")));
    files.put("extended_text.xml", Files.readAllBytes(SAMPLES.resolve("extended_text.xml")));
    files.put("images/sign.png", sign);
    files.put("images/postcard.png", postcard);
    files.put("items/audio.xml", withMedia("audio", "<audio src=\"../sound/q%201.mp3\"/>"));
    files.put("sound/q 1.mp3", mp3);
    files.put("items/missing.xml", withMedia("missing", "<img src=\"gone.png\" alt=\"x\"/>"));
    files.put("items/web.xml", withMedia("web", "<img src=\"https://x.org/a.png\" alt=\"x\"/>"));
    files.put("items/svg.xml", withMedia("svg", "<img src=\"a.svg\" alt=\"x\"/>"));
    files.put("items/a.svg", "<svg/>".getBytes(StandardCharsets.UTF_8));
    files.put("items/fake.xml", withMedia("fake", "<img src=\"fake.png\" alt=\"x\"/>"));
    files.put("items/fake.png", new byte[] {1, 2, 3});
    files.put("items/escape.xml", withMedia("escape", "<img src=\"../../a.png\" alt=\"x\"/>"));
    files.put(
        "items/math.xml",
        withMedia("math", "<math xmlns=\"http://www.w3.org/1998/Math/MathML\"><mi>x</mi></math>"));

    QtiImport.Report report = QtiImport.contentPackage(zip(files), "s1");

    String signHash = kg.exam.command.bank.BankMedia.sha256(sign);
    String postcardHash = kg.exam.command.bank.BankMedia.sha256(postcard);
    String mp3Hash = kg.exam.command.bank.BankMedia.sha256(mp3);
    Map<String, ItemDefinition> items = new java.util.HashMap<>();
    report.items().forEach(i -> items.put(i.itemId(), i));
    assertThat(items).containsOnlyKeys("choice", "extendedText", "audio");
    assertThat(items.get("choice").prompt())
        .isEqualTo(
            "Look at the text in the picture. ![NEVER LEAVE LUGGAGE UNATTENDED](media:"
                + signHash
                + ") What does it say?");
    assertThat(items.get("extendedText").prompt())
        .startsWith(
            "Read this postcard from your English pen-friend, Sam. ![Here is a postcard of my"
                + " town.")
        .contains("Sam.](media:" + postcardHash + ") Write Sam a postcard.");
    assertThat(items.get("audio").prompt()).isEqualTo("Listen: ![](media:" + mp3Hash + ")");
    assertThat(report.media()).containsOnlyKeys(signHash, postcardHash, mp3Hash);
    assertThat(report.media().get(signHash).mediaType()).isEqualTo("image/png");
    assertThat(report.media().get(signHash).bytes()).isEqualTo(sign);
    assertThat(report.media().get(mp3Hash).mediaType()).isEqualTo("audio/mpeg");
    assertThat(report.media().get(mp3Hash).file()).isEqualTo("sound/q 1.mp3");
    assertThat(PromptMedia.hashes(items.get("choice"))).containsExactly(signHash);
    assertThat(report.refused())
        .extracting(Object::toString)
        .containsExactlyInAnyOrder(
            "items/missing.xml:9: img gone.png is not in the package",
            "items/web.xml:9: img https://x.org/a.png is not in the package (web media are"
                + " not kept)",
            "items/svg.xml:9: items/a.svg is not an image or audio type the bank keeps ("
                + "[gif, jpeg, jpg, mp3, oga, ogg, png, wav, webp])",
            "items/fake.xml:9: items/fake.png is not image/png (its bytes differ)",
            "items/escape.xml:9: img ../../a.png is not in the package",
            "items/math.xml:9: math is not supported (the bank keeps images and audio only)");
  }

  @Test
  void shouldArrangeTheItemsByThePackagesTestAndNoteWhatOfItIsNotKept() throws IOException {
    String test =
        """
        <assessmentTest xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="t"
            title="Practice">
          <timeLimits maxTime="1800"/>
          <testPart identifier="p1" navigationMode="linear" submissionMode="individual">
            <assessmentSection identifier="outer" title="Outer" visible="true">
              <selection select="2"/>
              <ordering shuffle="true"/>
              <assessmentSection identifier="A" title="Part A" visible="true">
                <assessmentItemRef identifier="r1" href="../items/inline.xml">
                  <weight identifier="W" value="2"/>
                </assessmentItemRef>
              </assessmentSection>
              <assessmentItemRef identifier="r2" href="../items/capital.xml"/>
              <assessmentItemRef identifier="r3" href="../items/hotspot.xml"/>
            </assessmentSection>
          </testPart>
        </assessmentTest>
        """;
    byte[] zip =
        zip(
            Map.of(
                "tests/test.xml", test.getBytes(StandardCharsets.UTF_8),
                "items/inline.xml", Files.readAllBytes(SAMPLES.resolve("inline_choice.xml")),
                "items/hotspot.xml", Files.readAllBytes(SAMPLES.resolve("hotspot.xml")),
                "items/capital.xml", QTI3.strip().getBytes(StandardCharsets.UTF_8)));

    QtiImport.Report report = QtiImport.contentPackage(zip, "s1");

    assertThat(report.items())
        .extracting(ItemDefinition::itemId, ItemDefinition::sectionId, ItemDefinition::weight)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("capital", "outer", 1.0),
            org.assertj.core.groups.Tuple.tuple("inlineChoice", "A", 2.0));
    QtiImport.Test read = report.tests().getFirst();
    assertThat(read.maxTimeSeconds()).isEqualTo(1800);
    assertThat(read.sections())
        .extracting(QtiImport.Section::sectionId)
        .containsExactly("A", "outer");
    assertThat(read.notes())
        .containsExactly(
            "linear navigation is not kept: candidates move freely between items",
            "random selection is not kept: every item is imported",
            "shuffling is not kept: items stay in the test's order",
            "assessmentItemRef r3 (../items/hotspot.xml) names no imported item");
    assertThat(report.refused())
        .extracting(Object::toString)
        .containsExactly("items/hotspot.xml:15: hotspotInteraction is not supported");
  }

  private static byte[] zip(Map<String, byte[]> files) throws IOException {
    return Zips.zip(files);
  }
}
