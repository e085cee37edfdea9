package kg.exam.client.simulate;

import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import kg.exam.client.ServerProblem;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies per request kind (HdrHistogram {@link Recorder}s, microseconds, 3 significant digits)
 * and counts, written by every virtual candidate at once and read by one progress thread.
 * Thread-safe. A latency is the time from sending the request to the whole answer, including the
 * client's own retries of transient failures; think time is not part of it.
 */
final class SimulationMetrics {
  private final Map<RequestKind, Recorder> recorders = new EnumMap<>(RequestKind.class);
  private final Map<RequestKind, Histogram> totals = new EnumMap<>(RequestKind.class);
  private final Map<RequestKind, Histogram> lastInterval = new EnumMap<>(RequestKind.class);
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
  final LongAdder errorCount = new LongAdder();
  final LongAdder requests = new LongAdder();
  final LongAdder signedIn = new LongAdder();
  final LongAdder started = new LongAdder();
  final LongAdder submitted = new LongAdder();
  final LongAdder failedCandidates = new LongAdder();
  final LongAdder finishedCandidates = new LongAdder();

  /** Answers the server acknowledged, one per clientSeq (a resent answer counts once). */
  final LongAdder answersAcknowledged = new LongAdder();

  /** Answers changed: a second or later answer to an item. */
  final LongAdder answersChanged = new LongAdder();

  final LongAdder flags = new LongAdder();
  final LongAdder drops = new LongAdder();

  /** Resent answers the server had already stored before the drop ({@code duplicate: true}). */
  final LongAdder resentDuplicates = new LongAdder();

  final LongAdder sittingsVerified = new LongAdder();
  final LongAdder answersVerified = new LongAdder();
  final LongAdder answersMissing = new LongAdder();

  SimulationMetrics() {
    for (RequestKind k : RequestKind.values()) {
      recorders.put(k, new Recorder(3));
      totals.put(k, new Histogram(3));
    }
  }

  void record(RequestKind kind, long micros) {
    requests.increment();
    recorders.get(kind).recordValue(Math.max(0, micros));
  }

  /** A failed request: counted by kind and problem type ({@code io}, {@code timeout} otherwise). */
  void error(RequestKind kind, RuntimeException e) {
    requests.increment();
    errorCount.increment();
    errors.computeIfAbsent(kind.label() + " " + errorType(e), k -> new LongAdder()).increment();
  }

  /** A candidate stopped by an unexpected exception (not a request refused or lost). */
  void crashed(RuntimeException e) {
    errorCount.increment();
    errors
        .computeIfAbsent("candidate " + e.getClass().getSimpleName(), k -> new LongAdder())
        .increment();
  }

  static String errorType(RuntimeException e) {
    if (e instanceof ServerProblem p) {
      return p.name().isEmpty() ? "http-" + p.status() : p.name();
    }
    if (e instanceof UncheckedIOException io) {
      return io.getCause() instanceof HttpTimeoutException ? "timeout" : "io";
    }
    return e.getClass().getSimpleName();
  }

  /**
   * Moves what was recorded since the last call into the totals; returns the interval's histograms.
   * Call from one thread at a time.
   */
  synchronized Map<RequestKind, Histogram> drainInterval() {
    Map<RequestKind, Histogram> interval = new EnumMap<>(RequestKind.class);
    for (RequestKind k : RequestKind.values()) {
      Histogram h = recorders.get(k).getIntervalHistogram(lastInterval.get(k));
      lastInterval.put(k, h);
      totals.get(k).add(h);
      interval.put(k, h);
    }
    return interval;
  }

  /**
   * Starts the latency totals afresh (a warm-up is over): what was recorded so far stays out of the
   * report's latencies. Counts are kept. Call from one thread at a time.
   */
  synchronized void restartLatencies() {
    drainInterval();
    totals.values().forEach(Histogram::reset);
  }

  /** The totals so far, after draining the recorders; copies. */
  synchronized Map<RequestKind, Histogram> totals() {
    drainInterval();
    Map<RequestKind, Histogram> copy = new EnumMap<>(RequestKind.class);
    totals.forEach((k, h) -> copy.put(k, h.copy()));
    return copy;
  }

  /** Errors as {@code "kind type" -> count}, sorted. */
  Map<String, Long> errors() {
    Map<String, Long> sorted = new TreeMap<>();
    errors.forEach((k, v) -> sorted.put(k, v.sum()));
    return sorted;
  }
}
