package kg.exam.query.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import kg.exam.query.QuerySideApplication;
import kg.exam.query.security.DashboardAccounts;
import kg.exam.query.security.DashboardRole;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Guessing dashboard passwords is stopped per account and per source address before any password is
 * checked, whatever the parallelism, by HTTP Basic and by the sign-in form alike. Every request
 * here comes from one address (127.0.0.1), so each test runs its own query side with the source
 * limit it needs.
 */
class DashboardSignInGuardTest {
  private static final String PASSWORD = "a-long-enough-password";
  private static final String WRONG = "not-the-password";

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldLockAnAccountAfterFiveWrongPasswordsEvenForTheRightOneAndOnlyThatAccount()
      throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        ConfigurableApplicationContext app = start(postgres, 1000)) {
      URI base = base(app);
      DashboardAccounts accounts = app.getBean(DashboardAccounts.class);
      accounts.create("guessed", PASSWORD, DashboardRole.AUDITOR, null, null, null);
      accounts.create("bystander", PASSWORD, DashboardRole.AUDITOR, null, null, null);

      for (int i = 0; i < 5; i++) {
        assertThat(me(base, "guessed", WRONG).statusCode()).as("wrong %d", i + 1).isEqualTo(401);
      }
      HttpResponse<String> locked = me(base, "guessed", PASSWORD);
      assertThat(locked.statusCode()).isEqualTo(429);
      assertThat(locked.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
      assertThat(locked.body()).contains("\"type\":\"urn:kg-exam:problem:sign-in-locked\"");
      assertThat(Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow()))
          .isBetween(1L, 15 * 60L);

      assertThat(me(base, "bystander", PASSWORD).statusCode()).isEqualTo(200);

      HttpResponse<String> form = formLogin(base, "guessed", PASSWORD);
      assertThat(form.statusCode()).isEqualTo(302);
      assertThat(form.headers().firstValue("Location").orElse("")).endsWith("/login?locked");
    }
  }

  @Test
  void shouldCheckAtMostFivePasswordsOfAnAccountWhenSixteenGuessesArriveAtOnce() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        ConfigurableApplicationContext app = start(postgres, 1000)) {
      URI base = base(app);
      app.getBean(DashboardAccounts.class)
          .create("parallel", PASSWORD, DashboardRole.AUDITOR, null, null, null);
      List<Callable<Integer>> guesses = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        guesses.add(() -> me(base, "parallel", WRONG).statusCode());
      }
      List<Integer> statuses = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
        for (Future<Integer> f : pool.invokeAll(guesses)) {
          statuses.add(f.get());
        }
      }
      assertThat(statuses).containsOnly(401, 429);
      assertThat(statuses.stream().filter(s -> s == 401).count())
          .as("passwords checked (the others refused before any check)")
          .isEqualTo(5);
    }
  }

  @Test
  void shouldLockASourceAddressAfterItsLimitOfFailuresAcrossAccounts() throws Exception {
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        ConfigurableApplicationContext app = start(postgres, 8)) {
      URI base = base(app);
      app.getBean(DashboardAccounts.class)
          .create("innocent", PASSWORD, DashboardRole.AUDITOR, null, null, null);
      for (int i = 0; i < 8; i++) {
        assertThat(me(base, "nobody-" + i, WRONG).statusCode()).isEqualTo(401);
      }
      HttpResponse<String> locked = me(base, "innocent", PASSWORD);
      assertThat(locked.statusCode()).isEqualTo(429);
      assertThat(locked.body()).contains("urn:kg-exam:problem:sign-in-locked");
    }
  }

  private static ConfigurableApplicationContext start(EmbeddedPostgres postgres, int sourceLimit) {
    return QuerySideApplication.application()
        .run(
            "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
            "--spring.datasource.username=postgres",
            "--spring.datasource.password=",
            "--server.port=0",
            "--exam.kafka.enabled=false",
            "--exam.accounts.seed-demo=false",
            "--exam.dashboard.sign-in.max-source-failures=" + sourceLimit);
  }

  private static URI base(ConfigurableApplicationContext app) {
    return URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
  }

  private HttpResponse<String> me(URI base, String account, String password) throws Exception {
    String basic =
        Base64.getEncoder()
            .encodeToString((account + ":" + password).getBytes(StandardCharsets.UTF_8));
    return http.send(
        HttpRequest.newBuilder(base.resolve("/api/me"))
            .header("Authorization", "Basic " + basic)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> formLogin(URI base, String account, String password)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve("/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "username=" + account + "&password=" + password))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
