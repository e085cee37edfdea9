package kg.exam.client.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

  private static byte[] entryBody(long seq) throws IOException {
    return StationJson.MAPPER.writeValueAsBytes(
        new JournalEntry(
            seq,
            "sitting-1",
            JournalEntry.Kind.ANSWER,
            Instant.parse("2026-05-20T09:00:00Z").plusMillis(seq),
            payload((int) seq),
            "key",
            "sig" + seq));
  }

  @Test
  void shouldCutOffAGroupTornBeforeItsForceEvenWhenALaterRecordOfItIsWhole() throws IOException {
    Path file = dir.resolve("journal.log");
    try (Journal j = Journal.open(file)) {
      append(j, 1);
      append(j, 2);
    }
    long forced = Files.size(file);
    // a group commit wrote records 3 and 4 (each knowing only the first two on disk); the power
    // failed before their force, and the disk kept record 4's page but not record 3's body
    ByteBuffer third = Journal.record(true, forced, entryBody(3));
    ByteBuffer fourth = Journal.record(true, forced, entryBody(4));
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(third, forced);
      ch.write(fourth, forced + third.limit());
      ch.write(ByteBuffer.allocate(third.limit() - 16), forced + 16); // record 3's body lost
    }
    long torn = Files.size(file) - forced;

    try (Journal j = Journal.open(file)) {
      assertThat(j.lastSeq()).as("3 and 4 were never acknowledged").isEqualTo(2);
      assertThat(j.truncatedBytes()).isEqualTo(torn);
      assertThat(Files.size(file)).isEqualTo(forced);
      assertThat(append(j, 3).seq()).isEqualTo(3);
    }
  }

  @Test
  void shouldRefuseABadRecordThatALaterRecordShowsWasOnDisk() throws IOException {
    Path file = dir.resolve("journal.log");
    long secondStart;
    try (Journal j = Journal.open(file)) {
      append(j, 1);
      secondStart = Files.size(file);
      append(j, 2);
      append(j, 3); // written after the force of 2: its watermark covers record 2
    }
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, secondStart + 30);
      b.put(0, (byte) (b.get(0) ^ 0x01));
      ch.write(b.flip(), secondStart + 30);
    }
    long size = Files.size(file);

    assertThatThrownBy(() -> Journal.open(file))
        .isInstanceOf(JournalCorruptException.class)
        .hasMessageContaining("checksum mismatch at byte " + secondStart);
    assertThat(Files.size(file)).isEqualTo(size);
  }

  @Test
  void shouldReadAndAppendToAJournalBegunInTheFirstFormat() throws IOException {
    Path file = dir.resolve("journal.log");
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(Journal.MAGIC_V1));
      ch.write(Journal.record(false, 0, entryBody(1)));
      ch.write(Journal.record(false, 0, entryBody(2)));
    }
    try (Journal j = Journal.open(file)) {
      assertThat(j.all()).extracting(JournalEntry::seq).containsExactly(1L, 2L);
      assertThat(append(j, 3).seq()).isEqualTo(3);
    }
    try (Journal j = Journal.open(file)) {
      assertThat(j.all()).extracting(JournalEntry::seq).containsExactly(1L, 2L, 3L);
    }
    assertThat(
            new String(Files.readAllBytes(file), 0, 8, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("EXJRNL01");
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

  @Test
  void shouldNotAcknowledgeAnAppendThatWaitedOnAForceThatFailed() throws Exception {
    CountDownLatch firstForceEntered = new CountDownLatch(1);
    CountDownLatch failFirstForce = new CountDownLatch(1);
    AtomicBoolean armed = new AtomicBoolean();
    AtomicInteger forcesWhileArmed = new AtomicInteger();
    try (Journal j =
        Journal.open(
            dir.resolve("journal.log"),
            c ->
                new ForwardingChannel(c) {
                  @Override
                  public void force(boolean metaData) throws IOException {
                    if (!armed.get()) {
                      super.force(metaData);
                      return;
                    }
                    if (forcesWhileArmed.incrementAndGet() == 1) {
                      firstForceEntered.countDown();
                      try {
                        failFirstForce.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      throw new IOException("disk gone");
                    }
                    super.force(metaData); // a later force may well "succeed"
                  }
                })) {
      armed.set(true);
      List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      Thread first = appender(j, 1, failures);
      firstForceEntered.await();
      Thread second = appender(j, 2, failures);
      while (second.getState() != Thread.State.BLOCKED) { // waiting for the first's force
        Thread.onSpinWait();
      }
      failFirstForce.countDown();
      first.join();
      second.join();

      assertThat(failures).hasSize(2).allMatch(e -> e instanceof IOException);
      assertThat(forcesWhileArmed).hasValue(1);
      assertThat(j.lastSeq()).isZero();
    }
  }

  private static Thread appender(Journal j, int i, List<Throwable> failures) {
    Thread t =
        new Thread(
            () -> {
              try {
                append(j, i);
              } catch (Throwable e) {
                failures.add(e);
              }
            });
    t.start();
    return t;
  }

  /** A channel that forwards every call; tests override what they need to fail. */
  private static class ForwardingChannel extends FileChannel {
    private final FileChannel c;

    ForwardingChannel(FileChannel c) {
      this.c = c;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return c.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return c.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return c.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      return c.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
      return c.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      c.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return c.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      c.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      c.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      return c.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count)
        throws IOException {
      return c.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return c.read(dst, position);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      return c.write(src, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      return c.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return c.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return c.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      c.close();
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
