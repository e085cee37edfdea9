package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kg.exam.command.security.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The item bank over HTTP: frameworks as data, an item written in Kyrgyz with its Russian version,
 * reviewed and approved by another person, found by competency, taken into a Russian exam whose
 * sittings count as the item's exposure and whose calibration becomes its parameters; QTI packages
 * into the bank with a per-item report; media by hash; and who may do what.
 */
class BankApiTest extends ApiTestBase {
  private static final Path SAMPLES = Path.of("src/test/resources/qti/ims-qti-2.1");
  private static final String FRAMEWORK = "kg-ict-teachers";

  @BeforeEach
  void bankStaffAndFramework() throws IOException {
    for (String[] a :
        new String[][] {
          {"writer-1", "ITEM_WRITER"},
          {"writer-2", "ITEM_WRITER"},
          {"writer-3", "ITEM_WRITER"},
          {"reviewer-1", "REVIEWER"}
        }) {
      if (!staffAccounts.exists(a[0])) {
        staffAccounts.create(a[0], STAFF_PASSWORD, Role.valueOf(a[1]), null, null);
      }
    }
    if (api.get("/api/bank/frameworks/" + FRAMEWORK, admin()).status() == 404) {
      Api.Response published =
          api.postRaw(
              "/api/bank/frameworks/" + FRAMEWORK,
              admin(),
              Files.readString(Path.of("src/main/resources/frameworks/" + FRAMEWORK + ".json")));
      assertThat(published.status()).as(published.body().toString()).isEqualTo(201);
    }
  }

  @Test
  void shouldTakeAnItemFromDraftToApprovalAndIntoARussianExamWhoseSittingsAndCalibrationItKeeps() {
    String itemId = unique("ict");
    Api.Response unknownCode =
        api.post(
            "/api/bank/items",
            staff("writer-1"),
            Map.of("itemId", itemId, "content", content("9.9.9.z", "B")));
    assertThat(unknownCode.status()).isEqualTo(422);
    assertThat(unknownCode.problemType()).isEqualTo("urn:kg-exam:problem:invalid-bank-item");
    assertThat(unknownCode.body().get("detail").asString())
        .contains("competency codes not in any framework: [kg-ict-teachers:9.9.9.z]");

    Api.Response created =
        api.post(
            "/api/bank/items",
            staff("writer-1"),
            Map.of("itemId", itemId, "content", content("2.2.3.a", "B")));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);

    // four eyes: a reviewer returns it, another writer revises, and a revision based on the version
    // before the latest is refused
    assertThat(
            api.post(
                    "/api/bank/items/" + itemId + "/versions/1/review",
                    staff("reviewer-1"),
                    Map.of("accepted", false, "comment", "Choice A is also defensible"))
                .status())
        .isEqualTo(204);
    Api.Response revised =
        api.post(
            "/api/bank/items/" + itemId + "/versions",
            staff("writer-2"),
            Map.of("basedOn", 1, "content", content("2.2.3.a", "B")));
    assertThat(revised.status()).as(revised.body().toString()).isEqualTo(201);
    assertThat(revised.body().get("version").asInt()).isEqualTo(2);
    Api.Response stale =
        api.post(
            "/api/bank/items/" + itemId + "/versions",
            staff("writer-1"),
            Map.of("basedOn", 1, "content", content("2.2.3.a", "A")));
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.problemType()).isEqualTo("urn:kg-exam:problem:bank-item-changed");
    Api.Response draftApproval =
        api.post("/api/bank/items/" + itemId + "/versions/2/approve", staff("reviewer-1"), null);
    assertThat(draftApproval.status()).isEqualTo(409);
    assertThat(draftApproval.problemType()).isEqualTo("urn:kg-exam:problem:bank-item-status");
    assertThat(
            api.post(
                    "/api/bank/items/" + itemId + "/versions/2/review",
                    staff("reviewer-1"),
                    Map.of("accepted", true))
                .status())
        .isEqualTo(204);
    assertThat(
            api.post("/api/bank/items/" + itemId + "/versions/2/approve", staff("reviewer-1"), null)
                .status())
        .isEqualTo(204);

    // found by a competency above its code, by language and by words of its prompt
    JsonNode page =
        api.get(
                "/api/bank/items?competency=kg-ict-teachers:2.2&status=APPROVED&language=ru&text="
                    + "%D0%B1%D0%B0%D0%B0%D0%BB%D0%BE%D0%BE&limit=200",
                staff("auditor"))
            .body();
    assertThat(ids(page)).contains(itemId);
    assertThat(
            ids(
                api.get("/api/bank/items?competency=kg-ict-teachers:2.1&limit=200", admin())
                    .body()))
        .doesNotContain(itemId);

    // the candidate's preview in Russian has no key
    Api.Response preview =
        api.get(
            "/api/bank/items/" + itemId + "/versions/2/preview?language=ru", staff("reviewer-1"));
    assertThat(preview.status()).isEqualTo(200);
    assertThat(preview.body().get("prompt").asString()).startsWith("Какой инструмент");
    assertThat(preview.body().has("key")).isFalse();

    // taken into a Russian exam, published and sat once
    Api.Response taken =
        api.post(
            "/api/bank/exam-items",
            admin(),
            Map.of("language", "ru", "sectionId", "s1", "items", List.of(itemId)));
    assertThat(taken.status()).as(taken.body().toString()).isEqualTo(200);
    assertThat(taken.body().at("/versions/" + itemId).asInt()).isEqualTo(2);
    String examId = publishedExamOf(taken.body().get("items"));
    String sessionId = openSession(examId);
    startedCandidate(sessionId);
    register(sessionId); // registered but never started: not exposure

    JsonNode item = api.get("/api/bank/items/" + itemId, admin()).body();
    assertThat(item.at("/item/status").asString()).isEqualTo("APPROVED");
    assertThat(item.at("/item/approvedVersion").asInt()).isEqualTo(2);
    assertThat(item.at("/item/languages").toString()).isEqualTo("[\"ky\",\"ru\"]");
    assertThat(item.at("/uses/0/examId").asString()).isEqualTo(examId);
    assertThat(item.at("/uses/0/itemVersion").asInt()).isEqualTo(2);
    assertThat(item.at("/uses/0/language").asString()).isEqualTo("ru");
    assertThat(item.at("/item/exposure/examVersions").asInt()).isEqualTo(1);
    assertThat(item.at("/item/exposure/sessions").asInt()).isEqualTo(1);
    assertThat(item.at("/item/exposure/sittings").asLong()).isEqualTo(1);
    assertThat(item.at("/versions/0/writtenBy").asString()).isEqualTo("writer-1");
    assertThat(item.at("/versions/1/approvedBy").asString()).isEqualTo("reviewer-1");

    // an item writer reads the keys of items they wrote, and not which exams hold them
    assertThat(api.get("/api/bank/items/" + itemId + "/versions/2", staff("writer-2")).status())
        .isEqualTo(200);
    assertThat(api.get("/api/bank/items/" + itemId, staff("writer-2")).body().get("uses").size())
        .isZero();
    assertThat(api.get("/api/bank/items/" + itemId + "/versions/2", staff("writer-3")).status())
        .isEqualTo(403);
    assertThat(api.get("/api/bank/items/" + itemId + "/history", staff("writer-3")).status())
        .isEqualTo(403);
    assertThat(
            api.get("/api/bank/items/" + itemId + "/versions/2/preview", staff("writer-3"))
                .status())
        .isEqualTo(200);

    // the immutable history: every event in order, the return with its comment
    JsonNode history = api.get("/api/bank/items/" + itemId + "/history", staff("auditor")).body();
    List<String> types = new java.util.ArrayList<>();
    history.forEach(e -> types.add(e.get("type").asString()));
    assertThat(types.stream().filter(t -> !t.equals("StreamHeadSigned")).toList())
        .containsExactly(
            "BankItemCreated",
            "BankItemReviewed",
            "BankItemRevised",
            "BankItemReviewed",
            "BankItemApproved");
    assertThat(history.toString()).contains("Choice A is also defensible");

    // retired: no new exam takes it
    assertThat(
            api.post(
                    "/api/bank/items/" + itemId + "/retire",
                    staff("reviewer-1"),
                    Map.of("reason", "Exposed"))
                .status())
        .isEqualTo(204);
    Api.Response retired =
        api.post(
            "/api/bank/exam-items",
            admin(),
            Map.of("language", "ru", "sectionId", "s1", "items", List.of(itemId)));
    assertThat(retired.status()).isEqualTo(422);
    assertThat(retired.body().get("detail").asString()).contains(itemId + ": retired");
  }

  @Test
  void shouldRefuseEnemiesOnOneFormAndAnItemWithoutTheLanguage() {
    String a = approved(unique("ict"), List.of());
    String b = approved(unique("ict"), List.of(a));
    Api.Response enemies =
        api.post(
            "/api/bank/exam-items",
            admin(),
            Map.of("language", "ky", "sectionId", "s1", "items", List.of(a, b)));
    assertThat(enemies.status()).isEqualTo(422);
    assertThat(enemies.body().get("detail").asString()).contains("are enemies");
    Api.Response uzbek =
        api.post(
            "/api/bank/exam-items",
            admin(),
            Map.of("language", "uz", "sectionId", "s1", "items", List.of(a)));
    assertThat(uzbek.status()).isEqualTo(422);
    assertThat(uzbek.body().get("detail").asString()).contains("has no uz version");
  }

  @Test
  void shouldKeepEachBankItemsParametersFromTheFinalisationOfASessionThatSatIt() {
    List<String> items = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      items.add(approved(unique("cal"), List.of()));
    }
    JsonNode taken =
        api.post(
                "/api/bank/exam-items",
                admin(),
                Map.of("language", "ru", "sectionId", "s1", "items", items))
            .body()
            .get("items");
    String examId = publishedExamOf(taken);
    String sessionId = openSession(examId);
    java.util.Random random = new java.util.Random(7);
    int candidates = 30;
    for (int c = 0; c < candidates; c++) {
      Candidate candidate = startedCandidate(sessionId);
      double theta = random.nextGaussian();
      for (int i = 0; i < items.size(); i++) {
        double b = -1 + 0.7 * i;
        boolean right = random.nextDouble() < 1 / (1 + Math.exp(-(theta - b)));
        Api.Response r =
            api.post(
                candidate.sitting() + "/answers",
                candidate.auth(),
                answer(items.get(i), i + 1, right ? "B" : "A"));
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
      }
      assertThat(api.post(candidate.sitting() + "/submit", candidate.auth(), null).status())
          .isEqualTo(200);
    }
    assertThat(
            api.post("/api/sessions/" + sessionId + "/close", admin(), Map.of("reason", "done"))
                .status())
        .isEqualTo(204);
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(60))
        .until(
            () ->
                jdbc.queryForObject(
                        "SELECT count(*) FROM sitting WHERE session_id = ? AND raw_total IS NOT NULL",
                        Integer.class,
                        sessionId)
                    == candidates);

    Api.Response finalised =
        api.post("/api/sessions/" + sessionId + "/results/finalisation", admin(), null);
    assertThat(finalised.status()).as(finalised.body().toString()).isEqualTo(201);

    JsonNode calibration = finalised.body();
    for (String itemId : items) {
      JsonNode item = api.get("/api/bank/items/" + itemId, staff("reviewer-1")).body();
      assertThat(item.at("/calibrations/0/sessionId").asString()).isEqualTo(sessionId);
      assertThat(item.at("/calibrations/0/examId").asString()).isEqualTo(examId);
      assertThat(item.at("/calibrations/0/language").asString()).isEqualTo("ru");
      assertThat(item.at("/calibrations/0/candidateCount").asInt()).isEqualTo(candidates);
      assertThat(item.at("/item/latestCalibration/sessionId").asString()).isEqualTo(sessionId);
      assertThat(item.at("/item/exposure/sittings").asLong()).isEqualTo(candidates);
      // the parameters are the session's, item by item
      double recorded = item.at("/calibrations/0/difficulty").asDouble();
      assertThat(calibration.toString()).contains("\"difficulty\":" + recorded);
    }
  }

  @Test
  void shouldExportAnItemAsQtiInEachLanguageAndAnExamAsAPackageThatImportBackAlike()
      throws Exception {
    String itemId = approved(unique("qti"), List.of());
    Map<String, String> prompts =
        Map.of(
            "ky", "Окуучулардын жетишкендиктерин тез баалоо үчүн кайсы курал ылайыктуу?",
            "ru", "Какой инструмент подходит для быстрой оценки достижений учащихся?");
    for (String language : List.of("ky", "ru")) {
      for (String version : List.of("2.1", "3.0")) {
        java.net.http.HttpResponse<byte[]> exported =
            raw(
                "/api/bank/items/"
                    + itemId
                    + "/versions/1/qti?qti="
                    + version
                    + "&language="
                    + language,
                staff("reviewer-1"));
        assertThat(exported.statusCode()).isEqualTo(200);
        Api.Response back =
            api.postBytes("/api/qti/items", admin(), "application/xml", exported.body());
        assertThat(back.body().get("refused").size()).as(back.body().toString()).isZero();
        assertThat(back.body().at("/items/0/itemId").asString()).isEqualTo(itemId);
        assertThat(back.body().at("/items/0/prompt").asString()).isEqualTo(prompts.get(language));
        assertThat(back.body().at("/items/0/key/correct/0").asString()).isEqualTo("B");
      }
    }
    // it holds the key: a writer who wrote no version of it may not export it
    assertThat(raw("/api/bank/items/" + itemId + "/versions/1/qti", staff("writer-3")).statusCode())
        .isEqualTo(403);

    JsonNode items =
        api.post(
                "/api/bank/exam-items",
                admin(),
                Map.of("language", "ru", "sectionId", "s1", "items", List.of(itemId)))
            .body()
            .get("items");
    String examId = publishedExamOf(items);
    java.net.http.HttpResponse<byte[]> zip =
        raw("/api/exams/" + examId + "/versions/1/qti?qti=2.1", staff("auditor"));
    assertThat(zip.statusCode()).isEqualTo(200);
    Api.Response imported = api.postBytes("/api/qti/items", admin(), "application/zip", zip.body());
    assertThat(imported.body().at("/items/0/prompt").asString()).isEqualTo(prompts.get("ru"));
    // the demo exam holds what the templates cannot express, each named
    String demo = publishedDemoExam();
    java.net.http.HttpResponse<byte[]> refused =
        raw("/api/exams/" + demo + "/versions/1/qti", admin());
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(new String(refused.body(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("qti-export-not-possible")
        .containsPattern("q\\d+: ");
  }

  private java.net.http.HttpResponse<byte[]> raw(String path, String authorization)
      throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + port + path))
                .header("Authorization", authorization)
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void shouldRefuseAReviewOrApprovalByWhoeverWroteTheVersion() {
    String itemId = unique("ict");
    assertThat(
            api.post(
                    "/api/bank/items",
                    admin(),
                    Map.of("itemId", itemId, "content", content("2.2.3.a", "B")))
                .status())
        .isEqualTo(201);
    Api.Response own =
        api.post(
            "/api/bank/items/" + itemId + "/versions/1/review", admin(), Map.of("accepted", true));
    assertThat(own.status()).isEqualTo(403);
    assertThat(own.problemType()).isEqualTo("urn:kg-exam:problem:own-bank-item");
  }

  @Test
  void shouldAnswerEveryMalformedParameterWithAProblemNamingIt() {
    for (String query :
        List.of(
            "status=X",
            "limit=0",
            "grade=13",
            "competency=nocolon",
            "language=xx",
            "cognitiveLevel=KNOW",
            "usable=maybe")) {
      Api.Response r = api.get("/api/bank/items?" + query, admin());
      assertThat(r.status()).as(query + ": " + r.body()).isEqualTo(400);
      assertThat(r.problemType()).isEqualTo("urn:kg-exam:problem:invalid-request");
      assertThat(r.body().get("detail").asString())
          .contains(query.substring(0, query.indexOf('=')));
    }
    assertThat(api.get("/api/bank/media/XYZ", admin()).status()).isEqualTo(400);
    assertThat(api.get("/api/bank/items/x/versions/1/preview?language=de", admin()).status())
        .isEqualTo(400);
    Api.Response missing =
        api.postBytes("/api/bank/qti?subject=ENG", admin(), "application/zip", new byte[] {1});
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body().get("detail").asString()).contains("'language' is required");
    Api.Response nul =
        api.postRaw(
            "/api/bank/frameworks/" + unique("fw"),
            admin(),
            "{\"titles\":{\"en\":\"x\"},\"source\":\"a\\u0000b\",\"nodes\":"
                + "[{\"code\":\"1\",\"kind\":\"A\",\"titles\":{\"en\":\"x\"}}]}");
    assertThat(nul.status()).isEqualTo(422);
    Map<String, Object> noPrompt = new LinkedHashMap<>(content("2.2.3.a", "B"));
    @SuppressWarnings("unchecked")
    Map<String, Object> item = new LinkedHashMap<>((Map<String, Object>) noPrompt.get("item"));
    item.remove("prompt");
    noPrompt.put("item", item);
    noPrompt.put("translations", List.of());
    Api.Response promptless =
        api.post("/api/bank/items", staff("writer-1"), Map.of("content", noPrompt));
    assertThat(promptless.status()).isEqualTo(422);
    assertThat(promptless.body().get("detail").asString()).contains("item.prompt is required");
  }

  @Test
  void shouldRefuseAnExamHoldingTwoItemsTheBankNamesEnemies() {
    String a = approved(unique("ict"), List.of());
    String b = approved(unique("ict"), List.of(a));
    JsonNode first =
        api.post(
                "/api/bank/exam-items",
                admin(),
                Map.of("language", "ru", "sectionId", "s1", "items", List.of(a)))
            .body()
            .get("items");
    JsonNode second =
        api.post(
                "/api/bank/exam-items",
                admin(),
                Map.of("language", "ru", "sectionId", "s1", "items", List.of(b)))
            .body()
            .get("items");
    List<JsonNode> both = List.of(first.get(0), second.get(0));
    Map<String, Object> content = examContent(both);
    Api.Response exam =
        api.post("/api/exams", admin(), Map.of("examId", unique("exam"), "content", content));
    assertThat(exam.status()).isEqualTo(422);
    assertThat(exam.body().get("detail").asString()).contains("as enemies");
  }

  @Test
  void shouldAssembleTwoParallelFormsToABlueprintAndMakeExamsOfThemInTwoLanguages() {
    String subject = "S" + unique("x").substring(2, 8).toUpperCase(java.util.Locale.ROOT);
    List<String> items = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      items.add(approved(unique("asm"), List.of(), subject, i % 2 == 0 ? "2.2.1.a" : "2.2.2.a"));
    }
    Map<String, Object> blueprint = new LinkedHashMap<>();
    blueprint.put("subject", subject);
    blueprint.put("languages", List.of("ky", "ru"));
    blueprint.put("forms", 2);
    blueprint.put("itemsPerForm", 2);
    blueprint.put(
        "content",
        List.of(
            Map.of("frameworkId", FRAMEWORK, "code", "2.2.1", "min", 1, "max", 1),
            Map.of("frameworkId", FRAMEWORK, "code", "2.2.2", "min", 1, "max", 1)));
    blueprint.put("timeLimitSeconds", 5);
    String assemblyId = unique("asm");

    Api.Response assembled =
        api.post(
            "/api/bank/assemblies",
            admin(),
            Map.of("assemblyId", assemblyId, "blueprint", blueprint));

    assertThat(assembled.status()).as(assembled.body().toString()).isEqualTo(201);
    assertThat(assembled.body().at("/solver/status").asString()).isIn("OPTIMAL", "FEASIBLE");
    assertThat(assembled.body().at("/solver/solver").asString()).startsWith("OR-Tools CP-SAT");
    assertThat(assembled.body().at("/solver/eligibleItems").asInt()).isEqualTo(6);
    java.util.Set<String> taken = new java.util.HashSet<>();
    for (JsonNode form : assembled.body().get("forms")) {
      assertThat(form.get("items").size()).isEqualTo(2);
      form.get("items").forEach(i -> assertThat(taken.add(i.get("itemId").asString())).isTrue());
    }
    assertThat(api.get("/api/bank/assemblies/" + assemblyId, staff("auditor")).body().toString())
        .isEqualTo(assembled.body().toString());
    assertThat(
            api.post(
                    "/api/bank/assemblies",
                    admin(),
                    Map.of("assemblyId", assemblyId, "blueprint", blueprint))
                .status())
        .isEqualTo(409);

    // form 1 in Kyrgyz and in Russian: two exams whose publication records the item's use in each
    for (String language : List.of("ky", "ru")) {
      Api.Response form =
          api.post(
              "/api/bank/assemblies/" + assemblyId + "/forms/1/exam-items",
              admin(),
              Map.of("language", language, "sectionId", "s1"));
      assertThat(form.status()).as(form.body().toString()).isEqualTo(200);
      Map<String, Object> content =
          examContent(List.of(form.body().get("items").get(0), form.body().get("items").get(1)));
      content.put("language", language);
      String examId = unique("exam");
      assertThat(
              api.post("/api/exams", admin(), Map.of("examId", examId, "content", content))
                  .status())
          .isEqualTo(201);
      assertThat(api.post("/api/exams/" + examId + "/publish", admin(), null).status())
          .isEqualTo(201);
    }
    String first = assembled.body().at("/forms/0/items/0/itemId").asString();
    JsonNode uses = api.get("/api/bank/items/" + first, admin()).body().get("uses");
    List<String> languages = new java.util.ArrayList<>();
    uses.forEach(u -> languages.add(u.get("language").asString()));
    assertThat(languages).containsExactlyInAnyOrder("ky", "ru");

    // form 2 as one exam offered in Kyrgyz and Russian: one use per language
    Api.Response both =
        api.post(
            "/api/bank/assemblies/" + assemblyId + "/forms/2/exam-items",
            admin(),
            Map.of("language", "ky", "alsoIn", List.of("ru"), "sectionId", "s1"));
    assertThat(both.status()).as(both.body().toString()).isEqualTo(200);
    assertThat(both.body().at("/translations/0/language").asString()).isEqualTo("ru");
    Map<String, Object> bilingual =
        examContent(List.of(both.body().get("items").get(0), both.body().get("items").get(1)));
    bilingual.put("language", "ky");
    bilingual.put("translations", both.body().get("translations"));
    String bilingualExam = unique("exam");
    Api.Response bilingualCreated =
        api.post("/api/exams", admin(), Map.of("examId", bilingualExam, "content", bilingual));
    assertThat(bilingualCreated.status()).as(bilingualCreated.body().toString()).isEqualTo(201);
    assertThat(api.post("/api/exams/" + bilingualExam + "/publish", admin(), null).status())
        .isEqualTo(201);
    String second = assembled.body().at("/forms/1/items/0/itemId").asString();
    List<String> secondLanguages = new java.util.ArrayList<>();
    api.get("/api/bank/items/" + second, admin())
        .body()
        .get("uses")
        .forEach(
            u ->
                secondLanguages.add(
                    u.get("examId").asString() + ":" + u.get("language").asString()));
    assertThat(secondLanguages)
        .containsExactlyInAnyOrder(bilingualExam + ":ky", bilingualExam + ":ru");

    // four forms with no item shared need 4 items of each row, which has 3: the bank says so
    blueprint.put("forms", 4);
    Api.Response lacking =
        api.post("/api/bank/assemblies", admin(), Map.of("blueprint", blueprint));
    assertThat(lacking.status()).isEqualTo(422);
    assertThat(lacking.problemType()).isEqualTo("urn:kg-exam:problem:assembly-infeasible");
    assertThat(lacking.body().get("detail").asString())
        .contains("6 items are eligible and the forms need 8")
        .contains("row kg-ict-teachers:2.2.1 needs 4 items and 3 are eligible")
        .contains("row kg-ict-teachers:2.2.2 needs 4 items and 3 are eligible");
  }

  @Test
  void shouldImportAQtiPackageIntoTheBankAsDraftsAndReportWhatItRefused() throws IOException {
    String prefix = unique("qti") + "-";
    String manifest =
        """
        <manifest identifier="pkg"><resources>
          <resource identifier="a" type="imsqti_item_xmlv2p1" href="inline_choice.xml"/>
          <resource identifier="b" type="imsqti_item_xmlv2p1" href="hotspot.xml"/>
        </resources></manifest>
        """;
    byte[] zip =
        zip(
            Map.of(
                "imsmanifest.xml", manifest.getBytes(StandardCharsets.UTF_8),
                "inline_choice.xml", Files.readAllBytes(SAMPLES.resolve("inline_choice.xml")),
                "hotspot.xml", Files.readAllBytes(SAMPLES.resolve("hotspot.xml"))));
    String query =
        "?subject=ENG&grade=9&language=en&competency=kg-ict-teachers:2.2.1.a&prefix=" + prefix;

    Api.Response imported =
        api.postBytes("/api/bank/qti" + query, staff("writer-1"), "application/zip", zip);

    assertThat(imported.status()).as(imported.body().toString()).isEqualTo(201);
    assertThat(imported.body().at("/created/0/itemId").asString())
        .as(imported.body().toString())
        .isEqualTo(prefix + "inlineChoice");
    assertThat(imported.body().at("/refused/0/file").asString()).isEqualTo("hotspot.xml");
    JsonNode draft =
        api.get("/api/bank/items/" + prefix + "inlineChoice", staff("reviewer-1")).body();
    assertThat(draft.at("/item/status").asString()).isEqualTo("DRAFT");
    assertThat(draft.at("/item/type").asString()).isEqualTo("SINGLE_CHOICE");
    // the same package again: every item is refused as existing, nothing changes
    Api.Response again =
        api.postBytes("/api/bank/qti" + query, staff("writer-1"), "application/zip", zip);
    assertThat(again.body().get("created").size()).isZero();
    assertThat(again.body().at("/refused/1/reason").asString()).contains("already exists");
    assertThat(
            api.postBytes("/api/bank/qti" + query, staff("reviewer-1"), "application/zip", zip)
                .status())
        .isEqualTo(403);
  }

  @Test
  void shouldKeepMediaByHashOnceAndRefuseBytesThatAreNotTheirType() throws Exception {
    byte[] png =
        java.util.Base64.getDecoder()
            .decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    Api.Response stored = api.postBytes("/api/bank/media", staff("writer-1"), "image/png", png);
    assertThat(stored.status()).as(stored.body().toString()).isEqualTo(201);
    String hash = stored.body().get("sha256").asString();
    assertThat(hash)
        .isEqualTo(
            java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(png)));
    assertThat(api.postBytes("/api/bank/media", admin(), "image/png", png).status()).isEqualTo(201);
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM bank_media WHERE sha256 = ?", Integer.class, hash))
        .isEqualTo(1);
    Api.Response twoTypes = api.postBytes("/api/bank/media", staff("writer-1"), "image/png,F", png);
    // refused as a problem (the request filter or the bank, whichever reads it first), never a 500
    assertThat(twoTypes.status()).isIn(415, 422);
    assertThat(twoTypes.problemType())
        .isIn("urn:kg-exam:problem:unsupported-media-type", "urn:kg-exam:problem:invalid-media");
    Api.Response notPng =
        api.postBytes(
            "/api/bank/media",
            staff("writer-1"),
            "image/png",
            "<svg/>".getBytes(StandardCharsets.UTF_8));
    assertThat(notPng.status()).isEqualTo(422);
    assertThat(notPng.problemType()).isEqualTo("urn:kg-exam:problem:invalid-media");
    assertThat(api.get("/api/bank/media/" + hash, staff("school-a")).status()).isEqualTo(403);

    // an item names it by hash; an unknown hash is refused
    Map<String, Object> withMedia = new LinkedHashMap<>(content("2.2.3.a", "B"));
    withMedia.put("media", List.of(hash));
    assertThat(
            api.post(
                    "/api/bank/items",
                    staff("writer-1"),
                    Map.of("itemId", unique("img"), "content", withMedia))
                .status())
        .isEqualTo(201);
    withMedia.put("media", List.of("0".repeat(64)));
    Api.Response missing =
        api.post(
            "/api/bank/items",
            staff("writer-1"),
            Map.of("itemId", unique("img"), "content", withMedia));
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.body().get("detail").asString()).contains("media not in the bank");
  }

  @Test
  void shouldLetOnlyTheBanksRolesReadItAndOnlyACentreAdministratorPublishAFramework() {
    assertThat(api.get("/api/bank/items", staff("school-a")).status()).isEqualTo(403);
    assertThat(api.get("/api/bank/items", staff("inv-a")).status()).isEqualTo(403);
    assertThat(api.get("/api/bank/items", staff("auditor")).status()).isEqualTo(200);
    assertThat(
            api.post(
                    "/api/bank/items", staff("auditor"), Map.of("content", content("2.2.3.a", "B")))
                .status())
        .isEqualTo(403);
    assertThat(api.postRaw("/api/bank/frameworks/x", staff("writer-1"), "{\"nodes\":[]}").status())
        .isEqualTo(403);
    JsonNode frameworks = api.get("/api/bank/frameworks", staff("reviewer-1")).body();
    assertThat(frameworks.toString()).contains("\"frameworkId\":\"kg-ict-teachers\"");
    assertThat(frameworks.toString()).contains("\"nodes\":111");
  }

  /** An approved item (written by writer-1, approved by reviewer-1) in Kyrgyz and Russian. */
  private String approved(String itemId, List<String> enemies) {
    return approved(itemId, enemies, "ICT", "2.2.3.a");
  }

  private String approved(String itemId, List<String> enemies, String subject, String code) {
    Map<String, Object> content = new LinkedHashMap<>(content(code, "B"));
    content.put("enemies", enemies);
    content.put("subject", subject);
    Api.Response r =
        api.post(
            "/api/bank/items", staff("writer-1"), Map.of("itemId", itemId, "content", content));
    assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
    api.post(
        "/api/bank/items/" + itemId + "/versions/1/review",
        staff("reviewer-1"),
        Map.of("accepted", true));
    assertThat(
            api.post("/api/bank/items/" + itemId + "/versions/1/approve", staff("reviewer-1"), null)
                .status())
        .isEqualTo(204);
    return itemId;
  }

  private static Map<String, Object> content(String code, String key) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("type", "SINGLE_CHOICE");
    item.put("maxScore", 1);
    item.put("weight", 1);
    item.put("prompt", "Окуучулардын жетишкендиктерин тез баалоо үчүн кайсы курал ылайыктуу?");
    item.put(
        "choices",
        List.of(
            Map.of("id", "A", "text", "Текст редактору"),
            Map.of("id", "B", "text", "Онлайн тест")));
    item.put("key", Map.of("correct", List.of(key)));
    Map<String, Object> ru = new LinkedHashMap<>();
    ru.put("language", "ru");
    ru.put("prompt", "Какой инструмент подходит для быстрой оценки достижений учащихся?");
    ru.put(
        "choices",
        List.of(
            Map.of("id", "A", "text", "Текстовый редактор"),
            Map.of("id", "B", "text", "Онлайн-тест")));
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("subject", "ICT");
    content.put("language", "ky");
    content.put("competencies", List.of(Map.of("frameworkId", FRAMEWORK, "code", code)));
    content.put("cognitiveLevel", "APPLY");
    content.put("item", item);
    content.put("translations", List.of(ru));
    return content;
  }

  private String publishedExamOf(JsonNode items) {
    Map<String, Object> content = examContent(items);
    String examId = unique("bank-exam");
    Api.Response created =
        api.post("/api/exams", admin(), Map.of("examId", examId, "content", content));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    assertThat(api.post("/api/exams/" + examId + "/publish", admin(), null).status())
        .isEqualTo(201);
    return examId;
  }

  private static Map<String, Object> examContent(Object items) {
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("title", "ICT for teachers");
    content.put("subject", "ICT");
    content.put("grade", 12);
    content.put("language", "ru");
    content.put("durationMinutes", 30);
    content.put("sections", List.of(Map.of("sectionId", "s1", "title", "ИКТ")));
    content.put("items", items);
    content.put("scoring", Map.of("passPercent", 50, "gradeBoundaries", List.of()));
    return content;
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new java.util.ArrayList<>();
    page.get("items").forEach(i -> ids.add(i.get("itemId").asString()));
    return ids;
  }

  private static byte[] zip(Map<String, byte[]> files) throws IOException {
    return kg.exam.command.exam.Zips.zip(files);
  }
}
