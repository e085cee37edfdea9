package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kg.exam.command.bank.BankMedia;
import kg.exam.command.exam.QtiImport;
import kg.exam.command.security.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Pictures and audio in items: a QTI package's picture comes into the bank by its hash and goes out
 * again in the bank's own package; an exam may show only media the bank holds; its candidate (and
 * nobody else's) reads the pictures of their paper once the sitting has started; markers read them
 * by hash; bytes changed in the database are never served.
 */
class ExamMediaApiTest extends ApiTestBase {
  private static final Path SAMPLES = Path.of("src/test/resources/qti/ims-qti-2.1");

  @BeforeEach
  void staffAndFramework() throws Exception {
    for (String[] a :
        new String[][] {
          {"writer-1", "ITEM_WRITER"}, {"reviewer-1", "REVIEWER"}, {"marker-a1", "MARKER"}
        }) {
      if (!staffAccounts.exists(a[0])) {
        staffAccounts.create(
            a[0],
            STAFF_PASSWORD,
            Role.valueOf(a[1]),
            a[1].equals("MARKER") ? CENTRE_A : null,
            null);
      }
    }
    if (api.get("/api/bank/frameworks/kg-ict-teachers", admin()).status() == 404) {
      Api.Response published =
          api.postRaw(
              "/api/bank/frameworks/kg-ict-teachers",
              admin(),
              Files.readString(Path.of("src/main/resources/frameworks/kg-ict-teachers.json")));
      assertThat(published.status()).as(published.body().toString()).isEqualTo(201);
    }
  }

  private HttpResponse<byte[]> raw(String path, String authorization) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", authorization)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }

  private static byte[] zip(Map<String, byte[]> files) throws Exception {
    return kg.exam.command.exam.Zips.zip(files);
  }

  private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
    return kg.exam.command.exam.Zips.unzip(zip);
  }

  @Test
  void shouldImportAPackagesPictureIntoTheBankByItsHashAndExportItInTheItemsPackage()
      throws Exception {
    byte[] sign = Files.readAllBytes(SAMPLES.resolve("images/sign.png"));
    String sha = BankMedia.sha256(sign);
    String prefix = unique("p").replace("-", "") + "-";
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("choice.xml", Files.readAllBytes(SAMPLES.resolve("choice.xml")));
    files.put("images/sign.png", sign);
    String query =
        "?subject=ENG&grade=9&language=en&competency=kg-ict-teachers:2.2.1.a&prefix=" + prefix;

    Api.Response imported =
        api.postBytes("/api/bank/qti" + query, staff("writer-1"), "application/zip", zip(files));

    assertThat(imported.status()).as(imported.body().toString()).isEqualTo(201);
    assertThat(imported.body().get("refused").size()).as(imported.body().toString()).isZero();
    String itemId = prefix + "choice";
    JsonNode preview =
        api.get("/api/bank/items/" + itemId + "/versions/1/preview", staff("reviewer-1")).body();
    assertThat(preview.get("prompt").asString())
        .contains("![NEVER LEAVE LUGGAGE UNATTENDED](media:" + sha + ")");
    assertThat(preview.get("media").get(0).asString()).isEqualTo(sha);
    HttpResponse<byte[]> picture = raw("/api/bank/media/" + sha, staff("reviewer-1"));
    assertThat(picture.statusCode()).isEqualTo(200);
    assertThat(picture.body()).isEqualTo(sign);

    for (String version : List.of("2.1", "3.0")) {
      HttpResponse<byte[]> exported =
          raw("/api/bank/items/" + itemId + "/versions/1/qti-package?qti=" + version, admin());
      assertThat(exported.statusCode()).as(new String(exported.body())).isEqualTo(200);
      Map<String, byte[]> out = unzip(exported.body());
      assertThat(out.get("media/" + sha + ".png")).isEqualTo(sign);
      QtiImport.Report back = QtiImport.contentPackage(exported.body(), "s1");
      assertThat(back.refused()).isEmpty();
      assertThat(back.items().getFirst().prompt()).isEqualTo(preview.get("prompt").asString());
    }
  }

  /** The demo exam with {@code prompt} appended to item {@code itemId}'s prompt. */
  private static kg.exam.contract.exam.ExamContent demoShowing(String itemId, String prompt) {
    kg.exam.contract.exam.ExamContent demo = kg.exam.command.demo.DemoExam.content();
    return new kg.exam.contract.exam.ExamContent(
        demo.title(),
        demo.subject(),
        demo.grade(),
        demo.language(),
        demo.durationMinutes(),
        demo.sections(),
        demo.items().stream()
            .map(
                i ->
                    !i.itemId().equals(itemId)
                        ? i
                        : new kg.exam.contract.exam.ItemDefinition(
                            i.itemId(),
                            i.sectionId(),
                            i.type(),
                            i.maxScore(),
                            i.weight(),
                            i.prompt() + " " + prompt,
                            i.choices(),
                            i.targets(),
                            i.key()))
            .toList(),
        demo.scoring(),
        demo.translations());
  }

  @Test
  void shouldShowAMarkerThePicturesOfTheTaskOfAScriptTheyHoldOnly() throws Exception {
    String sha = storedPicture();
    String sessionId =
        openSession(publishedExam(demoShowing("q9", "![a sign](media:" + sha + ")")));
    Candidate c = startedCandidate(sessionId);
    assertThat(api.post(c.sitting() + "/answers", c.auth(), answer("q9", 1, "An essay.")).status())
        .isEqualTo(200);
    assertThat(api.post(c.sitting() + "/submit", c.auth(), null).status()).isEqualTo(200);
    String scriptId = awaitScript(sessionId);
    String path = "/api/marking/scripts/" + scriptId + "/media/" + sha;
    assertThat(raw(path, staff("marker-a1")).statusCode()).isEqualTo(409); // not allocated yet
    Api.Response taken =
        api.post(
            "/api/sessions/" + sessionId + "/marking/allocations",
            staff("marker-a1"),
            Map.of("count", 1));
    assertThat(taken.status()).as(taken.body().toString()).isEqualTo(200);

    HttpResponse<byte[]> shown = raw(path, staff("marker-a1"));

    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(shown.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(shown.body()).isEqualTo(Files.readAllBytes(SAMPLES.resolve("images/sign.png")));
    assertThat(
            raw(
                    "/api/marking/scripts/" + scriptId + "/media/" + "ab".repeat(32),
                    staff("marker-a1"))
                .statusCode())
        .isEqualTo(404);
    // the bank's own route is for the bank's readers, not for markers
    assertThat(raw("/api/bank/media/" + sha, staff("marker-a1")).statusCode()).isEqualTo(403);
  }

  @Test
  void shouldShowACandidateTheMediaOfTheirLanguagesPaperAndRefuseMediaOnMatchingTargets()
      throws Exception {
    String sha = storedPicture();
    String examId = publishedExamShowing(sha);
    JsonNode content =
        api.get("/api/exams/" + examId + "/versions/1", admin()).body().get("content");
    // a Russian version whose question shows another picture than the English one
    byte[] postcard = Files.readAllBytes(SAMPLES.resolve("images/postcard.png"));
    String ruSha =
        api.postBytes("/api/bank/media", admin(), "image/png", postcard)
            .body()
            .get("sha256")
            .asString();
    String translated =
        content
            .toString()
            .replaceFirst(
                "\"translations\":\\[\\]",
                "\"translations\":[{\"language\":\"ru\",\"title\":\"Знаки\",\"items\":[{\"itemId\":\"q1\","
                    + "\"prompt\":\"Что на знаке? ![знак](media:"
                    + ruSha
                    + ")\",\"choices\":[{\"id\":\"A\",\"text\":\"Не оставлять багаж\"},"
                    + "{\"id\":\"B\",\"text\":\"Бежать\"}]}]}]");
    assertThat(translated).contains(ruSha);
    String bilingual = unique("bilingual-media");
    Api.Response created =
        api.postRaw(
            "/api/exams",
            admin(),
            "{\"examId\":\"" + bilingual + "\",\"content\":" + translated + "}");
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    assertThat(api.post("/api/exams/" + bilingual + "/publish", admin(), null).status())
        .isEqualTo(201);
    String sessionId = openSession(bilingual);
    Map<String, Object> registration = registration(unique("C"), SCHOOL_A, 0);
    registration.put("instructionLanguage", "ru");
    Api.Response r =
        api.post("/api/sessions/" + sessionId + "/registrations", admin(), registration);
    Slip ru =
        new Slip(
            r.body().get("sittingId").asString(),
            (String) registration.get("candidateId"),
            r.body().get("candidateCode").asString(),
            r.body().get("pin").asString());
    String ruAuth = signIn(ru);
    assertThat(api.post("/api/sittings/" + ru.sittingId() + "/start", ruAuth, null).status())
        .isEqualTo(200);
    Candidate en = startedCandidate(sessionId); // instruction language uz: the exam's own (en)

    assertThat(raw("/api/sittings/" + ru.sittingId() + "/media/" + ruSha, ruAuth).statusCode())
        .isEqualTo(200);
    assertThat(raw("/api/sittings/" + ru.sittingId() + "/media/" + sha, ruAuth).statusCode())
        .isEqualTo(404);
    assertThat(raw(en.sitting() + "/media/" + sha, en.auth()).statusCode()).isEqualTo(200);
    assertThat(raw(en.sitting() + "/media/" + ruSha, en.auth()).statusCode()).isEqualTo(404);

    // a revision may not name media the bank lacks either
    Api.Response missing =
        api.putRaw(
            "/api/exams/" + bilingual + "/draft",
            admin(),
            translated.replace(ruSha, "cd".repeat(32)));
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.body().get("detail").asString()).contains("cd".repeat(32));
    // a matching target is picked from a list of words: it cannot show a picture
    String matching =
        content
            .toString()
            .replace("\"type\":\"SINGLE_CHOICE\"", "\"type\":\"MATCHING\"")
            .replaceFirst(
                "\"targets\":\\[\\]",
                "\"targets\":[{\"id\":\"1\",\"text\":\"![x](media:" + sha + ")\"}]");
    Api.Response refused =
        api.postRaw(
            "/api/exams",
            admin(),
            "{\"examId\":\"" + unique("m") + "\",\"content\":" + matching + "}");
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.body().get("detail").asString())
        .contains("a matching target shows no picture or sound");
  }

  @Test
  void shouldShowThePaperPicturesToItsStartedCandidateOnlyAndNeverServeAlteredBytes()
      throws Exception {
    String sha = storedPicture();
    byte[] sign = Files.readAllBytes(SAMPLES.resolve("images/sign.png"));
    // an exam may only show what the bank holds
    String other = "ab".repeat(32);
    String examId = publishedExamShowing(sha);
    String content =
        api.get("/api/exams/" + examId + "/versions/1", admin())
            .body()
            .get("content")
            .toString()
            .replace(sha, other);
    Api.Response missing =
        api.postRaw(
            "/api/exams",
            admin(),
            "{\"examId\":\"" + unique("no-media") + "\",\"content\":" + content + "}");
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.body().get("detail").asString()).contains("Media not in the bank", other);

    String sessionId = openSession(examId);
    Slip slip = register(sessionId);
    String auth = signIn(slip);
    String sitting = "/api/sittings/" + slip.sittingId();
    assertThat(raw(sitting + "/media/" + sha, auth).statusCode()).isEqualTo(409); // not started
    assertThat(api.post(sitting + "/start", auth, null).status()).isEqualTo(200);
    assertThat(api.get(sitting + "/paper", auth).body().at("/items/0/prompt").asString())
        .isEqualTo("What does the sign say? ![a sign](media:" + sha + ")");

    HttpResponse<byte[]> shown = raw(sitting + "/media/" + sha, auth);

    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(shown.headers().firstValue("Content-Type")).hasValue("image/png");
    assertThat(shown.body()).isEqualTo(sign);
    // a medium the paper does not show, even one the bank holds, is not the candidate's to read
    byte[] postcard = Files.readAllBytes(SAMPLES.resolve("images/postcard.png"));
    String postcardSha =
        api.postBytes("/api/bank/media", admin(), "image/png", postcard)
            .body()
            .get("sha256")
            .asString();
    assertThat(raw(sitting + "/media/" + postcardSha, auth).statusCode()).isEqualTo(404);
    assertThat(raw(sitting + "/media/not-a-hash", auth).statusCode()).isEqualTo(404);
    Slip neighbour = register(sessionId);
    assertThat(raw(sitting + "/media/" + sha, signIn(neighbour)).statusCode()).isEqualTo(403);
    assertThat(raw(sitting + "/media/" + sha, staff("school-a")).statusCode()).isEqualTo(403);

    // bytes changed in the database no longer have the hash the signed exam names
    byte[] altered = sign.clone();
    altered[altered.length - 1] ^= 1;
    jdbc.update("UPDATE bank_media SET bytes = ? WHERE sha256 = ?", altered, sha);
    try {
      HttpResponse<byte[]> refusedBytes = raw(sitting + "/media/" + sha, auth);
      assertThat(refusedBytes.statusCode()).isEqualTo(409);
      assertThat(new String(refusedBytes.body(), StandardCharsets.UTF_8))
          .contains("urn:kg-exam:problem:medium-altered");
      assertThat(raw("/api/bank/media/" + sha, admin()).statusCode()).isEqualTo(409);
    } finally {
      jdbc.update("UPDATE bank_media SET bytes = ? WHERE sha256 = ?", sign, sha);
    }
    assertThat(raw(sitting + "/media/" + sha, auth).body()).isEqualTo(sign);
  }
}
