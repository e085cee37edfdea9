package kg.exam.command.security;

import java.time.Clock;
import javax.sql.DataSource;
import kg.exam.contract.security.SignInGuard;
import org.springframework.stereotype.Component;

/**
 * The staff's {@link SignInGuard}: at most {@code exam.security.max-staff-failures} failed sign-ins
 * per account and {@code max-source-failures} per source address within {@code staff-lockout},
 * counted in {@code staff_sign_in_guard} and shared by every node; refusals and failures go to the
 * audit logger {@code kg.exam.audit.staff-sign-in}. A password served from {@link
 * StaffAuthenticationProvider}'s cache of verified passwords does not touch the counts.
 */
@Component
public class StaffSignInGuard extends SignInGuard {
  public StaffSignInGuard(DataSource dataSource, SecurityProperties properties, Clock clock) {
    super(
        dataSource,
        "staff_sign_in_guard",
        properties.maxStaffFailures(),
        properties.maxSourceFailures(),
        properties.staffLockout(),
        clock,
        "kg.exam.audit.staff-sign-in");
  }
}
