package kg.exam.client.audit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer over the integrity evidence that {@code verify --evidence} reads (the query side writes
 * it, but an auditor may be handed any file): any bytes are either evidence with at least one cited
 * sitting and event, each event at a non-negative sequence, or refused as {@link
 * EvidenceCheck.MalformedEvidence} with a one-line reason; nothing else escapes.
 */
class EvidenceCheckFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void bytesAreEvidenceOrRefusedInOneLine(byte[] json) {
    try {
      EvidenceCheck.Evidence evidence = EvidenceCheck.parse(json);
      assertFalse(evidence.sittings().isEmpty(), "evidence without a sitting");
      for (EvidenceCheck.CitedSitting sitting : evidence.sittings()) {
        assertFalse(sitting.events().isEmpty(), "a sitting without a cited event");
        for (EvidenceCheck.CitedEvent event : sitting.events()) {
          assertTrue(event.sequence() >= 0, "a negative sequence");
        }
      }
    } catch (EvidenceCheck.MalformedEvidence refused) {
      String message = refused.getMessage();
      assertTrue(
          message != null && !message.isBlank() && message.lines().count() == 1,
          "not one line: " + message);
    }
  }
}
