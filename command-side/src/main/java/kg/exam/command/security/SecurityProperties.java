package kg.exam.command.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Security settings ({@code exam.security.*}).
 *
 * @param tokenSecret base64 key (32 bytes or more) that signs candidate tokens; required. The
 *     embedded default generates one into its data directory. Give production its own from a secret
 *     store through {@code EXAM_SECURITY_TOKEN_SECRET}.
 * @param candidateTokenTtl life of a candidate token; the client refreshes it while it sits
 * @param maxPinAttempts wrong PINs before a candidate code is locked for {@code pinLockout}
 * @param pinLockout how long a locked candidate code stays locked
 * @param oidc an optional OIDC provider for staff accounts
 * @param maxStaffFailures failed staff sign-ins of one account, within {@code staffLockout}, that
 *     lock the account for {@code staffLockout}
 * @param maxSourceFailures failed staff sign-ins from one source address, within {@code
 *     staffLockout}, that lock every staff sign-in from it for {@code staffLockout}
 * @param staffLockout the window failures are counted in, and how long a lock lasts
 */
@ConfigurationProperties("exam.security")
public record SecurityProperties(
    String tokenSecret,
    @DefaultValue("30m") Duration candidateTokenTtl,
    @DefaultValue("5") int maxPinAttempts,
    @DefaultValue("15m") Duration pinLockout,
    @DefaultValue Oidc oidc,
    @DefaultValue("5") int maxStaffFailures,
    @DefaultValue("30") int maxSourceFailures,
    @DefaultValue("15m") Duration staffLockout) {

  /**
   * An OIDC provider whose access tokens staff present as bearer tokens.
   *
   * @param issuerUri the provider's issuer; empty disables OIDC
   * @param rolesClaim claim holding the role names (CENTRE_ADMIN, INVIGILATOR, SCHOOL, AUDITOR)
   * @param centreClaim claim holding an invigilator's centre id
   * @param schoolClaim claim holding a school user's school id
   * @param audience when set, tokens must name it in {@code aud} (tokens the provider issued to
   *     other applications are refused)
   */
  public record Oidc(
      String issuerUri,
      String audience,
      @DefaultValue("roles") String rolesClaim,
      @DefaultValue("centre") String centreClaim,
      @DefaultValue("school") String schoolClaim) {}
}
