package kg.exam.contract.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the guessing of staff passwords (the command side's staff, the dashboards' accounts), on
 * every node at once: each password check first claims one attempt of its account and one of its
 * source address, atomically in the database, so however many guesses arrive in parallel at most
 * {@code maxAccountFailures} per account (and {@code maxSourceFailures} per address) are ever
 * checked within {@code lockout}; the last claim that fails locks the account (or the address) for
 * {@code lockout}. A right password gives its account's attempts back. Every refused or failed
 * sign-in is logged to the audit logger with a pseudonym of the account (the first 12 hex digits of
 * its SHA-256) and the source address, never the account id itself.
 *
 * <p>The table (one per service, in its own schema):
 *
 * <pre>{@code
 * CREATE TABLE <table> (
 *     guard_key     VARCHAR(200) PRIMARY KEY,   -- 'account:<SHA-256 of the id, hex>' or 'source:<address>'
 *     failures      INTEGER      NOT NULL,
 *     window_start  TIMESTAMPTZ  NOT NULL,
 *     locked_until  TIMESTAMPTZ);
 * }</pre>
 */
public class SignInGuard {
  private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?");

  private final DataSource dataSource;
  private final String table;
  private final int maxAccountFailures;
  private final int maxSourceFailures;
  private final Duration lockout;
  private final Clock clock;
  private final Logger audit;

  /**
   * @param table the guard's table, e.g. {@code staff_sign_in_guard}
   * @param auditLogger the name of the logger refusals and failures go to
   */
  public SignInGuard(
      DataSource dataSource,
      String table,
      int maxAccountFailures,
      int maxSourceFailures,
      Duration lockout,
      Clock clock,
      String auditLogger) {
    if (!TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException("not a table name: " + table);
    }
    if (maxAccountFailures < 1
        || maxSourceFailures < 1
        || lockout.isNegative()
        || lockout.isZero()) {
      throw new IllegalArgumentException("sign-in limits must be positive");
    }
    this.dataSource = dataSource;
    this.table = table;
    this.maxAccountFailures = maxAccountFailures;
    this.maxSourceFailures = maxSourceFailures;
    this.lockout = lockout;
    this.clock = clock;
    this.audit = LoggerFactory.getLogger(auditLogger);
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
    Instant sourceLock = claim("source:" + source, maxSourceFailures, now);
    if (sourceLock != null) {
      audit.warn(
          "sign-in refused: source {} is locked until {} (account {})",
          source,
          sourceLock,
          pseudonym(account));
      return new Claim(account, source, sourceLock);
    }
    Instant accountLock = claim(accountKey(account), maxAccountFailures, now);
    if (accountLock != null) {
      release("source:" + source);
      audit.warn(
          "sign-in refused: account {} is locked until {} (source {})",
          pseudonym(account),
          accountLock,
          source);
      return new Claim(account, source, accountLock);
    }
    return new Claim(account, source, null);
  }

  /** The password was right: the account's attempts are given back, the source's claim too. */
  public void succeeded(Claim claim) {
    update(
        "UPDATE " + table + " SET failures = 0, locked_until = NULL WHERE guard_key = ?",
        accountKey(claim.account()));
    release("source:" + claim.source());
  }

  /** The password was wrong: the claims stand, and the one that used the last attempt locks. */
  public void failed(Claim claim) {
    Instant until = clock.instant().plus(lockout);
    for (String key : List.of(accountKey(claim.account()), "source:" + claim.source())) {
      int max = key.startsWith("account:") ? maxAccountFailures : maxSourceFailures;
      int locked =
          update(
              "UPDATE "
                  + table
                  + " SET locked_until = ?, failures = 0, window_start = ?"
                  + " WHERE guard_key = ? AND failures >= ?",
              Timestamp.from(until),
              Timestamp.from(until),
              key,
              max);
      if (locked > 0) {
        audit.warn(
            "sign-in: {} locked until {} after {} failed sign-ins",
            key.startsWith("account:") ? "account " + pseudonym(claim.account()) : key,
            until,
            max);
      }
    }
    audit.warn(
        "sign-in failed: account {} from source {}", pseudonym(claim.account()), claim.source());
  }

  /**
   * Takes one attempt of {@code key}: a window older than {@code lockout} starts again at 0.
   *
   * @return null when claimed, else until when the key is locked (now when its attempts are taken
   *     by checks still under way)
   */
  private Instant claim(String key, int max, Instant now) {
    Timestamp nowTs = Timestamp.from(now);
    Timestamp windowFloor = Timestamp.from(now.minus(lockout));
    String upsert =
        "INSERT INTO "
            + table
            + " AS g (guard_key, failures, window_start) VALUES (?, 1, ?)"
            + " ON CONFLICT (guard_key) DO UPDATE SET"
            + " failures = CASE WHEN g.window_start < ? THEN 1 ELSE g.failures + 1 END,"
            + " window_start = CASE WHEN g.window_start < ? THEN ? ELSE g.window_start END,"
            + " locked_until = NULL"
            + " WHERE (g.locked_until IS NULL OR g.locked_until <= ?)"
            + " AND (g.failures < ? OR g.window_start < ?)"
            + " RETURNING failures";
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement s = c.prepareStatement(upsert)) {
        bind(s, key, nowTs, windowFloor, windowFloor, nowTs, nowTs, max, windowFloor);
        try (ResultSet rs = s.executeQuery()) {
          if (rs.next()) {
            return null;
          }
        }
      }
      try (PreparedStatement s =
          c.prepareStatement("SELECT locked_until FROM " + table + " WHERE guard_key = ?")) {
        s.setString(1, key);
        try (ResultSet rs = s.executeQuery()) {
          Timestamp lockedUntil = rs.next() ? rs.getTimestamp(1) : null;
          return lockedUntil != null && lockedUntil.toInstant().isAfter(now)
              ? lockedUntil.toInstant()
              : now;
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot claim a sign-in attempt in " + table, e);
    }
  }

  private void release(String key) {
    update(
        "UPDATE " + table + " SET failures = GREATEST(failures - 1, 0) WHERE guard_key = ?", key);
  }

  private int update(String sql, Object... args) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, args);
      return s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot update " + table, e);
    }
  }

  private static void bind(PreparedStatement s, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      s.setObject(i + 1, args[i]);
    }
  }

  /**
   * The guard's key of an account: its whole SHA-256 in hex, so that any name a caller sends (1,000
   * characters, a NUL byte) fits the key column and PostgreSQL text.
   */
  public static String accountKey(String account) {
    return "account:" + sha256Hex(account);
  }

  /** A stable pseudonym for an account in logs: the first 12 hex digits of its SHA-256. */
  public static String pseudonym(String account) {
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
