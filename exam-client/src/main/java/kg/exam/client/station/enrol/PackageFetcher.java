package kg.exam.client.station.enrol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fetches the exam packages of the station's sessions from the command side ({@code GET
 * /api/stations/sessions}, then each {@code …/package}) into the {@link PackageStore}, and asks for
 * the keys of locked packages whose session has opened ({@code …/package-key}). Every request is
 * signed with the station key. Thread-safe.
 */
public final class PackageFetcher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(PackageFetcher.class.getName());

  private final CommandSideCalls calls;
  private final PackageStore store;
  private final StationSigner signer;
  private final Clock clock;
  private ScheduledExecutorService poller;
  private Instant lastFetch; // only the poller thread touches it

  public PackageFetcher(URI server, StationSigner signer, PackageStore store, Clock clock) {
    this.calls = new CommandSideCalls(server, signer);
    this.store = store;
    this.signer = signer;
    this.clock = clock;
  }

  /** What a fetch did. */
  public record Fetched(List<String> sessionIds, List<String> unlocked) {}

  /** Downloads and stores every package the station may hold; then unlocks what is released. */
  public Fetched fetchAll() throws IOException, InterruptedException {
    List<String> ids = new ArrayList<>();
    for (JsonNode s : calls.get("/api/stations/sessions")) {
      String sessionId = s.get("sessionId").asText();
      JsonNode envelope = calls.get("/api/stations/sessions/" + encode(sessionId) + "/package");
      if (!sessionId.equals(envelope.path("sessionId").asText())) {
        throw new IOException("the command side sent the package of another session");
      }
      store.save(envelope);
      ids.add(sessionId);
    }
    return new Fetched(ids, releaseDueKeys());
  }

  /**
   * Asks for the key of every locked package whose session has opened by the command side's clock
   * (as far as the station knows it); a key not yet released is left for the next call.
   *
   * @return the sessions unlocked by this call
   */
  public List<String> releaseDueKeys() throws IOException, InterruptedException {
    Instant serverNow = clock.instant().plus(signer.clockOffset());
    List<String> unlocked = new ArrayList<>();
    for (PackageStore.Header h : store.headers()) {
      if (h.unlocked() || serverNow.isBefore(h.opensAt())) {
        continue;
      }
      try {
        JsonNode key =
            calls.get("/api/stations/sessions/" + encode(h.sessionId()) + "/package-key");
        store.unlock(h.sessionId(), Base64.getUrlDecoder().decode(key.get("packageKey").asText()));
        unlocked.add(h.sessionId());
      } catch (CommandSideCalls.CallFailed e) {
        if (!e.is("package-not-released")) {
          throw e;
        }
      }
    }
    return unlocked;
  }

  /**
   * While the station runs: asks for due keys every {@code periodSeconds} (a link that comes back
   * unlocks the session without the release code), and fetches every package again every {@code
   * refetchPeriod} (late registrations and new sessions reach a running station).
   */
  public synchronized void startPolling(long periodSeconds, Duration refetchPeriod) {
    if (poller != null) {
      return;
    }
    poller =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("station-key-release").daemon().factory());
    poller.scheduleWithFixedDelay(
        () -> {
          try {
            Instant now = clock.instant();
            if (lastFetch == null || !now.isBefore(lastFetch.plus(refetchPeriod))) {
              lastFetch = now;
              fetchAll();
            }
            List<String> done = releaseDueKeys();
            if (!done.isEmpty()) {
              LOG.info("packages unlocked by the command side's key release: " + done.size());
            }
          } catch (IOException e) {
            LOG.log(Level.FINE, "key release not reachable; retrying", e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "key release failed; retrying", e);
          }
        },
        0,
        periodSeconds,
        TimeUnit.SECONDS);
  }

  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.shutdownNow();
      poller = null;
    }
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
