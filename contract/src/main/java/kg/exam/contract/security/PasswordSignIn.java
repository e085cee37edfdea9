package kg.exam.contract.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A password sign-in as both services check it (staff on the command side, dashboard accounts on
 * the query side), free of their security framework:
 *
 * <ol>
 *   <li>a pair whose password was checked within {@code verifiedFor} signs in at once ({@link
 *       VerifiedCredentials}: no bcrypt on every HTTP Basic request, no guard update);
 *   <li>else one attempt of the account and one of the source address are claimed ({@link
 *       SignInGuard}); a lock refuses before anything is checked;
 *   <li>the account is looked up and its password checked; an unknown account is checked against a
 *       hash nobody has, so it costs what a wrong password costs;
 *   <li>the claim is settled: a right password gives the attempts back, a wrong one keeps them.
 * </ol>
 *
 * @param <U> the signed-in account
 */
public final class PasswordSignIn<U> {
  /** How a sign-in ended. */
  public enum Outcome {
    SIGNED_IN,
    /**
     * The account or the source address is locked; {@link Result#lockedUntil()} says until when.
     */
    LOCKED,
    /** No such account, or a wrong password. */
    WRONG,
    /** The right password of a disabled account. */
    DISABLED
  }

  /** The outcome, with the account when signed in and the lock's end when locked. */
  public record Result<U>(Outcome outcome, U user, Instant lockedUntil) {}

  private final SignInGuard guard;
  private final Function<String, U> accounts;
  private final Function<U, String> passwordHash;
  private final BiPredicate<String, String> matches;
  private final Predicate<U> enabled;
  private final String unknownAccountHash;
  private final VerifiedCredentials<U> verified;

  /**
   * @param accounts the account of an id, or null when there is none
   * @param passwordHash the stored hash of an account's password
   * @param matches whether a password matches a stored hash (e.g. bcrypt)
   * @param encode hashes a password as {@code matches} expects
   * @param enabled whether an account may sign in
   */
  public PasswordSignIn(
      SignInGuard guard,
      Function<String, U> accounts,
      Function<U, String> passwordHash,
      BiPredicate<String, String> matches,
      Function<String, String> encode,
      Predicate<U> enabled,
      Duration verifiedFor,
      Clock clock) {
    this.guard = guard;
    this.accounts = accounts;
    this.passwordHash = passwordHash;
    this.matches = matches;
    this.enabled = enabled;
    byte[] nobodys = new byte[32];
    new SecureRandom().nextBytes(nobodys);
    this.unknownAccountHash = encode.apply(HexFormat.of().formatHex(nobodys));
    this.verified = new VerifiedCredentials<>(verifiedFor, 10_000, clock);
  }

  /** Signs {@code account} in with {@code password} from {@code source} (an address). */
  public Result<U> signIn(String account, String password, String source) {
    U known = verified.get(account, password);
    if (known != null) {
      return new Result<>(Outcome.SIGNED_IN, known, null);
    }
    SignInGuard.Claim claim = guard.claim(account, source);
    if (claim.refused()) {
      return new Result<>(Outcome.LOCKED, null, claim.lockedUntil());
    }
    U user = accounts.apply(account);
    if (user == null) {
      matches.test(password, unknownAccountHash);
      guard.failed(claim);
      return new Result<>(Outcome.WRONG, null, null);
    }
    if (!matches.test(password, passwordHash.apply(user))) {
      guard.failed(claim);
      return new Result<>(Outcome.WRONG, null, null);
    }
    guard.succeeded(claim);
    if (!enabled.test(user)) {
      return new Result<>(Outcome.DISABLED, null, null);
    }
    verified.put(account, password, user);
    return new Result<>(Outcome.SIGNED_IN, user, null);
  }
}
