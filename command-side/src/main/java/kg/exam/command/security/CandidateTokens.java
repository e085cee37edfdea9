package kg.exam.command.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Short-lived bearer tokens the server issues itself: to candidates after code + PIN. HMAC-SHA256
 * signed with {@code exam.security.token-secret}; they name the sitting they are good for.
 */
@Component
public class CandidateTokens {
  public static final String ISSUER = "kg-exam-engine";
  static final String ROLES_CLAIM = "roles";
  static final String SITTING_CLAIM = "sitting";
  static final String CENTRE_CLAIM = "centre";
  static final String SCHOOL_CLAIM = "school";

  private final SecretKey key;
  private final SecurityProperties properties;
  private final Clock clock;

  /**
   * Tokens whose signature this server checked, with what they say: a candidate presents the same
   * token with every answer for up to its whole life, and parsing plus HMAC was a tenth of an
   * answer's CPU. Keyed by the whole token text (signature included), so only the very bytes that
   * verified are recognised; the expiry is checked again on every use. Least recently used out.
   */
  private final Cache<String, Jwt> verified = Caffeine.newBuilder().maximumSize(100_000).build();

  CandidateTokens(SecurityProperties properties, Clock clock) {
    if (properties.tokenSecret() == null || properties.tokenSecret().isBlank()) {
      throw new IllegalStateException(
          "exam.security.token-secret is not set: give a base64 key of 32 bytes or more"
              + " (environment variable EXAM_SECURITY_TOKEN_SECRET)");
    }
    byte[] secret = Base64.getDecoder().decode(properties.tokenSecret().trim());
    if (secret.length < 32) {
      throw new IllegalStateException(
          "exam.security.token-secret must decode to 32 bytes or more, got " + secret.length);
    }
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.properties = properties;
    this.clock = clock;
  }

  /** An issued token and when it expires. */
  public record IssuedToken(String token, Instant expiresAt) {}

  /** A token for the candidate of one sitting. */
  public IssuedToken issueForCandidate(String candidateId, String sittingId) {
    Instant now = clock.instant();
    Instant expiresAt = now.plus(properties.candidateTokenTtl());
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .subject(candidateId)
            .jwtID(UUID.randomUUID().toString())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(expiresAt))
            .claim(ROLES_CLAIM, List.of(Role.CANDIDATE.name()))
            .claim(SITTING_CLAIM, sittingId)
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(new MACSigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign candidate token", e);
    }
    return new IssuedToken(jwt.serialize(), expiresAt);
  }

  /** Decodes and verifies a token of this server (signature, issuer, time), remembering it. */
  JwtDecoder decoder() {
    NimbusJwtDecoder decoder =
        NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
    decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(ISSUER));
    return token -> {
      Jwt jwt = decoder.decode(token);
      verified.put(token, jwt);
      return jwt;
    };
  }

  /**
   * The claims of a token this server verified before and that has not expired since, or null: the
   * caller then decodes it in full.
   */
  Jwt verifiedBefore(String token) {
    Jwt jwt = verified.getIfPresent(token);
    if (jwt == null) {
      return null;
    }
    if (jwt.getExpiresAt() == null || !clock.instant().isBefore(jwt.getExpiresAt())) {
      verified.invalidate(token);
      return null;
    }
    return jwt;
  }
}
