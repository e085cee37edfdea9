package kg.exam.contract.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import kg.exam.contract.trust.CanonicalJson;
import kg.exam.contract.trust.JsonValue;
import org.junit.jupiter.api.Test;

class ProblemDocumentTest {

  private static Map<String, JsonValue> members(String json) {
    return ((JsonValue.JsonObject) CanonicalJson.parse(json)).members();
  }

  @Test
  void shouldKeepADetailWithQuotesBackslashesAndControlCharactersExactly() {
    String detail = "field \"name\" at C:\\path\nline 2\ttab \u0000 nul \u001f unit";

    String json =
        ProblemDocument.json(
            "urn:kg-exam:problem:malformed-body", "Malformed", 400, detail, Map.of());

    Map<String, JsonValue> m = members(json);
    assertThat(m.get("detail")).isEqualTo(JsonValue.of(detail));
    assertThat(m.get("type")).isEqualTo(JsonValue.of("urn:kg-exam:problem:malformed-body"));
    assertThat(m.get("status")).isEqualTo(JsonValue.of(400));
  }

  @Test
  void shouldAddExtensionsAndReplaceAnUnpairedSurrogate() {
    String json =
        ProblemDocument.json(
            "urn:x",
            "T",
            409,
            "lone \uD800 and pair \uD83D\uDE00",
            Map.of("serverTime", "2026-12-06T09:00:00Z"));

    Map<String, JsonValue> m = members(json);
    assertThat(m.get("detail")).isEqualTo(JsonValue.of("lone \uFFFD and pair \uD83D\uDE00"));
    assertThat(m.get("serverTime")).isEqualTo(JsonValue.of("2026-12-06T09:00:00Z"));
  }
}
