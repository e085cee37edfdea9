package kg.exam.client.station;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import kg.exam.client.station.enrol.StationSigner;

/**
 * A running exam station: the journal, the sittings rebuilt from it, the HTTP server with the
 * candidate API and the student UI, the hand-in at deadlines and the sync to the command side.
 * {@link #create} builds it without serving, so other features (the invigilator view) can add
 * routes to {@link #server()} before {@link #start()}.
 */
public final class Station implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Station.class.getName());

  private final StationConfig config;
  private final Journal journal;
  private final StationSittings sittings;
  private final StationServer server;
  private final SyncPusher sync;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("station-deadlines").daemon().factory());

  private Station(
      StationConfig config,
      Journal journal,
      StationSittings sittings,
      StationServer server,
      SyncPusher sync) {
    this.config = config;
    this.journal = journal;
    this.sittings = sittings;
    this.server = server;
    this.sync = sync;
  }

  /**
   * Opens the journal (recovering a torn last record), rebuilds the sittings and binds the port.
   *
   * @param packages the session packages (only unlocked ones are served)
   * @param signer the station key
   * @param clock the station's clock, the time authority of its sittings
   */
  public static Station create(
      StationConfig config, ExamPackages packages, StationSigner signer, Clock clock)
      throws IOException, StationConfigException {
    Journal journal = Journal.open(config.dataDir().resolve("journal.log"));
    if (journal.truncatedBytes() > 0) {
      LOG.warning(
          "journal: cut off a torn last record of "
              + journal.truncatedBytes()
              + " bytes (never acknowledged)");
    }
    try {
      String stationId = config.stationId().orElse(null);
      StationSittings sittings =
          new StationSittings(journal, packages, new StationSigning(signer), clock, stationId);
      CandidateAuth auth =
          new CandidateAuth(
              packages,
              clock,
              config.maxPinAttempts(),
              config.pinLockout(),
              CandidateAuth.loadOrCreateSecret(config.dataDir()));
      StationServer server = new StationServer(config.bind(), config.port());
      new CandidateApi(sittings, auth).register(server);
      server.staticFolder("exam");
      SyncPusher sync =
          config.optional("server.url").isPresent()
              ? new SyncPusher(
                  journal,
                  config.dataDir(),
                  config.serverUrl(),
                  signer,
                  config.syncBatchSize(),
                  config.syncMinBackoff(),
                  config.syncMaxBackoff(),
                  clock)
              : null;
      return new Station(config, journal, sittings, server, sync);
    } catch (IOException | StationConfigException | RuntimeException e) {
      journal.close();
      throw e;
    }
  }

  /** Serves requests, hands in at deadlines and starts syncing. */
  public void start() {
    // hand in what ran out while the station was down before the first request is served
    handInOverdue();
    timer.scheduleWithFixedDelay(this::handInOverdue, 250, 250, TimeUnit.MILLISECONDS);
    server.start();
    if (sync != null) {
      sync.start();
    }
  }

  private void handInOverdue() {
    try {
      int n = sittings.handInOverdue();
      if (n > 0) {
        LOG.info("handed in " + n + " sitting(s) at their deadline");
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.SEVERE, "hand-in at the deadline failed; retrying", e);
    }
  }

  public StationConfig config() {
    return config;
  }

  public StationServer server() {
    return server;
  }

  public StationSittings sittings() {
    return sittings;
  }

  public Journal journal() {
    return journal;
  }

  /** The sync to the command side, or null when {@code server.url} is not set. */
  public SyncPusher sync() {
    return sync;
  }

  @Override
  public void close() throws IOException {
    timer.shutdownNow();
    if (sync != null) {
      sync.close();
    }
    server.close();
    journal.close();
  }
}
