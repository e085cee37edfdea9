package kg.exam.client.station;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The station's append-only journal: every candidate action is appended and forced to disk ({@link
 * FileChannel#force}) before {@link #append} returns, so an action the station has acknowledged
 * survives a crash or a power cut.
 *
 * <p>File format ({@code journal.log}): the 8 ASCII bytes {@code EXJRNL02}, then records of a
 * 4-byte big-endian length {@code n}, the 4-byte big-endian CRC-32C of the next {@code 8 + n}
 * bytes, the 8-byte big-endian <em>watermark</em> (how many bytes of the file were known to be on
 * disk when the record was written) and {@code n} bytes of UTF-8 JSON of a {@link JournalEntry}.
 * Sequence numbers are 1, 2, 3, ... in file order. Files begun as {@code EXJRNL01} (records without
 * a watermark: length, CRC-32C of the body, body) are read and appended to in that layout.
 *
 * <p>Recovery ({@link #open}): a last record cut short or with a bad checksum (a write torn by a
 * crash) is cut off the file; since no append returns before its record is forced, a torn record
 * was never acknowledged. A bad record followed by more data is told apart by the watermarks: the
 * records of one group commit are written before their shared force, so a power cut can leave an
 * earlier one torn and a later one whole. If no whole record after it has a watermark beyond the
 * bad record's start, no force ever covered it: it and everything after it were never acknowledged,
 * and they are cut off. If one has, the bad record had been on disk and is damage: the journal
 * refuses to open rather than guess ({@code EXJRNL01} files, without watermarks, always refuse).
 *
 * <p>Group commit: concurrent appends write under one lock and then share {@code force} calls; none
 * returns before a force that covers its record. Readers ({@link #entriesAfter}, {@link #all}) see
 * only forced entries, so a sync can never send an entry a crash could still undo. Thread-safe. All
 * entries are also kept in memory (a school's exam day is tens of thousands).
 */
public final class Journal implements AutoCloseable {
  static final byte[] MAGIC = "EXJRNL02".getBytes(StandardCharsets.US_ASCII);
  static final byte[] MAGIC_V1 = "EXJRNL01".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER_BYTES = 8;
  private static final int MAX_RECORD_BYTES = 4 << 20;

  private final Path file;
  private final FileChannel channel;

  /** Whether records carry a watermark ({@code EXJRNL02}); false for files begun as v1. */
  private final boolean watermarks;

  private final Object writeLock = new Object();
  private final Object forceLock = new Object();

  /** Entries in seq order; entries.get(i).seq() == i + 1. Guarded by writeLock. */
  private final List<JournalEntry> entries = new ArrayList<>();

  /** End offset of each entry's record, parallel to entries. Guarded by writeLock. */
  private long[] ends = new long[1024];

  private long writtenBytes; // guarded by writeLock
  private volatile long forcedBytes;
  private volatile int forcedCount;
  private volatile IOException broken;
  private final long truncatedBytes;

  private Journal(
      Path file,
      FileChannel channel,
      boolean watermarks,
      List<JournalEntry> recovered,
      long[] ends,
      long size,
      long truncatedBytes) {
    this.file = file;
    this.channel = channel;
    this.watermarks = watermarks;
    this.entries.addAll(recovered);
    this.ends = ends;
    this.writtenBytes = size;
    this.forcedBytes = size;
    this.forcedCount = recovered.size();
    this.truncatedBytes = truncatedBytes;
  }

  /**
   * Opens (or creates) the journal file, recovering from a torn last record.
   *
   * @throws JournalCorruptException when the file is not a journal or is damaged before its end
   */
  public static Journal open(Path file) throws IOException {
    return open(file, c -> c);
  }

  /** As {@link #open(Path)}, with the file's channel wrapped (tests make its force fail). */
  static Journal open(Path file, java.util.function.UnaryOperator<FileChannel> wrap)
      throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    FileChannel channel =
        wrap.apply(
            FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE));
    try {
      long size = channel.size();
      if (size < HEADER_BYTES) {
        // new, or torn while writing the header: nothing was ever acknowledged
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(MAGIC), 0);
        channel.force(true);
        forceDirectory(file);
        return new Journal(file, channel, true, List.of(), new long[1024], HEADER_BYTES, size);
      }
      ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(size));
      while (all.hasRemaining() && channel.read(all, all.position()) >= 0) {
        // read fully
      }
      all.flip();
      byte[] magic = new byte[HEADER_BYTES];
      all.get(magic);
      boolean v2 = Arrays.equals(magic, MAGIC);
      if (!v2 && !Arrays.equals(magic, MAGIC_V1)) {
        throw new JournalCorruptException(file + ": not a station journal (bad header)");
      }
      int recordHeader = v2 ? 16 : 8;
      List<JournalEntry> recovered = new ArrayList<>();
      long[] ends = new long[1024];
      long good = HEADER_BYTES;
      while (all.remaining() > 0) {
        long start = all.position();
        if (all.remaining() < recordHeader) {
          break; // torn record header
        }
        int length = all.getInt();
        int crc = all.getInt();
        long watermark = v2 ? all.getLong() : 0;
        if (length <= 0 || length > MAX_RECORD_BYTES || length > all.remaining()) {
          if (length > 0 && length <= MAX_RECORD_BYTES) {
            all.position((int) start);
            break; // torn body: the record runs past the end of the file
          }
          if (isZeros(all, start)) {
            all.position((int) start);
            break; // space the file system allocated but the write never filled
          }
          if (v2 && neverForced(all, start)) {
            all.position((int) start);
            break; // a torn write of a group commit whose force never came
          }
          throw new JournalCorruptException(
              file + ": damaged record at byte " + start + " (length " + length + ")");
        }
        byte[] body = new byte[length];
        all.get(body);
        if (checksum(v2, watermark, body) != crc) {
          if (!all.hasRemaining() || (v2 && neverForced(all, start))) {
            all.position((int) start);
            break; // torn inside, and never forced: never acknowledged
          }
          throw new JournalCorruptException(
              file + ": checksum mismatch at byte " + start + " with records after it");
        }
        JournalEntry e;
        try {
          e = StationJson.MAPPER.readValue(body, JournalEntry.class);
        } catch (IOException notAnEntry) {
          // the checksum holds, so these are the bytes written: not a torn write but damage
          throw new JournalCorruptException(
              file
                  + ": record at byte "
                  + start
                  + " is not a journal entry ("
                  + firstLine(notAnEntry.getMessage())
                  + ")");
        }
        if (e == null) {
          throw new JournalCorruptException(
              file + ": record at byte " + start + " is not a journal entry (null)");
        }
        if (e.seq() != recovered.size() + 1) {
          throw new JournalCorruptException(
              file
                  + ": record at byte "
                  + start
                  + " has seq "
                  + e.seq()
                  + ", expected "
                  + (recovered.size() + 1));
        }
        recovered.add(e);
        if (recovered.size() > ends.length) {
          ends = Arrays.copyOf(ends, ends.length * 2);
        }
        good = all.position();
        ends[recovered.size() - 1] = good;
      }
      long truncated = size - good;
      if (truncated > 0) {
        channel.truncate(good);
        channel.force(true);
      }
      return new Journal(file, channel, v2, recovered, ends, good, truncated);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Whether the bad record at {@code start} can never have been on disk when a later record was
   * written: no whole record after it (found by scanning every offset for a record whose checksum
   * holds) carries a watermark beyond {@code start}. A force always ends at a record's end, so a
   * watermark beyond {@code start} means the bad record had been forced.
   */
  private static boolean neverForced(ByteBuffer all, long start) {
    int limit = all.limit();
    for (int at = (int) start + 1; at + 17 <= limit; at++) {
      int length = all.getInt(at);
      if (length <= 0 || length > MAX_RECORD_BYTES || length > limit - at - 16) {
        continue;
      }
      long watermark = all.getLong(at + 8);
      if (watermark < HEADER_BYTES || watermark > limit || all.get(at + 16) != '{') {
        continue;
      }
      CRC32C crc = new CRC32C();
      crc.update(all.slice(at + 8, 8 + length));
      if ((int) crc.getValue() == all.getInt(at + 4) && watermark > start) {
        return false;
      }
    }
    return true;
  }

  private static int checksum(boolean v2, long watermark, byte[] body) {
    CRC32C crc = new CRC32C();
    if (v2) {
      crc.update(ByteBuffer.allocate(8).putLong(watermark).flip());
    }
    crc.update(body);
    return (int) crc.getValue();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static boolean isZeros(ByteBuffer all, long from) {
    for (int i = (int) from; i < all.limit(); i++) {
      if (all.get(i) != 0) {
        return false;
      }
    }
    return true;
  }

  private static void forceDirectory(Path file) {
    try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent())) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not every platform can open a directory; the file itself is forced
    }
  }

  /** Bytes of a torn last record that {@link #open} cut off (0 after a clean shutdown). */
  public long truncatedBytes() {
    return truncatedBytes;
  }

  public Path file() {
    return file;
  }

  /**
   * Appends an entry and returns once it is on disk. Assigns the next sequence number.
   *
   * @throws IOException when the write or the force failed; the entry is then not in the journal
   *     and the journal refuses further appends (the station must not acknowledge anything it
   *     cannot keep)
   */
  public JournalEntry append(
      String sittingId,
      JournalEntry.Kind kind,
      Instant stationTime,
      JsonNode payload,
      String keyId,
      String signature)
      throws IOException {
    long end;
    JournalEntry entry;
    synchronized (writeLock) {
      if (broken != null) {
        throw new IOException(
            "journal " + file + " is out of service after a failed write", broken);
      }
      entry =
          new JournalEntry(
              entries.size() + 1, sittingId, kind, stationTime, payload, keyId, signature);
      byte[] body = StationJson.MAPPER.writeValueAsBytes(entry);
      ByteBuffer record = record(watermarks, forcedBytes, body);
      try {
        long at = writtenBytes;
        while (record.hasRemaining()) {
          at += channel.write(record, at);
        }
      } catch (IOException e) {
        broken = e;
        throw e;
      }
      writtenBytes += record.limit();
      end = writtenBytes;
      entries.add(entry);
      if (entries.size() > ends.length) {
        ends = Arrays.copyOf(ends, ends.length * 2);
      }
      ends[entries.size() - 1] = end;
    }
    force(end);
    return entry;
  }

  /**
   * One record: length, checksum, watermark (v2 only: {@code forced}, the bytes known on disk now)
   * and body.
   */
  static ByteBuffer record(boolean v2, long forced, byte[] body) {
    ByteBuffer record = ByteBuffer.allocate((v2 ? 16 : 8) + body.length);
    record.putInt(body.length).putInt(checksum(v2, forced, body));
    if (v2) {
      record.putLong(forced);
    }
    return record.put(body).flip();
  }

  /** Forces the file until {@code end} is on disk; one force covers every record written so far. */
  private void force(long end) throws IOException {
    if (forcedBytes >= end) {
      return;
    }
    synchronized (forceLock) {
      if (forcedBytes >= end) {
        return; // another append's force covered this record
      }
      if (broken != null) {
        // another append's force failed while this one waited: its record is not known to be on
        // disk, and a second force may report success for pages the kernel already dropped
        throw new IOException(
            "journal " + file + " is out of service after a failed force", broken);
      }
      long target;
      int count;
      synchronized (writeLock) {
        target = writtenBytes;
        count = entries.size();
      }
      try {
        channel.force(false);
      } catch (IOException e) {
        broken = e;
        throw e;
      }
      forcedCount = count;
      forcedBytes = target;
    }
  }

  /** The sequence number of the last entry on disk (0 for an empty journal). */
  public long lastSeq() {
    return forcedCount;
  }

  /** Up to {@code max} entries on disk with {@code seq > afterSeq}, in order. */
  public List<JournalEntry> entriesAfter(long afterSeq, int max) {
    int visible = forcedCount;
    synchronized (writeLock) {
      int from = (int) Math.min(Math.max(afterSeq, 0), visible);
      int to = (int) Math.min(visible, (long) from + max);
      return List.copyOf(entries.subList(from, to));
    }
  }

  /** Every entry on disk, in order. */
  public List<JournalEntry> all() {
    return entriesAfter(0, Integer.MAX_VALUE);
  }

  @Override
  public void close() throws IOException {
    synchronized (writeLock) {
      channel.close();
    }
  }
}
