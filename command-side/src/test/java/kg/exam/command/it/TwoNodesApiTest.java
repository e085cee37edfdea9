package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import kg.exam.command.CommandSideApplication;
import kg.exam.contract.sitting.RecordAnswer;
import kg.exam.contract.trust.AnswerSignatures;
import kg.exam.contract.trust.Ed25519PrivateKey;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Two command-side nodes on one event store, as behind a load balancer: each keeps sittings in its
 * aggregate cache, so a candidate who moves to the other node (after a failure) and back must never
 * meet a stale sitting there, and two nodes taking answers for one sitting at once must never fork
 * its stream or its hash chain.
 */
class TwoNodesApiTest extends ApiTestBase {
  private static ConfigurableApplicationContext secondNode;
  private static Api second;

  @BeforeAll
  static void startSecondNode() {
    secondNode =
        new SpringApplicationBuilder(CommandSideApplication.class)
            .run(
                "--spring.datasource.url=" + TestDatabase.jdbcUrl("api_tests"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--exam.security.token-secret=" + TOKEN_SECRET,
                "--server.port=0");
    second =
        new Api(Integer.parseInt(secondNode.getEnvironment().getProperty("local.server.port")));
  }

  @AfterAll
  static void stopSecondNode() {
    secondNode.close();
  }

  @Test
  void shouldSeeAnswersTakenByTheOtherNodeWhenTheCandidateComesBack() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    Ed25519PrivateKey key = api.deviceKey(c.slip().sittingId());
    for (int seq = 1; seq <= 3; seq++) {
      assertThat(answerOn(api, c, key, seq, "q1", "A").status()).isEqualTo(200);
    }
    // the first node fails; the candidate goes on through the second one
    assertThat(answerOn(second, c, key, 4, "q3", "true").status()).isEqualTo(200);
    assertThat(answerOn(second, c, key, 5, "q1", "B").status()).isEqualTo(200);

    // back on the first node, whose cache still holds the sitting as of clientSeq 3
    Api.Response next = answerOn(api, c, key, 6, "q1", "C");
    assertThat(next.status()).as(next.body().toString()).isEqualTo(200);
    assertThat(next.body().get("duplicate").asBoolean()).isFalse();
    Api.Response resent = answerOn(api, c, key, 5, "q1", "B");
    assertThat(resent.status()).as(resent.body().toString()).isEqualTo(200);
    assertThat(resent.body().get("duplicate").asBoolean()).isTrue();
    Api.Response conflicting = answerOn(api, c, key, 4, "q3", "false");
    assertThat(conflicting.status()).isEqualTo(409);

    JsonNode view = api.get(c.sitting(), c.auth()).body();
    assertThat(view.path("answers").path("q1").path("response").get(0).asString()).isEqualTo("C");
    assertThat(view.path("answers").path("q3").path("response").get(0).asString())
        .isEqualTo("true");
    assertThat(recordedClientSeqs(c)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertChainIntact(c);
  }

  @Autowired CommandGateway commands;

  @Autowired PlatformTransactionManager transactions;

  @Test
  void shouldForgetAnAnswerWhoseEnclosingTransactionRolledBackAfterTheCommand() {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    Ed25519PrivateKey key = api.deviceKey(c.slip().sittingId());
    assertThat(answerOn(api, c, key, 1, "q1", "A").status()).isEqualTo(200);
    // Applied inside a transaction that fails after the command, as the station sync's own
    // bookkeeping can: Axon's unit of work has committed, the database has not.
    Instant now = Instant.now();
    RecordAnswer phantom =
        new RecordAnswer(
            c.slip().sittingId(),
            "q1",
            List.of("B"),
            2,
            now,
            now,
            key.keyId().value(),
            AnswerSignatures.sign(key, c.slip().sittingId(), "q1", List.of("B"), 2, now));
    assertThatThrownBy(
            () ->
                new TransactionTemplate(transactions)
                    .executeWithoutResult(
                        status -> {
                          commands.sendAndWait(phantom);
                          throw new IllegalStateException("the sync's bookkeeping failed");
                        }))
        .hasMessageContaining("bookkeeping");
    // meanwhile the other node appends the sitting's next event
    assertThat(answerOn(second, c, key, 3, "q3", "true").status()).isEqualTo(200);

    // clientSeq 2 was never stored, so this node must accept another answer with it
    Api.Response again = answerOn(api, c, key, 2, "q1", "C");
    assertThat(again.status()).as(again.body().toString()).isEqualTo(200);
    assertThat(recordedClientSeqs(c)).containsExactly(1L, 3L, 2L);
    assertChainIntact(c);
  }

  @Test
  void shouldNeverForkTheStreamWhenBothNodesTakeAnswersForOneSittingAtOnce() throws Exception {
    Candidate c = startedCandidate(openSession(publishedDemoExam()));
    Ed25519PrivateKey key = api.deviceKey(c.slip().sittingId());
    int answers = 40;
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<Integer>> sent = new ArrayList<>();
      for (int i = 1; i <= answers; i++) {
        long seq = i;
        Api node = i % 2 == 0 ? api : second;
        sent.add(pool.submit(() -> answerUntilStored(node, c, key, seq)));
      }
      for (Future<Integer> f : sent) {
        assertThat(f.get()).isEqualTo(200);
      }
    }
    List<Long> expected = new ArrayList<>();
    for (long i = 1; i <= answers; i++) {
      expected.add(i);
    }
    assertThat(recordedClientSeqs(c)).containsExactlyInAnyOrderElementsOf(expected);
    List<Long> sequences =
        jdbc.queryForList(
            "SELECT sequencenumber FROM domainevententry WHERE aggregateidentifier = ?"
                + " ORDER BY sequencenumber",
            Long.class,
            c.slip().sittingId());
    for (int i = 0; i < sequences.size(); i++) {
      assertThat(sequences.get(i)).isEqualTo(i);
    }
    assertChainIntact(c);
  }

  @Test
  void shouldTimeOutEachSittingExactlyOnceWhileBothNodesRunDeadlineSchedulers() {
    String examId = publishedExam(demoExamLasting(1));
    String sessionId = openSession(examId);
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Slip slip = register(sessionId);
      String auth = signIn(slip);
      Api node = i % 2 == 0 ? api : second;
      Api.Response started = node.post("/api/sittings/" + slip.sittingId() + "/start", auth, null);
      assertThat(started.status()).as(started.body().toString()).isEqualTo(200);
      candidates.add(new Candidate(slip, auth));
    }
    for (Candidate c : candidates) {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> api.get(c.sitting(), admin()).body().path("status").asString(),
              "TIMED_OUT"::equals);
    }
    for (Candidate c : candidates) {
      long timeOuts =
          jdbc.queryForObject(
              "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?"
                  + " AND payloadtype = 'kg.exam.contract.sitting.SittingTimedOut'",
              Long.class,
              c.slip().sittingId());
      assertThat(timeOuts).as(c.slip().sittingId()).isEqualTo(1);
      assertChainIntact(c);
    }
  }

  /**
   * Sends until the answer is stored: a refusal as a concurrent modification (both nodes appended
   * at once, one lost the unique index) is sent again with the same clientSeq, as clients do.
   */
  private static int answerUntilStored(Api node, Candidate c, Ed25519PrivateKey key, long seq) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int k = (int) (seq % 4);
      Api.Response r =
          answerOn(
              node,
              c,
              key,
              seq,
              List.of("q1", "q3", "q4", "q5").get(k),
              List.of("A", "true", "1.41", "ромб").get(k));
      if (r.status() != 409 || !r.problemType().endsWith("concurrent-modification")) {
        return r.status();
      }
    }
    return -1;
  }

  private static Api.Response answerOn(
      Api node, Candidate c, Ed25519PrivateKey key, long seq, String itemId, String value) {
    Map<String, Object> body =
        Api.signed(key, c.slip().sittingId(), ApiTestBase.answer(itemId, seq, value));
    return node.post(c.sitting() + "/answers", c.auth(), body);
  }

  private List<Long> recordedClientSeqs(Candidate c) {
    List<Long> seqs = new ArrayList<>();
    for (JsonNode e : api.get(c.sitting() + "/events", admin()).body()) {
      if (e.get("type").asString().equals("AnswerRecorded")) {
        seqs.add(e.path("payload").path("clientSeq").asLong());
      }
    }
    return seqs;
  }

  private void assertChainIntact(Candidate c) {
    JsonNode report =
        api.get("/api/audit/streams/" + c.slip().sittingId() + "/chain", staff("auditor")).body();
    assertThat(report.get("intact").asBoolean()).as(report.toString()).isTrue();
  }
}
