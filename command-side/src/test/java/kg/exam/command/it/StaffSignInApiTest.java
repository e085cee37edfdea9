package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import kg.exam.command.security.Role;
import kg.exam.command.security.SecurityProperties;
import kg.exam.command.security.StaffSignInGuard;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Guessing staff passwords is stopped per account and per source address, before any password is
 * checked, whatever the parallelism. The whole suite signs in from one address, so the source limit
 * is raised for it (ApiTestBase) and tested here on the guard with an address of its own.
 */
class StaffSignInApiTest extends ApiTestBase {
  private static final String WRONG = "not-the-password";

  @Autowired Clock clock;

  @Autowired SecurityProperties staffProperties;

  private String account() {
    String account = unique("staff-guard");
    staffAccounts.create(account, STAFF_PASSWORD, Role.AUDITOR, CENTRE_A, null);
    return account;
  }

  /** The status of an auditor's read: 401 or 429 when the sign-in fails, anything else when not. */
  private int status(String account, String password) {
    return api.get("/api/audit/streams/no-such-stream/chain", Api.basic(account, password))
        .status();
  }

  @Test
  void shouldLockAnAccountAfterFiveWrongPasswordsEvenForTheRightOne() throws Exception {
    String account = account();
    String other = account();
    for (int i = 0; i < 5; i++) {
      assertThat(status(account, WRONG)).as("wrong password %d", i + 1).isEqualTo(401);
    }

    HttpResponse<String> locked =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://localhost:" + port + "/api/audit/streams/no-such-stream/chain"))
                    .header("Authorization", Api.basic(account, STAFF_PASSWORD))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(locked.body()).contains("urn:kg-exam:problem:staff-locked");
    assertThat(locked.headers().firstValue("Retry-After").map(Long::parseLong).orElseThrow())
        .isBetween(1L, Duration.ofMinutes(15).toSeconds());
    assertThat(status(other, STAFF_PASSWORD)).as("another account is not locked").isNotIn(401, 429);
  }

  @Test
  void shouldCheckNoMoreThanFivePasswordsWhenSixteenGuessesArriveInParallel() throws Exception {
    String account = account();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch start = new CountDownLatch(1);
    List<Integer> statuses = new ArrayList<>();
    try {
      List<Future<Integer>> guesses = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        guesses.add(
            pool.submit(
                () -> {
                  start.await();
                  return status(account, WRONG);
                }));
      }
      start.countDown();
      for (Future<Integer> g : guesses) {
        statuses.add(g.get());
      }
    } finally {
      pool.shutdown();
    }

    assertThat(statuses).containsOnly(401, 429);
    assertThat(statuses.stream().filter(s -> s == 401).count())
        .as("passwords checked before the lock")
        .isEqualTo(5);
    assertThat(status(account, STAFF_PASSWORD)).isEqualTo(429);
  }

  @Test
  void shouldRefuseAnAccountNameNoAccountCanHaveAsAWrongSignIn() {
    assertThat(status("x".repeat(1_000), WRONG)).as("1,000 characters").isEqualTo(401);
    assertThat(status("ad\u0000min", WRONG)).as("a NUL byte").isEqualTo(401);
  }

  @Test
  void shouldGiveAnAccountsAttemptsBackAfterTheRightPassword() {
    String account = account();
    // eight wrong passwords in all, but never five without a right one between them
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 4; i++) {
        assertThat(status(account, WRONG)).as("round %d, wrong %d", round, i + 1).isEqualTo(401);
      }
      assertThat(status(account, STAFF_PASSWORD)).as("round %d", round).isNotIn(401, 429);
    }
  }

  @Test
  void shouldLockEverySignInFromAnAddressAfterItsFailuresAcrossAccounts() {
    SecurityProperties defaults = staffProperties;
    StaffSignInGuard guard =
        new StaffSignInGuard(
            jdbc.getDataSource(),
            new SecurityProperties(
                defaults.tokenSecret(),
                defaults.candidateTokenTtl(),
                defaults.maxPinAttempts(),
                defaults.pinLockout(),
                defaults.oidc(),
                5,
                3,
                Duration.ofMinutes(15)),
            clock);
    String address = "203.0.113." + (int) (Math.random() * 200 + 1);
    for (int i = 0; i < 3; i++) {
      StaffSignInGuard.Claim claim = guard.claim(unique("nobody"), address);
      assertThat(claim.refused()).as("failure %d", i + 1).isFalse();
      guard.failed(claim);
    }

    assertThat(guard.claim(unique("nobody"), address).refused())
        .as("a fourth account from the same address")
        .isTrue();
    assertThat(guard.claim(unique("nobody"), "198.51.100.9").refused())
        .as("another address")
        .isFalse();
  }
}
