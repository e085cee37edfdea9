package kg.exam.scoring.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import kg.exam.scoring.survey.Replication;
import kg.exam.scoring.survey.SampleDesign;

/**
 * Jazzer over the sample design CSV that {@code PUT /api/sessions/{id}/sample-design} accepts: any
 * text is either a design that can be weighed (at least two schools, every zone with both halves)
 * or refused with one line naming the file and the line number ({@code design.csv:N: reason}),
 * which the command side returns as the problem's detail.
 */
class SampleDesignFileFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void textIsADesignOrOneLineNamingTheLine(byte[] bytes) throws IOException {
    String csv = new String(bytes, StandardCharsets.UTF_8);
    for (Replication replication : Replication.values()) {
      try {
        SampleDesign design =
            SampleDesignFile.read(new StringReader(csv), "design.csv", replication, 0.5);
        assertTrue(
            SampleDesign.problems(replication, design.schools()).isEmpty()
                && design.replicateCount() >= 1
                && design.replicateFactors().length == design.replicateCount(),
            "a design that cannot be weighed was accepted");
      } catch (IllegalArgumentException refused) {
        String message = refused.getMessage();
        assertTrue(
            message.matches("design\\.csv:[1-9][0-9]*: [^\\n\\r]+"),
            "not one line naming the line: " + message);
      }
    }
  }
}
