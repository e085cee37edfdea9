package kg.exam.command.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import kg.exam.contract.Ids;
import kg.exam.contract.security.PasswordSignIn;
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
 * Staff sign-in by account and password (HTTP Basic, on every request), checked by {@link
 * PasswordSignIn}: guessing is stopped by {@link StaffSignInGuard} before any password is checked,
 * and a password checked once is not checked again with bcrypt for {@value #VERIFIED_SECONDS} s.
 */
@Component
class StaffAuthenticationProvider implements AuthenticationProvider {
  static final long VERIFIED_SECONDS = 60;

  private final PasswordSignIn<StaffUser> signIn;

  StaffAuthenticationProvider(
      StaffAccounts accounts, PasswordEncoder passwords, StaffSignInGuard guard, Clock clock) {
    this.signIn =
        new PasswordSignIn<>(
            guard,
            account -> lookUp(accounts, account),
            StaffUser::getPassword,
            passwords::matches,
            passwords::encode,
            StaffUser::isEnabled,
            Duration.ofSeconds(VERIFIED_SECONDS),
            clock);
  }

  /** Refused before its password was checked: the account or the source address is locked. */
  static final class StaffLocked extends AuthenticationException {
    private static final long serialVersionUID = 1L;
    private final transient Instant until;

    StaffLocked(Instant until) {
      super("too many failed sign-ins");
      this.until = until;
    }

    Instant until() {
      return until;
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
    PasswordSignIn.Result<StaffUser> result =
        signIn.signIn(authentication.getName(), password, source);
    return switch (result.outcome()) {
      case SIGNED_IN ->
          UsernamePasswordAuthenticationToken.authenticated(
              result.user(), null, result.user().getAuthorities());
      case LOCKED -> throw new StaffLocked(result.lockedUntil());
      case DISABLED -> throw new DisabledException("account disabled");
      case WRONG -> throw new BadCredentialsException("bad credentials");
    };
  }

  /** The staff account of an id, or null (an id no account can have is not looked up at all). */
  private static StaffUser lookUp(StaffAccounts accounts, String account) {
    if (account == null || !account.matches(Ids.ACCOUNT_PATTERN)) {
      return null; // a NUL byte, 1,000 characters
    }
    try {
      return (StaffUser) accounts.loadUserByUsername(account);
    } catch (UsernameNotFoundException e) {
      return null;
    }
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
