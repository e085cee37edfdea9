package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.ExamContent;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemKey;
import kg.exam.contract.exam.ScoringRules;
import kg.exam.contract.exam.SectionDefinition;
import kg.exam.contract.results.ResponseMatrixDigest;
import kg.exam.scoring.ScoringCoreVersion;
import kg.exam.scoring.irt.AbilityEstimator;
import kg.exam.scoring.irt.AbilityMethod;
import kg.exam.scoring.irt.ItemParameters;
import kg.exam.scoring.irt.ReportingScale;
import kg.exam.scoring.irt.Responses;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A session sat end to end over HTTP, closed and finalised: the calibration is one event on the
 * session's stream from which, with the sittings' scores, every scaled score is recomputed; every
 * refusal is a problem document and records nothing.
 */
class ResultsFinalisationApiTest extends ApiTestBase {
  private static final int ITEMS = 8;
  private static final int CANDIDATES = 40;
  private static final int PCM_ITEMS = 5;
  private static final int PCM_CANDIDATES = 30;
  private static final String FINALISED_TYPE = "kg.exam.contract.results.SessionResultsFinalised";
  private static final String ROWS_TYPE = "kg.exam.contract.results.SessionResultRowsListed";

  /** Eight single-choice items i1..i8, key A, one point each. */
  private static ExamContent eightItems() {
    List<ItemDefinition> items = new ArrayList<>();
    for (int i = 1; i <= ITEMS; i++) {
      items.add(
          new ItemDefinition(
              "i" + i,
              "A",
              "SINGLE_CHOICE",
              1,
              1,
              "Question " + i,
              List.of(new Choice("A", "a"), new Choice("B", "b"), new Choice("C", "c")),
              List.of(),
              ItemKey.matchCorrect(List.of("A"))));
    }
    return new ExamContent(
        "Calibration fixture",
        "MATH",
        9,
        "ky",
        40,
        List.of(new SectionDefinition("A", "Choice")),
        items,
        new ScoringRules(50, List.of(), null));
  }

  /**
   * Five multiple-response items m1..m5, choices A-D, key A and C, mapped A = C = 1, B = D = −1 on
   * [0, 2]: a candidate choosing A scores 1, A and C scores 2, B scores 0.
   */
  private static ExamContent fivePartialCreditItems() {
    List<ItemDefinition> items = new ArrayList<>();
    for (int i = 1; i <= PCM_ITEMS; i++) {
      items.add(
          new ItemDefinition(
              "m" + i,
              "A",
              "MULTIPLE_RESPONSE",
              2,
              1,
              "Choose every prime, question " + i,
              List.of(
                  new Choice("A", "2"),
                  new Choice("B", "9"),
                  new Choice("C", "11"),
                  new Choice("D", "15")),
              List.of(),
              new ItemKey(
                  List.of("A", "C"),
                  Map.of("A", 1.0, "C", 1.0, "B", -1.0, "D", -1.0),
                  0,
                  0.0,
                  2.0,
                  true,
                  0,
                  0,
                  false,
                  false,
                  0,
                  List.of())));
    }
    return new ExamContent(
        "Partial credit fixture",
        "MATH",
        9,
        "ky",
        40,
        List.of(new SectionDefinition("A", "Multiple response")),
        items,
        new ScoringRules(50, List.of(), null));
  }

  /** Sits the partial credit exam scoring {@code scores[i]} (0, 1 or 2) on item m(i+1). */
  private Slip sitPartialCredit(String sessionId, int[] scores) {
    Slip slip = register(sessionId);
    String auth = signIn(slip);
    String sitting = "/api/sittings/" + slip.sittingId();
    assertThat(api.post(sitting + "/start", auth, null).status()).isEqualTo(200);
    for (int i = 0; i < scores.length; i++) {
      String[] response =
          switch (scores[i]) {
            case 0 -> new String[] {"B"};
            case 1 -> new String[] {"A"};
            default -> new String[] {"A", "C"};
          };
      Api.Response r = api.post(sitting + "/answers", auth, answer("m" + (i + 1), i + 1, response));
      assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    }
    assertThat(api.post(sitting + "/submit", auth, null).status()).isEqualTo(200);
    return slip;
  }

  private String finalisation(String sessionId) {
    return "/api/sessions/" + sessionId + "/results/finalisation";
  }

  /**
   * Sits the exam answering the given items correctly (A); of the others, the odd ones wrongly (B)
   * and the even ones not at all (scored 0 all the same).
   */
  private Slip sit(String sessionId, String schoolId, boolean[] correct) {
    Slip slip = register(sessionId, unique("C"), schoolId, 0);
    String auth = signIn(slip);
    String sitting = "/api/sittings/" + slip.sittingId();
    assertThat(api.post(sitting + "/start", auth, null).status()).isEqualTo(200);
    for (int i = 0; i < correct.length; i++) {
      if (!correct[i] && i % 2 == 1) {
        continue;
      }
      Api.Response r =
          api.post(
              sitting + "/answers", auth, answer("i" + (i + 1), i + 1, correct[i] ? "A" : "B"));
      assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    }
    assertThat(api.post(sitting + "/submit", auth, null).status()).isEqualTo(200);
    return slip;
  }

  private void close(String sessionId) {
    Api.Response r =
        api.post("/api/sessions/" + sessionId + "/close", admin(), Map.of("reason", "time is up"));
    assertThat(r.status()).as(r.body().toString()).isEqualTo(204);
  }

  private void awaitScored(String sessionId, int count) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              int scored = 0;
              for (JsonNode s :
                  api.get("/api/sessions/" + sessionId + "/sittings", admin()).body()) {
                scored += s.path("rawTotal").isNumber() ? 1 : 0;
              }
              return scored == count;
            });
  }

  /** Waits until {@code count} sittings of the session are scored at {@code keyVersion}. */
  private void awaitKeyVersion(String sessionId, int keyVersion, int count) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              int rescored = 0;
              for (JsonNode s :
                  api.get("/api/sessions/" + sessionId + "/sittings", admin()).body()) {
                rescored += s.path("keyVersion").asInt() == keyVersion ? 1 : 0;
              }
              return rescored == count;
            });
  }

  private void assertProblem(Api.Response r, int status, String type) {
    assertThat(r.status()).as(r.body().toString()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.problemType()).isEqualTo("urn:kg-exam:problem:" + type);
  }

  private List<JsonNode> payloads(String aggregateId, String type) {
    return jdbc
        .queryForList(
            "SELECT convert_from(payload, 'UTF8') FROM domainevententry"
                + " WHERE aggregateidentifier = ? AND payloadtype = ? ORDER BY sequencenumber",
            String.class,
            aggregateId,
            type)
        .stream()
        .map(Api.JSON::readTree)
        .toList();
  }

  /** The sittings the recorded batches of rows list, in row order. */
  private List<String> listedSittings(String sessionId) {
    return payloads(sessionId, ROWS_TYPE).stream()
        .flatMap(b -> b.get("sittingIds").valueStream().map(JsonNode::asString))
        .toList();
  }

  /** Every page of the results as {@code who} sees them, rows in page order. */
  private List<JsonNode> allResults(String sessionId, String who) {
    List<JsonNode> rows = new ArrayList<>();
    int pages = 1;
    for (int page = 0; page < pages; page++) {
      Api.Response results = api.get("/api/sessions/" + sessionId + "/results?page=" + page, who);
      assertThat(results.status()).as(results.body().toString()).isEqualTo(200);
      assertThat(results.body().get("page").asInt()).isEqualTo(page);
      assertThat(results.body().get("inputMatchesDigest").asBoolean()).isTrue();
      pages = results.body().get("pages").asInt();
      results.body().get("sittings").forEach(rows::add);
    }
    assertProblem(
        api.get("/api/sessions/" + sessionId + "/results?page=" + pages, who), 404, "not-found");
    return rows;
  }

  /** Finalisation events on the session's stream: what a refusal must not add to. */
  private int finalisations(String sessionId) {
    return payloads(sessionId, FINALISED_TYPE).size();
  }

  private static double nan(JsonNode n) {
    return n.isNull() || n.isMissingNode() ? Double.NaN : n.asDouble();
  }

  @Test
  void shouldFinaliseAClosedSessionAndRecomputeEveryScaledScoreFromTheStream() {
    String examId = publishedExam(eightItems());
    String sessionId = openSession(examId);
    Random random = new Random(20_261_130L);
    Map<String, String> candidateBySitting = new HashMap<>();
    for (int c = 0; c < CANDIDATES; c++) {
      double theta = random.nextGaussian();
      boolean[] correct = new boolean[ITEMS];
      for (int i = 0; i < ITEMS; i++) {
        double b = -1.5 + 3.0 * i / (ITEMS - 1);
        correct[i] = random.nextDouble() < 1 / (1 + Math.exp(-(theta - b)));
      }
      Slip slip = sit(sessionId, c % 4 == 3 ? SCHOOL_B : SCHOOL_A, correct);
      candidateBySitting.put(slip.sittingId(), slip.candidateId());
    }
    Slip absent = register(sessionId);
    Api.Response early = api.post(finalisation(sessionId), admin(), null);
    assertProblem(early, 409, "session-not-closed");
    close(sessionId);
    awaitScored(sessionId, CANDIDATES);

    Api.Response fourPl = api.post(finalisation(sessionId), admin(), Map.of("model", "4pl"));
    assertProblem(fourPl, 400, "unsupported-model");
    assertThat(fourPl.body().get("detail").asString())
        .contains("model 4pl is not supported")
        .contains("use rasch, 2pl, 3pl, pcm or gpcm");
    assertProblem(
        api.post(
            finalisation(sessionId),
            admin(),
            Map.of("model", "2pl", "guessingPrior", Map.of("alpha", 5, "beta", 17))),
        400,
        "invalid-request");
    assertProblem(
        api.post(
            finalisation(sessionId),
            admin(),
            Map.of("model", "3pl", "guessingPrior", Map.of("alpha", 0.5, "beta", 17))),
        400,
        "invalid-request");
    assertProblem(api.post(finalisation(sessionId), staff("school-a"), null), 403, "forbidden");
    assertProblem(
        api.get("/api/sessions/" + sessionId + "/results", admin()), 409, "results-not-finalised");
    Api.Response notConverged =
        api.post(finalisation(sessionId), admin(), Map.of("settings", Map.of("maxIterations", 1)));
    assertProblem(notConverged, 409, "calibration-not-converged");
    assertThat(finalisations(sessionId)).isZero();

    Api.Response finalised = api.post(finalisation(sessionId), admin(), null);
    assertThat(finalised.status()).as(finalised.body().toString()).isEqualTo(201);
    assertThat(finalisations(sessionId)).isEqualTo(1);
    // an item can no longer be excluded from scoring: the calibration would be left behind
    assertProblem(
        api.post(
            "/api/exams/" + examId + "/versions/1/exclusions",
            admin(),
            Map.of("itemId", "i3", "reason", "DIF found after the results")),
        409,
        "results-already-finalised");
    assertProblem(
        api.post(finalisation(sessionId), admin(), null), 409, "results-already-finalised");
    assertThat(finalisations(sessionId)).isEqualTo(1);

    // (a) the event as stored
    List<JsonNode> stored = payloads(sessionId, FINALISED_TYPE);
    assertThat(stored).hasSize(1);
    JsonNode event = stored.getFirst();
    JsonNode c = event.get("calibration");
    List<String> sittingIds = candidateBySitting.keySet().stream().sorted().toList();
    assertThat(event.get("sessionId").asString()).isEqualTo(sessionId);
    assertThat(event.get("finalisedBy").asString()).isEqualTo("admin");
    assertThat(c.get("examVersion").asInt()).isEqualTo(1);
    assertThat(c.get("keyVersion").asInt()).isEqualTo(1);
    assertThat(c.get("model").asString()).isEqualTo("RASCH");
    assertThat(c.get("method").asString()).isEqualTo("MML-EM");
    assertThat(c.get("abilityMethod").asString()).isEqualTo("WLE");
    assertThat(c.get("scoringCoreVersion").asString()).isEqualTo(ScoringCoreVersion.VERSION);
    assertThat(c.at("/settings/quadraturePoints").asInt()).isEqualTo(41);
    assertThat(c.at("/settings/quadratureBound").asDouble()).isEqualTo(6.0);
    assertThat(c.at("/settings/tolerance").asDouble()).isEqualTo(1e-4);
    assertThat(c.at("/settings/maxIterations").asInt()).isEqualTo(2000);
    assertThat(c.get("converged").asBoolean()).isTrue();
    assertThat(c.get("iterations").asInt()).isBetween(1, 2000);
    assertThat(c.get("logLikelihood").asDouble()).isNegative();
    assertThat(c.get("latentMean").asDouble()).isEqualTo(0.0);
    assertThat(c.get("latentSd").asDouble()).isPositive();
    assertThat(c.get("candidateCount").asInt()).isEqualTo(CANDIDATES);
    assertThat(c.get("sittingIds")).as("listed by the batches of rows instead").isEmpty();
    assertThat(c.get("rowBatches").asInt()).isEqualTo(3);
    List<JsonNode> batches = payloads(sessionId, ROWS_TYPE);
    assertThat(batches.stream().map(b -> b.get("sittingIds").size()))
        .as("batches of 16 rows (exam.results.row-batch-size)")
        .containsExactly(16, 16, 8);
    assertThat(batches.stream().map(b -> b.get("firstRow").asInt())).containsExactly(0, 16, 32);
    assertThat(listedSittings(sessionId)).isEqualTo(sittingIds).doesNotContain(absent.sittingId());
    assertThat(
            jdbc.queryForList(
                "SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = ?"
                    + " AND payloadtype <> 'kg.exam.contract.trust.StreamHeadSigned'"
                    + " ORDER BY sequencenumber DESC LIMIT 4",
                String.class,
                sessionId))
        .as("the rows are recorded just before the finalisation")
        .containsExactly(FINALISED_TYPE, ROWS_TYPE, ROWS_TYPE, ROWS_TYPE);
    assertThat(c.at("/scale/slope").asDouble()).isEqualTo(20.0);
    assertThat(c.at("/scale/intercept").asDouble()).isEqualTo(100.0);
    assertThat(c.at("/scale/passMark").asDouble()).isEqualTo(110.0);
    List<String> itemIds =
        c.get("items").valueStream().map(i -> i.get("itemId").asString()).toList();
    assertThat(itemIds).containsExactly("i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8");
    for (JsonNode item : c.get("items")) {
      assertThat(item.get("discrimination").asDouble()).isEqualTo(1.0);
      assertThat(item.get("difficultySe").asDouble()).isPositive();
      assertThat(item.get("discriminationSe").isNull()).isTrue();
      assertThat(item.get("guessing").asDouble()).isEqualTo(0.0);
    }
    assertThat(c.at("/items/0/difficulty").asDouble())
        .as("the easiest item is easier than the hardest")
        .isLessThan(c.at("/items/7/difficulty").asDouble());
    String text = event.toString();
    candidateBySitting.values().forEach(id -> assertThat(text).doesNotContain(id));
    assertThat(text).doesNotContain(absent.candidateId());

    // (b) recomputed from the stored events alone with scoring-core
    byte[] cells = new byte[CANDIDATES * ITEMS];
    Map<String, Double> rawTotals = new HashMap<>();
    for (int r = 0; r < CANDIDATES; r++) {
      String sittingId = sittingIds.get(r);
      JsonNode scored =
          payloads(sittingId, "kg.exam.contract.sitting.SittingScored").stream()
              .filter(s -> s.get("keyVersion").asInt() == c.get("keyVersion").asInt())
              .reduce((first, second) -> second)
              .orElseThrow();
      rawTotals.put(sittingId, scored.get("rawTotal").asDouble());
      java.util.Arrays.fill(cells, r * ITEMS, (r + 1) * ITEMS, Responses.NOT_PRESENTED);
      for (JsonNode s : scored.get("itemScores")) {
        cells[r * ITEMS + itemIds.indexOf(s.get("itemId").asString())] =
            (byte) s.get("score").asDouble();
      }
    }
    assertThat(ResponseMatrixDigest.sha256Hex(cells, CANDIDATES, ITEMS))
        .isEqualTo(c.get("responseMatrixSha256").asString());
    for (JsonNode batch : batches) {
      int first = batch.get("firstRow").asInt();
      int size = batch.get("sittingIds").size();
      assertThat(
              ResponseMatrixDigest.sha256Hex(
                  java.util.Arrays.copyOfRange(cells, first * ITEMS, (first + size) * ITEMS),
                  size,
                  ITEMS))
          .as("batch %d's digest is of its own rows", batch.get("batch").asInt())
          .isEqualTo(batch.get("responseMatrixSha256").asString());
    }
    List<ItemParameters> items =
        c.get("items")
            .valueStream()
            .map(
                i ->
                    new ItemParameters(
                        i.get("discrimination").asDouble(),
                        i.get("difficulty").asDouble(),
                        nan(i.get("discriminationSe")),
                        nan(i.get("difficultySe"))))
            .toList();
    AbilityEstimator estimator =
        new AbilityEstimator(
            items,
            c.get("latentMean").asDouble(),
            c.get("latentSd").asDouble(),
            c.get("eapQuadraturePoints").asInt());
    JsonNode s = c.get("scale");
    ReportingScale scale =
        new ReportingScale(
            s.get("slope").asDouble(),
            s.get("intercept").asDouble(),
            s.get("step").asDouble(),
            s.get("lowest").asDouble(),
            s.get("highest").asDouble(),
            s.get("passMark").asDouble());

    List<JsonNode> rows = allResults(sessionId, staff("auditor"));
    assertThat(rows.stream().map(r -> r.get("sittingId").asString()).toList())
        .isEqualTo(sittingIds);
    for (int r = 0; r < CANDIDATES; r++) {
      byte[] row = java.util.Arrays.copyOfRange(cells, r * ITEMS, (r + 1) * ITEMS);
      double[] estimate = estimator.estimate(AbilityMethod.WLE, row);
      JsonNode api = rows.get(r);
      assertThat(api.get("theta").asDouble()).isEqualTo(estimate[0]);
      assertThat(api.get("standardError").asDouble()).isEqualTo(estimate[1]);
      assertThat(api.get("scaledScore").asDouble()).isEqualTo(scale.scaled(estimate[0]));
      assertThat(api.get("passed").asBoolean()).isEqualTo(scale.passed(estimate[0]));
      assertThat(api.get("rawTotal").asDouble()).isEqualTo(rawTotals.get(sittingIds.get(r)));
    }
    assertThat(rows.stream().map(r -> r.get("scaledScore").asDouble()).distinct().count())
        .as("varied answers give varied scaled scores")
        .isGreaterThan(3);
    // a sitting's result carries its scaled score, found in its batch of rows
    for (int r : new int[] {0, CANDIDATES / 2, CANDIDATES - 1}) {
      Api.Response result = api.get("/api/sittings/" + sittingIds.get(r) + "/result", admin());
      assertThat(result.status()).as(result.body().toString()).isEqualTo(200);
      assertThat(result.body().get("scaledScore").asDouble())
          .as("sitting %d's scaled score", r)
          .isEqualTo(rows.get(r).get("scaledScore").asDouble());
    }

    // a school sees its own candidates only; the chain over the session stream is intact
    List<JsonNode> schoolB = allResults(sessionId, staff("school-b"));
    assertThat(schoolB).hasSize(CANDIDATES / 4);
    schoolB.forEach(r -> assertThat(r.get("schoolId").asString()).isEqualTo(SCHOOL_B));
    Api.Response schoolPage = api.get("/api/sessions/" + sessionId + "/results", staff("school-b"));
    assertThat(schoolPage.body().at("/finalisation/calibration/sittingIds")).isEmpty();
    assertThat(schoolPage.body().at("/finalisation/calibration/candidateCount").asInt())
        .isEqualTo(CANDIDATES);
    assertProblem(
        api.get("/api/sessions/" + sessionId + "/results", staff("inv-a")), 403, "forbidden");
    JsonNode chain = api.get("/api/audit/streams/" + sessionId + "/chain", staff("auditor")).body();
    assertThat(chain.get("intact").asBoolean()).as(chain.toString()).isTrue();
    Integer signedHeads =
        jdbc.queryForObject(
            "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?"
                + " AND payloadtype = 'kg.exam.contract.trust.StreamHeadSigned'",
            Integer.class,
            sessionId);
    assertThat(signedHeads).as("the opening, the closing and the finalisation signed").isEqualTo(3);
    assertThat(chain.get("eventCount").asInt()).isEqualTo(eventCount(sessionId) + signedHeads);
  }

  @Test
  void shouldFinaliseWithPartialCreditAndRecomputeFromTheRecordedThresholds() {
    String sessionId = openSession(publishedExam(fivePartialCreditItems()));
    Random random = new Random(20_261_201L);
    int[][] drawn = new int[PCM_CANDIDATES][PCM_ITEMS];
    for (int c = 0; c < PCM_CANDIDATES; c++) {
      double theta = random.nextGaussian();
      for (int i = 0; i < PCM_ITEMS; i++) {
        double location = -1.0 + 0.5 * i;
        ItemParameters item = ItemParameters.partialCredit(1, location - 0.6, location + 0.6);
        double[] p = new double[3];
        item.categoryProbabilities(theta, p);
        double u = random.nextDouble();
        drawn[c][i] = u < p[0] ? 0 : u < p[0] + p[1] ? 1 : 2;
      }
      sitPartialCredit(sessionId, drawn[c]);
    }
    close(sessionId);
    awaitScored(sessionId, PCM_CANDIDATES);

    Api.Response finalised = api.post(finalisation(sessionId), admin(), Map.of("model", "pcm"));
    assertThat(finalised.status()).as(finalised.body().toString()).isEqualTo(201);

    JsonNode c = payloads(sessionId, FINALISED_TYPE).getFirst().get("calibration");
    assertThat(c.get("model").asString()).isEqualTo("PARTIAL_CREDIT");
    assertThat(c.get("guessingPrior").isNull()).isTrue();
    assertThat(c.get("converged").asBoolean()).isTrue();
    assertThat(c.get("latentSdSe").isNumber()).as("σ is estimated under PCM").isTrue();
    List<String> itemIds =
        c.get("items").valueStream().map(i -> i.get("itemId").asString()).toList();
    assertThat(itemIds).containsExactly("m1", "m2", "m3", "m4", "m5");
    List<String> sittingIds = listedSittings(sessionId);
    assertThat(sittingIds).hasSize(PCM_CANDIDATES);
    byte[] cells = new byte[PCM_CANDIDATES * PCM_ITEMS];
    for (int r = 0; r < PCM_CANDIDATES; r++) {
      JsonNode scored =
          payloads(sittingIds.get(r), "kg.exam.contract.sitting.SittingScored").getLast();
      for (JsonNode s : scored.get("itemScores")) {
        cells[r * PCM_ITEMS + itemIds.indexOf(s.get("itemId").asString())] =
            (byte) s.get("score").asDouble();
      }
    }
    int[] perCategory = new int[3];
    for (byte cell : cells) {
      perCategory[cell]++;
    }
    assertThat(perCategory).as("the items were scored 0, 1 and 2").doesNotContain(0);
    assertThat(ResponseMatrixDigest.sha256Hex(cells, PCM_CANDIDATES, PCM_ITEMS))
        .isEqualTo(c.get("responseMatrixSha256").asString());
    List<ItemParameters> items = new ArrayList<>();
    for (JsonNode i : c.get("items")) {
      assertThat(i.get("discrimination").asDouble()).isEqualTo(1.0);
      assertThat(i.get("guessing").asDouble()).isEqualTo(0.0);
      assertThat(i.get("thresholds")).as("categories 0, 1, 2: two steps").hasSize(2);
      double[] thresholds =
          i.get("thresholds").valueStream().mapToDouble(JsonNode::asDouble).toArray();
      assertThat(i.get("difficulty").asDouble())
          .as("b is the mean of the thresholds")
          .isCloseTo((thresholds[0] + thresholds[1]) / 2, within(1e-12));
      items.add(ItemParameters.partialCredit(1, thresholds));
    }
    AbilityEstimator estimator =
        new AbilityEstimator(
            items,
            c.get("latentMean").asDouble(),
            c.get("latentSd").asDouble(),
            c.get("eapQuadraturePoints").asInt());

    List<JsonNode> rows = allResults(sessionId, staff("auditor"));
    assertThat(rows).hasSize(PCM_CANDIDATES);
    for (int r = 0; r < PCM_CANDIDATES; r++) {
      double[] estimate =
          estimator.estimate(
              AbilityMethod.WLE,
              java.util.Arrays.copyOfRange(cells, r * PCM_ITEMS, (r + 1) * PCM_ITEMS));
      JsonNode row = rows.get(r);
      assertThat(row.get("sittingId").asString()).isEqualTo(sittingIds.get(r));
      assertThat(row.get("theta").asDouble()).isEqualTo(estimate[0]);
      assertThat(row.get("standardError").asDouble()).isEqualTo(estimate[1]);
    }
  }

  @Test
  void shouldRefuseFinalisationWhileASittingIsStillRunning() {
    String sessionId = openSession(publishedExam(eightItems()));
    sit(sessionId, SCHOOL_A, new boolean[] {true, false, true, false, true, false, true, false});
    startedCandidate(sessionId);
    close(sessionId);
    awaitScored(sessionId, 1);

    Api.Response r = api.post(finalisation(sessionId), admin(), null);

    assertProblem(r, 409, "results-not-ready");
    assertThat(r.body().get("detail").asString()).contains("1 still running");
    assertThat(finalisations(sessionId)).isZero();
  }

  @Test
  void shouldRefuseFinalisationWhileASittingWaitsForHumanMarking() {
    String sessionId = openSession(publishedDemoExam());
    Candidate c = startedCandidate(sessionId);
    api.post(c.sitting() + "/answers", c.auth(), answer("q1", 1, "B"));
    api.post(c.sitting() + "/answers", c.auth(), answer("q9", 2, "An essay for a human marker."));
    api.post(c.sitting() + "/submit", c.auth(), null);
    close(sessionId);
    awaitScored(sessionId, 1);

    Api.Response r = api.post(finalisation(sessionId), admin(), null);

    assertProblem(r, 409, "results-not-ready");
    assertThat(r.body().get("detail").asString()).contains("1 waiting for human marking");
    assertThat(finalisations(sessionId)).isZero();
  }

  @Test
  void shouldRefuseFinalisationWithoutScoredSittings() {
    String sessionId = openSession(publishedExam(eightItems()));
    register(sessionId);
    close(sessionId);

    Api.Response r = api.post(finalisation(sessionId), admin(), null);

    assertProblem(r, 422, "calibration-not-possible");
    assertThat(r.body().get("detail").asString()).contains("no scored sittings");
    assertThat(finalisations(sessionId)).isZero();
  }

  @Test
  void shouldRefuseFinalisationNamingAnItemNobodyVariedOnUnlessItIsExcludedFromScoring() {
    String examId = publishedExam(eightItems());
    String sessionId = openSession(examId);
    boolean[] all = new boolean[ITEMS];
    java.util.Arrays.fill(all, true);
    boolean[] onlyFirst = new boolean[ITEMS];
    onlyFirst[0] = true;
    sit(sessionId, SCHOOL_A, all);
    sit(sessionId, SCHOOL_A, onlyFirst);
    close(sessionId);
    awaitScored(sessionId, 2);

    Api.Response r = api.post(finalisation(sessionId), admin(), null);

    assertProblem(r, 422, "calibration-not-possible");
    String detail = r.body().get("detail").asString();
    assertThat(detail).contains("nobody varied on item i1 (all 2 scored 1)");
    IntStream.rangeClosed(2, ITEMS).forEach(i -> assertThat(detail).doesNotContain("item i" + i));
    assertThat(finalisations(sessionId)).isZero();

    // excluded from scoring by a recorded decision, i1 is no longer calibrated: the finalisation
    // goes on without it (two candidates are still too few for the model to converge)
    Api.Response excluded =
        api.post(
            "/api/exams/" + examId + "/versions/1/exclusions",
            admin(),
            Map.of("itemId", "i1", "reason", "everybody answered it right"));
    assertThat(excluded.status()).as(excluded.body().toString()).isEqualTo(201);
    awaitKeyVersion(sessionId, 2, 2);
    Api.Response again = api.post(finalisation(sessionId), admin(), null);
    assertThat(again.body().path("detail").asString("")).doesNotContain("item i1");
  }

  @Test
  void shouldRefuseAnInvalidScaleAsABadRequest() {
    String sessionId = openSession(publishedExam(eightItems()));
    close(sessionId);
    Map<String, Object> scale = new LinkedHashMap<>();
    scale.put("slope", -20);
    scale.put("intercept", 100);
    scale.put("step", 1);
    scale.put("lowest", 40);
    scale.put("highest", 160);
    scale.put("passMark", 110);

    Api.Response r = api.post(finalisation(sessionId), admin(), Map.of("scale", scale));

    assertProblem(r, 400, "invalid-request");
    assertThat(r.body().get("detail").asString()).contains("slope=-20.0");
  }
}
