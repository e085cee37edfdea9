package kg.exam.client.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The page checks of the browser tests catch what they must. The axe-core audit fails a page with
 * an unnamed image, an unlabelled field and text of too little contrast, naming each rule; the
 * reflow check fails a page that scrolls sideways or clips its content. The same pages put right
 * pass both.
 */
class PageChecksTest {
  private static final String HEAD =
      "<!doctype html><html lang='en'><head><meta charset='utf-8'><meta name='viewport' content='width=device-width'><title>Audit</title></head>"
          + "<body><main><h1>Audit</h1>";

  private static String page(String body) {
    return "data:text/html;base64,"
        + Base64.getEncoder()
            .encodeToString(
                (HEAD + body + "</main></body></html>").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldFailOnViolationsNamingEachRuleAndPassOnceTheyAreFixed() throws Exception {
    Phone.requireBrowser();
    try (Phone phone = new Phone(URI.create("http://127.0.0.1/"), 1280)) {
      phone.driver.get(
          page(
              "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>"
                  + "<input type='text'>"
                  + "<p style='color:#bbb;background:#fff'>faint text</p>"));
      assertThatThrownBy(() -> phone.audit("a page with three faults"))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("a page with three faults")
          .hasMessageContaining("image-alt")
          .hasMessageContaining("- label (")
          .hasMessageContaining("color-contrast");

      phone.driver.get(
          page(
              "<img alt='A dot' src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>"
                  + "<label>Name <input type='text'></label>"
                  + "<p style='color:#333;background:#fff'>clear text</p>"));
      phone.audit("the same page put right");
      assertThat(phone.find("h1").getText()).isEqualTo("Audit");
    }
  }

  @Test
  void shouldFailAPageThatScrollsSidewaysOrClipsAndPassItOnceItReflows() throws Exception {
    Phone.requireBrowser();
    try (Phone phone = new Phone(URI.create("http://127.0.0.1/"), 360)) {
      phone.driver.get(page("<p id='wide' style='width:500px'>wide</p>"));
      assertThatThrownBy(() -> phone.assertReflows("a page 500 px wide"))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("scrolls sideways")
          .hasMessageContaining("p#wide reaches");

      phone.driver.get(
          page(
              "<div id='box' style='width:100px;overflow:hidden;white-space:nowrap'>"
                  + "a line of text far longer than its box</div>"));
      assertThatThrownBy(() -> phone.assertReflows("a page with clipped text"))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("div#box clips its content");

      phone.driver.get(
          page("<div style='max-width:100%'>a line of text that wraps as it must</div>"));
      phone.assertReflows("the same page put right");
    }
  }
}
