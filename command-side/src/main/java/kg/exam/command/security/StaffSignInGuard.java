package kg.exam.command.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Stops the guessing of staff passwords, on every node at once: each password check first claims
 * one attempt of its account and one of its source address, atomically in the database, so however
 * many guesses arrive in parallel at most {@code maxStaffFailures} per account (and {@code
 * maxSourceFailures} per address) are ever checked within {@code staffLockout}; the last claim that
 * fails locks the account (or the address) for {@code staffLockout}. A right password checked with
 * bcrypt gives its account's attempts back (one served from StaffAuthenticationProvider's cache of
 * verified passwords does not touch the counts). Every refused or failed sign-in is logged with a
 * pseudonym of the account (the first 12 hex digits of its SHA-256) and the source address, never
 * the account id itself.
 */
@Component
public class StaffSignInGuard {
  private static final Logger audit = LoggerFactory.getLogger("kg.exam.audit.staff-sign-in");

  private final JdbcTemplate jdbc;
  private final SecurityProperties properties;
  private final Clock clock;

  public StaffSignInGuard(JdbcTemplate jdbc, SecurityProperties properties, Clock clock) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.clock = clock;
  }

  /** A claim of one attempt for an account and a source; hand it back with {@link #succeeded}. */
  public record Claim(String account, String source, Instant lockedUntil) {

    public boolean refused() {
      return lockedUntil != null;
    }
  }

  /**
   * Claims one attempt for the account and one for the source address before their password is
   * checked.
   *
   * @return the claim; {@link Claim#refused()} when either is locked or out of attempts, and then
   *     nothing was claimed for the other
   */
  public Claim claim(String account, String source) {
    Instant now = clock.instant();
    Instant sourceLock = claim("source:" + source, properties.maxSourceFailures(), now);
    if (sourceLock != null) {
      audit.warn(
          "staff sign-in refused: source {} is locked until {} (account {})",
          source,
          sourceLock,
          pseudonym(account));
      return new Claim(account, source, sourceLock);
    }
    Instant accountLock = claim(accountKey(account), properties.maxStaffFailures(), now);
    if (accountLock != null) {
      release("source:" + source);
      audit.warn(
          "staff sign-in refused: account {} is locked until {} (source {})",
          pseudonym(account),
          accountLock,
          source);
      return new Claim(account, source, accountLock);
    }
    return new Claim(account, source, null);
  }

  /** The password was right: the account's attempts are given back, the source's claim too. */
  public void succeeded(Claim claim) {
    jdbc.update(
        "UPDATE staff_sign_in_guard SET failures = 0, locked_until = NULL WHERE guard_key = ?",
        accountKey(claim.account()));
    release("source:" + claim.source());
  }

  /** The password was wrong: the claims stand, and the one that used the last attempt locks. */
  public void failed(Claim claim) {
    Instant now = clock.instant();
    Instant until = now.plus(properties.staffLockout());
    for (String key : List.of(accountKey(claim.account()), "source:" + claim.source())) {
      int max =
          key.startsWith("account:")
              ? properties.maxStaffFailures()
              : properties.maxSourceFailures();
      int locked =
          jdbc.update(
              "UPDATE staff_sign_in_guard SET locked_until = ?, failures = 0, window_start = ?"
                  + " WHERE guard_key = ? AND failures >= ?",
              Timestamp.from(until),
              Timestamp.from(until),
              key,
              max);
      if (locked > 0) {
        audit.warn(
            "staff sign-in: {} locked until {} after {} failed sign-ins",
            key.startsWith("account:") ? "account " + pseudonym(claim.account()) : key,
            until,
            max);
      }
    }
    audit.warn(
        "staff sign-in failed: account {} from source {}",
        pseudonym(claim.account()),
        claim.source());
  }

  /**
   * Takes one attempt of {@code key}: a window older than {@code staffLockout} starts again at 0.
   *
   * @return null when claimed, else until when the key is locked (now when its attempts are taken
   *     by checks still under way)
   */
  private Instant claim(String key, int max, Instant now) {
    Timestamp nowTs = Timestamp.from(now);
    Timestamp windowFloor = Timestamp.from(now.minus(properties.staffLockout()));
    List<Integer> claimed =
        jdbc.query(
            "INSERT INTO staff_sign_in_guard (guard_key, failures, window_start) VALUES (?, 1, ?)"
                + " ON CONFLICT (guard_key) DO UPDATE SET"
                + " failures = CASE WHEN staff_sign_in_guard.window_start < ? THEN 1"
                + " ELSE staff_sign_in_guard.failures + 1 END,"
                + " window_start = CASE WHEN staff_sign_in_guard.window_start < ? THEN ?"
                + " ELSE staff_sign_in_guard.window_start END,"
                + " locked_until = NULL"
                + " WHERE (staff_sign_in_guard.locked_until IS NULL"
                + " OR staff_sign_in_guard.locked_until <= ?)"
                + " AND (staff_sign_in_guard.failures < ? OR staff_sign_in_guard.window_start < ?)"
                + " RETURNING failures",
            (rs, n) -> rs.getInt(1),
            key,
            nowTs,
            windowFloor,
            windowFloor,
            nowTs,
            nowTs,
            max,
            windowFloor);
    if (!claimed.isEmpty()) {
      return null;
    }
    List<Timestamp> until =
        jdbc.queryForList(
            "SELECT locked_until FROM staff_sign_in_guard WHERE guard_key = ?",
            Timestamp.class,
            key);
    Timestamp lockedUntil = until.isEmpty() ? null : until.getFirst();
    return lockedUntil != null && lockedUntil.toInstant().isAfter(now)
        ? lockedUntil.toInstant()
        : now;
  }

  private void release(String key) {
    jdbc.update(
        "UPDATE staff_sign_in_guard SET failures = GREATEST(failures - 1, 0) WHERE guard_key = ?",
        key);
  }

  /**
   * The guard's key of an account: its whole SHA-256 in hex, so that any name a caller sends (1,000
   * characters, a NUL byte) fits the key column and PostgreSQL text.
   */
  static String accountKey(String account) {
    return "account:" + sha256Hex(account);
  }

  /** A stable pseudonym for an account in logs: the first 12 hex digits of its SHA-256. */
  static String pseudonym(String account) {
    return "sha256:" + sha256Hex(account).substring(0, 12);
  }

  private static String sha256Hex(String account) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(String.valueOf(account).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
