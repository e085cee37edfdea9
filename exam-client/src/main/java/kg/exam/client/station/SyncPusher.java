package kg.exam.client.station;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import kg.exam.client.station.enrol.StationSigner;

/**
 * Pushes the journal to the command side ({@code POST /api/stations/sync}) in journal order, in
 * batches, signed with the station key ({@code exam-station-request/1}).
 *
 * <p>The command side answers each entry, in order, with {@code applied}, {@code duplicate} (it had
 * it already: the station's sequence number, or the answer's {@code clientSeq}) or {@code rejected}
 * (a permanent refusal, with the problem type; kept in {@code sync-rejected.jsonl} and shown per
 * candidate); it may stop early on a transient failure. The cursor (the last entry the command side
 * answered) is kept in {@code sync-cursor}, written atomically, so a restarted station resumes
 * where it was and re-sends at most one batch, which the command side ignores.
 *
 * <p>Failures (no link, timeouts, 5xx, 429) are retried with exponential back-off and jitter: the
 * wait after the n-th consecutive failure is uniform in [d/2, d] with d = min(maxBackoff,
 * minBackoff × 2^(n−1)). A {@code station-clock-skew} refusal corrects the request clock from its
 * {@code serverTime} and retries. Thread-safe.
 */
public final class SyncPusher implements AutoCloseable {
  /** The command side's sync endpoint. */
  public static final String PATH = "/api/stations/sync";

  private static final Logger LOG = Logger.getLogger(SyncPusher.class.getName());
  private static final Duration IDLE_POLL = Duration.ofMillis(200);

  /** Most bytes of entries in one request: well under the command side's 1 MiB body limit. */
  static final long MAX_BATCH_BYTES = 512 * 1024;

  private final Journal journal;
  private final Path cursorFile;
  private final Path rejectedFile;
  private final URI endpoint;
  private final StationSigner signer;
  private final int batchSize;
  private final Duration minBackoff;
  private final Duration maxBackoff;
  private final Clock clock;
  private final HttpClient http;
  private final Map<String, Instant> lastSyncedAt = new ConcurrentHashMap<>();
  private final Map<String, Integer> rejectedBySitting = new ConcurrentHashMap<>();

  /**
   * The journal sequence numbers already recorded as rejected: an entry re-sent after a crash
   * between its rejection and the cursor's write is answered "rejected" again, and must not count
   * (or be written) twice.
   */
  private final java.util.Set<Long> rejectedSeqs = ConcurrentHashMap.newKeySet();

  private final Object wakeUp = new Object();

  private final java.util.concurrent.atomic.AtomicLong duplicates =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile long cursor;
  private volatile Instant lastSuccessAt;
  private volatile String lastError;
  private volatile int consecutiveFailures;
  private volatile Thread thread;
  private volatile boolean closed;

  /**
   * What the invigilator sees of the sync as a whole. {@code duplicatesSinceStart}: entries the
   * command side already had when they were sent again (after a lost response or a restart).
   */
  public record Status(
      long cursor,
      long journalLastSeq,
      long pending,
      Instant lastSuccessAt,
      String lastError,
      int consecutiveFailures,
      long duplicatesSinceStart) {}

  /** One sitting's sync: entries not yet answered by the command side, when it last answered. */
  public record SittingSync(long pending, Instant lastSyncedAt, int rejected) {}

  public SyncPusher(
      Journal journal,
      Path dataDir,
      URI serverUrl,
      StationSigner signer,
      int batchSize,
      Duration minBackoff,
      Duration maxBackoff,
      Clock clock)
      throws IOException {
    this.journal = journal;
    this.cursorFile = dataDir.resolve("sync-cursor");
    this.rejectedFile = dataDir.resolve("sync-rejected.jsonl");
    String base = serverUrl.toString().replaceAll("/+$", "");
    this.endpoint = URI.create(base + PATH);
    this.signer = signer;
    this.batchSize = batchSize;
    this.minBackoff = minBackoff;
    this.maxBackoff = maxBackoff;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.cursor = readCursor();
    readRejected();
  }

  private long readCursor() throws IOException {
    if (!Files.exists(cursorFile)) {
      return 0;
    }
    String text = Files.readString(cursorFile, StandardCharsets.US_ASCII).strip();
    try {
      long c = Long.parseLong(text);
      if (c < 0 || c > journal.lastSeq()) {
        throw new IOException(
            cursorFile
                + ": cursor "
                + c
                + " is beyond the journal's last entry "
                + journal.lastSeq());
      }
      return c;
    } catch (NumberFormatException e) {
      throw new IOException(cursorFile + ":1: not a sequence number: " + text, e);
    }
  }

  private void readRejected() throws IOException {
    if (!Files.exists(rejectedFile)) {
      return;
    }
    for (String line : Files.readAllLines(rejectedFile, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode n = StationJson.MAPPER.readTree(line);
        if (rejectedSeqs.add(n.get("seq").asLong())) {
          rejectedBySitting.merge(n.get("sittingId").asText(), 1, Integer::sum);
        }
      } catch (IOException | RuntimeException e) {
        // a line torn by a crash: the entry is re-sent and answered again (duplicate or rejected)
      }
    }
  }

  /** Starts the background pusher thread. */
  public void start() {
    Thread t = Thread.ofPlatform().name("station-sync").daemon().unstarted(this::run);
    thread = t;
    t.start();
  }

  /** Asks the pusher to look at the journal now (e.g. after an append). */
  public void wake() {
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
  }

  private void run() {
    while (!closed) {
      try {
        boolean more = syncOnce();
        if (!more) {
          sleep(IDLE_POLL);
        }
      } catch (InterruptedException e) {
        return;
      } catch (SyncFailure e) {
        int n = ++consecutiveFailures;
        lastError = e.getMessage();
        if (e.retryNow) {
          continue;
        }
        long d = Math.min(maxBackoff.toMillis(), minBackoff.toMillis() << Math.min(n - 1, 30));
        long wait = d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1);
        if (n == 1 || n % 10 == 0) {
          LOG.info("sync: " + e.getMessage() + "; retry " + n + " in " + wait + " ms");
        }
        try {
          sleep(Duration.ofMillis(wait));
        } catch (InterruptedException ie) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.SEVERE, "sync: local failure", e);
        lastError = e.toString();
        try {
          sleep(maxBackoff);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private void sleep(Duration d) throws InterruptedException {
    synchronized (wakeUp) {
      if (!closed) {
        wakeUp.wait(Math.max(1, d.toMillis()));
      }
    }
  }

  /** A failed attempt that the pusher retries. */
  static final class SyncFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean retryNow;

    SyncFailure(String message, boolean retryNow) {
      super(message, null, false, false);
      this.retryNow = retryNow;
    }
  }

  /**
   * Sends one batch after the cursor and advances the cursor over what the command side answered.
   *
   * @return true when entries were sent and more may be waiting
   * @throws SyncFailure when the command side could not be reached or did not answer
   */
  synchronized boolean syncOnce() throws SyncFailure, IOException, InterruptedException {
    List<JournalEntry> candidates = journal.entriesAfter(cursor, batchSize);
    if (candidates.isEmpty()) {
      return false;
    }
    // at most MAX_BATCH_BYTES of entries (always at least one), under the 1 MiB request limit
    List<JournalEntry> batch = new java.util.ArrayList<>();
    long size = 0;
    for (JournalEntry e : candidates) {
      long entryBytes = StationJson.MAPPER.writeValueAsBytes(e).length + 1L;
      if (!batch.isEmpty() && size + entryBytes > MAX_BATCH_BYTES) {
        break;
      }
      batch.add(e);
      size += entryBytes;
    }
    ObjectNode body = StationJson.MAPPER.createObjectNode();
    body.putPOJO("entries", batch);
    byte[] bytes = StationJson.MAPPER.writeValueAsBytes(body);
    HttpRequest request =
        signer.signedRequest("POST", endpoint, bytes).timeout(Duration.ofSeconds(60)).build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new SyncFailure(
          "command side unreachable (" + e.getClass().getSimpleName() + ")", false);
    }
    JsonNode answer;
    try {
      answer = StationJson.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new SyncFailure("HTTP " + response.statusCode() + " without a JSON body", false);
    }
    if (response.statusCode() != 200) {
      String type = answer == null ? "" : answer.path("type").asText("");
      if (type.endsWith(":station-clock-skew") && answer.hasNonNull("serverTime")) {
        signer.correctClock(Instant.parse(answer.get("serverTime").asText()));
        throw new SyncFailure("station clock corrected to the command side's", true);
      }
      throw new SyncFailure(
          "HTTP " + response.statusCode() + " " + type + ": " + answer.path("detail").asText(""),
          false);
    }
    long last = cursor;
    Map<String, Instant> synced = new HashMap<>();
    Instant now = clock.instant();
    for (JsonNode r : answer.path("results")) {
      long seq = r.path("seq").asLong();
      if (seq != last + 1) {
        break; // the command side answers in order; anything else is ignored and re-sent
      }
      JournalEntry e = batch.get((int) (seq - batch.get(0).seq()));
      if ("rejected".equals(r.path("outcome").asText())) {
        recordRejection(e, r);
      } else if ("duplicate".equals(r.path("outcome").asText())) {
        duplicates.incrementAndGet();
      }
      synced.put(e.sittingId(), now);
      last = seq;
    }
    if (last == cursor) {
      throw new SyncFailure("the command side answered no entry", false);
    }
    writeCursor(last);
    cursor = last;
    lastSyncedAt.putAll(synced);
    lastSuccessAt = now;
    consecutiveFailures = 0;
    lastError = null;
    return true;
  }

  private void recordRejection(JournalEntry e, JsonNode r) throws IOException {
    if (rejectedSeqs.contains(e.seq())) {
      return; // re-sent after a crash: recorded already
    }
    ObjectNode line = StationJson.MAPPER.createObjectNode();
    line.put("seq", e.seq());
    line.put("sittingId", e.sittingId());
    line.put("kind", e.kind().json());
    line.put("type", r.path("type").asText(null));
    line.put("detail", r.path("detail").asText(null));
    byte[] bytes =
        (StationJson.MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch =
        FileChannel.open(
            rejectedFile,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
      ch.write(java.nio.ByteBuffer.wrap(bytes));
      ch.force(false);
    }
    rejectedSeqs.add(e.seq());
    rejectedBySitting.merge(e.sittingId(), 1, Integer::sum);
    LOG.warning(
        "sync: the command side rejected entry "
            + e.seq()
            + " ("
            + e.kind().json()
            + "): "
            + r.path("type").asText(""));
  }

  private void writeCursor(long value) throws IOException {
    Path tmp = cursorFile.resolveSibling("sync-cursor.tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(java.nio.ByteBuffer.wrap((value + "\n").getBytes(StandardCharsets.US_ASCII)));
      ch.force(true);
    }
    Files.move(
        tmp, cursorFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The last journal entry the command side has answered. */
  public long cursor() {
    return cursor;
  }

  public Status status() {
    long lastSeq = journal.lastSeq();
    return new Status(
        cursor,
        lastSeq,
        lastSeq - cursor,
        lastSuccessAt,
        lastError,
        consecutiveFailures,
        duplicates.get());
  }

  /** Sync state per sitting that has journal entries. */
  public Map<String, SittingSync> perSitting() {
    Map<String, Long> pending = new HashMap<>();
    for (JournalEntry e : journal.entriesAfter(cursor, Integer.MAX_VALUE)) {
      pending.merge(e.sittingId(), 1L, Long::sum);
    }
    Map<String, SittingSync> result = new HashMap<>();
    for (JournalEntry e : journal.all()) {
      result.computeIfAbsent(
          e.sittingId(),
          id ->
              new SittingSync(
                  pending.getOrDefault(id, 0L),
                  lastSyncedAt.get(id),
                  rejectedBySitting.getOrDefault(id, 0)));
    }
    return result;
  }

  /** One sitting's sync state (zero pending and never synced when it has no entries). */
  public SittingSync sitting(String sittingId) {
    long pending =
        journal.entriesAfter(cursor, Integer.MAX_VALUE).stream()
            .filter(e -> e.sittingId().equals(sittingId))
            .count();
    return new SittingSync(
        pending, lastSyncedAt.get(sittingId), rejectedBySitting.getOrDefault(sittingId, 0));
  }

  @Override
  public void close() {
    closed = true;
    wake();
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
