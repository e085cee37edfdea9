package kg.exam.query.consumer;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/** What the consumers did since this instance started. Thread-safe. */
@Component
public class ConsumerCounters {
  private final LongAdder applied = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder deadLettered = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final Map<String, LongAdder> ignoredByType = new ConcurrentHashMap<>();
  private final AtomicLong lastAppliedAtMs = new AtomicLong();

  void applied() {
    applied.increment();
    lastAppliedAtMs.set(System.currentTimeMillis());
  }

  void duplicate() {
    duplicates.increment();
  }

  void deadLettered() {
    deadLettered.increment();
  }

  void retry() {
    retries.increment();
  }

  void ignored(String eventType) {
    ignoredByType.computeIfAbsent(String.valueOf(eventType), t -> new LongAdder()).increment();
  }

  /** A snapshot for the status endpoint. */
  public Snapshot snapshot() {
    Map<String, Long> ignored = new TreeMap<>();
    ignoredByType.forEach((type, n) -> ignored.put(type, n.sum()));
    return new Snapshot(
        applied.sum(),
        duplicates.sum(),
        ignored.values().stream().mapToLong(Long::longValue).sum(),
        ignored,
        deadLettered.sum(),
        retries.sum(),
        lastAppliedAtMs.get());
  }

  /**
   * @param applied events applied to the projections
   * @param duplicates events skipped because their sequence number was applied already
   * @param ignored events of types the query side does not project
   * @param ignoredByType the same by event type
   * @param deadLettered records sent to the dead-letter topic
   * @param retries batches retried after a transient failure (database or Kafka unreachable)
   * @param lastAppliedAtMs wall-clock time of the last applied event, 0 if none
   */
  public record Snapshot(
      long applied,
      long duplicates,
      long ignored,
      Map<String, Long> ignoredByType,
      long deadLettered,
      long retries,
      long lastAppliedAtMs) {}
}
