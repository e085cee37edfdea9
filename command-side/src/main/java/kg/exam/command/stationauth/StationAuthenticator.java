package kg.exam.command.stationauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.security.Actor;
import kg.exam.command.security.Role;
import kg.exam.command.trust.KeyRegistryReader;
import kg.exam.contract.trust.StationRequestSignatures;
import kg.exam.contract.trust.registry.KeyRegistry;
import kg.exam.contract.trust.registry.TrustRegistry;
import org.springframework.stereotype.Component;

/**
 * Decides whether a request signed by an exam station ({@value StationRequestSignatures#SCHEME})
 * comes from an enrolled station: the key must be a {@value TrustRegistry#ROLE_STATION} key of the
 * trust registry valid now (registered, from its {@code validFrom}, not revoked), the signature
 * must verify over the request's method, raw target, time and body, and the request time must be
 * within {@link #MAX_SKEW} of the server's clock.
 *
 * <p>The registry stream is read per request (a few events; the same cost as a station-signed
 * answer), so a revocation takes effect on the next request.
 */
@Component
public class StationAuthenticator {
  /** The largest accepted difference between a station's request time and the server's clock. */
  public static final Duration MAX_SKEW = Duration.ofMinutes(5);

  private final KeyRegistryReader registry;
  private final Clock clock;

  StationAuthenticator(KeyRegistryReader registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /** Why a station request is refused; {@code serverTime} is set for a clock skew. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final ProblemType type;
    private final Instant serverTime;

    Refused(ProblemType type, String detail, Instant serverTime) {
      super(detail, null, false, false);
      this.type = type;
      this.serverTime = serverTime;
    }

    public ProblemType type() {
      return type;
    }

    /** The server's clock when it refused, for a {@code station-clock-skew}; else null. */
    public Instant serverTime() {
      return serverTime;
    }
  }

  /**
   * The station a request comes from.
   *
   * @param authorization the {@code Authorization} header value ({@code ExamStation …})
   * @param rawPathAndQuery the request target as received (raw path, {@code ?}, raw query)
   * @param body the exact body bytes (empty when none)
   * @return the station as an {@link Actor} with role {@link Role#STATION}, its key id as id, the
   *     key's centre and school
   * @throws Refused {@code unauthenticated} for a malformed header, an unknown, revoked or not yet
   *     valid key, or a bad signature; {@code station-clock-skew} (with the server time) when the
   *     request time is more than {@link #MAX_SKEW} away
   */
  public Actor authenticate(
      String authorization, String method, String rawPathAndQuery, byte[] body) throws Refused {
    StationRequestSignatures.Authorization auth;
    try {
      auth = StationRequestSignatures.parse(authorization);
    } catch (IllegalArgumentException e) {
      throw new Refused(
          ProblemType.UNAUTHENTICATED,
          "Malformed ExamStation authorization: " + e.getMessage() + ".",
          null);
    }
    Instant now = clock.instant();
    KeyRegistry keys = registry.current();
    KeyRegistry.Validity validity = keys.validAt(auth.keyId(), TrustRegistry.ROLE_STATION, now);
    if (!validity.valid()) {
      throw new Refused(
          ProblemType.UNAUTHENTICATED, "Not an enrolled station: " + validity.reason() + ".", null);
    }
    if (!StationRequestSignatures.verify(
        validity.key(), auth, method, rawPathAndQuery, body == null ? new byte[0] : body)) {
      throw new Refused(
          ProblemType.UNAUTHENTICATED,
          "The signature is not station key "
              + auth.keyId()
              + "'s signature of this request ("
              + StationRequestSignatures.SCHEME
              + ": method, target, ts, SHA-256 of the body).",
          null);
    }
    if (Duration.between(auth.timestamp(), now).abs().compareTo(MAX_SKEW) > 0) {
      throw new Refused(
          ProblemType.STATION_CLOCK_SKEW,
          "The station's request time "
              + auth.timestamp()
              + " is more than "
              + MAX_SKEW.toMinutes()
              + " minutes from the server's "
              + now
              + "; correct the offset by serverTime and retry.",
          now);
    }
    KeyRegistry.Entry entry = keys.entry(auth.keyId()).orElseThrow();
    return new Actor(
        entry.keyId(),
        Role.STATION,
        Objects.requireNonNull(entry.centreId()),
        entry.schoolId(),
        null);
  }
}
