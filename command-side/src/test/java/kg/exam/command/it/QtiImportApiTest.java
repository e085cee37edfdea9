package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/qti/items} over HTTP: a content package of IMS examples becomes item definitions
 * that an exam then takes as they are, with the item it cannot represent refused by file and line;
 * bytes that are no package are one problem; only a centre administrator may import.
 */
class QtiImportApiTest extends ApiTestBase {
  private static final Path SAMPLES = Path.of("src/test/resources/qti/ims-qti-2.1");

  @Test
  void shouldImportAPackageIntoItemsAnExamAcceptsAndReportTheRefusedItem() throws IOException {
    String manifest =
        """
        <manifest identifier="pkg"><resources>
          <resource identifier="a" type="imsqti_item_xmlv2p1" href="inline_choice.xml"/>
          <resource identifier="b" type="imsqti_item_xmlv2p1" href="text_entry.xml"/>
          <resource identifier="c" type="imsqti_item_xmlv2p1" href="hotspot.xml"/>
        </resources></manifest>
        """;
    byte[] zip =
        zip(
            Map.of(
                "imsmanifest.xml", manifest.getBytes(StandardCharsets.UTF_8),
                "inline_choice.xml", Files.readAllBytes(SAMPLES.resolve("inline_choice.xml")),
                "text_entry.xml", Files.readAllBytes(SAMPLES.resolve("text_entry.xml")),
                "hotspot.xml", Files.readAllBytes(SAMPLES.resolve("hotspot.xml"))));

    Api.Response imported = api.postBytes("/api/qti/items", admin(), "application/zip", zip);

    assertThat(imported.status()).as(imported.body().toString()).isEqualTo(200);
    assertThat(imported.body().get("items").size()).isEqualTo(2);
    assertThat(imported.body().at("/refused/0/file").asString()).isEqualTo("hotspot.xml");
    assertThat(imported.body().at("/refused/0/line").asInt()).isEqualTo(15);
    assertThat(imported.body().at("/refused/0/reason").asString())
        .isEqualTo("hotspotInteraction is not supported");
    // the imported items are an exam's content as they are
    JsonNode items = imported.body().get("items");
    Map<String, Object> content =
        Map.of(
            "title",
            "Imported",
            "subject",
            "ENG",
            "grade",
            9,
            "language",
            "en",
            "durationMinutes",
            20,
            "sections",
            List.of(Map.of("sectionId", "s1", "title", "QTI")),
            "items",
            items,
            "scoring",
            Map.of("passPercent", 50, "gradeBoundaries", List.of()));
    Api.Response exam =
        api.post("/api/exams", admin(), Map.of("examId", unique("qti"), "content", content));
    assertThat(exam.status()).as(exam.body().toString()).isEqualTo(201);
  }

  @Test
  void shouldRefuseBytesThatAreNoPackageAsOneProblemAndOtherRolesAsForbidden() {
    Api.Response junk =
        api.postBytes(
            "/api/qti/items",
            admin(),
            "application/zip",
            "not a zip".getBytes(StandardCharsets.UTF_8));
    assertThat(junk.status()).isEqualTo(422);
    assertThat(junk.problemType()).isEqualTo("urn:kg-exam:problem:invalid-qti");
    assertThat(junk.body().get("detail").asString()).startsWith("package.zip:0: not a ");

    Api.Response broken =
        api.postBytes(
            "/api/qti/items",
            admin(),
            "application/xml",
            "<assessmentItem".getBytes(StandardCharsets.UTF_8));
    assertThat(broken.status()).isEqualTo(200);
    assertThat(broken.body().at("/refused/0/reason").asString()).startsWith("not well-formed XML");

    Api.Response school =
        api.postBytes("/api/qti/items", staff("school-a"), "application/xml", new byte[] {'<'});
    assertThat(school.status()).isEqualTo(403);
  }

  private static byte[] zip(Map<String, byte[]> files) throws IOException {
    return kg.exam.command.exam.Zips.zip(files);
  }
}
