package kg.exam.query.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import kg.exam.command.kafka.EmbeddedKafka;
import kg.exam.contract.testing.AxeAudit;
import kg.exam.query.QuerySideApplication;
import kg.exam.query.integrity.IntegrityFixtures;
import kg.exam.query.security.DashboardAccounts;
import kg.exam.query.security.DashboardRole;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} driven through its {@code
 * chromedriver}) against the query side on a real PostgreSQL and a real Kafka broker: the events
 * are produced to the events topic in the agreed record format and reach the pages only through the
 * query side's consumer, projections and API. A missing browser fails the test with the command
 * that installs it; it is never skipped.
 */
class DashboardBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final JsonMapper JSON = JsonMapper.builder().build();
  static final Duration WAIT = Duration.ofSeconds(30);

  /** An exam centre's administrator of the integrity session's centre, and one of another. */
  static final String CENTRE_ADMIN = "centre-admin-7";

  static final String OTHER_CENTRE_ADMIN = "centre-admin-8";

  /** The flags IntegrityFixtures plants: the copier pair, the tampered and the fast sitting. */
  static final String SIMILAR_FLAG =
      "SIMILARITY:" + IntegrityFixtures.SOURCE + ":" + IntegrityFixtures.COPIER;

  static final String CHANGES_FLAG = "ANSWER_CHANGES:" + IntegrityFixtures.TAMPERED;
  static final String FAST_FLAG = "RESPONSE_TIME:" + IntegrityFixtures.FAST;

  static EmbeddedPostgres postgres;
  static EmbeddedKafka kafka;
  static Path kafkaDir;
  static ConfigurableApplicationContext app;
  static String base;
  static String password;
  static WebDriver driver;
  static ChromeDriverService driverService;

  @BeforeAll
  static void startEverything() throws Exception {
    assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
        .as(
            "the dashboard test needs Debian's chromium and chromedriver at %s and %s;"
                + " run bin/ensure-browser (./run-tests calls it) or apt-get install chromium"
                + " chromium-driver",
            CHROMIUM, CHROMEDRIVER)
        .isTrue();
    postgres = EmbeddedPostgres.builder().start();
    kafkaDir = Files.createTempDirectory("dashboard-kafka");
    kafka = EmbeddedKafka.start(kafkaDir);
    DashboardData.produce(kafka.bootstrapServers(), Instant.now());
    app =
        QuerySideApplication.application()
            .run(
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--server.port=0",
                "--exam.accounts.seed-demo=false");
    base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
    password = randomPassword();
    DashboardAccounts accounts = app.getBean(DashboardAccounts.class);
    accounts.create("school-101", password, DashboardRole.SCHOOL, null, null, DashboardData.SCHOOL);
    accounts.create("auditor-1", password, DashboardRole.AUDITOR, null, null, null);
    accounts.create("ministry-1", password, DashboardRole.MINISTRY, null, null, null);
    accounts.create(
        CENTRE_ADMIN,
        password,
        DashboardRole.CENTRE_ADMIN,
        null,
        null,
        null,
        DashboardData.INTEGRITY_CENTRE);
    accounts.create(
        OTHER_CENTRE_ADMIN, password, DashboardRole.CENTRE_ADMIN, null, null, null, "centre-8");
    awaitProjections();
    awaitIntegritySession();
    driver = startBrowser();
  }

  @AfterAll
  static void stopEverything() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (driverService != null) {
      driverService.stop();
    }
    if (app != null) {
      app.close();
    }
    if (kafka != null) {
      kafka.stop();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  /** Every test starts signed out, in the browser's default language (English). */
  @BeforeEach
  void signOut() {
    driver.get(base + "/login.html");
    driver.manage().deleteAllCookies();
    js("localStorage.clear()");
  }

  @Test
  void shouldShowTheErrorOnTheLoginPageForAWrongPassword() {
    driver.get(base + "/");
    waitFor(By.id("username")).sendKeys("school-101");
    driver.findElement(By.id("password")).sendKeys("not-the-password");
    driver.findElement(By.id("sign-in")).click();
    // the form posts and the browser follows the redirect: wait for the new page first
    waiting(WAIT).until(ExpectedConditions.urlContains("/login?error"));

    WebElement error = waitVisible(By.id("alert"));
    assertThat(error.getText()).isEqualTo(message("en", "login.failed"));
    assertThat(driver.getCurrentUrl()).contains("/login?error");
    audit("sign-in with its error, en");
  }

  @Test
  void shouldLetASchoolUserDrillDownToTheirSchoolAndDrawItsHistogram() {
    signIn("school-101");
    // The overview of a school user is their own school only: one row, one bar.
    WebElement overviewChart = waitDrawn(By.id("chart"));
    assertDrewPixels(overviewChart);
    List<WebElement> links = driver.findElements(By.cssSelector("#table a.drill"));
    assertThat(links).extracting(WebElement::getText).containsExactly(DashboardData.SCHOOL);
    assertThat(cell("#table", 0, 1)).isEqualTo(String.valueOf(DashboardData.REGISTERED_IN_SCHOOL));
    assertThat(cell("#table", 0, 2)).isEqualTo(String.valueOf(DashboardData.SCORED_IN_SCHOOL));

    links.getFirst().click();

    waitDrawn(By.id("histogram"));
    assertThat(URLDecoder.decode(driver.getCurrentUrl(), StandardCharsets.UTF_8))
        .contains("area=school:" + DashboardData.SCHOOL);
    assertThat(driver.findElement(By.id("heading")).getText()).contains(DashboardData.SCHOOL);
    WebElement canvas = driver.findElement(By.cssSelector("#histogram canvas"));
    assertThat(canvas.getSize().getWidth()).isPositive();
    assertThat(canvas.getSize().getHeight()).isPositive();
    assertDrewPixels(driver.findElement(By.id("histogram")));
    assertThat(((Number) js("return window.dashboardCharts.length")).intValue()).isPositive();
    assertThat(tile("col.candidates")).isEqualTo(String.valueOf(DashboardData.SCORED_IN_SCHOOL));
    // a school user may see their candidates, by pseudonymous id, with a CSV export
    List<WebElement> candidates = driver.findElements(By.cssSelector("#candidates tbody tr"));
    assertThat(candidates).hasSize(DashboardData.REGISTERED_IN_SCHOOL);
    assertThat(driver.findElement(By.cssSelector("#candidates a.csv")).getAttribute("href"))
        .contains("/api/results/candidates")
        .contains("format=csv");
  }

  @Test
  void shouldLetTheAuditorDrillDownFromTheNationToASchool() {
    signIn("auditor-1");
    waitDrawn(By.id("chart"));
    assertThat(drillLinks()).containsExactlyInAnyOrder(DashboardData.REGIONS);

    clickDrill(DashboardData.REGION);
    waitFor(By.cssSelector("#crumbs [aria-current]"));
    assertThat(drillLinks()).containsExactly(DashboardData.DISTRICT);

    clickDrill(DashboardData.DISTRICT);
    assertThat(drillLinks()).containsExactlyInAnyOrder(DashboardData.SCHOOLS_IN_DISTRICT);
    assertDrewPixels(waitDrawn(By.id("chart")));
    assertThat(driver.findElement(By.id("crumbs")).getText())
        .contains(DashboardData.REGION)
        .contains(DashboardData.DISTRICT);

    clickDrill(DashboardData.SCHOOL);
    waitDrawn(By.id("histogram"));
    assertThat(tile("col.candidates")).isEqualTo(String.valueOf(DashboardData.SCORED_IN_SCHOOL));
    // the exam's items come from the item bank: its results per competency code, the domain first
    WebElement competencies = waitFor(By.cssSelector("#competencies-section:not([hidden]) table"));
    assertThat(competencies.getText())
        .contains("fw-demo 1 — Algebra", "fw-demo 1.1 — Equations", "fw-demo 1.2 — Functions");
  }

  @Test
  void shouldSwitchToKyrgyzAndKeepTheChoice() {
    signIn("school-101");
    waitDrawn(By.id("chart"));
    String overviewEn = message("en", "nav.overview");
    assertThat(navLink("index.html").getText()).isEqualTo(overviewEn);

    new Select(driver.findElement(By.id("lang"))).selectByValue("ky");

    String overviewKy = message("ky", "nav.overview");
    assertThat(overviewKy).isNotEqualTo(overviewEn).matches(".*\\p{IsCyrillic}.*");
    waiting(WAIT).until(d -> navLink("index.html").getText().equals(overviewKy));
    assertThat(driver.findElement(By.tagName("h1")).getText())
        .isEqualTo(message("ky", "overview.title"));
    assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("ky");

    driver.navigate().refresh();
    waitDrawn(By.id("chart"));
    assertThat(navLink("index.html").getText()).isEqualTo(overviewKy);
    assertThat(driver.findElement(By.cssSelector("#table caption")).getText())
        .isEqualTo(message("ky", "overview.tableCaption"));
  }

  @Test
  void shouldShowTheRefusalWhenASchoolUserOpensAnotherSchool() {
    signIn("school-101");
    openOtherSchool();

    WebElement alert = waitVisible(By.id("alert"));
    assertThat(alert.getAttribute("data-status")).isEqualTo("403");
    assertThat(alert.getText()).contains(message("en", "error.forbidden"));
    audit("a refusal shown in the alert area, en");
    @SuppressWarnings("unchecked")
    List<Object> problem =
        (List<Object>)
            ((JavascriptExecutor) driver)
                .executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                        + "fetch('/api/results/distribution?examId="
                        + DashboardData.EXAM
                        + "&area=school:"
                        + DashboardData.OTHER_SCHOOL
                        + "', {headers: {Accept: 'application/json'}})"
                        + ".then(r => r.json().then(p => done([r.status, p.detail || ''])))");
    assertThat(((Number) problem.get(0)).intValue()).isEqualTo(403);
    String detail = (String) problem.get(1);
    assertThat(detail).isNotBlank();
    assertThat(driver.findElement(By.cssSelector("#alert .problem-detail")).getText())
        .isEqualTo(detail);
    assertThat(driver.findElement(By.id("content")).isDisplayed()).isFalse();
  }

  @Test
  void shouldMarkSmallCellsAndShowNoCandidatesToTheMinistry() {
    signIn("ministry-1");
    // 11 scored sittings in the other school: 6 girls and 5 boys, each group under 10
    openOtherSchool();
    waitDrawn(By.id("histogram"));

    WebElement gender = waitFor(By.cssSelector("section.disagg[data-by=gender]"));
    List<WebElement> markers = gender.findElements(By.cssSelector("tbody abbr.supp"));
    assertThat(markers)
        .isNotEmpty()
        .allSatisfy(
            m -> {
              assertThat(m.getText()).isEqualTo("< 10");
              assertThat(m.getAttribute("title"))
                  .isEqualTo(message("en", "suppressed.explanation"));
            });
    assertThat(gender.findElement(By.className("supp-note")).getText())
        .contains(message("en", "suppressed.explanation"));
    assertThat(driver.findElement(By.id("candidates-section")).isDisplayed()).isFalse();
  }

  @Test
  void shouldHighlightSilentCandidatesInTheLiveMonitor() {
    signIn("school-101");
    driver.get(base + "/monitor.html");

    waitFor(By.cssSelector("#rows tbody tr"));
    List<WebElement> silent = driver.findElements(By.cssSelector("#rows tbody tr.silent"));
    assertThat(silent).hasSize(1);
    assertThat(silent.getFirst().getText())
        .contains(DashboardData.SILENT_CANDIDATE)
        .contains(message("en", "monitor.silentTag"));
    audit("live monitor with a silent candidate, en");
    assertThat(
            driver.findElement(By.cssSelector("#counts [data-count=silent] .n")).getText().trim())
        .isEqualTo("1");
    assertThat(driver.findElement(By.cssSelector("#rows a.csv")).getAttribute("href"))
        .contains("/api/monitor/")
        .contains("format=csv");
  }

  @Test
  void shouldMonitorAnExamCentreWithOnlyTheCallersRows() {
    signIn("school-101");
    driver.get(base + "/monitor.html");
    waitFor(By.cssSelector("#rows tbody tr"));
    Select kind = new Select(driver.findElement(By.id("kind")));
    assertThat(kind.getOptions())
        .extracting(WebElement::getText)
        .containsExactly(
            message("en", "monitor.scope.session"),
            message("en", "monitor.scope.centre"),
            message("en", "monitor.scope.school"));
    kind.selectByValue("centre");

    // centre-1 seats all three schools; a school user sees its own 14 sittings there
    waiting(WAIT)
        .until(
            d ->
                d.findElement(By.cssSelector("#rows a.csv"))
                    .getAttribute("href")
                    .contains("/api/monitor/centres/centre-1"));
    assertThat(new Select(driver.findElement(By.id("target"))).getFirstSelectedOption().getText())
        .startsWith("centre-1");
    assertThat(driver.getCurrentUrl()).contains("centre=centre-1").doesNotContain("school=");
    assertThat(driver.findElement(By.id("centre-help")).getText())
        .isEqualTo(message("en", "monitor.centreHelp"));
    assertThat(countShown("registered"))
        .isEqualTo(String.valueOf(DashboardData.REGISTERED_IN_SCHOOL));
    assertThat(countShown("silent")).isEqualTo("1");
    List<WebElement> rows = driver.findElements(By.cssSelector("#rows tbody tr"));
    assertThat(rows).hasSize(DashboardData.REGISTERED_IN_SCHOOL);
    assertThat(rows).allSatisfy(r -> assertThat(r.getText()).contains(DashboardData.SCHOOL));
    assertThat(driver.findElement(By.cssSelector("#rows thead")).getText())
        .contains(message("en", "col.session"));

    // the auditor, by the page's address: every sitting at the centre
    signOut();
    signIn("auditor-1");
    driver.get(base + "/monitor.html?centre=centre-1");
    waiting(WAIT)
        .until(
            d ->
                !d.findElements(By.cssSelector("#counts [data-count=registered] .n")).isEmpty()
                    && String.valueOf(DashboardData.SCORED_TOTAL + 2)
                        .equals(countShown("registered")));
    assertThat(new Select(driver.findElement(By.id("kind"))).getFirstSelectedOption().getText())
        .isEqualTo(message("en", "monitor.scope.centre"));
    assertThat(driver.findElements(By.cssSelector("#rows tbody tr")))
        .hasSize(DashboardData.SCORED_TOTAL + 2);
  }

  /**
   * axe-core's WCAG 2.1 A/AA audit of every dashboard page, in each of the three languages: the
   * sign-in page, the national overview, a district, a school with its histogram and candidates,
   * the item analysis, the live and marking monitors, the sample survey and the integrity flags of
   * a session; and, as the ministry, a school with suppressed cells.
   */
  @Test
  void shouldPassTheWcagAuditOnEveryDashboardPageInThreeLanguages() {
    for (String lang : List.of("en", "ky", "ru")) {
      signOut();
      driver.get(base + "/login.html");
      new Select(waitFor(By.id("lang"))).selectByValue(lang);
      waiting(WAIT).until(d -> lang.equals(d.findElement(By.tagName("html")).getAttribute("lang")));
      audit("sign-in, " + lang);
      signIn("auditor-1");
      waitDrawn(By.id("chart"));
      assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(lang);
      audit("national overview, " + lang);
      clickDrill(DashboardData.REGION);
      waitFor(By.cssSelector("#crumbs [aria-current]"));
      clickDrill(DashboardData.DISTRICT);
      waitDrawn(By.id("chart"));
      audit("district, " + lang);
      clickDrill(DashboardData.SCHOOL);
      waitDrawn(By.id("histogram"));
      waitFor(By.cssSelector("#candidates tbody tr"));
      audit("school with histogram and candidates, " + lang);
      driver.get(base + "/items.html");
      waitFor(By.cssSelector("#rows table, #rows .empty, #rows p"));
      audit("item analysis, " + lang);
      driver.get(base + "/monitor.html?centre=centre-1");
      waitFor(By.cssSelector("#rows tbody tr"));
      audit("live monitor of a centre, " + lang);
      driver.get(base + "/marking.html?session=" + DashboardData.SESSION);
      waitFor(By.cssSelector("#rows tbody tr"));
      audit("live marking monitor, " + lang);
      driver.get(base + "/survey.html?survey=" + DashboardData.SESSION + "&by=region");
      waitDrawn(By.id("mean-chart"));
      waitFor(By.cssSelector("#estimates tbody abbr.supp"));
      audit("sample survey with suppressed regions, " + lang);
      driver.get(base + "/integrity.html?session=" + DashboardData.INTEGRITY_SESSION);
      waitFor(evidenceLink(SIMILAR_FLAG));
      audit("integrity flags of a session, " + lang);
    }
    signOut();
    signIn("ministry-1");
    openOtherSchool();
    waitDrawn(By.id("histogram"));
    waitFor(By.cssSelector("section.disagg[data-by=gender] tbody abbr.supp"));
    audit("a school with suppressed cells, as the ministry, en");
  }

  /**
   * The auditor follows marking: scripts by state, marks given and still needed, each marker's work
   * and seed accuracy, and the stopped marker tagged in words; a school account has no link to it
   * and is refused.
   */
  @Test
  void shouldShowTheMarkingMonitorToTheAuditorAndNotToASchool() {
    signIn("auditor-1");
    driver.get(base + "/marking.html?session=" + DashboardData.SESSION);
    waitFor(By.cssSelector("#rows tbody tr"));
    assertThat(countShown("scripts")).isEqualTo("2");
    assertThat(countShown("disputed")).isEqualTo("1");
    assertThat(countShown("resolved")).isEqualTo("1");
    assertThat(countShown("marks")).isEqualTo("3");
    assertThat(countShown("remaining")).isEqualTo("1");
    List<WebElement> rows = driver.findElements(By.cssSelector("#rows tbody tr"));
    assertThat(rows).hasSize(2);
    assertThat(rows.get(1).getText()).contains("marker-b").contains("stopped");
    assertThat(driver.findElement(By.cssSelector("nav a[href='marking.html']")).isDisplayed())
        .isTrue();
    signOut();
    signIn("school-101");
    assertThat(driver.findElements(By.cssSelector("nav a[href='marking.html']"))).isEmpty();
    driver.get(base + "/marking.html?session=" + DashboardData.SESSION);
    WebElement alert = waitFor(By.id("alert"));
    waiting(WAIT).until(d -> alert.isDisplayed());
    assertThat(alert.getAttribute("data-status")).isEqualTo("403");
  }

  /**
   * The ministry reads the session's sample survey: the design's tiles, the nation's weighted mean
   * with its interval, Osh hidden because its pupils come from one school and Chüy hidden with it,
   * then by gender both groups shown; a school account has no link to the page and is refused.
   */
  @Test
  void shouldShowTheSampleSurveysWeightedEstimatesToTheMinistryAndNotToASchool() {
    signIn("ministry-1");
    driver.get(base + "/survey.html?survey=" + DashboardData.SESSION + "&by=region");
    waitDrawn(By.id("mean-chart"));
    assertDrewPixels(driver.findElement(By.id("mean-chart")));
    assertThat(designTile("survey.schools")).isEqualTo("3 / 4");
    assertThat(designTile("survey.respondents"))
        .isEqualTo(String.valueOf(DashboardData.SCORED_TOTAL));
    List<WebElement> rows = driver.findElements(By.cssSelector("#estimates tbody tr"));
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0).getText()).startsWith("Nation").contains("±");
    assertThat(rows.get(1).getText()).startsWith("chuy").contains("*").doesNotContain("±");
    assertThat(rows.get(2).getText()).startsWith("osh").contains("1 sch.").doesNotContain("±");
    assertThat(driver.findElement(By.cssSelector("#estimates .table-foot")).getText())
        .contains("one school");
    assertThat(driver.findElements(By.cssSelector("#strata tbody tr"))).hasSize(2);

    new Select(driver.findElement(By.id("by"))).selectByValue("gender");
    waiting(WAIT)
        .until(
            d ->
                d.findElements(By.cssSelector("#estimates tbody tr")).size() == 3
                    && d.findElements(By.cssSelector("#estimates tbody tr"))
                        .get(1)
                        .getText()
                        .startsWith("Girls"));
    for (WebElement row : driver.findElements(By.cssSelector("#estimates tbody tr"))) {
      assertThat(row.getText()).contains("±");
    }
    assertThat(driver.getCurrentUrl()).contains("by=gender");

    new Select(driver.findElement(By.id("score"))).selectByValue("scaled");
    WebElement note = waitFor(By.id("scale-note"));
    waiting(WAIT).until(d -> note.isDisplayed());
    assertThat(note.getText()).contains("20").contains("110").contains("5 plausible values");
    waiting(WAIT)
        .until(
            d -> d.findElement(By.cssSelector("#estimates thead")).getText().contains("pass mark"));
    assertThat(driver.findElements(By.cssSelector("#estimates tbody tr")).get(0).getText())
        .contains("±");
    assertThat(driver.getCurrentUrl()).contains("score=scaled");

    // the change since last year's survey, on its scale, through the shared items
    new Select(driver.findElement(By.id("since"))).selectByValue(DashboardData.EARLIER_SURVEY);
    waitFor(By.cssSelector("#trend tbody tr"));
    waitDrawn(By.id("trend-chart"));
    assertThat(driver.findElement(By.id("trend-link")).getText())
        .contains(DashboardData.EARLIER_SURVEY)
        .contains("Stocking")
        .contains("5 shared items");
    assertThat(driver.findElements(By.cssSelector("#trend tbody tr")).get(0).getText())
        .startsWith("Nation")
        .contains("±");
    assertThat(driver.getCurrentUrl()).contains("since=" + DashboardData.EARLIER_SURVEY);
    audit("sample survey with a trend, en");

    signOut();
    signIn("school-101");
    assertThat(driver.findElements(By.cssSelector("nav a[href='survey.html']"))).isEmpty();
    driver.get(base + "/survey.html?survey=" + DashboardData.SESSION);
    WebElement alert = waitFor(By.id("alert"));
    waiting(WAIT).until(d -> alert.isDisplayed());
    assertThat(alert.getAttribute("data-status")).isEqualTo("403");
  }

  /**
   * The item analysis page's DIF section: Russian-medium candidates (one school, 11 scored) against
   * the 25 others, one row per item with its ETS class; by gender after switching.
   */
  @Test
  void shouldShowDifferentialItemFunctioningOfTheFormByGroup() {
    signIn("auditor-1");
    driver.get(base + "/items.html");
    waitFor(By.cssSelector("#dif tbody tr"));
    assertThat(driver.findElements(By.cssSelector("#dif tbody tr"))).hasSize(5);
    assertThat(driver.findElement(By.cssSelector("#dif p.muted")).getText())
        .contains("11 candidates")
        .contains("25 others");
    assertThat(driver.findElements(By.cssSelector("#dif tbody tr")).get(0).getText())
        .containsAnyOf(" A", " B", " C");
    new Select(driver.findElement(By.id("dif-by"))).selectByValue("gender");
    waiting(WAIT)
        .until(
            d ->
                d.findElement(By.cssSelector("#dif p.muted")).getText().contains("Boys")
                    || d.findElement(By.cssSelector("#dif p.muted")).getText().contains("Girls"));
    audit("item analysis with DIF by gender, en");
  }

  /**
   * The auditor reads the integrity flags of the fixture's session: 240 sittings analysed, the
   * planted copier pair, tampered sitting and fast sitting among the flags, high severity first as
   * the server ranks them; then answer changes only; and the tampered sitting's evidence link
   * answers, in the page's own session, the evidence format citing that sitting's answers.
   */
  @Test
  void shouldShowTheAuditorASessionsIntegrityFlagsHighFirstWithTheirEvidence() {
    signIn("auditor-1");
    assertThat(navLink("integrity.html").getText()).isEqualTo(message("en", "nav.integrity"));
    driver.get(base + "/integrity.html?session=" + DashboardData.INTEGRITY_SESSION);
    for (String flag : List.of(SIMILAR_FLAG, CHANGES_FLAG, FAST_FLAG)) {
      waitFor(evidenceLink(flag));
    }
    assertThat(
            new Select(driver.findElement(By.id("session")))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .isEqualTo(DashboardData.INTEGRITY_SESSION);
    String sittings = String.valueOf(IntegrityFixtures.CANDIDATES);
    assertThat(integrityTile("sittings")).isEqualTo(sittings);
    assertThat(integrityTile("analysed")).isEqualTo(sittings);

    // the rows as the server ranks the flags: its counts, HIGH rows before MEDIUM ones
    List<?> answer = fetchJson(integrityPath());
    assertThat(status(answer)).isEqualTo(200);
    Map<?, ?> report = (Map<?, ?>) answer.get(1);
    List<?> flags = (List<?>) report.get("flags");
    Map<?, ?> counts = (Map<?, ?>) report.get("counts");
    int high = ((Number) counts.get("HIGH")).intValue();
    int medium = ((Number) counts.get("MEDIUM")).intValue();
    assertThat(integrityTile("high")).isEqualTo(String.valueOf(high));
    assertThat(integrityTile("medium")).isEqualTo(String.valueOf(medium));
    // the default rate, exam.integrity.false-positive-rate
    assertThat(((Number) report.get("falsePositiveRate")).doubleValue()).isEqualTo(1e-4);
    assertThat(integrityTile("falsePositiveRate"))
        .isEqualTo(message("en", "integrity.oneIn").replace("{n}", "10,000"));
    assertThat(driver.findElement(By.id("no-flags")).isDisplayed()).isFalse();
    List<WebElement> rows = driver.findElements(By.cssSelector("#flags tbody tr"));
    assertThat(rows).hasSize(flags.size()).hasSize(high + medium);
    List<String> highFirst = new ArrayList<>(Collections.nCopies(high, "HIGH"));
    highFirst.addAll(Collections.nCopies(medium, "MEDIUM"));
    assertThat(rows.stream().map(DashboardBrowserTest::severityShown).toList())
        .isEqualTo(highFirst);
    for (String flag : List.of(SIMILAR_FLAG, CHANGES_FLAG, FAST_FLAG)) {
      WebElement row = flagRow(flag);
      assertThat(row.findElement(By.tagName("th")).getText())
          .isEqualTo(message("en", "integrity.severity." + flagOf(flags, flag).get("severity")));
      assertThat(driver.findElement(evidenceLink(flag)).getAttribute("href"))
          .isEqualTo(evidenceHref(flag));
    }
    WebElement similar = flagRow(SIMILAR_FLAG);
    assertThat(similar.findElements(By.tagName("td")).get(0).getText())
        .isEqualTo(message("en", "integrity.kind.SIMILARITY"));
    assertThat(similar.findElements(By.tagName("td")).get(2).getText())
        .contains(IntegrityFixtures.SOURCE)
        .contains(IntegrityFixtures.COPIER);
    WebElement verify = driver.findElement(By.id("verify"));
    assertThat(verify.isDisplayed()).isTrue();
    assertThat(verify.getText()).contains("exam-client/verify --evidence");

    new Select(driver.findElement(By.id("kind"))).selectByValue("ANSWER_CHANGES");
    waiting(WAIT).until(d -> d.findElements(evidenceLink(SIMILAR_FLAG)).isEmpty());
    List<WebElement> changed = driver.findElements(By.cssSelector("#flags tbody tr"));
    assertThat(changed)
        .hasSize(((Number) ((Map<?, ?>) report.get("byKind")).get("ANSWER_CHANGES")).intValue())
        .allSatisfy(
            r -> {
              assertThat(r.findElements(By.tagName("td")).get(0).getText())
                  .isEqualTo(message("en", "integrity.kind.ANSWER_CHANGES"));
              assertThat(r.findElement(By.cssSelector("a.evidence")).getAttribute("data-flag"))
                  .startsWith("ANSWER_CHANGES:");
            });
    assertThat(driver.findElements(evidenceLink(CHANGES_FLAG))).hasSize(1);
    assertThat(driver.findElements(evidenceLink(FAST_FLAG))).isEmpty();
    assertThat(driver.getCurrentUrl()).contains("kind=ANSWER_CHANGES");

    List<?> fetched =
        fetchJson(driver.findElement(evidenceLink(CHANGES_FLAG)).getAttribute("href"));
    assertThat(status(fetched)).isEqualTo(200);
    Map<?, ?> evidence = (Map<?, ?>) fetched.get(1);
    assertThat(evidence.get("format")).isEqualTo("exam-integrity-evidence/1");
    assertThat(evidence.get("sessionId")).isEqualTo(DashboardData.INTEGRITY_SESSION);
    assertThat(evidence.get("flagId")).isEqualTo(CHANGES_FLAG);
    List<?> cited = (List<?>) evidence.get("sittings");
    assertThat(cited).hasSize(1);
    Map<?, ?> sitting = (Map<?, ?>) cited.getFirst();
    assertThat(sitting.get("sittingId")).isEqualTo(IntegrityFixtures.TAMPERED);
    // its 16 changed items, each answered wrong first and right at the end
    assertThat((List<?>) sitting.get("events"))
        .hasSize(32)
        .allSatisfy(e -> assertThat(((Map<?, ?>) e).get("type")).isEqualTo("AnswerRecorded"));
  }

  /**
   * An exam centre's administrator lands on the integrity page after sign-in, with it the only page
   * in the navigation, and sees its centre's session with the planted flags; the administrator of
   * another centre has no session to analyse and is refused this one, by the API and on the page.
   */
  @Test
  void shouldLandACentreAdministratorOnItsOwnCentresIntegrityFlagsOnly() {
    signIn(CENTRE_ADMIN);
    assertThat(driver.getCurrentUrl()).contains("/integrity.html");
    assertThat(
            driver.findElements(By.cssSelector("header nav a")).stream()
                .map(a -> a.getDomAttribute("href"))
                .toList())
        .containsExactly("integrity.html");
    assertThat(navLink("integrity.html").getText()).isEqualTo(message("en", "nav.integrity"));
    assertThat(driver.findElement(By.cssSelector("header form[action='/logout'] button")).getText())
        .isEqualTo(message("en", "nav.signOut"));
    for (String flag : List.of(SIMILAR_FLAG, CHANGES_FLAG, FAST_FLAG)) {
      waitFor(evidenceLink(flag));
    }
    Select session = new Select(driver.findElement(By.id("session")));
    assertThat(session.getOptions()).hasSize(1);
    assertThat(session.getFirstSelectedOption().getAttribute("value"))
        .isEqualTo(DashboardData.INTEGRITY_SESSION);
    assertThat(driver.findElement(By.id("scope")).getText())
        .contains(DashboardData.INTEGRITY_CENTRE);
    assertThat(integrityTile("sittings")).isEqualTo(String.valueOf(IntegrityFixtures.CANDIDATES));

    signOut();
    signIn(OTHER_CENTRE_ADMIN);
    assertThat(driver.getCurrentUrl()).contains("/integrity.html");
    WebElement notice = waitVisible(By.cssSelector("#alert.alert.info"));
    assertThat(notice.getText()).isEqualTo(message("en", "integrity.noSessions"));
    assertThat(new Select(driver.findElement(By.id("session"))).getOptions()).isEmpty();
    assertThat(driver.findElement(By.id("content")).isDisplayed()).isFalse();
    assertThat(status(fetchJson(integrityPath()))).isEqualTo(403);
    assertThat(status(fetchJson(evidenceHref(FAST_FLAG)))).isEqualTo(403);
    driver.get(base + "/integrity.html?session=" + DashboardData.INTEGRITY_SESSION);
    WebElement alert = waitVisible(By.cssSelector("#alert[data-status='403']"));
    assertThat(alert.getText()).contains(message("en", "error.forbidden"));
    assertThat(driver.findElements(By.cssSelector("#flags a.evidence"))).isEmpty();
  }

  /**
   * A school account has no link to the integrity page; opened by its address, the page shows the
   * refusal of its role (the page stays, a school has no landing page to be sent to).
   */
  @Test
  void shouldShowTheRefusalOnTheIntegrityPageToASchoolAccountWithoutALinkToIt() {
    signIn("school-101");
    assertThat(driver.findElements(By.cssSelector("nav a[href='integrity.html']"))).isEmpty();
    driver.get(base + "/integrity.html?session=" + DashboardData.INTEGRITY_SESSION);

    WebElement alert = waitVisible(By.cssSelector("#alert[data-status='403']"));
    assertThat(alert.getText()).contains(message("en", "error.forbidden"));
    assertThat(driver.getCurrentUrl()).contains("/integrity.html");
    assertThat(driver.findElements(By.cssSelector("nav a[href='integrity.html']"))).isEmpty();
    assertThat(driver.findElement(By.id("content")).isDisplayed()).isFalse();
    // the page asked for the sessions first: the refusal shown is that answer's
    List<?> refused = fetchJson("/api/integrity/sessions");
    assertThat(status(refused)).isEqualTo(403);
    Object detail = ((Map<?, ?>) refused.get(1)).get("detail");
    assertThat(detail).isInstanceOf(String.class);
    assertThat(driver.findElement(By.cssSelector("#alert .problem-detail")).getText())
        .isEqualTo(detail);
    assertThat(status(fetchJson(integrityPath()))).isEqualTo(403);
  }

  private static String designTile(String key) {
    return driver.findElement(By.cssSelector("#design li[data-tile='" + key + "'] .n")).getText();
  }

  /** The area page of the other school, which a school user may not see. */
  static void openOtherSchool() {
    driver.get(
        base
            + "/area.html?exam="
            + DashboardData.EXAM
            + "&area=school:"
            + DashboardData.OTHER_SCHOOL);
  }

  static void audit(String state) {
    AxeAudit.assertNoViolations(driver, "dashboards: " + state);
  }

  private static String countShown(String count) {
    return driver
        .findElement(By.cssSelector("#counts [data-count=" + count + "] .n"))
        .getText()
        .trim();
  }

  // ---- helpers ---------------------------------------------------------------------------

  /** The evidence link of a flag in the integrity page's table. */
  static By evidenceLink(String flagId) {
    return By.cssSelector("#flags a.evidence[data-flag='" + flagId + "']");
  }

  /** The row of a flag in the integrity page's table. */
  static WebElement flagRow(String flagId) {
    return driver.findElement(evidenceLink(flagId)).findElement(By.xpath("./ancestor::tr"));
  }

  /** HIGH or MEDIUM, as a flag's row marks it (a medium tag is styled apart). */
  static String severityShown(WebElement row) {
    return row.findElement(By.cssSelector("th .tag")).getAttribute("class").contains("medium")
        ? "MEDIUM"
        : "HIGH";
  }

  /** The number on an integrity tile (sittings, analysed, high, medium, falsePositiveRate). */
  static String integrityTile(String key) {
    return driver.findElement(By.cssSelector("li#tile-" + key + " .n")).getText().trim();
  }

  /** The integrity report of the fixture's session. */
  static String integrityPath() {
    return "/api/integrity/sessions/" + DashboardData.INTEGRITY_SESSION;
  }

  /** Where a flag's evidence is, as the server links it (the flag id URL-encoded). */
  static String evidenceHref(String flagId) {
    return base
        + integrityPath()
        + "/flags/"
        + URLEncoder.encode(flagId, StandardCharsets.UTF_8)
        + "/evidence";
  }

  /** The flag of this id in a report's flags, as the API sent it. */
  static Map<?, ?> flagOf(List<?> flags, String flagId) {
    return flags.stream()
        .map(f -> (Map<?, ?>) f)
        .filter(f -> flagId.equals(f.get("id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no flag " + flagId + " in " + flags));
  }

  /**
   * A GET of the JSON API from the page, as its scripts ask (same origin, the session's cookie):
   * [status, the parsed body or null].
   */
  static List<?> fetchJson(String path) {
    return (List<?>)
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "fetch(arguments[0], {headers: {Accept: 'application/json'}})"
                    + ".then(r => r.json().then(b => done([r.status, b]),"
                    + " () => done([r.status, null])))"
                    + ".catch(e => done([0, String(e)]));",
                path);
  }

  static int status(List<?> answer) {
    return ((Number) answer.get(0)).intValue();
  }

  static void signIn(String account) {
    driver.get(base + "/");
    waitFor(By.id("username")).sendKeys(account);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.id("sign-in")).click();
    waitFor(By.cssSelector("body[data-ready=true] #who"));
  }

  static WebElement navLink(String href) {
    return driver.findElement(By.cssSelector("header nav a[href='" + href + "']"));
  }

  static List<String> drillLinks() {
    waitFor(By.cssSelector("#table a.drill"));
    return driver.findElements(By.cssSelector("#table a.drill")).stream()
        .map(WebElement::getText)
        .toList();
  }

  static void clickDrill(String code) {
    WebElement link =
        driver.findElements(By.cssSelector("#table a.drill")).stream()
            .filter(a -> a.getText().equals(code))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no drill-down link " + code));
    link.click();
    waiting(WAIT).until(ExpectedConditions.stalenessOf(link));
  }

  static String cell(String table, int row, int column) {
    return driver
        .findElements(By.cssSelector(table + " tbody tr"))
        .get(row)
        .findElements(By.cssSelector("th, td"))
        .get(column)
        .getText()
        .trim();
  }

  static String tile(String labelKey) {
    String label = message("en", labelKey);
    return driver.findElements(By.cssSelector("#summary li")).stream()
        .filter(li -> li.getText().endsWith(label))
        .map(li -> li.findElement(By.className("n")).getText().trim())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no summary tile " + label));
  }

  static WebElement waitFor(By by) {
    return waiting(WAIT).until(whileNavigating(ExpectedConditions.presenceOfElementLocated(by)));
  }

  static WebElement waitVisible(By by) {
    return waiting(WAIT).until(whileNavigating(ExpectedConditions.visibilityOfElementLocated(by)));
  }

  /**
   * The condition, asked again when Chromium reports that the element it found left the document
   * (the page was replaced between finding and inspecting it, as after a form post; seen in CI as
   * "Node with given id does not belong to the document", which is no stale-element exception).
   */
  static <T> ExpectedCondition<T> whileNavigating(ExpectedCondition<T> condition) {
    return d -> {
      try {
        return condition.apply(d);
      } catch (WebDriverException e) {
        if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
          return null;
        }
        throw e;
      }
    };
  }

  /** Waits until the chart in this container has drawn (uPlot's draw hook marks it). */
  static WebElement waitDrawn(By container) {
    return waiting(WAIT)
        .until(
            d -> {
              List<WebElement> found = d.findElements(container);
              return !found.isEmpty() && "true".equals(found.getFirst().getAttribute("data-drawn"))
                  ? found.getFirst()
                  : null;
            });
  }

  /** The chart's canvas has a size and some painted (non-transparent) pixels. */
  static void assertDrewPixels(WebElement container) {
    Object painted =
        ((JavascriptExecutor) driver)
            .executeScript(
                "const c = arguments[0].querySelector('canvas');"
                    + "if (!c || c.width === 0 || c.height === 0) return 0;"
                    + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                    + "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;"
                    + "return n;",
                container);
    assertThat(((Number) painted).longValue()).as("painted pixels of the chart").isPositive();
  }

  /** A wait that looks again when the page re-rendered the element it was reading. */
  static WebDriverWait waiting(Duration timeout) {
    WebDriverWait wait = new WebDriverWait(driver, timeout);
    wait.ignoring(StaleElementReferenceException.class);
    return wait;
  }

  static Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  /** A text of the dashboard's message bundle, as the page shows it. */
  static String message(String language, String key) {
    try (InputStream in =
        DashboardBrowserTest.class.getResourceAsStream(
            "/static/i18n/messages_" + language + ".json")) {
      assertThat(in).as("bundle %s", language).isNotNull();
      JsonNode text = JSON.readTree(in).get(key);
      assertThat(text).as("%s in messages_%s.json", key, language).isNotNull();
      return text.asString();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static WebDriver startBrowser() throws IOException {
    // Both paths are given, so Selenium Manager has nothing to find or download. (The service is
    // built by its constructor: its Builder carries an annotation javac warns about.)
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    int port = freePort();
    driverService =
        new ChromeDriverService(
            CHROMEDRIVER.toFile(),
            port,
            Duration.ofSeconds(30),
            List.of("--port=" + port),
            Map.of());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,1024",
        "--lang=en-US");
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
    return new ChromeDriver(driverService, options);
  }

  /** Whether the query side answers this path with 200 (its events are projected). */
  private static boolean projected(HttpClient http, String auth, String path) throws Exception {
    return http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", auth)
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .statusCode()
        == 200;
  }

  /**
   * Waits until the query side has projected every scored sitting and both surveys with their
   * calibrations (asked as the auditor).
   */
  static void awaitProjections() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("auditor-1:" + password).getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    base
                        + "/api/results/distribution?examId="
                        + DashboardData.EXAM
                        + "&area=national"))
            .header("Authorization", auth)
            .header("Accept", "application/json")
            .build();
    Instant giveUp = Instant.now().plus(Duration.ofSeconds(90));
    String last = "";
    while (Instant.now().isBefore(giveUp)) {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      last = response.statusCode() + " " + response.body();
      if (response.statusCode() == 200
          && JSON.readTree(response.body()).path("n").asInt() == DashboardData.SCORED_TOTAL
          // both surveys with their calibrations (scaled estimates answer only then)
          && projected(
              http, auth, "/api/surveys/" + DashboardData.SESSION + "/estimates?score=scaled")
          && projected(
              http,
              auth,
              "/api/surveys/" + DashboardData.EARLIER_SURVEY + "/estimates?score=scaled")) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the query side did not project the events; last answer: " + last);
  }

  /**
   * Waits until the query side has projected the integrity session: its exam's form and every one
   * of its sittings scored (asked as the auditor). Its report is not asked for before: an analysis
   * is kept until the session's scores or answers change, so one of a form not yet projected would
   * stay.
   */
  static void awaitIntegritySession() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String auth =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("auditor-1:" + password).getBytes(StandardCharsets.UTF_8));
    Instant giveUp = Instant.now().plus(Duration.ofSeconds(180));
    String last = "";
    while (Instant.now().isBefore(giveUp)) {
      HttpResponse<String> exams = getJson(http, auth, "/api/exams");
      HttpResponse<String> sessions = getJson(http, auth, "/api/integrity/sessions");
      last = sessions.statusCode() + " " + sessions.body();
      if (exams.statusCode() == 200
          && sessions.statusCode() == 200
          && hasRow(exams.body(), "examId", DashboardData.INTEGRITY_EXAM, null, 0)
          && hasRow(
              sessions.body(),
              "sessionId",
              DashboardData.INTEGRITY_SESSION,
              "sittings",
              IntegrityFixtures.CANDIDATES)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "the query side did not project the integrity session; last answer: " + last);
  }

  private static HttpResponse<String> getJson(HttpClient http, String auth, String path)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", auth)
            .header("Accept", "application/json")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Whether a JSON array has a row with this id (and, when a count is named, this count). */
  private static boolean hasRow(String json, String idField, String id, String count, int n) {
    for (JsonNode row : JSON.readTree(json)) {
      if (id.equals(row.path(idField).asString())
          && (count == null || row.path(count).asInt() == n)) {
        return true;
      }
    }
    return false;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
