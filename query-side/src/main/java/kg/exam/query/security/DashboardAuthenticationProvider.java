package kg.exam.query.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.sql.DataSource;
import kg.exam.contract.security.SignInGuard;
import kg.exam.contract.security.VerifiedCredentials;
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
 * Dashboard sign-in by account and password, by the form or by HTTP Basic on every request.
 * Guessing is stopped by a {@link SignInGuard} over {@code dashboard_sign_in_guard} before any
 * password is checked ({@link SignInProperties}; refusals and failures go to the audit logger
 * {@code kg.exam.audit.dashboard-sign-in}), and a password checked once is not checked again with
 * bcrypt for {@value #VERIFIED_SECONDS} s ({@link VerifiedCredentials}): an API client sending
 * Basic credentials on every request cost about 85 ms of CPU per request before.
 */
@Component
class DashboardAuthenticationProvider implements AuthenticationProvider {
  static final long VERIFIED_SECONDS = 60;

  private final DashboardAccounts accounts;
  private final PasswordEncoder passwords;
  private final SignInGuard guard;

  /** The hash of a password nobody has: an unknown account costs a real check too. */
  private final String unknownAccountHash;

  private final VerifiedCredentials<DashboardUser> verified;

  DashboardAuthenticationProvider(
      DashboardAccounts accounts,
      PasswordEncoder passwords,
      DataSource dataSource,
      SignInProperties limits) {
    this.accounts = accounts;
    this.passwords = passwords;
    Clock clock = Clock.systemUTC();
    this.guard =
        new SignInGuard(
            dataSource,
            "dashboard_sign_in_guard",
            limits.maxAccountFailures(),
            limits.maxSourceFailures(),
            limits.lockout(),
            clock,
            "kg.exam.audit.dashboard-sign-in");
    byte[] nobodys = new byte[32];
    new SecureRandom().nextBytes(nobodys);
    this.unknownAccountHash = passwords.encode(HexFormat.of().formatHex(nobodys));
    this.verified = new VerifiedCredentials<>(Duration.ofSeconds(VERIFIED_SECONDS), 10_000, clock);
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
    String account = authentication.getName();
    String password =
        authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
    DashboardUser known = verified.get(account, password);
    if (known != null) {
      return UsernamePasswordAuthenticationToken.authenticated(known, null, known.getAuthorities());
    }
    String source =
        authentication.getDetails() instanceof WebAuthenticationDetails details
                && details.getRemoteAddress() != null
            ? details.getRemoteAddress()
            : "unknown";
    SignInGuard.Claim claim = guard.claim(account, source);
    if (claim.refused()) {
      throw new SignInLocked(claim.lockedUntil());
    }
    DashboardUser user;
    try {
      user = accounts.loadUserByUsername(account);
    } catch (UsernameNotFoundException e) {
      passwords.matches(password, unknownAccountHash);
      guard.failed(claim);
      throw new BadCredentialsException("bad credentials");
    }
    if (!passwords.matches(password, user.getPassword())) {
      guard.failed(claim);
      throw new BadCredentialsException("bad credentials");
    }
    guard.succeeded(claim);
    if (!user.isEnabled()) {
      throw new DisabledException("account disabled");
    }
    verified.put(account, password, user);
    return UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
