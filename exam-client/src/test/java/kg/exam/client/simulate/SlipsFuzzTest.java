package kg.exam.client.simulate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Jazzer over the admission slip CSV that {@code simulate --slips} reads: any bytes are either
 * slips (a code and a PIN each, neither blank) or refused with one line naming the file and the
 * line number ({@code file:line: reason}), as every CLI error must.
 */
class SlipsFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void bytesAreSlipsOrOneLineNamingTheLine(byte[] csv) throws IOException {
    Path file = Files.createTempFile("fuzz-slips", ".csv");
    try {
      Files.write(file, csv);
      try {
        for (Slips.Slip slip : Slips.read(file)) {
          assertFalse(slip.candidateCode().isBlank() || slip.pin().isBlank(), "a blank slip");
        }
      } catch (Slips.BadSlipFile refused) {
        String message = refused.getMessage();
        assertTrue(
            message.startsWith(file + ":")
                && message
                    .substring(file.toString().length() + 1)
                    .matches("(?s)[1-9][0-9]*: [^\n]+"),
            "not one line naming the line: " + message);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
