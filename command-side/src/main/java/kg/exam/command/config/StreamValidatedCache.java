package kg.exam.command.config;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The aggregate cache of Axon's {@code CachingEventSourcingRepository}, safe when several command
 * sides write the same event store: an entry is handed out only while it is the stream's newest
 * state. On every load the stream's stored head (one index-only {@code max(sequenceNumber)} lookup)
 * is compared with the version the entry was cached at; if another node appended meanwhile (a
 * candidate switched node after a failure), the entry is dropped and the aggregate is read from the
 * event store in full. So an answer costs one small lookup instead of replaying its sitting's whole
 * stream, and no node ever decides on a stale sitting.
 *
 * <p>What is left racing is the instant between this check and the append: two nodes that both see
 * head n both append n + 1, the unique (aggregate, sequence) index refuses the second, its unit of
 * work rolls back and Axon's repository removes the entry (the command is refused as a concurrent
 * modification and the retry loads the fresh stream).
 *
 * <p>Axon's repository puts an entry at prepare-commit and removes it when the unit of work rolls
 * back (including a refused command). A unit of work may run inside a database transaction that
 * commits only later (the station sync wraps its commands in one), and if that transaction then
 * fails, Axon's rollback never runs: so inside a Spring transaction an entry is taken out at once
 * and put back only after the transaction committed. An entry therefore never holds state that was
 * not committed, and the cached aggregate object, which a command mutates in place, is never handed
 * out after a rollback. Bounded by count (least recently used out); a sitting of 90 answers costs a
 * few tens of kilobytes.
 *
 * <p>Thread-safe; entries are used under Axon's per-aggregate lock.
 */
public final class StreamValidatedCache implements org.axonframework.common.caching.Cache {
  /** {@code AggregateCacheEntry.version}: the sequence number of the entry's last event. */
  private static final VarHandle VERSION = versionHandle();

  private final Cache<Object, Entry> entries;
  private final Function<String, Optional<Long>> storedHead;

  private record Entry(Object value, long version) {}

  /**
   * @param maximumEntries most aggregates kept, e.g. 50,000 sittings
   * @param storedHead the last stored sequence number of a stream, empty for none
   */
  public StreamValidatedCache(long maximumEntries, Function<String, Optional<Long>> storedHead) {
    if (maximumEntries < 1) {
      throw new IllegalArgumentException("maximumEntries=" + maximumEntries + " must be 1 or more");
    }
    this.entries = Caffeine.newBuilder().maximumSize(maximumEntries).build();
    this.storedHead = storedHead;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <K, V> V get(K key) {
    Entry entry = entries.getIfPresent(key);
    if (entry == null) {
      return null;
    }
    Optional<Long> head = storedHead.apply(key.toString());
    if (entry.version() < 0 || head.isEmpty() || head.get() != entry.version()) {
      entries.asMap().remove(key, entry);
      return null;
    }
    return (V) entry.value();
  }

  @Override
  public void put(Object key, Object value) {
    Entry entry = new Entry(value, versionOf(value));
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      entries.put(key, entry);
      return;
    }
    entries.invalidate(key);
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            entries.put(key, entry);
          }
        });
  }

  @Override
  public boolean putIfAbsent(Object key, Object value) {
    return entries.asMap().putIfAbsent(key, new Entry(value, versionOf(value))) == null;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
    return (T)
        entries
            .asMap()
            .computeIfAbsent(
                key,
                k -> {
                  Object value = valueSupplier.get();
                  return new Entry(value, versionOf(value));
                })
            .value();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
    entries
        .asMap()
        .computeIfPresent(
            key,
            (k, entry) -> {
              Object value = update.apply((V) entry.value());
              return value == null ? null : new Entry(value, versionOf(value));
            });
  }

  @Override
  public boolean remove(Object key) {
    return entries.asMap().remove(key) != null;
  }

  @Override
  public void removeAll() {
    entries.invalidateAll();
  }

  @Override
  public boolean containsKey(Object key) {
    return entries.asMap().containsKey(key);
  }

  @Override
  public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
    // Nothing in the command side listens to cache events; Axon's repository does not either.
    return () -> true;
  }

  /** The entry's version, or -1 (never handed out) for anything but an aggregate entry. */
  private static long versionOf(Object value) {
    if (value instanceof AggregateCacheEntry<?> entry) {
      Long version = (Long) VERSION.get(entry);
      return version == null ? -1 : version;
    }
    return -1;
  }

  private static VarHandle versionHandle() {
    try {
      return MethodHandles.privateLookupIn(AggregateCacheEntry.class, MethodHandles.lookup())
          .findVarHandle(AggregateCacheEntry.class, "version", Long.class);
    } catch (ReflectiveOperationException e) {
      // Axon changed AggregateCacheEntry: fail at start rather than cache without validation.
      throw new ExceptionInInitializerError(
          "AggregateCacheEntry has no field 'Long version' (Axon upgrade?): " + e);
    }
  }
}
