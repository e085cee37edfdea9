package kg.exam.command.packages;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import kg.exam.contract.trust.ExamPackageCrypto;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The package key and release code of each session ({@code station_package_key}), made on first
 * use: a random 256-bit key, a random release code, and the key wrapped under the code's scrypt key
 * (computed once here, so exports do not repeat the scrypt work). Two concurrent first uses make
 * one row: the loser's insert does nothing and both read the winner's.
 */
@Component
class PackageKeys {
  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  PackageKeys(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** A session's key material. Holds secrets: never log or render it. */
  record SessionKey(
      byte[] packageKey,
      String releaseCode,
      byte[] releaseSalt,
      byte[] wrappedKeyIv,
      byte[] wrappedKey) {
    @Override
    public String toString() {
      return "SessionKey[secret]";
    }
  }

  SessionKey keyOf(String sessionId) {
    SessionKey existing = find(sessionId);
    if (existing != null) {
      return existing;
    }
    byte[] key = ExamPackageCrypto.newPackageKey(random);
    String code = ExamPackageCrypto.newReleaseCode(random);
    byte[] salt = ExamPackageCrypto.newSalt(random);
    ExamPackageCrypto.Sealed wrapped =
        ExamPackageCrypto.encrypt(
            ExamPackageCrypto.releaseCodeKey(code, salt),
            ExamPackageCrypto.wrapAad(sessionId),
            key,
            random);
    jdbc.update(
        "INSERT INTO station_package_key (session_id, package_key, release_code, release_salt,"
            + " wrapped_key_iv, wrapped_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (session_id) DO NOTHING",
        sessionId,
        key,
        code,
        salt,
        wrapped.iv(),
        wrapped.ciphertext(),
        Timestamp.from(clock.instant()));
    return find(sessionId);
  }

  private SessionKey find(String sessionId) {
    return jdbc.query(
        "SELECT package_key, release_code, release_salt, wrapped_key_iv, wrapped_key"
            + " FROM station_package_key WHERE session_id = ?",
        rs ->
            rs.next()
                ? new SessionKey(
                    rs.getBytes(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4), rs.getBytes(5))
                : null,
        sessionId);
  }
}
