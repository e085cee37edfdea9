package kg.exam.client.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The audit every browser test runs catches what it must: a page with an unnamed image, an
 * unlabelled field and text of too little contrast fails with each rule named; the same page put
 * right passes.
 */
class AxeAuditTest {
  private static final String HEAD =
      "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Audit</title></head>"
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
          .hasMessageContaining("label")
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
}
