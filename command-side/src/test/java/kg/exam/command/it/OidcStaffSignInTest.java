package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import kg.exam.command.CommandSideApplication;
import kg.exam.command.demo.DemoExam;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Staff signed in by an OIDC provider: a real (local) provider publishes its discovery document and
 * keys over HTTP; the engine trusts its RS256 tokens for the staff roles they name.
 */
class OidcStaffSignInTest {
  private static HttpServer provider;
  private static RSAKey key;
  private static String issuer;
  private static ConfigurableApplicationContext app;
  private static Api api;

  @BeforeAll
  static void startProviderAndEngine() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("test-key").generate();
    provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    issuer = "http://127.0.0.1:" + provider.getAddress().getPort() + "/realms/exam";
    String discovery =
        "{\"issuer\":\""
            + issuer
            + "\",\"jwks_uri\":\""
            + issuer
            + "/keys\",\"subject_types_supported\":[\"public\"]}";
    String jwks = new JWKSet(key.toPublicJWK()).toString();
    provider.createContext(
        "/realms/exam/.well-known/openid-configuration", exchange -> respond(exchange, discovery));
    provider.createContext("/realms/exam/keys", exchange -> respond(exchange, jwks));
    provider.start();

    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    app =
        new SpringApplicationBuilder(CommandSideApplication.class)
            .run(
                arguments(
                    Map.of(
                        "spring.datasource.url", TestDatabase.jdbcUrl("oidc_test"),
                        "spring.datasource.username", "postgres",
                        "spring.datasource.password", "",
                        "exam.security.token-secret", Base64.getEncoder().encodeToString(secret),
                        "exam.security.oidc.issuer-uri", issuer,
                        "exam.security.oidc.roles-claim", "exam_roles",
                        "exam.security.oidc.audience", "kg-exam-engine",
                        "server.port", "0")));
    api = new Api(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
  }

  /** Command-line arguments outrank application.yml, unlike the builder's default properties. */
  private static String[] arguments(Map<String, String> properties) {
    return properties.entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body)
      throws java.io.IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @AfterAll
  static void stop() {
    app.close();
    provider.stop(0);
  }

  private static String token(String issuedBy, RSAKey signingKey, Object roles) throws Exception {
    return token(issuedBy, signingKey, roles, "kg-exam-engine");
  }

  private static String token(String issuedBy, RSAKey signingKey, Object roles, String audience)
      throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(issuedBy)
            .audience(audience)
            .subject("oidc-admin-17")
            .expirationTime(Date.from(Instant.now().plusSeconds(300)))
            .issueTime(new Date())
            .claim("exam_roles", roles)
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(signingKey));
    return Api.bearer(jwt.serialize());
  }

  @Test
  void shouldLetAnOidcCentreAdminAuthorAnExam() throws Exception {
    Api.Response r =
        api.post(
            "/api/exams",
            token(issuer, key, List.of("offline_access", "CENTRE_ADMIN")),
            Map.of("content", DemoExam.content()));

    assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
  }

  @Test
  void shouldRefuseAnOidcTokenWithoutAStaffRole() throws Exception {
    Api.Response r =
        api.post(
            "/api/exams",
            token(issuer, key, List.of("CANDIDATE")),
            Map.of("content", DemoExam.content()));

    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void shouldRefuseATokenSignedWithAnotherKey() throws Exception {
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("test-key").generate();

    Api.Response r =
        api.post(
            "/api/exams",
            token(issuer, stranger, List.of("CENTRE_ADMIN")),
            Map.of("content", DemoExam.content()));

    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void shouldRefuseATokenFromAnUntrustedIssuer() throws Exception {
    Api.Response r =
        api.post(
            "/api/exams",
            token("http://127.0.0.1:1/other", key, List.of("CENTRE_ADMIN")),
            Map.of("content", DemoExam.content()));

    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void shouldRefuseATokenTheProviderIssuedToAnotherApplication() throws Exception {
    Api.Response r =
        api.post(
            "/api/exams",
            token(issuer, key, List.of("CENTRE_ADMIN"), "school-library"),
            Map.of("content", DemoExam.content()));

    assertThat(r.status()).isEqualTo(401);
  }
}
