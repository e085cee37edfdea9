package kg.exam.client.station.invigilator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kg.exam.client.station.ExamPackages;
import kg.exam.client.station.JournalEntry;
import kg.exam.client.station.PackageCandidate;
import kg.exam.client.station.PackageItem;
import kg.exam.client.station.SessionPackage;
import kg.exam.client.station.Station;
import kg.exam.client.station.StationConfig;
import kg.exam.client.station.enrol.StationSigner;
import kg.exam.contract.sitting.Accommodations;
import kg.exam.contract.testing.AxeAudit;
import kg.exam.contract.trust.Ed25519PrivateKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The invigilator page in Debian's headless Chromium on a lab PC's window: sign in with the PIN,
 * see a running candidate in Kyrgyz, pause them with a reason through the dialog (a journal entry
 * with the reason results), and read the paused state in Russian.
 */
class InvigilatorBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String PIN = "592017";

  @TempDir Path dir;
  private Station station;
  private ChromeDriver driver;

  @BeforeEach
  void start() throws Exception {
    for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(p)) {
        throw new AssertionError(
            p
                + " is missing: run bin/ensure-browser (as root) to install chromium and its driver.");
      }
    }
    Properties p = new Properties();
    p.setProperty("station.data-dir", dir.resolve("data").toString());
    p.setProperty("station.port", "0");
    p.setProperty("station.bind", "127.0.0.1");
    p.setProperty("station.id", "lab-3");
    p.setProperty("invigilator.pin-hash", InvigilatorApi.hashPin(PIN.toCharArray()));
    p.setProperty("invigilator.id", "inv-021");
    StationConfig config = StationConfig.of(dir.resolve("station.properties"), p);
    SessionPackage pkg =
        new SessionPackage(
            "sess-b",
            "exam-b",
            1,
            "centre-1",
            "school-1",
            Instant.now().minus(Duration.ofMinutes(5)),
            Instant.now().plus(Duration.ofHours(3)),
            40,
            "Физика",
            "physics",
            "ky",
            List.of(new PackageItem("q1", "s1", "TRUE_FALSE", 1, "1=1?", null, null)),
            List.of(
                new PackageCandidate(
                    "sit-b1",
                    "cand-b1",
                    "KLMN2345",
                    "{bcrypt}$2a$04$x",
                    0,
                    new Accommodations(false, true, true, false))));
    ExamPackages packages = ExamPackages.of(List.of(pkg));
    station =
        Station.create(
            config,
            packages,
            new StationSigner(Ed25519PrivateKey.generate(new SecureRandom()), Clock.systemUTC()),
            Clock.systemUTC());
    InvigilatorApi.install(station, packages, Clock.systemUTC());
    station.start();
    station.sittings().start("sit-b1");

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1280,800");
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    driver =
        new ChromeDriver(
            new ChromeDriverService(
                CHROMEDRIVER.toFile(),
                port,
                Duration.ofSeconds(30),
                List.of("--port=" + port),
                Map.of()),
            options);
  }

  @AfterEach
  void stop() throws Exception {
    if (driver != null) {
      driver.quit();
    }
    station.close();
  }

  private <T> T await(java.util.function.Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, Duration.ofSeconds(30))
        .pollingEvery(Duration.ofMillis(100))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .until(condition);
  }

  private WebElement statusCell() {
    return driver.findElement(By.cssSelector("#sessions tbody tr td:nth-child(3)"));
  }

  @Test
  void shouldSignInSeeTheCandidateAndPauseThemWithAReason() {
    driver.get("http://127.0.0.1:" + station.server().port() + "/invigilator/");
    AxeAudit.assertNoViolations(driver, "invigilator sign-in, ky");
    driver.findElement(By.id("pin")).sendKeys(PIN);
    driver.findElement(By.cssSelector("#signin button[type=submit]")).click();

    await(d -> statusCell().getText().equals("Иштеп жатат"));
    assertThat(driver.findElement(By.id("sessions")).getText())
        .contains("cand-b1")
        .contains("KLMN2345")
        .contains("Физика");
    AxeAudit.assertNoViolations(driver, "invigilator sessions, ky");

    driver.findElement(By.cssSelector("button[data-action=pause][data-sitting=sit-b1]")).click();
    await(d -> d.findElement(By.id("action")).isDisplayed());
    AxeAudit.assertNoViolations(driver, "invigilator pause dialog, ky");
    driver.findElement(By.id("reason")).sendKeys("жарык өчтү");
    driver.findElement(By.id("actionok")).click();

    await(d -> statusCell().getText().equals("Токтотулган"));
    List<JournalEntry> pauses =
        station.journal().all().stream().filter(e -> e.kind() == JournalEntry.Kind.PAUSE).toList();
    assertThat(pauses).hasSize(1);
    assertThat(pauses.get(0).payload().get("reason").asText()).isEqualTo("жарык өчтү");
    assertThat(pauses.get(0).payload().get("by").asText()).isEqualTo("inv-021");

    new Select(driver.findElement(By.id("lang"))).selectByValue("ru");
    await(d -> statusCell().getText().equals("Приостановлен"));
    assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Наблюдатель");
    AxeAudit.assertNoViolations(driver, "invigilator sessions, a sitting paused, ru");
    new Select(driver.findElement(By.id("lang"))).selectByValue("en");
    await(d -> driver.findElement(By.tagName("h1")).getText().equals("Invigilator"));
    AxeAudit.assertNoViolations(driver, "invigilator sessions, a sitting paused, en");
  }

  @Test
  void shouldShowTheCandidatesAccommodationsAndGiveARestBreakAsAPauseWithItsReason() {
    driver.get("http://127.0.0.1:" + station.server().port() + "/invigilator/");
    driver.findElement(By.id("pin")).sendKeys(PIN);
    driver.findElement(By.cssSelector("#signin button[type=submit]")).click();
    await(d -> statusCell().getText().equals("Иштеп жатат"));

    assertThat(driver.findElement(By.cssSelector("#sessions td.needs")).getText())
        .isEqualTo("тыныгуулар, окуп берүүчү");
    driver
        .findElement(By.cssSelector("button[data-action=restBreak][data-sitting=sit-b1]"))
        .click();
    await(d -> d.findElement(By.id("action")).isDisplayed());
    assertThat(driver.findElement(By.id("reason")).getAttribute("value"))
        .isEqualTo("Эс алуу тыныгуусу (атайын шарт)");
    driver.findElement(By.id("actionok")).click();

    await(d -> statusCell().getText().equals("Токтотулган"));
    List<JournalEntry> pauses =
        station.journal().all().stream().filter(e -> e.kind() == JournalEntry.Kind.PAUSE).toList();
    assertThat(pauses).hasSize(1);
    assertThat(pauses.get(0).payload().get("reason").asText())
        .isEqualTo("Эс алуу тыныгуусу (атайын шарт)");
    assertThat(station.sittings().view("sit-b1").accommodations().humanReader()).isTrue();
    AxeAudit.assertNoViolations(driver, "invigilator sessions with accommodations, ky");
  }
}
