package kg.exam.contract.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProblemDocumentStatusTest {

  @ParameterizedTest
  @CsvSource({
    "400, bad-request",
    "405, method-not-allowed",
    "414, uri-too-long",
    "431, headers-too-large",
    "418, bad-request",
    "500, internal-error",
    "503, internal-error"
  })
  void shouldNameEveryStatusTheHttpLayerSets(int status, String name) {
    String json = ProblemDocument.forStatus(status, "refused");

    assertThat(json)
        .contains("\"type\":\"urn:kg-exam:problem:" + name + "\"")
        .contains("\"status\":" + status)
        .contains("\"detail\":\"refused\"");
  }
}
