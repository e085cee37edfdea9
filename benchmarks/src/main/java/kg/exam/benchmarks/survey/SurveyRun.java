package kg.exam.benchmarks.survey;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import kg.exam.benchmarks.trust.ResultsBlock;
import kg.exam.command.kafka.EmbeddedKafka;
import kg.exam.contract.results.CalibratedItem;
import kg.exam.contract.results.EmSettings;
import kg.exam.contract.results.ScaleDefinition;
import kg.exam.contract.results.SessionCalibration;
import kg.exam.query.QuerySideApplication;
import kg.exam.query.security.DashboardAccounts;
import kg.exam.query.security.DashboardRole;
import kg.exam.scoring.irt.ItemParameters;
import kg.exam.scoring.irt.Responses;
import kg.exam.scoring.survey.Estimate;
import kg.exam.scoring.survey.PlausibleValues;
import kg.exam.scoring.survey.Replication;
import kg.exam.scoring.survey.SampleDesign;
import kg.exam.scoring.survey.SampledSchool;
import kg.exam.scoring.survey.SurveyEstimator;
import kg.exam.scoring.survey.SurveyWeights;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Sample-survey estimation at national size, timed (issue 14):
 *
 * <ol>
 *   <li>scoring-core alone: weights and every estimate the survey page shows (mean, five
 *       percentiles, three grade shares) for the nation and every subgroup (9 regions, 2
 *       localities, 4 languages, 2 genders), with 75 JK2 replicates and with 80 BRR-Fay replicates,
 *       over N pupils in S schools (median of 3);
 *   <li>plausible values: 5 per pupil from the latent regression over N pupils × 40 Rasch items;
 *   <li>the query side's endpoint over PostgreSQL: {@code GET /api/surveys/{id}/estimates} for each
 *       breakdown on the same N pupils' projected scores, and {@code ?score=scaled} on a second
 *       session of M pupils with their item scores.
 * </ol>
 *
 * <p>Usage: {@code SurveyRun RESULTS.md [--pupils 1400000] [--schools 4000] [--scaled-pupils
 * 100000]}
 */
public final class SurveyRun {
  static final String START_MARKER =
      "<!-- survey: start (benchmarks/run survey rewrites this block) -->";
  static final String END_MARKER = "<!-- survey: end -->";
  private static final int ZONES = 75;
  private static final int ITEMS = 40;
  private static final String[] LANGUAGES = {"ky", "ru", "uz", "tg"};
  private static final List<String> BREAKDOWNS =
      List.of("all", "region", "locality", "language", "gender");

  private SurveyRun() {}

  public static void main(String[] args) throws Exception {
    Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/RESULTS.md");
    int pupils = 1_400_000;
    int schools = 4_000;
    int scaledPupils = 100_000;
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--pupils" -> pupils = Integer.parseInt(args[i + 1]);
        case "--schools" -> schools = Integer.parseInt(args[i + 1]);
        case "--scaled-pupils" -> scaledPupils = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    String loadBefore = ResultsBlock.loadAverage();
    List<String> rows = new ArrayList<>();

    Sample sample = Sample.generate(pupils, schools, 20261206L);
    for (Replication replication : Replication.values()) {
      SampleDesign design = sample.design(replication);
      double[] times = new double[3];
      int estimates = 0;
      for (int run = 0; run < 3; run++) {
        long start = System.nanoTime();
        estimates = estimateEverything(design, sample);
        times[run] = (System.nanoTime() - start) / 1e9;
      }
      Arrays.sort(times);
      rows.add(
          String.format(
              Locale.ROOT,
              "| scoring-core, %s (%d replicates): weights + %,d estimates with SEs over %,d pupils"
                  + " | %.2f s (median of 3; %.2f–%.2f) |",
              replication,
              design.replicateCount(),
              estimates,
              pupils,
              times[1],
              times[0],
              times[2]));
      System.out.println(rows.getLast());
    }

    Runtime.getRuntime().gc();
    long before = usedHeap();
    long pvStart = System.nanoTime();
    PlausibleValues.Result pv = sample.plausibleValues(ITEMS);
    double pvSeconds = (System.nanoTime() - pvStart) / 1e9;
    rows.add(
        String.format(
            Locale.ROOT,
            "| plausible values: 5 per pupil, latent regression on 16 group indicators, %,d pupils ×"
                + " %d items | %.1f s (%d EM cycles, converged %s; heap grew by %,d MB) |",
            pupils,
            ITEMS,
            pvSeconds,
            pv.cycles(),
            pv.converged(),
            (usedHeap() - before) >> 20));
    System.out.println(rows.getLast());

    rows.addAll(endpoint(sample, scaledPupils));
    int strata = (int) sample.schools.stream().map(SampledSchool::stratum).distinct().count();
    String report = report(loadBefore, pupils, schools, strata, scaledPupils, rows);
    System.out.println();
    System.out.print(report);
    ResultsBlock.write(results, START_MARKER, END_MARKER, report);
    System.out.println("\nwritten to " + results);
    System.exit(0);
  }

  private static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  /** Every estimate of the survey page for every breakdown; returns how many. */
  private static int estimateEverything(SampleDesign design, Sample sample) {
    int[] respondents = new int[design.schools().size()];
    for (int s : sample.school) {
      respondents[s]++;
    }
    SurveyEstimator estimator =
        new SurveyEstimator(design, SurveyWeights.compute(design, respondents));
    int count = 0;
    for (int[][] breakdown : sample.domains()) {
      int[] domain = breakdown[0];
      int levels = breakdown[1][0];
      count += check(estimator.means(sample.school, sample.score, domain, levels));
      for (Estimate[] percentile :
          estimator.quantiles(
              sample.school,
              sample.score,
              domain,
              levels,
              new double[] {0.10, 0.25, 0.50, 0.75, 0.90})) {
        count += check(percentile);
      }
      for (double[] share : sample.gradeShares) {
        count += check(estimator.means(sample.school, share, domain, levels));
      }
    }
    return count;
  }

  private static int check(Estimate[] estimates) {
    for (Estimate e : estimates) {
      if (!Double.isFinite(e.value()) || !Double.isFinite(e.standardError())) {
        throw new IllegalStateException("estimate not finite: " + e);
      }
    }
    return estimates.length;
  }

  /**
   * The query side over PostgreSQL: percentages on every pupil, scaled scores on a second session.
   */
  private static List<String> endpoint(Sample sample, int scaledPupils) throws Exception {
    List<String> rows = new ArrayList<>();
    Path kafkaDir = Files.createTempDirectory("survey-kafka");
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir)) {
      ConfigurableApplicationContext query =
          QuerySideApplication.application()
              .run(
                  "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                  "--spring.datasource.username=postgres",
                  "--spring.datasource.password=",
                  "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                  "--exam.accounts.seed-demo=false",
                  "--server.port=0",
                  "--logging.level.root=WARN",
                  "--spring.main.banner-mode=off");
      try {
        JdbcTemplate jdbc = query.getBean(JdbcTemplate.class);
        long fill = System.nanoTime();
        sample.store(jdbc, "bench-survey", sample.school.length, false);
        sample.store(jdbc, "bench-survey-scaled", scaledPupils, true);
        System.out.printf("projected rows written in %.0f s%n", (System.nanoTime() - fill) / 1e9);
        String password = random();
        query
            .getBean(DashboardAccounts.class)
            .create("bench-ministry", password, DashboardRole.MINISTRY, null, null, null);
        URI base =
            URI.create(
                "http://localhost:" + query.getEnvironment().getProperty("local.server.port"));
        String auth =
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        ("bench-ministry:" + password).getBytes(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newHttpClient();
        for (String by : BREAKDOWNS) {
          double[] t = new double[3];
          for (int run = 0; run < 3; run++) {
            t[run] = get(http, base, auth, "/api/surveys/bench-survey/estimates?by=" + by);
          }
          Arrays.sort(t);
          rows.add(
              String.format(
                  Locale.ROOT,
                  "| endpoint `estimates?by=%s`, %,d pupils projected, JK2 | %.2f s (median of 3) |",
                  by,
                  sample.school.length,
                  t[1]));
          System.out.println(rows.getLast());
        }
        double first =
            get(
                http,
                base,
                auth,
                "/api/surveys/bench-survey-scaled/estimates?by=region&score=scaled");
        double cached =
            get(
                http,
                base,
                auth,
                "/api/surveys/bench-survey-scaled/estimates?by=region&score=scaled");
        rows.add(
            String.format(
                Locale.ROOT,
                "| endpoint `estimates?by=region&score=scaled`, %,d pupils × %d items | first call"
                    + " (plausible values drawn) %.2f s; again (kept) %.2f s |",
                scaledPupils,
                ITEMS,
                first,
                cached));
        System.out.println(rows.getLast());
      } finally {
        query.close();
      }
    }
    return rows;
  }

  private static double get(HttpClient http, URI base, String auth, String path) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", auth)
                .header("Accept", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    double seconds = (System.nanoTime() - start) / 1e9;
    if (r.statusCode() != 200) {
      throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
    }
    return seconds;
  }

  private static String random() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String report(
      String loadBefore, int pupils, int schools, int strata, int scaledPupils, List<String> rows)
      throws Exception {
    StringBuilder out = new StringBuilder();
    out.append("## Sample surveys (`benchmarks/run survey`)\n\n");
    out.append(
        String.format(
            Locale.ROOT,
            "Measured %s; nothing else ran on the machine, load average before %s, after %s.%n%n",
            Instant.now().truncatedTo(ChronoUnit.MINUTES),
            loadBefore,
            ResultsBlock.loadAverage()));
    out.append(ResultsBlock.machine().stripTrailing()).append("\n");
    out.append(
        String.format(
            Locale.ROOT,
            "- Data: %,d pupils in %,d sampled schools (%d strata of region × urban/rural ×"
                + " language; selection probabilities 0.05–0.5; %d variance zones), percentage"
                + " scores and grades; 40 Rasch items for the plausible values. The endpoint reads"
                + " the query side's projected rows (written directly with SQL), and a second"
                + " session of %,d pupils with item scores and a recorded calibration for"
                + " `score=scaled`.%n%n",
            pupils,
            schools,
            strata,
            ZONES,
            scaledPupils));
    out.append("| figure | value |\n|---|---|\n");
    rows.forEach(r -> out.append(r).append('\n'));
    return out.toString();
  }

  /** A synthetic national sample, as arrays. */
  static final class Sample {
    final List<SampledSchool> schools = new ArrayList<>();
    int[] school;
    double[] score;
    double[] theta;
    int[] grade;
    int[] gender;
    double[][] gradeShares;

    static Sample generate(int pupils, int schoolCount, long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      Sample s = new Sample();
      for (int k = 0; k < schoolCount; k++) {
        s.schools.add(
            new SampledSchool(
                "S" + k,
                region(k) + "|" + locality(k) + "|" + language(k),
                0.05 + 0.45 * random.nextDouble(),
                pupils / schoolCount + 20,
                (k / 2) % ZONES + 1,
                k % 2 + 1));
      }
      s.school = new int[pupils];
      s.score = new double[pupils];
      s.theta = new double[pupils];
      s.grade = new int[pupils];
      s.gender = new int[pupils];
      double[] effect = new double[schoolCount];
      for (int k = 0; k < schoolCount; k++) {
        effect[k] = 0.4 * gaussian(random) - (locality(k).equals("RURAL") ? 0.2 : 0);
      }
      for (int i = 0; i < pupils; i++) {
        int k = i % schoolCount;
        s.school[i] = k;
        s.gender[i] = random.nextInt(2);
        s.theta[i] = effect[k] + 0.9 * gaussian(random);
        s.score[i] = Math.max(0, Math.min(100, Math.round(55 + 18 * s.theta[i])));
        s.grade[i] = s.score[i] >= 85 ? 5 : s.score[i] >= 65 ? 4 : s.score[i] >= 45 ? 3 : 2;
      }
      s.gradeShares = new double[3][pupils];
      for (int g = 3; g <= 5; g++) {
        for (int i = 0; i < pupils; i++) {
          s.gradeShares[g - 3][i] = s.grade[i] >= g ? 100 : 0;
        }
      }
      return s;
    }

    SampleDesign design(Replication replication) {
      return new SampleDesign(replication, SampleDesign.PISA_FAY_FACTOR, schools);
    }

    static String region(int k) {
      return "R" + (k % 9);
    }

    static String locality(int k) {
      return (k / 9) % 2 == 0 ? "URBAN" : "RURAL";
    }

    static String language(int k) {
      return LANGUAGES[(k / 18) % 2 + ((k % 7 == 0) ? 2 : 0)];
    }

    /** {domain, {levels}} per breakdown: nation, region, locality, language, gender. */
    List<int[][]> domains() {
      int n = school.length;
      int[] national = new int[n];
      int[] region = new int[n];
      int[] locality = new int[n];
      int[] language = new int[n];
      for (int i = 0; i < n; i++) {
        int k = school[i];
        region[i] = k % 9;
        locality[i] = locality(k).equals("URBAN") ? 0 : 1;
        language[i] = Arrays.asList(LANGUAGES).indexOf(language(k));
      }
      return List.of(
          new int[][] {national, {1}},
          new int[][] {region, {9}},
          new int[][] {locality, {2}},
          new int[][] {language, {4}},
          new int[][] {gender, {2}});
    }

    PlausibleValues.Result plausibleValues(int items) {
      int n = school.length;
      List<ItemParameters> parameters = new ArrayList<>();
      for (int j = 0; j < items; j++) {
        parameters.add(ItemParameters.of(1, -2 + 4.0 * j / (items - 1)));
      }
      byte[] cells = responses(n, parameters);
      double[][] x = new double[n][16];
      for (int i = 0; i < n; i++) {
        int k = school[i];
        x[i][0] = 1;
        if (k % 9 > 0) {
          x[i][k % 9] = 1; // regions 1..8: columns 1..8
        }
        x[i][9] = locality(k).equals("RURAL") ? 1 : 0;
        int lang = Arrays.asList(LANGUAGES).indexOf(language(k));
        if (lang > 0) {
          x[i][9 + lang] = 1; // columns 10..12
        }
        x[i][13] = gender[i];
      }
      return PlausibleValues.draw(Responses.wrap(cells, n, items), parameters, x, 5, 1L);
    }

    private byte[] responses(int n, List<ItemParameters> parameters) {
      SplittableRandom random = new SplittableRandom(7L);
      int items = parameters.size();
      byte[] cells = new byte[n * items];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < items; j++) {
          cells[i * items + j] =
              (byte) (random.nextDouble() < parameters.get(j).probability(theta[i]) ? 1 : 0);
        }
      }
      return cells;
    }

    /** The first {@code n} pupils as the query side's projection rows of a session. */
    void store(JdbcTemplate jdbc, String session, int n, boolean withItems) throws Exception {
      jdbc.update(
          "INSERT INTO survey_design (session_id, replication, declared_at) VALUES (?, 'JK2', now())",
          session);
      List<Object[]> design = new ArrayList<>();
      for (int k = 0; k < schools.size(); k++) {
        SampledSchool s = schools.get(k);
        design.add(
            new Object[] {
              session,
              k,
              s.schoolId(),
              s.stratum(),
              s.selectionProbability(),
              s.enrolled(),
              s.zone(),
              s.half()
            });
      }
      jdbc.batchUpdate(
          "INSERT INTO survey_school (session_id, position, school_id, stratum,"
              + " selection_probability, enrolled, zone, half) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          design);
      int batch = 10_000;
      for (int from = 0; from < n; from += batch) {
        List<Object[]> sittings = new ArrayList<>();
        List<Object[]> scores = new ArrayList<>();
        List<Object[]> itemScores = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(from);
        for (int i = from; i < Math.min(n, from + batch); i++) {
          int k = school[i];
          String id = session + "-" + i;
          sittings.add(
              new Object[] {
                id,
                session,
                "S" + k,
                region(k),
                locality(k),
                language(k),
                gender[i] == 0 ? "F" : "M"
              });
          scores.add(new Object[] {id, score[i] * 0.4, score[i], score[i] >= 50, grade[i]});
          if (withItems) {
            for (int j = 0; j < ITEMS; j++) {
              double p = 1 / (1 + Math.exp(-(theta[i] - (-2 + 4.0 * j / (ITEMS - 1)))));
              itemScores.add(new Object[] {id, "q" + j, random.nextDouble() < p ? 1.0 : 0.0});
            }
          }
        }
        jdbc.batchUpdate(
            "INSERT INTO sitting (sitting_id, session_id, exam_id, exam_version, candidate_id,"
                + " school_id, region, district, locality, instruction_language, gender, grade,"
                + " status) VALUES (?, ?, 'bench-exam', 1, 'c', ?, ?, 'd', ?, ?, ?, 8, 'SUBMITTED')",
            sittings.stream()
                .map(r -> new Object[] {r[0], r[1], r[2], r[3], r[4], r[5], r[6]})
                .toList());
        jdbc.batchUpdate(
            "INSERT INTO sitting_score (sitting_id, exam_id, exam_version, key_version, raw_total,"
                + " max_total, percentage, passed, grade, needs_human_marking, scored_at)"
                + " VALUES (?, 'bench-exam', 1, 1, ?, 40, ?, ?, ?, false, now())",
            scores);
        if (withItems) {
          jdbc.batchUpdate(
              "INSERT INTO item_score (sitting_id, item_id, score, max_score) VALUES (?, ?, ?, 1)",
              itemScores);
        }
      }
      if (withItems) {
        List<CalibratedItem> items = new ArrayList<>();
        for (int j = 0; j < ITEMS; j++) {
          items.add(
              new CalibratedItem(
                  "q" + j,
                  1,
                  -2 + 4.0 * j / (ITEMS - 1),
                  0,
                  List.of(),
                  null,
                  0.01,
                  null,
                  List.of()));
        }
        SessionCalibration calibration =
            new SessionCalibration(
                "bench-exam",
                1,
                1,
                List.of("bench"),
                "RASCH",
                SessionCalibration.MML_EM,
                "EAP",
                41,
                "bench",
                new EmSettings(41, 6, 1e-4, 500),
                null,
                items,
                0,
                1,
                null,
                0,
                10,
                true,
                1e-5,
                new ScaleDefinition(20, 100, 1, 40, 160, 110),
                n,
                List.of(),
                "00",
                0);
        jdbc.update(
            "INSERT INTO session_calibration (session_id, calibration, finalised_at)"
                + " VALUES (?, ?, now())",
            session,
            new ObjectMapper().findAndRegisterModules().writeValueAsString(calibration));
      }
    }

    private static double gaussian(SplittableRandom random) {
      return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
          * Math.cos(2 * Math.PI * random.nextDouble());
    }
  }
}
