package kg.exam.client.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Jazzer over the station journal's recovery, the parser a station runs on every start over a file
 * a crash or a failing disk may have left in any state. The fuzzer builds journals record by record
 * in both formats (valid entries, bodies of arbitrary bytes, wrong lengths, checksums and
 * watermarks, wrong sequence numbers, a cut at any byte), so it reaches past the checksums. Any
 * file either opens, with its entries numbered 1, 2, … and a second open recovering the same ones,
 * or is refused with a {@link JournalCorruptException}; any other exception is a finding.
 */
class JournalFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void aJournalOpensConsistentlyOrIsRefusedAsCorrupt(FuzzedDataProvider data) throws IOException {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    boolean v2 = data.consumeBoolean();
    file.write(v2 ? Journal.MAGIC : Journal.MAGIC_V1);
    int records = data.consumeInt(0, 8);
    for (int i = 0; i < records; i++) {
      byte[] body;
      if (data.consumeBoolean()) {
        long seq = data.consumeBoolean() ? i + 1 : data.consumeLong();
        JournalEntry entry =
            new JournalEntry(
                seq,
                "sitting-" + data.consumeInt(0, 3),
                data.pickValue(JournalEntry.Kind.values()),
                Instant.ofEpochSecond(data.consumeInt(0, Integer.MAX_VALUE)),
                StationJson.MAPPER.createObjectNode().put("x", data.consumeString(20)),
                null,
                null);
        body = StationJson.MAPPER.writeValueAsBytes(entry);
      } else {
        body = data.consumeBytes(data.consumeInt(0, 200));
      }
      long watermark = data.consumeBoolean() ? file.size() : data.consumeLong();
      ByteBuffer record = Journal.record(v2, watermark, body);
      if (data.consumeBoolean()) {
        record.putInt(0, data.consumeInt()); // a wrong length
      }
      if (data.consumeBoolean()) {
        record.putInt(4, data.consumeInt()); // a wrong checksum
      }
      file.write(record.array());
    }
    byte[] bytes = file.toByteArray();
    int keep = data.consumeBoolean() ? bytes.length : data.consumeInt(0, bytes.length);
    Path dir = Files.createTempDirectory("fuzz-journal");
    Path path = dir.resolve("journal.log");
    try {
      Files.write(path, java.util.Arrays.copyOf(bytes, keep));
      List<JournalEntry> first;
      try (Journal journal = Journal.open(path)) {
        first = new ArrayList<>(journal.all());
      } catch (JournalCorruptException refused) {
        assertTrue(refused.getMessage().startsWith(path.toString()), refused.getMessage());
        return;
      }
      for (int i = 0; i < first.size(); i++) {
        assertEquals(i + 1, first.get(i).seq(), "entries numbered 1, 2, …");
      }
      try (Journal again = Journal.open(path)) {
        assertEquals(first, again.all(), "a second open recovers the same entries");
      }
    } finally {
      Files.deleteIfExists(path);
      Files.deleteIfExists(dir);
    }
  }
}
