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
    assertThat(sittingsBefore)
        .extracting(r -> r.get("status"))
        .contains("SUBMITTED", "PAUSED", "REGISTERED");
  }
}
