package kg.exam.command.registration;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.security.CandidateTokens;
import kg.exam.command.security.SecurityProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Admission slips: a candidate code and a PIN per sitting. Only a hash of the PIN is stored; the
 * PIN itself is shown once, when the slip is issued. Wrong PINs lock the code for a while.
 */
@Service
public class AdmissionSlips {
  /** Letters and digits that cannot be mistaken for each other on a printed slip. */
  private static final char[] CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

  static final int CODE_LENGTH = 8;
  static final int PIN_DIGITS = 6;

  private final JdbcTemplate jdbc;
  private final PasswordEncoder hashes;
  private final CandidateTokens tokens;
  private final SecurityProperties properties;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final String unknownCodeHash;

  AdmissionSlips(
      JdbcTemplate jdbc,
      PasswordEncoder hashes,
      CandidateTokens tokens,
      SecurityProperties properties,
      Clock clock) {
    this.jdbc = jdbc;
    this.hashes = hashes;
    this.tokens = tokens;
    this.properties = properties;
    this.clock = clock;
    this.unknownCodeHash = hashes.encode(digits(PIN_DIGITS));
  }

  /** What a slip holds. The PIN is never stored or logged; hand it to the candidate. */
  public record Slip(String candidateCode, String pin) {}

  /** The result of a sign-in. */
  public record SignIn(String sittingId, String candidateId, CandidateTokens.IssuedToken token) {}

  /** Issues a slip for a sitting, in the caller's transaction. */
  public Slip issue(String sittingId) {
    String pin = digits(PIN_DIGITS);
    for (int attempt = 0; ; attempt++) {
      String code = code();
      int inserted =
          jdbc.update(
              "INSERT INTO candidate_credential (candidate_code, pin_hash, sitting_id) VALUES (?, ?, ?)"
                  + " ON CONFLICT (candidate_code) DO NOTHING",
              code,
              hashes.encode(pin),
              sittingId);
      if (inserted == 1) {
        return new Slip(code, pin);
      }
      if (attempt > 10) {
        throw new IllegalStateException("could not draw a free candidate code");
      }
    }
  }

  /**
   * Checks a code and PIN and issues a candidate token. Every check claims one attempt before the
   * PIN is compared, at once and atomically (not in a transaction that the refusal would roll
   * back): a right PIN gives the attempts back, the {@code maxPinAttempts}-th wrong one locks the
   * code.
   */
  public SignIn signIn(String candidateCode, String pin) {
    String code =
        candidateCode == null
            ? ""
            : candidateCode.trim().toUpperCase(java.util.Locale.ROOT).replace("-", "");
    Instant now = clock.instant();
    record Credential(
        String pinHash,
        String sittingId,
        int failedAttempts,
        Timestamp lockedUntil,
        String candidateId) {}
    Optional<Credential> found =
        jdbc
            .query(
                "SELECT c.pin_hash, c.sitting_id, c.failed_attempts, c.locked_until, s.candidate_id"
                    + " FROM candidate_credential c JOIN sitting s ON s.sitting_id = c.sitting_id WHERE c.candidate_code = ?",
                (rs, n) ->
                    new Credential(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getInt(3),
                        rs.getTimestamp(4),
                        rs.getString(5)),
                code)
            .stream()
            .findFirst();
    if (found.isEmpty()) {
      hashes.matches(
          pin == null ? "" : pin, unknownCodeHash); // same work as a real check: no timing oracle
      throw new RuleViolation(ProblemType.WRONG_PIN, "The candidate code or PIN is wrong.");
    }
    Credential c = found.get();
    // Each check of a PIN first claims one of the code's attempts, atomically: however many guesses
    // arrive in parallel, at most maxPinAttempts of them are ever checked before the lock.
    Optional<Integer> claimed =
        jdbc
            .query(
                "UPDATE candidate_credential SET failed_attempts = failed_attempts + 1"
                    + " WHERE candidate_code = ? AND failed_attempts < ?"
                    + " AND (locked_until IS NULL OR locked_until <= ?)"
                    + " RETURNING failed_attempts",
                (rs, n) -> rs.getInt(1),
                code,
                properties.maxPinAttempts(),
                Timestamp.from(now))
            .stream()
            .findFirst();
    if (claimed.isEmpty()) {
      Timestamp until =
          jdbc.queryForObject(
              "SELECT locked_until FROM candidate_credential WHERE candidate_code = ?",
              Timestamp.class,
              code);
      throw new RuleViolation(
          ProblemType.CANDIDATE_LOCKED,
          "Too many wrong PINs; try again "
              + (until != null && until.toInstant().isAfter(now)
                  ? "after " + until.toInstant()
                  : "later")
              + " or ask the invigilator.");
    }
    if (pin == null || !hashes.matches(pin, c.pinHash())) {
      if (claimed.get() >= properties.maxPinAttempts()) {
        jdbc.update(
            "UPDATE candidate_credential SET failed_attempts = 0, locked_until = ? WHERE candidate_code = ?",
            Timestamp.from(now.plus(properties.pinLockout())),
            code);
      }
      throw new RuleViolation(ProblemType.WRONG_PIN, "The candidate code or PIN is wrong.");
    }
    jdbc.update(
        "UPDATE candidate_credential SET failed_attempts = 0, locked_until = NULL WHERE candidate_code = ?",
        code);
    return new SignIn(
        c.sittingId(), c.candidateId(), tokens.issueForCandidate(c.candidateId(), c.sittingId()));
  }

  private String code() {
    StringBuilder b = new StringBuilder(CODE_LENGTH);
    for (int i = 0; i < CODE_LENGTH; i++) {
      b.append(CODE_ALPHABET[random.nextInt(CODE_ALPHABET.length)]);
    }
    return b.toString();
  }

  private String digits(int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append((char) ('0' + random.nextInt(10)));
    }
    return b.toString();
  }
}
