package kg.exam.query.security;

import java.util.List;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Dashboard accounts in {@code query_side.dashboard_account}: id, bcrypt hash, role and area.
 * Account ids are codes, never names.
 */
@Component
public class DashboardAccounts implements UserDetailsService {
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** Shortest password accepted for a new account. */
  public static final int MIN_PASSWORD_LENGTH = 12;

  private final JdbcTemplate jdbc;
  private final PasswordEncoder encoder;

  DashboardAccounts(JdbcTemplate jdbc, PasswordEncoder encoder) {
    this.jdbc = jdbc;
    this.encoder = encoder;
  }

  @Override
  public DashboardUser loadUserByUsername(String account) {
    if (account == null || !CODE.matcher(account).matches()) {
      // no account has such an id (a NUL byte would not even reach PostgreSQL text)
      throw new UsernameNotFoundException("no such account");
    }
    List<DashboardUser> found =
        jdbc.query(
            "SELECT account_id, password_hash, role, region, district, school_id, centre_id"
                + " FROM dashboard_account WHERE account_id = ?",
            (rs, i) ->
                new DashboardUser(
                    rs.getString(1),
                    rs.getString(2),
                    DashboardRole.valueOf(rs.getString(3)),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7)),
            account);
    if (found.isEmpty()) {
      throw new UsernameNotFoundException("no such account");
    }
    return found.getFirst();
  }

  public boolean exists(String account) {
    Integer n =
        jdbc.queryForObject(
            "SELECT count(*) FROM dashboard_account WHERE account_id = ?", Integer.class, account);
    return n != null && n > 0;
  }

  /**
   * Creates an account of a role with an area (any role but CENTRE_ADMIN).
   *
   * @see #create(String, String, DashboardRole, String, String, String, String)
   */
  public void create(
      String account,
      String password,
      DashboardRole role,
      String region,
      String district,
      String schoolId) {
    create(account, password, role, region, district, schoolId, null);
  }

  /**
   * Creates an account. The area fields a role needs are required, the others must be empty: SCHOOL
   * a school; DISTRICT a region and a district; REGION a region; CENTRE_ADMIN a centre; MINISTRY
   * and AUDITOR none.
   *
   * @throws IllegalArgumentException naming the field that is wrong
   */
  public void create(
      String account,
      String password,
      DashboardRole role,
      String region,
      String district,
      String schoolId,
      String centreId) {
    if (account == null || !CODE.matcher(account).matches()) {
      throw new IllegalArgumentException(
          "account=" + account + " must be a code of letters, digits, '.', '_' or '-'");
    }
    if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
      throw new IllegalArgumentException(
          "password must have at least " + MIN_PASSWORD_LENGTH + " characters");
    }
    boolean needsRegion = role == DashboardRole.REGION || role == DashboardRole.DISTRICT;
    boolean needsDistrict = role == DashboardRole.DISTRICT;
    boolean needsSchool = role == DashboardRole.SCHOOL;
    check("region", region, needsRegion, role);
    check("district", district, needsDistrict, role);
    check("school", schoolId, needsSchool, role);
    check("centre", centreId, role == DashboardRole.CENTRE_ADMIN, role);
    jdbc.update(
        "INSERT INTO dashboard_account (account_id, password_hash, role, region, district,"
            + " school_id, centre_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
        account,
        encoder.encode(password),
        role.name(),
        blankToNull(region),
        blankToNull(district),
        blankToNull(schoolId),
        blankToNull(centreId));
  }

  private static void check(String name, String value, boolean required, DashboardRole role) {
    boolean present = value != null && !value.isBlank();
    if (required && !present) {
      throw new IllegalArgumentException(role + " needs --" + name);
    }
    if (!required && present) {
      throw new IllegalArgumentException(role + " takes no --" + name);
    }
    if (present && !CODE.matcher(value).matches()) {
      throw new IllegalArgumentException(name + "=" + value + " must be a code");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
