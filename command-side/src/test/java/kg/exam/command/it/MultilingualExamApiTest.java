package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An exam offered in Kyrgyz and English: each candidate gets the paper in their language of
 * instruction when the exam offers it (else in the exam's own), a short text item is scored with
 * the answers of the language it was sat in, and a language version that is not the same form, or a
 * key amendment one key could not hold for every language, is refused.
 */
class MultilingualExamApiTest extends ApiTestBase {

  private static Map<String, Object> content(Object translations) {
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("itemId", "q1");
    choice.put("sectionId", "s1");
    choice.put("type", "SINGLE_CHOICE");
    choice.put("maxScore", 1);
    choice.put("weight", 1);
    choice.put("prompt", "2 + 2 канча?");
    choice.put(
        "choices", List.of(Map.of("id", "A", "text", "үч"), Map.of("id", "B", "text", "төрт")));
    choice.put("key", Map.of("correct", List.of("B")));
    Map<String, Object> capital = new LinkedHashMap<>();
    capital.put("itemId", "q2");
    capital.put("sectionId", "s1");
    capital.put("type", "SHORT_TEXT");
    capital.put("maxScore", 1);
    capital.put("weight", 1);
    capital.put("prompt", "Кыргызстандын борбору?");
    capital.put("key", Map.of("correct", List.of("Бишкек")));
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("title", "Билим");
    content.put("subject", "GEN");
    content.put("grade", 9);
    content.put("language", "ky");
    content.put("durationMinutes", 30);
    content.put("sections", List.of(Map.of("sectionId", "s1", "title", "Суроолор")));
    content.put("items", List.of(choice, capital));
    content.put("scoring", Map.of("passPercent", 50, "gradeBoundaries", List.of()));
    content.put("translations", translations);
    return content;
  }

  private static Map<String, Object> english(Object capitalAnswers, List<?> choiceIds) {
    Map<String, Object> capital = new LinkedHashMap<>();
    capital.put("itemId", "q2");
    capital.put("prompt", "The capital of Kyrgyzstan?");
    if (capitalAnswers != null) {
      capital.put("acceptedAnswers", capitalAnswers);
    }
    return Map.of(
        "language",
        "en",
        "title",
        "Knowledge",
        "sectionTitles",
        Map.of("s1", "Questions"),
        "items",
        List.of(
            Map.of(
                "itemId",
                "q1",
                "prompt",
                "How much is 2 + 2?",
                "choices",
                choiceIds.stream()
                    .map(id -> Map.of("id", id, "text", id.equals("A") ? "three" : "four"))
                    .toList()),
            capital));
  }

  private Slip registered(String sessionId, String language) {
    Map<String, Object> body = registration(unique("C"), SCHOOL_A, 0);
    body.put("instructionLanguage", language);
    Api.Response r = api.post("/api/sessions/" + sessionId + "/registrations", admin(), body);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
    return new Slip(
        r.body().get("sittingId").asString(),
        (String) body.get("candidateId"),
        r.body().get("candidateCode").asString(),
        r.body().get("pin").asString());
  }

  @Test
  void shouldGiveEachCandidateThePaperInTheirLanguageAndScoreItWithThatLanguagesKey() {
    String examId = unique("bilingual");
    Api.Response created =
        api.post(
            "/api/exams",
            admin(),
            Map.of(
                "examId",
                examId,
                "content",
                content(List.of(english(List.of("Bishkek"), List.of("A", "B"))))));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    assertThat(api.post("/api/exams/" + examId + "/publish", admin(), null).status())
        .isEqualTo(201);
    String sessionId = openSession(examId);

    Map<String, String> answered = Map.of("en", "Bishkek", "ky", "Бишкек", "uz", "Bishkek");
    Map<String, String> sittings = new LinkedHashMap<>();
    for (String language : List.of("en", "ky", "uz")) {
      Slip slip = registered(sessionId, language);
      String auth = signIn(slip);
      String sitting = "/api/sittings/" + slip.sittingId();
      assertThat(api.post(sitting + "/start", auth, null).status()).isEqualTo(200);
      JsonNode paper = api.get(sitting + "/paper", auth).body();
      if (language.equals("en")) {
        assertThat(paper.get("language").asString()).isEqualTo("en");
        assertThat(paper.get("title").asString()).isEqualTo("Knowledge");
        assertThat(paper.at("/items/0/prompt").asString()).isEqualTo("How much is 2 + 2?");
        assertThat(paper.at("/items/0/choices/1/text").asString()).isEqualTo("four");
      } else {
        // Kyrgyz, and Uzbek, which the exam does not offer: the exam's own language
        assertThat(paper.get("language").asString()).isEqualTo("ky");
        assertThat(paper.at("/items/1/prompt").asString()).isEqualTo("Кыргызстандын борбору?");
      }
      assertThat(paper.toString()).doesNotContain("Bishkek").doesNotContain("correct");
      assertThat(api.post(sitting + "/answers", auth, answer("q1", 1, "B")).status())
          .isEqualTo(200);
      assertThat(
              api.post(sitting + "/answers", auth, answer("q2", 2, answered.get(language)))
                  .status())
          .isEqualTo(200);
      assertThat(api.post(sitting + "/submit", auth, null).status()).isEqualTo(200);
      sittings.put(language, slip.sittingId());
    }
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                sittings.values().stream()
                    .allMatch(id -> api.get("/api/sittings/" + id, admin()).body().has("result")));
    Map<String, Double> totals = new LinkedHashMap<>();
    sittings.forEach(
        (language, id) ->
            totals.put(
                language,
                api.get("/api/sittings/" + id, admin()).body().at("/result/rawTotal").asDouble()));
    // the English answer is right in English, the Kyrgyz one in Kyrgyz; the Uzbek candidate sat
    // the Kyrgyz paper, where "Bishkek" is not the answer
    assertThat(totals).isEqualTo(Map.of("en", 2.0, "ky", 2.0, "uz", 1.0));
    assertThat(
            jdbc.queryForObject(
                "SELECT instruction_language FROM sitting WHERE sitting_id = ?",
                String.class,
                sittings.get("en")))
        .isEqualTo("en");

    // one amended key cannot hold for the words of two languages
    Api.Response amended =
        api.post(
            "/api/exams/" + examId + "/versions/1/key-amendments",
            admin(),
            Map.of(
                "itemId", "q2", "key", Map.of("correct", List.of("Bişkek")), "reason", "spelling"));
    assertThat(amended.status()).isEqualTo(422);
    assertThat(amended.body().get("detail").asString()).contains("publishing a new version");
  }

  /**
   * An essay sat in Russian is marked against the Russian task: the marker reads the prompt the
   * candidate answered, not the exam's own language's.
   */
  @Test
  void shouldShowTheMarkerTheTaskInTheLanguageTheCandidateSatIt() throws Exception {
    if (!staffAccounts.exists("marker-ml")) {
      staffAccounts.create(
          "marker-ml", STAFF_PASSWORD, kg.exam.command.security.Role.MARKER, CENTRE_A, null);
    }
    Map<String, Object> essay = new LinkedHashMap<>();
    essay.put("itemId", "q1");
    essay.put("sectionId", "s1");
    essay.put("type", "EXTENDED_TEXT");
    essay.put("maxScore", 4);
    essay.put("weight", 1);
    essay.put("prompt", "Мекениңиз жөнүндө жазыңыз.");
    essay.put(
        "key",
        Map.of(
            "rubric",
            List.of(Map.of("criterionId", "content", "description", "Content", "maxPoints", 4))));
    Map<String, Object> content = new LinkedHashMap<>();
    content.put("title", "Дилбаян");
    content.put("subject", "LANG");
    content.put("grade", 9);
    content.put("language", "ky");
    content.put("durationMinutes", 30);
    content.put("sections", List.of(Map.of("sectionId", "s1", "title", "Жазуу")));
    content.put("items", List.of(essay));
    content.put("scoring", Map.of("passPercent", 50, "gradeBoundaries", List.of()));
    content.put(
        "translations",
        List.of(
            Map.of(
                "language",
                "ru",
                "title",
                "Сочинение",
                "sectionTitles",
                Map.of("s1", "Письмо"),
                "items",
                List.of(Map.of("itemId", "q1", "prompt", "Напишите о своей родине.")))));
    String examId = unique("essay-ml");
    Api.Response created =
        api.post("/api/exams", admin(), Map.of("examId", examId, "content", content));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    assertThat(api.post("/api/exams/" + examId + "/publish", admin(), null).status())
        .isEqualTo(201);
    String sessionId = openSession(examId);
    Slip slip = registered(sessionId, "ru");
    String auth = signIn(slip);
    String sitting = "/api/sittings/" + slip.sittingId();
    assertThat(api.post(sitting + "/start", auth, null).status()).isEqualTo(200);
    assertThat(
            api.post(sitting + "/answers", auth, answer("q1", 1, "Моя родина — Нарын.")).status())
        .isEqualTo(200);
    assertThat(api.post(sitting + "/submit", auth, null).status()).isEqualTo(200);
    String scriptId = awaitScript(sessionId);
    Api.Response taken =
        api.post(
            "/api/sessions/" + sessionId + "/marking/allocations",
            staff("marker-ml"),
            Map.of("count", 1));
    assertThat(taken.status()).as(taken.body().toString()).isEqualTo(200);

    JsonNode script = api.get("/api/marking/scripts/" + scriptId, staff("marker-ml")).body();

    assertThat(script.get("prompt").asString()).isEqualTo("Напишите о своей родине.");
  }

  @Test
  void shouldRefuseALanguageVersionThatIsNotTheSameForm() {
    Map<String, String> refusals =
        Map.of(
            "its answers are words: give acceptedAnswers in en",
            "no answers",
            "choices must have the ids [A, B] in order",
            "other choices",
            "the form has this language already",
            "same language");
    Map<String, Object> sameLanguage =
        new LinkedHashMap<>(english(List.of("Бишкек"), List.of("A", "B")));
    sameLanguage.put("language", "ky");
    Map<String, Object> cases =
        Map.of(
            "no answers",
            List.of(english(null, List.of("A", "B"))),
            "other choices",
            List.of(english(List.of("Bishkek"), List.of("B", "A"))),
            "same language",
            List.of(sameLanguage));
    refusals.forEach(
        (message, name) -> {
          Api.Response r =
              api.post(
                  "/api/exams",
                  admin(),
                  Map.of("examId", unique("bad"), "content", content(cases.get(name))));
          assertThat(r.status()).as(name).isEqualTo(422);
          assertThat(r.body().get("detail").asString()).as(name).contains(message);
        });
  }
}
