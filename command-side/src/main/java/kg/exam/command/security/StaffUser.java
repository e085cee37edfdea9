package kg.exam.command.security;

import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/** A staff account signed in with its password. */
final class StaffUser extends User {
  private static final long serialVersionUID = 1L;

  private final Role role;
  private final String centreId;
  private final String schoolId;

  StaffUser(
      String accountId,
      String passwordHash,
      boolean enabled,
      Role role,
      String centreId,
      String schoolId) {
    super(
        accountId,
        passwordHash,
        enabled,
        true,
        true,
        true,
        List.of(new SimpleGrantedAuthority("ROLE_" + role.name())));
    this.role = role;
    this.centreId = centreId;
    this.schoolId = schoolId;
  }

  Role role() {
    return role;
  }

  String centreId() {
    return centreId;
  }

  String schoolId() {
    return schoolId;
  }
}
