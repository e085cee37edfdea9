package kg.exam.client.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  @TempDir Path dir;

  private static ObjectNode payload(int i) {
    ObjectNode p = StationJson.MAPPER.createObjectNode();
    p.put("itemId", "q" + i);
    p.putArray("response").add("Жооп " + i);
    p.put("clientSeq", i);
    return p;
  }

  private static JournalEntry append(Journal j, int i) throws IOException {
    return j.append(
        "sitting-" + (i % 3),
        JournalEntry.Kind.ANSWER,
        Instant.parse("2026-05-20T09:00:00Z").plusMillis(i),
        payload(i),
        "key",
        "sig" + i);
  }

  @Test
  void shouldNumberEntriesAndReadThemBackAfterReopening() throws IOException {
    Path file = dir.resolve("journal.log");
    List<JournalEntry> written = new ArrayList<>();
    try (Journal j = Journal.open(file)) {
      for (int i = 1; i <= 5; i++) {
        written.add(append(j, i));
      }
      assertThat(written).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    }
    try (Journal j = Journal.open(file)) {
      assertThat(j.truncatedBytes()).isZero();
      assertThat(j.all()).isEqualTo(written);
      assertThat(j.entriesAfter(3, 10)).extracting(JournalEntry::seq).containsExactly(4L, 5L);
      assertThat(append(j, 6).seq()).isEqualTo(6);
    }
  }

  @Test
  void shouldCutOffATornLastRecordAndKeepEveryWholeOne() throws IOException {
    Path file = dir.resolve("journal.log");
    try (Journal j = Journal.open(file)) {
      for (int i = 1; i <= 3; i++) {
        append(j, i);
      }
    }
    long whole = Files.size(file);
    // a crash in the middle of writing a fourth record: its header and half its body
    try (Journal j = Journal.open(file)) {
      append(j, 4);
    }
    long withFourth = Files.size(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(whole + (withFourth - whole) / 2);
    }
    try (Journal j = Journal.open(file)) {
      assertThat(j.truncatedBytes()).isEqualTo((withFourth - whole) / 2);
      assertThat(j.lastSeq()).isEqualTo(3);
      assertThat(Files.size(file)).isEqualTo(whole);
      assertThat(append(j, 4).seq()).isEqualTo(4); // the torn one was never acknowledged
    }
  }

  @Test
  void shouldCutOffALastRecordWithABadChecksum() throws IOException {
    Path file = dir.resolve("journal.log");
    try (Journal j = Journal.open(file)) {
      append(j, 1);
      append(j, 2);
    }
    flipLastByte(file);
    try (Journal j = Journal.open(file)) {
      assertThat(j.lastSeq()).isEqualTo(1);
      assertThat(j.truncatedBytes()).isPositive();
    }
  }

  @Test
  void shouldRefuseToOpenAJournalDamagedBeforeItsEnd() throws IOException {
    Path file = dir.resolve("journal.log");
    try (Journal j = Journal.open(file)) {
      append(j, 1);
      append(j, 2);
    }
    // damage a byte inside the first record's body
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, 20);
      b.put(0, (byte) (b.get(0) ^ 0x01));
      ch.write(b.flip(), 20);
    }
    long size = Files.size(file);
    assertThatThrownBy(() -> Journal.open(file))
        .isInstanceOf(JournalCorruptException.class)
        .hasMessageContaining("checksum mismatch at byte 8");
    assertThat(Files.size(file)).isEqualTo(size); // nothing guessed away
  }

  @Test
  void shouldRefuseAFileThatIsNotAJournal() throws IOException {
    Path file = dir.resolve("journal.log");
    Files.writeString(file, "station.port=8090\n");
    assertThatThrownBy(() -> Journal.open(file))
        .isInstanceOf(JournalCorruptException.class)
        .hasMessageContaining("not a station journal");
  }

  @Test
  void shouldGiveConcurrentAppendsDistinctSequenceNumbersAndKeepThemAll() throws Exception {
    Path file = dir.resolve("journal.log");
    int threads = 8;
    int perThread = 50;
    try (Journal j = Journal.open(file);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * perThread;
        futures.add(
            pool.submit(
                () -> {
                  List<Long> seqs = new ArrayList<>();
                  for (int i = 1; i <= perThread; i++) {
                    seqs.add(append(j, base + i).seq());
                  }
                  return seqs;
                }));
      }
      Set<Long> seqs = new HashSet<>();
      for (Future<List<Long>> f : futures) {
        seqs.addAll(f.get());
      }
      assertThat(seqs).hasSize(threads * perThread);
      assertThat(j.lastSeq()).isEqualTo(threads * perThread);
    }
    try (Journal j = Journal.open(file)) {
      assertThat(j.all()).hasSize(threads * perThread);
    }
  }

  private static void flipLastByte(Path file) throws IOException {
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long at = ch.size() - 2;
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, at);
      b.put(0, (byte) (b.get(0) ^ 0x01));
      ch.write(b.flip(), at);
    }
  }
}
