package kg.exam.command.security;

import com.nimbusds.jwt.JWTParser;
import jakarta.servlet.http.HttpServletResponse;
import java.text.ParseException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.ProblemWriter;
import kg.exam.command.stationauth.StationAuthenticator;
import kg.exam.command.stationauth.StationRequestFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.util.function.SingletonSupplier;

/**
 * Staff sign in with HTTP Basic against {@code staff_account} or with an OIDC provider's bearer
 * token; candidates with the bearer token they get for code + PIN. Stateless: no session, no
 * cookie, so no CSRF surface.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfig {
  private static final Set<String> STAFF_ROLES =
      Set.of("CENTRE_ADMIN", "INVIGILATOR", "SCHOOL", "AUDITOR");

  @Bean
  PasswordEncoder passwordEncoder() {
    return PasswordEncoderFactories.createDelegatingPasswordEncoder();
  }

  @Bean
  SecurityFilterChain api(
      HttpSecurity http,
      CandidateTokens candidateTokens,
      SecurityProperties properties,
      StationAuthenticator stations)
      throws Exception {
    JwtDecoder ownTokens = candidateTokens.decoder();
    String oidcIssuer = properties.oidc().issuerUri();
    boolean oidcEnabled = oidcIssuer != null && !oidcIssuer.isBlank();
    Supplier<JwtDecoder> oidcTokens = SingletonSupplier.of(() -> oidcDecoder(properties.oidc()));
    JwtDecoder decoder =
        token -> {
          Jwt known = candidateTokens.verifiedBefore(token);
          if (known != null) {
            return known;
          }
          String issuer = issuerOf(token);
          if (CandidateTokens.ISSUER.equals(issuer)) {
            return ownTokens.decode(token);
          }
          if (oidcEnabled && oidcIssuer.equals(issuer)) {
            return oidcTokens.get().decode(token);
          }
          throw new BadJwtException("token from an untrusted issuer");
        };
    // exam stations sign each request with their registered key (Authorization: ExamStation ...)
    http.addFilterBefore(new StationRequestFilter(stations), BasicAuthenticationFilter.class);
    http.csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            a ->
                a.requestMatchers(HttpMethod.POST, "/api/candidate/sign-in")
                    .permitAll()
                    // the student UI's static files; its data needs a candidate token
                    .requestMatchers(HttpMethod.GET, "/exam", "/exam/**")
                    .permitAll()
                    // the marking page's static files; its data needs a marker's account
                    .requestMatchers(HttpMethod.GET, "/marking", "/marking/**")
                    .permitAll()
                    // the item bank's page's static files; its data needs a bank account
                    .requestMatchers(HttpMethod.GET, "/bank", "/bank/**")
                    .permitAll()
                    .requestMatchers(
                        "/v3/api-docs",
                        "/v3/api-docs/**",
                        "/v3/api-docs.yaml",
                        "/actuator/health",
                        "/error")
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .httpBasic(
            b ->
                b.authenticationEntryPoint(
                    (req, res, e) -> {
                      if (e instanceof StaffAuthenticationProvider.StaffLocked locked) {
                        long seconds =
                            Math.max(
                                1,
                                java.time.Duration.between(java.time.Instant.now(), locked.until())
                                    .toSeconds());
                        res.setHeader("Retry-After", Long.toString(seconds));
                        writeProblem(
                            res,
                            ProblemType.STAFF_LOCKED,
                            "Too many failed sign-ins for this account or from this address; try"
                                + " again in "
                                + seconds
                                + " s or ask the centre's administrator.");
                      } else {
                        writeProblem(
                            res,
                            ProblemType.UNAUTHENTICATED,
                            "Sign in: staff with their account, candidates with the token from /api/candidate/sign-in.");
                      }
                    }))
        .oauth2ResourceServer(
            o ->
                o.jwt(
                        j ->
                            j.decoder(decoder)
                                .jwtAuthenticationConverter(
                                    jwt -> new ActorAuthentication(jwt, actorOf(jwt, properties))))
                    .authenticationEntryPoint(
                        (req, res, e) ->
                            writeProblem(
                                res,
                                ProblemType.UNAUTHENTICATED,
                                "The bearer token is missing, expired or not valid.")))
        .exceptionHandling(
            x ->
                x.authenticationEntryPoint(
                        (req, res, e) ->
                            writeProblem(
                                res,
                                ProblemType.UNAUTHENTICATED,
                                "Sign in: staff with their account, candidates with the token from /api/candidate/sign-in."))
                    .accessDeniedHandler(
                        (req, res, e) ->
                            writeProblem(
                                res, ProblemType.FORBIDDEN, "Your role may not do this.")));
    return http.build();
  }

  /**
   * The provider's keys from its discovery document; issuer, time and, when configured, audience
   * checked.
   */
  private static JwtDecoder oidcDecoder(SecurityProperties.Oidc oidc) {
    NimbusJwtDecoder decoder = JwtDecoders.fromIssuerLocation(oidc.issuerUri());
    OAuth2TokenValidator<Jwt> validator = JwtValidators.createDefaultWithIssuer(oidc.issuerUri());
    if (oidc.audience() != null && !oidc.audience().isBlank()) {
      validator =
          new DelegatingOAuth2TokenValidator<>(
              validator,
              new JwtClaimValidator<List<String>>(
                  "aud", aud -> aud != null && aud.contains(oidc.audience())));
    }
    decoder.setJwtValidator(validator);
    return decoder;
  }

  private static String issuerOf(String token) {
    try {
      return JWTParser.parse(token).getJWTClaimsSet().getIssuer();
    } catch (ParseException e) {
      throw new BadJwtException("not a JWT");
    }
  }

  /**
   * The caller a valid token names; a token that names no usable role is refused as invalid (401).
   */
  private static Actor actorOf(Jwt jwt, SecurityProperties properties) {
    if (CandidateTokens.ISSUER.equals(jwt.getClaimAsString("iss"))) {
      List<String> roles = jwt.getClaimAsStringList(CandidateTokens.ROLES_CLAIM);
      if (roles == null || roles.size() != 1) {
        throw new InvalidBearerTokenException("token without exactly one role");
      }
      return new Actor(
          jwt.getSubject(),
          Role.valueOf(roles.get(0)),
          jwt.getClaimAsString(CandidateTokens.CENTRE_CLAIM),
          jwt.getClaimAsString(CandidateTokens.SCHOOL_CLAIM),
          jwt.getClaimAsString(CandidateTokens.SITTING_CLAIM));
    }
    SecurityProperties.Oidc oidc = properties.oidc();
    Object claim = jwt.getClaims().get(oidc.rolesClaim());
    Collection<?> names =
        claim instanceof Collection<?> c ? c : claim == null ? List.of() : List.of(claim);
    Role role =
        names.stream()
            .map(String::valueOf)
            .filter(STAFF_ROLES::contains)
            .sorted()
            .findFirst()
            .map(Role::valueOf)
            .orElseThrow(
                () ->
                    new InvalidBearerTokenException(
                        "the OIDC token names no staff role in claim '" + oidc.rolesClaim() + "'"));
    return new Actor(
        jwt.getSubject(),
        role,
        jwt.getClaimAsString(oidc.centreClaim()),
        jwt.getClaimAsString(oidc.schoolClaim()),
        null);
  }

  static void writeProblem(HttpServletResponse response, ProblemType type, String detail)
      throws java.io.IOException {
    ProblemWriter.write(response, type, detail);
  }
}
