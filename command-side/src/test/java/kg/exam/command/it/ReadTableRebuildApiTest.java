package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import kg.exam.command.maintenance.ReadTableRebuilder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The command side's read tables are derived state: rebuilt from the events alone, they come out
 * the same.
 */
class ReadTableRebuildApiTest extends ApiTestBase {
  @Autowired ReadTableRebuilder rebuilder;

  private List<Map<String, Object>> table(String sql) {
    return jdbc.queryForList(sql);
  }

  @Test
  void shouldRebuildTheReadTablesFromTheEventsAloneExactlyAsTheyWere() {
    String examId = publishedDemoExam();
    api.post(
        "/api/exams/" + examId + "/versions/1/key-amendments",
        admin(),
        Map.of("itemId", "q1", "key", Map.of("correct", List.of("C")), "reason", "panel decision"));
    String sessionId = openSession(examId);
    Candidate submitted = startedCandidate(sessionId);
    api.post(submitted.sitting() + "/answers", submitted.auth(), answer("q1", 1, "C"));
    api.post(submitted.sitting() + "/answers", submitted.auth(), answer("q9", 2, "a² + b² = c²"));
    api.post(submitted.sitting() + "/submit", submitted.auth(), null);
    Candidate paused = startedCandidate(sessionId);
    api.post(paused.sitting() + "/pause", staff("inv-a"), Map.of("reason", "fire drill"));
    register(sessionId);
    api.post(
        "/api/sessions/" + openSession(examId) + "/close", admin(), Map.of("reason", "not needed"));
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                api.get(submitted.sitting(), admin()).body().has("result")
                    && !table("SELECT * FROM marking_script").isEmpty());
    bankItemOnTheExam();
    String bank =
        "SELECT item_id, latest_version, status, approved_version, subject, grade,"
            + " cognitive_level, item_type, languages::text, competencies::text, prompt,"
            + " created_by, updated_at FROM bank_item ORDER BY item_id";
    String bankVersions =
        "SELECT item_id, version, content::text, written_by, written_at, reviewed_by, approved_by,"
            + " approved_at FROM bank_item_version ORDER BY item_id, version";
    String bankUses = "SELECT * FROM bank_item_use ORDER BY item_id, exam_id, exam_version";
    String frameworks = "SELECT * FROM bank_framework_node ORDER BY framework_id, code";
    String frameworkVersions =
        "SELECT framework_id, version, definition::text, published_at FROM bank_framework"
            + " ORDER BY framework_id";
    String calibrations =
        "SELECT item_id, item_version, session_id, parameters::text, finalised_at"
            + " FROM bank_item_calibration ORDER BY item_id, session_id";
    String assemblies =
        "SELECT assembly_id, forms::text, solver::text, assembled_at FROM bank_assembly"
            + " ORDER BY assembly_id";
    List<Map<String, Object>> frameworkVersionsBefore = table(frameworkVersions);
    List<Map<String, Object>> calibrationsBefore = table(calibrations);
    List<Map<String, Object>> assembliesBefore = table(assemblies);
    List<Map<String, Object>> bankBefore = table(bank);
    List<Map<String, Object>> bankVersionsBefore = table(bankVersions);
    List<Map<String, Object>> bankUsesBefore = table(bankUses);
    List<Map<String, Object>> frameworksBefore = table(frameworks);
    String sittings = "SELECT * FROM sitting ORDER BY sitting_id";
    String sessions = "SELECT * FROM exam_session ORDER BY session_id";
    String versions =
        "SELECT exam_id, version, key_version, content::text, published_at FROM exam_version ORDER BY exam_id, version";
    List<Map<String, Object>> sittingsBefore = table(sittings);
    List<Map<String, Object>> sessionsBefore = table(sessions);
    List<Map<String, Object>> versionsBefore = table(versions);
    String scripts = "SELECT * FROM marking_script ORDER BY script_id";
    List<Map<String, Object>> scriptsBefore = table(scripts);

    long events = rebuilder.rebuild();

    assertThat(events).isPositive();
    assertThat(table(sittings)).isEqualTo(sittingsBefore);
    assertThat(table(sessions)).isEqualTo(sessionsBefore);
    assertThat(table(versions)).isEqualTo(versionsBefore);
    assertThat(table(scripts)).isEqualTo(scriptsBefore).isNotEmpty();
    assertThat(table(bank)).isEqualTo(bankBefore).isNotEmpty();
    assertThat(table(bankVersions)).isEqualTo(bankVersionsBefore);
    assertThat(table(bankUses)).isEqualTo(bankUsesBefore).isNotEmpty();
    assertThat(table(frameworks)).isEqualTo(frameworksBefore).isNotEmpty();
    assertThat(table(frameworkVersions)).isEqualTo(frameworkVersionsBefore).isNotEmpty();
    // calibrations and assemblies other tests of this database recorded, if any, come back too
    assertThat(table(calibrations)).isEqualTo(calibrationsBefore);
    assertThat(table(assemblies)).isEqualTo(assembliesBefore);
    assertThat(sittingsBefore)
        .extracting(r -> r.get("status"))
        .contains("SUBMITTED", "PAUSED", "REGISTERED");
  }

  /** A framework, an approved bank item and an exam version that took it. */
  private void bankItemOnTheExam() {
    for (String[] a :
        new String[][] {{"rebuild-writer", "ITEM_WRITER"}, {"rebuild-rev", "REVIEWER"}}) {
      if (!staffAccounts.exists(a[0])) {
        staffAccounts.create(
            a[0], STAFF_PASSWORD, kg.exam.command.security.Role.valueOf(a[1]), null, null);
      }
    }
    String framework = unique("fw");
    assertThat(
            api.post(
                    "/api/bank/frameworks/" + framework,
                    admin(),
                    Map.of(
                        "titles",
                        Map.of("en", "Rebuild"),
                        "nodes",
                        List.of(
                            Map.of("code", "1", "kind", "DOMAIN", "titles", Map.of("en", "One")))))
                .status())
        .isEqualTo(201);
    String itemId = unique("bank");
    Map<String, Object> item = new java.util.LinkedHashMap<>();
    item.put("type", "TRUE_FALSE");
    item.put("maxScore", 1);
    item.put("weight", 1);
    item.put("prompt", "2 + 2 = 4");
    item.put(
        "choices",
        List.of(Map.of("id", "true", "text", "True"), Map.of("id", "false", "text", "False")));
    item.put("key", Map.of("correct", List.of("true")));
    Map<String, Object> content = new java.util.LinkedHashMap<>();
    content.put("subject", "MATH");
    content.put("grade", 1);
    content.put("language", "ky");
    content.put("competencies", List.of(Map.of("frameworkId", framework, "code", "1")));
    content.put("cognitiveLevel", "REMEMBER");
    content.put("item", item);
    Api.Response created =
        api.post(
            "/api/bank/items",
            staff("rebuild-writer"),
            Map.of("itemId", itemId, "content", content));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    api.post(
        "/api/bank/items/" + itemId + "/versions/1/review",
        staff("rebuild-rev"),
        Map.of("accepted", true));
    api.post("/api/bank/items/" + itemId + "/versions/1/approve", staff("rebuild-rev"), null);
    Api.Response items =
        api.post(
            "/api/bank/exam-items",
            admin(),
            Map.of("language", "ky", "sectionId", "A", "items", List.of(itemId)));
    assertThat(items.status()).as(items.body().toString()).isEqualTo(200);
    kg.exam.contract.exam.ExamContent demo = kg.exam.command.demo.DemoExam.content();
    java.util.List<Object> all = new java.util.ArrayList<>(demo.items());
    items.body().get("items").forEach(all::add);
    Map<String, Object> exam = new java.util.LinkedHashMap<>();
    exam.put("title", demo.title());
    exam.put("subject", demo.subject());
    exam.put("grade", demo.grade());
    exam.put("language", "ky");
    exam.put("durationMinutes", demo.durationMinutes());
    exam.put("sections", demo.sections());
    exam.put("items", all);
    exam.put("scoring", demo.scoring());
    String examId = unique("exam");
    assertThat(api.post("/api/exams", admin(), Map.of("examId", examId, "content", exam)).status())
        .isEqualTo(201);
    assertThat(api.post("/api/exams/" + examId + "/publish", admin(), null).status())
        .isEqualTo(201);
  }
}
