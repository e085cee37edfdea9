package kg.exam.contract.trust.bundle;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Jazzer over the audit bundle reader, which opens ZIP files an auditor was handed: any bytes are
 * either read (manifest, shared streams, every sitting) or refused with a {@link
 * BundleFormatException}. Any other exception, an out-of-memory or a hang is a finding. The seeds
 * beside this class include a real bundle, so the fuzzer mutates valid ZIP structure.
 */
class AuditBundleReaderFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void bytesAreReadOrRefusedAsABadBundle(byte[] zip) throws IOException {
    Path file = Files.createTempFile("fuzz-bundle", ".zip");
    try {
      Files.write(file, zip);
      try (AuditBundleReader reader = AuditBundleReader.open(file)) {
        reader.manifest();
        reader.registry();
        reader.exam();
        reader.session();
        for (String entry : reader.sittingEntries()) {
          reader.sitting(entry);
        }
      } catch (BundleFormatException refused) {
        // the one way to refuse
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
