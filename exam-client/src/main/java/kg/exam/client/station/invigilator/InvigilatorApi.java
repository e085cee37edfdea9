package kg.exam.client.station.invigilator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import kg.exam.client.station.ExamPackages;
import kg.exam.client.station.PackageCandidate;
import kg.exam.client.station.SessionPackage;
import kg.exam.client.station.Station;
import kg.exam.client.station.StationConfig;
import kg.exam.client.station.StationConfigException;
import kg.exam.client.station.StationJson;
import kg.exam.client.station.StationProblem;
import kg.exam.client.station.StationServer;
import kg.exam.client.station.StationSittingView;
import kg.exam.client.station.StationSittings;
import kg.exam.client.station.SyncPusher;
import kg.exam.client.station.enrol.PackageStore;
import kg.exam.contract.Ids;
import kg.exam.contract.sitting.Accommodations;
import kg.exam.contract.sitting.IncidentCode;
import kg.exam.contract.sitting.ReportIncident;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The invigilator's view of the station: the page at {@code /invigilator/} (classpath {@code
 * static/invigilator/}) and its JSON API under {@code /invigilator/api/}.
 *
 * <ul>
 *   <li>{@code POST /invigilator/api/sign-in {pin}} → {@code {token, expiresAt}}: the PIN is
 *       checked against {@code invigilator.pin-hash} (bcrypt); {@value #MAX_ATTEMPTS} wrong PINs
 *       lock sign-in for {@link #LOCKOUT}. Other calls carry {@code Authorization: Bearer token}.
 *   <li>{@code GET /invigilator/api/overview}: every session package (locked or not) and per
 *       sitting: status, presence, progress, time left by the station's clock, sync state.
 *   <li>{@code POST /invigilator/api/sittings/{id}/pause|resume {reason}}, {@code …/extend
 *       {minutes, reason}}: journaled and synced to the command side as its pause, resume and
 *       extension (which record who and why).
 *   <li>{@code POST /invigilator/api/sittings/{id}/incidents {code, note?}}: an incident from a
 *       fixed list of codes ({@link #INCIDENT_CODES}) with an optional short note (no names).
 *   <li>{@code POST /invigilator/api/sessions/{id}/unlock {releaseCode}}: opens a package with the
 *       release code the centre reads out.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class InvigilatorApi {
  /** Wrong PINs from one address before sign-in from it is locked. */
  public static final int MAX_ATTEMPTS = 5;

  /**
   * Wrong PINs from all addresses together before sign-in is locked for everyone: a guesser with
   * many addresses is stopped too, and one device on the LAN can no longer lock out the real
   * invigilator by itself.
   */
  public static final int MAX_ATTEMPTS_ALL = 50;

  /** How long sign-in stays locked after {@link #MAX_ATTEMPTS} wrong PINs. */
  public static final Duration LOCKOUT = Duration.ofMinutes(5);

  /** How long an invigilator's sign-in lasts. */
  public static final Duration SESSION_LIFE = Duration.ofHours(12);

  /** Longest incident note, in characters: the command side's limit. */
  public static final int MAX_NOTE_CHARS = ReportIncident.MAX_NOTE_CHARS;

  /**
   * The incident codes an invigilator may record (shown translated on the page): the contract's
   * list, which the command side checks when the incident is synced.
   */
  public static final Set<String> INCIDENT_CODES =
      Arrays.stream(IncidentCode.values()).map(Enum::name).collect(Collectors.toUnmodifiableSet());

  private static final Base64.Encoder TOKEN = Base64.getUrlEncoder().withoutPadding();

  private final StationSittings sittings;
  private final ExamPackages packages;
  private final SyncPusher sync;
  private final String pinHash;
  private final String invigilatorId;
  private final String stationId;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();

  /** PIN attempts of one source (an address, or all of them together). */
  private static final class Attempts {
    int failed;
    int inFlight;
    Instant lockedUntil = Instant.MIN;

    boolean idle(Instant now) {
      return failed == 0 && inFlight == 0 && !now.isBefore(lockedUntil);
    }
  }

  private final Map<String, Attempts> attemptsByAddress = new java.util.HashMap<>();
  private final Attempts allAttempts = new Attempts();

  /**
   * @param sittings the station's sittings
   * @param packages the station's packages (a {@link PackageStore} also shows locked ones and can
   *     be unlocked by release code)
   * @param sync the sync to the command side, or null when the station has none
   * @param pinHash the invigilator PIN's bcrypt hash ({@code $2a$…}, {@code $2b$…}, {@code $2y$…},
   *     optionally prefixed {@code {bcrypt}})
   * @param invigilatorId the pseudonymous id recorded as who paused, resumed or extended (a code,
   *     never a name)
   * @param stationId the station's id, shown on the page
   */
  public InvigilatorApi(
      StationSittings sittings,
      ExamPackages packages,
      SyncPusher sync,
      String pinHash,
      String invigilatorId,
      String stationId,
      Clock clock) {
    this.sittings = sittings;
    this.packages = packages;
    this.sync = sync;
    this.pinHash = bcryptOnly(pinHash);
    this.invigilatorId = invigilatorId;
    this.stationId = stationId;
    this.clock = clock;
  }

  /** A bcrypt hash of a PIN for {@code invigilator.pin-hash} (cost 12). */
  public static String hashPin(char[] pin) {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    return OpenBSDBCrypt.generate("2b", pin, salt, 12);
  }

  private static String bcryptOnly(String hash) {
    String h = hash.startsWith("{bcrypt}") ? hash.substring("{bcrypt}".length()) : hash;
    if (!h.matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
      throw new IllegalArgumentException("not a bcrypt hash ($2a$/$2b$/$2y$)");
    }
    return h;
  }

  /** Adds the page and the API to the station's server (before it starts). */
  public void register(StationServer server) {
    server.staticFolder("invigilator");
    server.route("POST", "/invigilator/api/sign-in", this::signIn);
    server.route("POST", "/invigilator/api/sign-out", this::signOut);
    server.route("GET", "/invigilator/api/overview", this::overview);
    server.route("POST", "/invigilator/api/sittings/{sittingId}/pause", this::pause);
    server.route("POST", "/invigilator/api/sittings/{sittingId}/resume", this::resume);
    server.route("POST", "/invigilator/api/sittings/{sittingId}/extend", this::extend);
    server.route("POST", "/invigilator/api/sittings/{sittingId}/incidents", this::incident);
    server.route("POST", "/invigilator/api/sessions/{sessionId}/unlock", this::unlock);
  }

  record SignIn(String pin) {}

  record Reason(String reason) {}

  record Extension(Integer minutes, String reason) {}

  record Incident(String code, String note) {}

  record Unlock(String releaseCode) {}

  private void signIn(StationServer.Exchange x) throws Exception {
    SignIn body = x.body(SignIn.class);
    Instant now = clock.instant();
    // the attempt is counted before its bcrypt check, so parallel guesses cannot pass the limit
    // while each is still being checked; per address, and for all addresses together
    String address = x.remoteAddress();
    Attempts mine;
    synchronized (this) {
      attemptsByAddress.values().removeIf(a -> a.idle(now));
      mine = attemptsByAddress.computeIfAbsent(address, a -> new Attempts());
      for (Attempts a : List.of(mine, allAttempts)) {
        int max = a == allAttempts ? MAX_ATTEMPTS_ALL : MAX_ATTEMPTS;
        if (now.isBefore(a.lockedUntil)) {
          throw new StationProblem(
              "candidate-locked",
              429,
              "Too many wrong PINs",
              "Too many wrong PINs; try again after " + a.lockedUntil + ".");
        }
        if (a.failed + a.inFlight >= max) {
          throw new StationProblem(
              "candidate-locked",
              429,
              "Too many wrong PINs",
              "Too many PIN attempts at once; try again shortly.");
        }
      }
      mine.inFlight++;
      allAttempts.inFlight++;
    }
    boolean ok = false;
    try {
      // bcrypt outside the lock: a slow check must not hold up other requests
      ok =
          body.pin() != null
              && body.pin().length() <= 64
              && OpenBSDBCrypt.checkPassword(pinHash, body.pin().toCharArray());
    } finally {
      synchronized (this) {
        for (Attempts a : List.of(mine, allAttempts)) {
          int max = a == allAttempts ? MAX_ATTEMPTS_ALL : MAX_ATTEMPTS;
          a.inFlight--;
          if (ok) {
            if (a == mine) {
              a.failed = 0;
            }
          } else if (++a.failed >= max) {
            a.failed = 0;
            a.lockedUntil = now.plus(LOCKOUT);
          }
        }
      }
    }
    if (!ok) {
      throw new StationProblem("wrong-pin", 401, "Wrong PIN", "The PIN is wrong.");
    }
    byte[] raw = new byte[32];
    random.nextBytes(raw);
    String token = TOKEN.encodeToString(raw);
    Instant expiresAt = now.plus(SESSION_LIFE);
    tokens.put(token, expiresAt);
    tokens.values().removeIf(t -> t.isBefore(now));
    x.json(200, Map.of("token", token, "expiresAt", expiresAt.toString()));
  }

  private void signOut(StationServer.Exchange x) throws Exception {
    tokens.remove(requireSignedIn(x));
    x.noContent();
  }

  private String requireSignedIn(StationServer.Exchange x) {
    String h = x.header("Authorization");
    if (h != null && h.startsWith("Bearer ")) {
      String token = h.substring("Bearer ".length()).strip();
      Instant expires = tokens.get(token);
      if (expires != null && clock.instant().isBefore(expires)) {
        return token;
      }
    }
    throw StationProblem.unauthenticated("Sign in with the invigilator PIN.");
  }

  /** One sitting's line on the page. */
  record SittingLine(
      String sittingId,
      String candidateId,
      String candidateCode,
      String status,
      boolean present,
      int answeredItems,
      int itemCount,
      int flaggedItems,
      long remainingMs,
      Instant deadline,
      int extraTimePercent,
      Accommodations accommodations,
      Long syncPending,
      Instant lastSyncedAt,
      Integer syncRejected) {}

  /** One session on the page; {@code sittings} is empty while it is locked. */
  record SessionBlock(
      String sessionId,
      String examId,
      String title,
      Instant opensAt,
      Instant closesAt,
      boolean unlocked,
      int sittingCount,
      List<SittingLine> sittings) {}

  private void overview(StationServer.Exchange x) throws Exception {
    requireSignedIn(x);
    Map<String, StationSittingView> views = new LinkedHashMap<>();
    for (StationSittingView v : sittings.views()) {
      views.put(v.sittingId(), v);
    }
    Map<String, SyncPusher.SittingSync> syncs = sync == null ? Map.of() : sync.perSitting();
    List<SessionBlock> sessions = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (SessionPackage p : packages.allUnlocked()) {
      seen.add(p.sessionId());
      List<SittingLine> lines = new ArrayList<>();
      for (PackageCandidate c : p.candidates()) {
        StationSittingView v = views.get(c.sittingId());
        SyncPusher.SittingSync s = syncs.get(c.sittingId());
        lines.add(
            new SittingLine(
                c.sittingId(),
                c.candidateId(),
                c.candidateCode(),
                v == null ? "REGISTERED" : v.status(),
                v != null && !"REGISTERED".equals(v.status()),
                v == null ? 0 : v.answeredItems(),
                p.items().size(),
                v == null || v.flaggedItems() == null ? 0 : v.flaggedItems().size(),
                v == null ? -1 : v.remainingMs(),
                v == null ? null : v.deadline(),
                c.extraTimePercent(),
                c.accommodations(),
                sync == null ? null : s == null ? 0L : s.pending(),
                s == null ? null : s.lastSyncedAt(),
                sync == null ? null : s == null ? 0 : s.rejected()));
      }
      sessions.add(
          new SessionBlock(
              p.sessionId(),
              p.examId(),
              p.title(),
              p.opensAt(),
              p.closesAt(),
              true,
              p.candidates().size(),
              lines));
    }
    if (packages instanceof PackageStore store) {
      for (PackageStore.Header h : store.headers()) {
        if (!seen.contains(h.sessionId())) {
          sessions.add(
              new SessionBlock(
                  h.sessionId(),
                  h.examId(),
                  null,
                  h.opensAt(),
                  h.closesAt(),
                  false,
                  h.sittingCount(),
                  List.of()));
        }
      }
    }
    sessions.sort(
        java.util.Comparator.comparing(SessionBlock::opensAt)
            .thenComparing(SessionBlock::sessionId));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("stationId", stationId);
    body.put("stationTime", clock.instant());
    body.put("timeAuthority", "station");
    body.put("sync", sync == null ? null : sync.status());
    body.put("incidentCodes", INCIDENT_CODES.stream().sorted().toList());
    body.put("sessions", sessions);
    x.json(200, body);
  }

  private void pause(StationServer.Exchange x) throws Exception {
    requireSignedIn(x);
    Reason r = x.body(Reason.class);
    x.json(200, sittings.pause(x.param("sittingId"), reason(r.reason()), invigilatorId));
  }

  private void resume(StationServer.Exchange x) throws Exception {
    requireSignedIn(x);
    Reason r = x.body(Reason.class);
    x.json(200, sittings.resume(x.param("sittingId"), reason(r.reason()), invigilatorId));
  }

  private void extend(StationServer.Exchange x) throws Exception {
    requireSignedIn(x);
    Extension e = x.body(Extension.class);
    if (e.minutes() == null) {
      throw StationProblem.invalidRequest("minutes is required (1..240).");
    }
    x.json(
        200, sittings.extend(x.param("sittingId"), e.minutes(), reason(e.reason()), invigilatorId));
  }

  private void incident(StationServer.Exchange x) throws Exception {
    requireSignedIn(x);
    Incident i = x.body(Incident.class);
    if (i.code() == null || !INCIDENT_CODES.contains(i.code())) {
      throw new StationProblem(
          "unknown-incident-code",
          422,
          "Unknown incident code",
          "code must be one of " + INCIDENT_CODES.stream().sorted().toList() + ".");
    }
    if (i.note() != null && i.note().length() > MAX_NOTE_CHARS) {
      throw new StationProblem(
          "oversized-incident-note",
          422,
          "Incident note too long",
          "A note holds at most " + MAX_NOTE_CHARS + " characters (no names).");
    }
    ObjectNode payload = StationJson.MAPPER.createObjectNode();
    payload.put("code", i.code());
    if (i.note() != null && !i.note().isBlank()) {
      payload.put("note", i.note().strip());
    }
    payload.put("by", invigilatorId);
    sittings.incident(x.param("sittingId"), payload);
    x.json(201, Map.of("sittingId", x.param("sittingId"), "code", i.code()));
  }

  private void unlock(StationServer.Exchange x) throws Exception {
    requireSignedIn(x);
    Unlock u = x.body(Unlock.class);
    if (!(packages instanceof PackageStore store)) {
      throw StationProblem.notFound("This station has no encrypted packages to unlock.");
    }
    String sessionId = x.param("sessionId");
    if (!store.has(sessionId)) {
      throw StationProblem.notFound("No package of session " + sessionId + " on this station.");
    }
    if (u.releaseCode() == null) {
      throw StationProblem.invalidRequest("releaseCode is required.");
    }
    SessionPackage p;
    try {
      p = store.unlockWithReleaseCode(sessionId, u.releaseCode());
    } catch (IllegalArgumentException e) {
      throw new StationProblem(
          "wrong-release-code", 422, "Wrong release code", e.getMessage() + ".");
    }
    x.json(200, Map.of("sessionId", p.sessionId(), "sittingCount", p.candidates().size()));
  }

  private static String reason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw StationProblem.invalidRequest("A reason is required.");
    }
    if (reason.length() > MAX_NOTE_CHARS) {
      throw StationProblem.invalidRequest(
          "A reason holds at most " + MAX_NOTE_CHARS + " characters (no names).");
    }
    return reason.strip();
  }

  /**
   * Adds the invigilator view to a created station (before {@code start()}) when {@code
   * invigilator.pin-hash} is set; without it the station serves no invigilator view.
   *
   * @return whether the view was added
   */
  public static boolean install(Station station, ExamPackages packages, Clock clock)
      throws StationConfigException {
    StationConfig config = station.config();
    var hash = config.optional("invigilator.pin-hash");
    if (hash.isEmpty()) {
      return false;
    }
    String id = config.optional("invigilator.id").orElse("invigilator");
    if (!Ids.valid(id)) {
      throw config.invalid("invigilator.id", "is not a code of 1..64 of A-Z a-z 0-9 . _ -");
    }
    InvigilatorApi api;
    try {
      api =
          new InvigilatorApi(
              station.sittings(),
              packages,
              station.sync(),
              hash.get(),
              id,
              config.stationId().orElse(null),
              clock);
    } catch (IllegalArgumentException e) {
      throw config.invalid("invigilator.pin-hash", "is " + e.getMessage());
    }
    api.register(station.server());
    return true;
  }

  /**
   * {@code hash-pin}: reads a PIN (environment {@code EXAM_INVIGILATOR_PIN}, else the terminal) and
   * prints the {@code invigilator.pin-hash=} line for the config file.
   */
  public static int hashPinCommand(
      StationConfig config, List<String> args, PrintStream out, PrintStream err) {
    String fromEnv = System.getenv("EXAM_INVIGILATOR_PIN");
    char[] pin =
        fromEnv != null
            ? fromEnv.toCharArray()
            : System.console() == null ? null : System.console().readPassword("invigilator PIN: ");
    if (pin == null || pin.length < 6 || pin.length > 64) {
      err.println(
          "error: give a PIN of 6..64 characters in EXAM_INVIGILATOR_PIN or on the terminal");
      return 2;
    }
    out.println("invigilator.pin-hash=" + hashPin(pin));
    java.util.Arrays.fill(pin, '\0');
    return 0;
  }
}
