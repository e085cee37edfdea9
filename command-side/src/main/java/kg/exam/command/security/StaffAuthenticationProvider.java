package kg.exam.command.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import kg.exam.contract.Ids;
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
 * Staff sign-in by account and password (HTTP Basic, on every request): guessing is stopped by
 * {@link StaffSignInGuard} before any password is checked, and a password checked once is not
 * checked again with bcrypt for {@value #VERIFIED_SECONDS} s ({@link VerifiedCredentials}: neither
 * the account nor the password is held in memory).
 */
@Component
class StaffAuthenticationProvider implements AuthenticationProvider {
  static final long VERIFIED_SECONDS = 60;

  private final StaffAccounts accounts;
  private final PasswordEncoder passwords;
  private final StaffSignInGuard guard;

  /** The hash of a password nobody has: an unknown account costs a real check too. */
  private final String unknownAccountHash;

  private final VerifiedCredentials<StaffUser> verified;

  StaffAuthenticationProvider(
      StaffAccounts accounts, PasswordEncoder passwords, StaffSignInGuard guard, Clock clock) {
    this.accounts = accounts;
    this.passwords = passwords;
    this.guard = guard;
    byte[] nobodys = new byte[32];
    new SecureRandom().nextBytes(nobodys);
    this.unknownAccountHash = passwords.encode(HexFormat.of().formatHex(nobodys));
    this.verified = new VerifiedCredentials<>(Duration.ofSeconds(VERIFIED_SECONDS), 10_000, clock);
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
    String account = authentication.getName();
    String password =
        authentication.getCredentials() == null ? "" : authentication.getCredentials().toString();
    StaffUser known = verified.get(account, password);
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
      throw new StaffLocked(claim.lockedUntil());
    }
    StaffUser user;
    try {
      if (!account.matches(Ids.ACCOUNT_PATTERN)) {
        // no account has such an id (a NUL byte, 1,000 characters): not looked up at all
        throw new UsernameNotFoundException("no such account");
      }
      user = (StaffUser) accounts.loadUserByUsername(account);
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
