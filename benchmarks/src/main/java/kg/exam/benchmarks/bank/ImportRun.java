package kg.exam.benchmarks.bank;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import kg.exam.benchmarks.trust.ResultsBlock;
import kg.exam.command.CommandSideApplication;
import kg.exam.command.bank.FrameworkFixtures;
import kg.exam.command.exam.QtiExport;
import kg.exam.command.exam.QtiImport;
import kg.exam.command.security.Role;
import kg.exam.command.security.StaffAccounts;
import kg.exam.contract.bank.PublishFramework;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.ItemDefinition;
import kg.exam.contract.exam.ItemKey;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Import of a 10,000-item QTI 2.1 package into the item bank, timed (issue 13): the items (single
 * and multiple choice, text entry, ordering, matching, in Kyrgyz) are written by {@code QtiExport}
 * and imported through {@code POST /api/bank/qti} of a real command side over PostgreSQL. A request
 * body may hold 1 MiB and a package 2,000 files, so the 10,000 items travel as the fewest packages
 * within those limits, sent one after another. Reports the conversion alone ({@code QtiImport}),
 * the whole import (items/s, per package), and that every item is in the bank.
 *
 * <p>Usage: {@code ImportRun RESULTS.md [--items 10000]}
 */
public final class ImportRun {
  static final String START_MARKER =
      "<!-- qti-import: start (benchmarks/run qti-import rewrites this block) -->";
  static final String END_MARKER = "<!-- qti-import: end -->";
  private static final int MAX_BODY = 1_048_576;
  private static final int MAX_FILES = 1_999; // and the manifest

  private ImportRun() {}

  static ItemDefinition item(int i) {
    String id = String.format("imp-%05d", i);
    List<Choice> four =
        List.of(
            new Choice("A", "Биринчи жооп " + i),
            new Choice("B", "Экинчи жооп " + i),
            new Choice("C", "Үчүнчү жооп " + i),
            new Choice("D", "Төртүнчү жооп " + i));
    String prompt = "Суроо " + i + ": мугалим МКТны баалоодо кантип колдонот?";
    return switch (i % 5) {
      case 0, 1 ->
          new ItemDefinition(
              id,
              "s1",
              "SINGLE_CHOICE",
              1,
              1,
              prompt,
              four,
              List.of(),
              ItemKey.matchCorrect(List.of(String.valueOf("ABCD".charAt(i % 4)))));
      case 2 ->
          new ItemDefinition(
              id,
              "s1",
              "MULTIPLE_RESPONSE",
              2,
              1,
              prompt,
              four,
              List.of(),
              new ItemKey(
                  List.of("A", "C"),
                  Map.of("A", 1.0, "C", 1.0, "B", -1.0),
                  0,
                  null,
                  null,
                  true,
                  0,
                  0,
                  false,
                  false,
                  0,
                  List.of()));
      case 3 ->
          new ItemDefinition(
              id,
              "s1",
              "SHORT_TEXT",
              1,
              1,
              prompt,
              List.of(),
              List.of(),
              ItemKey.matchCorrect(List.of("Бишкек")));
      default ->
          new ItemDefinition(
              id,
              "s1",
              "ORDERING",
              1,
              1,
              prompt,
              four,
              List.of(),
              ItemKey.matchCorrect(List.of("D", "C", "B", "A")));
    };
  }

  public static void main(String[] args) throws Exception {
    Path results = Path.of(args.length > 0 ? args[0] : "benchmarks/RESULTS.md");
    int count = 10_000;
    for (int i = 1; i + 1 < args.length; i += 2) {
      if (args[i].equals("--items")) {
        count = Integer.parseInt(args[i + 1]);
      } else {
        throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    String loadBefore = ResultsBlock.loadAverage();
    List<ItemDefinition> items = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      items.add(item(i));
    }
    // the fewest packages within the request and file limits
    List<byte[]> packages = new ArrayList<>();
    int from = 0;
    while (from < items.size()) {
      int to = Math.min(items.size(), from + MAX_FILES);
      byte[] zip =
          QtiExport.contentPackage("pkg", items.subList(from, to), "ky", QtiExport.Version.V2P1);
      while (zip.length > MAX_BODY) {
        to = from + (to - from) * 9 / 10;
        zip =
            QtiExport.contentPackage("pkg", items.subList(from, to), "ky", QtiExport.Version.V2P1);
      }
      packages.add(zip);
      from = to;
    }
    long bytes = packages.stream().mapToLong(p -> p.length).sum();
    long convertStart = System.nanoTime();
    int converted = 0;
    for (byte[] zip : packages) {
      converted += QtiImport.contentPackage(zip, "bank").items().size();
    }
    double convertSeconds = (System.nanoTime() - convertStart) / 1e9;

    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random(18));
    String report;
    try (EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .start()) {
      try (ConfigurableApplicationContext app =
          new SpringApplicationBuilder(CommandSideApplication.class)
              .run(
                  "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                  "--spring.datasource.username=postgres",
                  "--spring.datasource.password=",
                  "--exam.kafka.enabled=false",
                  "--exam.security.token-secret=" + Base64.getEncoder().encodeToString(random(32)),
                  "--exam.demo.enabled=false",
                  "--server.port=0",
                  "--logging.level.root=WARN",
                  "--spring.main.banner-mode=off")) {
        app.getBean(StaffAccounts.class)
            .create("bench-writer", password, Role.ITEM_WRITER, null, null);
        app.getBean(CommandGateway.class)
            .sendAndWait(
                new PublishFramework(
                    FrameworkFixtures.ICT_TEACHERS,
                    app.getBean(FrameworkFixtures.class).read(FrameworkFixtures.ICT_TEACHERS),
                    "bench"));
        URI base =
            URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
        String auth =
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(("bench-writer:" + password).getBytes(StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newHttpClient();
        List<Double> perPackage = new ArrayList<>();
        int created = 0;
        int refused = 0;
        long start = System.nanoTime();
        for (byte[] zip : packages) {
          long t = System.nanoTime();
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(
                          base.resolve(
                              "/api/bank/qti?subject=ICT&language=ky&cognitiveLevel=APPLY"
                                  + "&competency=kg-ict-teachers:2.2.1.a"))
                      .header("Authorization", auth)
                      .header("Content-Type", "application/zip")
                      .timeout(java.time.Duration.ofMinutes(30))
                      .POST(HttpRequest.BodyPublishers.ofByteArray(zip))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 201) {
            throw new IllegalStateException("import answered " + r.statusCode() + ": " + r.body());
          }
          created += count(r.body(), "\"itemId\"");
          refused += count(r.body(), "\"reason\"");
          perPackage.add((System.nanoTime() - t) / 1e9);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Integer inBank =
            app.getBean(JdbcTemplate.class)
                .queryForObject("SELECT count(*) FROM bank_item", Integer.class);
        report =
            String.format(
                    Locale.ROOT,
                    "## Import of a %,d-item QTI package into the bank (`benchmarks/run"
                        + " qti-import`)%n%nMeasured %s; nothing else ran on the machine, load"
                        + " average before %s, after %s.%n%n",
                    count,
                    Instant.now().truncatedTo(ChronoUnit.MINUTES),
                    loadBefore,
                    ResultsBlock.loadAverage())
                + ResultsBlock.machine().stripTrailing()
                + String.format(
                    Locale.ROOT,
                    "%n- Items: %,d QTI 2.1 items written by `QtiExport` (two in five single"
                        + " choice, one multiple response with a mapping, one text entry, one"
                        + " ordering; Kyrgyz text), %,d packages of at most 1 MiB and 2,000 files"
                        + " (the API's limits), %,d bytes in all.%n"
                        + "- Import: `POST /api/bank/qti` of a command side over an embedded"
                        + " PostgreSQL (fsync on), the packages one after another; each item a"
                        + " `CreateBankItem` command, its event signed and chained, the read tables"
                        + " written in its transaction.%n%n"
                        + "| figure | value |%n|---|---|%n"
                        + "| conversion alone (`QtiImport`, every package) | %.2f s, %,.0f items/s |%n"
                        + "| import through the API | %.1f s, %,.0f items/s |%n"
                        + "| per package | %s s |%n"
                        + "| created / refused / in the bank afterwards | %,d / %,d / %,d |%n",
                    count,
                    packages.size(),
                    bytes,
                    convertSeconds,
                    converted / convertSeconds,
                    seconds,
                    created / seconds,
                    perPackage.stream()
                        .map(d -> String.format(Locale.ROOT, "%.1f", d))
                        .reduce((a, b) -> a + ", " + b)
                        .orElse(""),
                    created,
                    refused,
                    inBank);
      }
    }
    System.out.println();
    System.out.print(report);
    ResultsBlock.write(results, START_MARKER, END_MARKER, report);
    System.out.println("\nwritten to " + results);
    System.exit(0);
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }
}
