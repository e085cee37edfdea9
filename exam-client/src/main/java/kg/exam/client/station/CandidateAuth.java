package kg.exam.client.station;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Candidate sign-in on the station: the admission slip's code and PIN against the PIN verifier in
 * the session package (the command side's bcrypt hash), and the station's own bearer tokens.
 *
 * <p>As on the command side: an unknown code costs the same bcrypt work as a wrong PIN and gets the
 * same {@code wrong-pin} answer; {@code maxAttempts} wrong PINs lock a code for {@code lockout}
 * ({@code candidate-locked}). Failed attempts are counted in memory only (a restart forgets them).
 *
 * <p>Tokens: {@code base64url(sittingId "|" expiry epoch ms) "." base64url(HMAC-SHA256)} under a
 * 256-bit secret kept in the data directory (file {@code candidate-token-secret}, mode 600), so
 * tokens survive a restart of the station. 30 minutes of life; {@link #refresh} renews while the
 * sitting runs. Thread-safe.
 */
public final class CandidateAuth {
  /** Life of a token, as on the command side. */
  public static final Duration TOKEN_TTL = Duration.ofMinutes(30);

  private final ExamPackages packages;
  private final Clock clock;
  private final int maxAttempts;
  private final Duration lockout;
  private final byte[] secret;
  private final String unknownCodeHash;
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();

  /** Wrong PINs so far, checks in flight, and the end of a lockout (null if none). */
  private record Failures(int count, int inFlight, Instant lockedUntil) {}

  /** A station-issued token: the sign-in answer, the command side's shape. */
  public record Token(String token, String tokenType, Instant expiresAt, String sittingId) {}

  public CandidateAuth(
      ExamPackages packages, Clock clock, int maxAttempts, Duration lockout, byte[] secret) {
    this.packages = packages;
    this.clock = clock;
    this.maxAttempts = maxAttempts;
    this.lockout = lockout;
    this.secret = secret.clone();
    this.unknownCodeHash = BCrypt.hashpw("000000", BCrypt.gensalt(10));
  }

  /** Reads the token secret from the data directory, making it on first use. */
  public static byte[] loadOrCreateSecret(Path dataDir) throws IOException {
    Path file = dataDir.resolve("candidate-token-secret");
    if (Files.exists(file)) {
      byte[] s = Base64.getDecoder().decode(Files.readString(file).strip());
      if (s.length >= 32) {
        return s;
      }
    }
    byte[] s = new byte[32];
    new SecureRandom().nextBytes(s);
    Files.createDirectories(dataDir);
    Path tmp = dataDir.resolve("candidate-token-secret.tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    Files.writeString(
        tmp,
        Base64.getEncoder().encodeToString(s),
        StandardCharsets.US_ASCII,
        StandardOpenOption.WRITE);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return s;
  }

  /** Code + PIN → token, or {@code wrong-pin} / {@code candidate-locked}. */
  public Token signIn(String candidateCode, String pin) {
    if (candidateCode == null || candidateCode.isBlank() || pin == null || pin.isBlank()) {
      throw StationProblem.invalidRequest("candidateCode and pin are required.");
    }
    Instant now = clock.instant();
    reserveAttempt(candidateCode, now);
    boolean ok = false;
    try {
      var found = packages.byCandidateCode(candidateCode);
      String hash = found.map(l -> l.candidate().pinHash()).orElse(unknownCodeHash);
      ok = matches(pin, hash) && found.isPresent();
      if (!ok) {
        throw new StationProblem(
            "wrong-pin", 401, "Wrong candidate code or PIN", "The code or the PIN is wrong.");
      }
      return issue(found.get().candidate().sittingId(), now);
    } finally {
      settleAttempt(candidateCode, ok, now);
    }
  }

  /**
   * Counts an attempt before its bcrypt check, so parallel guesses cannot pass the limit while each
   * is still being checked: refused while locked or while the wrong PINs so far plus the checks in
   * flight reach {@code maxAttempts}.
   */
  private void reserveAttempt(String candidateCode, Instant now) {
    boolean[] reserved = {false};
    Failures after =
        failures.compute(
            candidateCode,
            (code, old) -> {
              Failures cur = old == null ? new Failures(0, 0, null) : old;
              if (cur.lockedUntil() != null) {
                if (now.isBefore(cur.lockedUntil())) {
                  return cur;
                }
                cur = new Failures(0, cur.inFlight(), null); // the lockout is over
              }
              if (cur.count() + cur.inFlight() >= maxAttempts) {
                return cur;
              }
              reserved[0] = true;
              return new Failures(cur.count(), cur.inFlight() + 1, null);
            });
    if (!reserved[0]) {
      throw new StationProblem(
          "candidate-locked",
          429,
          "Too many wrong PINs",
          after.lockedUntil() != null
              ? "Too many wrong PINs; try again after " + after.lockedUntil() + "."
              : "Too many PIN attempts at once; try again shortly.");
    }
  }

  /** Ends a reserved attempt: a wrong PIN counts (and may lock), a right one clears the count. */
  private void settleAttempt(String candidateCode, boolean ok, Instant now) {
    failures.compute(
        candidateCode,
        (code, old) -> {
          int inFlight = old == null ? 0 : Math.max(0, old.inFlight() - 1);
          int count = ok || old == null ? 0 : old.count() + (old.lockedUntil() == null ? 1 : 0);
          Instant lockedUntil = old == null ? null : old.lockedUntil();
          if (!ok && lockedUntil == null && count >= maxAttempts) {
            lockedUntil = now.plus(lockout);
            count = 0;
          }
          if (ok) {
            lockedUntil = null;
          }
          return count == 0 && inFlight == 0 && lockedUntil == null
              ? null
              : new Failures(count, inFlight, lockedUntil);
        });
  }

  /** A fresh token for the sitting of a valid one. */
  public Token refresh(String sittingId) {
    return issue(sittingId, clock.instant());
  }

  private Token issue(String sittingId, Instant now) {
    Instant expiresAt = now.plus(TOKEN_TTL).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String body =
        b64((sittingId + "|" + expiresAt.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
    return new Token(body + "." + b64(mac(body)), "Bearer", expiresAt, sittingId);
  }

  /**
   * The sitting a request's {@code Authorization: Bearer} token names, or {@code unauthenticated}.
   */
  public String sittingOf(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      throw StationProblem.unauthenticated("Sign in first (Authorization: Bearer <token>).");
    }
    String token = authorization.substring("Bearer ".length()).strip();
    int dot = token.indexOf('.');
    if (dot < 0) {
      throw StationProblem.unauthenticated("The token is not valid.");
    }
    String body = token.substring(0, dot);
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw StationProblem.unauthenticated("The token is not valid.");
    }
    if (!MessageDigest.isEqual(given, mac(body))) {
      throw StationProblem.unauthenticated("The token is not valid.");
    }
    String text = new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8);
    int bar = text.lastIndexOf('|');
    Instant expiresAt = Instant.ofEpochMilli(Long.parseLong(text.substring(bar + 1)));
    if (!clock.instant().isBefore(expiresAt)) {
      throw StationProblem.unauthenticated("The token has expired; sign in again.");
    }
    return text.substring(0, bar);
  }

  private static boolean matches(String pin, String hash) {
    String h = hash.startsWith("{bcrypt}") ? hash.substring("{bcrypt}".length()) : hash;
    try {
      return BCrypt.checkpw(pin, h);
    } catch (IllegalArgumentException e) {
      return false; // not a bcrypt hash: no PIN matches it
    }
  }

  private byte[] mac(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
