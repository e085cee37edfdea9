package kg.exam.client.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium on a 360 × 740 px window (a low-end Android phone), or a desktop
 * window, driven through Debian's chromedriver. Both are given by path, so Selenium Manager never
 * downloads a browser.
 */
final class Phone implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  final ChromeDriver driver;
  private final URI base;

  /** Fails (never skips) when the browser is missing: the tests need a real one. */
  static void requireBrowser() {
    for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(p)) {
        throw new AssertionError(
            p
                + " is missing: the student UI's browser test needs Debian's chromium and"
                + " chromium-driver. Run bin/ensure-browser (as root) and rerun.");
      }
    }
  }

  Phone(URI base) throws IOException {
    this(base, 360);
  }

  /**
   * A phone (360 px wide, mobile emulation) or, at 1000 px and more, a desktop window of that width
   * (e.g. a lab PC at 1280 px).
   */
  Phone(URI base, int width) throws IOException {
    this(base, width, 16);
  }

  /**
   * @param defaultFontPx the browser's default font size (Chromium's setting, 16 px unless the user
   *     changed it): 32 px is text at 200 %, as a candidate with low vision sets it
   */
  Phone(URI base, int width, int defaultFontPx) throws IOException {
    requireBrowser();
    this.base = base;
    boolean desktop = width >= 1000;
    int height = desktop ? 900 : 740;
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=" + width + "," + height,
        "--lang=ky");
    if (defaultFontPx != 16) {
      options.setExperimentalOption(
          "prefs", Map.of("webkit.webprefs.default_font_size", defaultFontPx));
    }
    if (!desktop) {
      // Desktop Chrome's window is at least 500 px wide; the phone's viewport is emulated.
      options.setExperimentalOption(
          "mobileEmulation",
          Map.of("deviceMetrics", Map.of("width", width, "height", height, "pixelRatio", 2.0)));
    }
    // Both paths are given, so Selenium Manager has nothing to find or download. (The service is
    // built by its constructor: its Builder carries an annotation javac warns about.)
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    int port = freePort();
    ChromeDriverService service =
        new ChromeDriverService(
            CHROMEDRIVER.toFile(),
            port,
            Duration.ofSeconds(30),
            List.of("--port=" + port),
            Map.of());
    driver = new ChromeDriver(service, options);
  }

  void open(String path) {
    driver.get(base.resolve(path).toString());
  }

  <T> T await(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, Duration.ofSeconds(30))
        .pollingEvery(Duration.ofMillis(100))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(condition);
  }

  void awaitPage(String page) {
    await(d -> page.equals(find("body").getAttribute("data-page")));
  }

  /** Waits until every change is acknowledged by the server. */
  void awaitSaved() {
    await(
        d ->
            "saved".equals(find("#save").getAttribute("data-state"))
                && "0".equals(find("#save").getAttribute("data-pending")));
  }

  /** Keys typed into whatever has the focus, as a keyboard would. */
  void keys(CharSequence... keys) {
    new org.openqa.selenium.interactions.Actions(driver).sendKeys(keys).perform();
  }

  /** Whether the focused element matches the CSS selector. */
  boolean focusIs(String css) {
    return Boolean.TRUE.equals(js("return document.activeElement.matches(arguments[0])", css));
  }

  /**
   * Presses Tab until the element matching {@code css} has the focus, checking at each stop that
   * the focus is visible; fails if it is not reached within a whole round of the page's stops.
   */
  void tabTo(String css) {
    for (int i = 0; i < 200; i++) {
      if (focusIs(css)) {
        return;
      }
      keys(org.openqa.selenium.Keys.TAB);
      assertFocusVisible();
    }
    throw new AssertionError("Tab never reached " + css + "; the focus is on " + focusName());
  }

  /** The focused element, named for a failure message. */
  String focusName() {
    return (String)
        js(
            "const e = document.activeElement; return e.tagName.toLowerCase()"
                + " + (e.id ? '#' + e.id : '') + (e.name ? '[name=' + e.name + ']' : '')"
                + " + (e.value && e.type !== 'text' ? '[value=' + e.value + ']' : '')"
                + " + (e.dataset.goto ? '[data-goto=' + e.dataset.goto + ']' : '')"
                + " + (e.dataset.move ? '[data-move=' + e.dataset.move + ']' : '')");
  }

  /** WCAG 2.4.7: the focused element (other than the page itself) shows a focus indicator. */
  void assertFocusVisible() {
    Object visible =
        js(
            "const e = document.activeElement;"
                + "if (e === document.body || e === document.documentElement) return true;"
                + "const s = getComputedStyle(e);"
                + "return e.matches(':focus-visible') && ((s.outlineStyle !== 'none'"
                + " && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none');");
    if (!Boolean.TRUE.equals(visible)) {
      throw new AssertionError("The focus on " + focusName() + " is not visible");
    }
  }

  /**
   * One whole round of Tab from the focus now: every stop shows its focus, the stops come in the
   * page's reading (document) order (wrapping once from the last to the first, past the browser's
   * own stop), and Tab comes back to where it started (no trap), after stopping at every control a
   * keyboard user needs (each button, field and link that is shown, and one radio button of each
   * group).
   *
   * @return the number of stops in the round
   */
  int assertTabRound(String state) {
    java.util.List<WebElement> stops = new java.util.ArrayList<>();
    WebElement first = null;
    for (int i = 0; i < 300; i++) {
      keys(org.openqa.selenium.Keys.TAB);
      if (Boolean.TRUE.equals(js("return document.activeElement === document.body"))) {
        continue; // past the last control the focus leaves the page (the browser's own stop)
      }
      assertFocusVisible();
      WebElement now = driver.switchTo().activeElement();
      if (now.equals(first)) {
        break;
      }
      if (stops.contains(now)) {
        throw new AssertionError(
            "Tab is trapped on "
                + state
                + ": it came back to "
                + focusName()
                + " before the start");
      }
      if (first == null) {
        first = now;
      }
      stops.add(now);
    }
    Object out =
        js(
            "const stops = arguments[0];"
                + "let wraps = 0;"
                + "for (let i = 0; i + 1 < stops.length; i++) {"
                + "  if (!(stops[i].compareDocumentPosition(stops[i + 1])"
                + "      & Node.DOCUMENT_POSITION_FOLLOWING) && ++wraps > 1)"
                + "    return 'out of reading order: ' + stops[i].outerHTML.slice(0, 80)"
                + "      + ' then ' + stops[i + 1].outerHTML.slice(0, 80);"
                + "}"
                + "const modal = document.querySelector('dialog[open]');"
                + "const scope = modal || document;"
                + "const missed = [], groups = new Set();"
                + "for (const e of scope.querySelectorAll('a[href], button, input, select,"
                + " textarea')) {"
                + "  if (e.disabled || e.tabIndex < 0 || !e.getClientRects().length) continue;"
                + "  if (getComputedStyle(e).visibility === 'hidden') continue;"
                + "  if (e.type === 'radio') {"
                + "    if (groups.has(e.name)) continue;"
                + "    groups.add(e.name);"
                + "    if (!stops.some(s => s.type === 'radio' && s.name === e.name))"
                + "      missed.push('radio group ' + e.name);"
                + "    continue;"
                + "  }"
                + "  if (!stops.includes(e)) missed.push(e.outerHTML.slice(0, 80));"
                + "}"
                + "return missed.length ? 'never reached by Tab: ' + missed.join(', ') : null;",
            stops);
    if (out != null) {
      throw new AssertionError("On " + state + ", " + out);
    }
    return stops.size();
  }

  /** axe-core's WCAG 2.1 A/AA audit of the page as it is now: 0 violations, or the test fails. */
  void audit(String state) {
    kg.exam.contract.testing.AxeAudit.assertNoViolations(driver, state);
  }

  /**
   * WCAG 1.4.10 and 1.4.4 on the page as it is now: nothing scrolls sideways, no visible element
   * reaches past the window's right edge, and no element hides part of its content by clipping it
   * (overflow hidden or clip with content wider than the box; the visually-hidden 1 px labels for
   * screen readers excepted).
   */
  void assertReflows(String state) {
    Object found =
        js(
            "const w = document.documentElement.clientWidth, out = [];"
                + "if (document.documentElement.scrollWidth > w) out.push('the page scrolls sideways: '"
                + " + document.documentElement.scrollWidth + ' px in a ' + w + ' px window');"
                + "for (const e of document.body.querySelectorAll('*')) {"
                + "  const r = e.getBoundingClientRect(), s = getComputedStyle(e);"
                + "  if (s.visibility === 'hidden' || e.closest('[hidden], dialog:not([open])')) continue;"
                + "  const name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')"
                + "    + (e.className && typeof e.className === 'string' ? '.' + e.className.trim()"
                + "    .split(/\\s+/).join('.') : '');"
                + "  if (r.right > w + 1) out.push(name + ' reaches ' + Math.round(r.right) + ' px');"
                + "  if (/(hidden|clip)/.test(s.overflowX) && r.width > 1"
                + "    && e.scrollWidth > e.clientWidth + 1)"
                + "    out.push(name + ' clips its content: ' + e.scrollWidth + ' px in '"
                + "      + e.clientWidth + ' px');"
                + "}"
                + "return out;");
    if (!((java.util.List<?>) found).isEmpty()) {
      try {
        screenshot(
            Files.createDirectories(Path.of("target", "student-ui")).resolve("reflow-failure.png"));
      } catch (IOException e) {
        // the message below says what is wrong; the picture only helps
      }
      throw new AssertionError("Does not reflow on " + state + ":\n" + found);
    }
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  void offline(boolean offline) {
    if (offline) {
      driver.setNetworkConditions(new ChromiumNetworkConditions().setOffline(true));
    } else {
      driver.deleteNetworkConditions();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PNG of the viewport, for looking at the layout when a test fails. */
  void screenshot(Path file) throws IOException {
    Files.write(file, driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
  }

  @Override
  public void close() {
    driver.quit();
  }
}
