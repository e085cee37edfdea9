package kg.exam.contract.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer over the RFC 8785 canonicaliser, which reads every event payload a bundle or a Kafka
 * record carries: any text is either refused with an {@link IllegalArgumentException} or has a
 * canonical form that is its own canonical form. Any other exception, a stack overflow from deep
 * nesting or a form that changes on a second pass is a finding. Without {@code JAZZER_FUZZ} the
 * committed inputs beside this class are replayed (see benchmarks/run fuzz-parsers).
 */
class CanonicalJsonFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void textIsRefusedOrCanonicalisedToAFixedPoint(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    byte[] once;
    try {
      once = CanonicalJson.canonicalizeExact(text);
    } catch (IllegalArgumentException refused) {
      return;
    }
    byte[] twice = CanonicalJson.canonicalizeExact(new String(once, StandardCharsets.UTF_8));
    assertArrayEquals(once, twice, "canonical form is not stable");
  }

  @FuzzTest(maxDuration = "60s")
  void bytesAreRefusedOrParsed(byte[] utf8) {
    try {
      CanonicalJson.parse(utf8);
    } catch (IllegalArgumentException refused) {
      // the one way to refuse
    }
  }
}
