package kg.exam.command.security;

import java.util.Optional;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/** Staff accounts with hashed passwords, for installations without an OIDC provider. */
@Service
public class StaffAccounts implements UserDetailsService {
  private final JdbcTemplate jdbc;
  private final PasswordEncoder passwords;

  StaffAccounts(JdbcTemplate jdbc, PasswordEncoder passwords) {
    this.jdbc = jdbc;
    this.passwords = passwords;
  }

  @Override
  public UserDetails loadUserByUsername(String accountId) {
    return jdbc.query(
        "SELECT account_id, password_hash, enabled, role, centre_id, school_id FROM staff_account WHERE account_id = ?",
        rs -> {
          if (!rs.next()) {
            throw new UsernameNotFoundException("no such account");
          }
          return new StaffUser(
              rs.getString(1),
              rs.getString(2),
              rs.getBoolean(3),
              Role.valueOf(rs.getString(4)),
              rs.getString(5),
              rs.getString(6));
        },
        accountId);
  }

  /** Creates an account; the password is stored only as a hash. */
  public void create(
      String accountId, String password, Role role, String centreId, String schoolId) {
    if (role == Role.CANDIDATE) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST,
          "Candidates sign in with their admission slip, not an account.");
    }
    if (role == Role.STATION) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST,
          "Exam stations sign their requests with their registered key, not an account.");
    }
    if (role == Role.INVIGILATOR && centreId == null) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST, "An invigilator account needs a centreId.");
    }
    if (role == Role.SCHOOL && schoolId == null) {
      throw new RuleViolation(ProblemType.INVALID_REQUEST, "A school account needs a schoolId.");
    }
    if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 72) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST,
          "A password may be at most 72 bytes in UTF-8 (bcrypt's limit).");
    }
    try {
      jdbc.update(
          "INSERT INTO staff_account (account_id, password_hash, role, centre_id, school_id) VALUES (?, ?, ?, ?, ?)",
          accountId,
          passwords.encode(password),
          role.name(),
          centreId,
          schoolId);
    } catch (DuplicateKeyException e) {
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST, "Account " + accountId + " already exists.");
    }
  }

  public boolean exists(String accountId) {
    return Optional.ofNullable(
                jdbc.queryForObject(
                    "SELECT count(*) FROM staff_account WHERE account_id = ?",
                    Integer.class,
                    accountId))
            .orElse(0)
        > 0;
  }

  public int count() {
    Integer n = jdbc.queryForObject("SELECT count(*) FROM staff_account", Integer.class);
    return n == null ? 0 : n;
  }
}
