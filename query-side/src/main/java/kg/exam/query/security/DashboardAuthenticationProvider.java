package kg.exam.query.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import kg.exam.contract.security.PasswordSignIn;
import kg.exam.contract.security.SignInGuard;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Dashboard sign-in by account and password, by the form or by HTTP Basic on every request, checked
 * by {@link PasswordSignIn}: guessing is stopped by a {@link SignInGuard} over {@code
 * dashboard_sign_in_guard} before any password is checked ({@link SignInProperties}; refusals and
 * failures go to the audit logger {@code kg.exam.audit.dashboard-sign-in}), and a password checked
 * once is not checked again with bcrypt for {@value #VERIFIED_SECONDS} s: an API client sending
 * Basic credentials on every request cost about 85 ms of CPU per request before.
 */
@Component
class DashboardAuthenticationProvider implements AuthenticationProvider {
  static final long VERIFIED_SECONDS = 60;

  private final PasswordSignIn<DashboardUser> signIn;

  DashboardAuthenticationProvider(
      DashboardAccounts accounts,
      PasswordEncoder passwords,
      DataSource dataSource,
      SignInProperties limits) {
    Clock clock = Clock.systemUTC();
    SignInGuard guard =
        new SignInGuard(
            dataSource,
            "dashboard_sign_in_guard",
            limits.maxAccountFailures(),
            limits.maxSourceFailures(),
            limits.lockout(),
            clock,
            "kg.exam.audit.dashboard-sign-in");
    this.signIn =
        new PasswordSignIn<>(
            guard,
            account -> {
              try {
                return accounts.loadUserByUsername(account);
              } catch (UsernameNotFoundException e) {
                return null;
              }
            },
            DashboardUser::getPassword,
            passwords::matches,
            passwords::encode,
            DashboardUser::isEnabled,
            Duration.ofSeconds(VERIFIED_SECONDS),
            clock);
  }

  /** Refused before its password was checked: the account or the source address is locked. */
  static final class SignInLocked extends AuthenticationException {
    private static final long serialVersionUID = 1L;
    private final transient Instant until;

    SignInLocked(Instant until) {
      super("too many failed sign-ins");
      this.until = until;
    }

    /** Whole seconds until the lock ends, at least 1 (for {@code Retry-After}). */
    long retryAfterSeconds() {
      return Math.max(1, Duration.between(Instant.now(), until).toSeconds());
    }
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String password =
        authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
    String source =
        authentication.getDetails() instanceof WebAuthenticationDetails details
                && details.getRemoteAddress() != null
            ? details.getRemoteAddress()
            : "unknown";
    PasswordSignIn.Result<DashboardUser> result =
        signIn.signIn(authentication.getName(), password, source);
    return switch (result.outcome()) {
      case SIGNED_IN ->
          UsernamePasswordAuthenticationToken.authenticated(
              result.user(), null, result.user().getAuthorities());
      case LOCKED -> throw new SignInLocked(result.lockedUntil());
      case DISABLED -> throw new DisabledException("account disabled");
      case WRONG -> throw new BadCredentialsException("bad credentials");
    };
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
