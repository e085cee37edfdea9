package kg.exam.contract.testing;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.WebDriver;

/**
 * Deque's axe-core, run through its Selenium integration on the page a browser test has reached,
 * for the WCAG 2.0 and 2.1 level A and AA rules (contract's test jar, shared by every browser test;
 * docs/ACCESSIBILITY.md). A page state passes with 0 violations. axe's script comes from the jar,
 * so nothing is downloaded.
 */
public final class AxeAudit {
  /** axe-core's tags of the WCAG 2.0 and 2.1 A and AA success criteria. */
  public static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

  /**
   * Rules left out, each with the reason (also in docs/ACCESSIBILITY.md). None: every WCAG 2.0/2.1
   * A and AA rule of axe-core runs.
   */
  public static final Map<String, String> LEFT_OUT = Map.of();

  private AxeAudit() {}

  /**
   * Audits the page as it is now and fails with every violation listed (rule, impact, help, the
   * elements and what is wrong with each) unless there are none.
   *
   * @param state what the page shows, for the failure message (e.g. "student UI: q3, ru, 1280 px")
   */
  public static void assertNoViolations(WebDriver driver, String state) {
    AxeBuilder axe = new AxeBuilder().withTags(WCAG_21_AA);
    if (!LEFT_OUT.isEmpty()) {
      axe.disableRules(List.copyOf(LEFT_OUT.keySet()));
    }
    Results results = axe.analyze(driver);
    if (results.isErrored()) {
      throw new AssertionError(
          "axe-core could not audit " + state + ": " + results.getErrorMessage());
    }
    List<Rule> violations = results.getViolations();
    if (violations != null && !violations.isEmpty()) {
      throw new AssertionError(
          violations.size()
              + " WCAG 2.1 A/AA violation(s) on "
              + state
              + " ("
              + results.getUrl()
              + "):\n"
              + violations.stream().map(AxeAudit::describe).collect(Collectors.joining("\n")));
    }
  }

  private static String describe(Rule rule) {
    StringBuilder s =
        new StringBuilder("- ")
            .append(rule.getId())
            .append(" (")
            .append(rule.getImpact())
            .append("): ")
            .append(rule.getHelp());
    List<CheckedNode> nodes = rule.getNodes();
    for (CheckedNode node : nodes.subList(0, Math.min(nodes.size(), 8))) {
      s.append("\n    ")
          .append(node.getTarget())
          .append(" ")
          .append(abbreviate(node.getHtml()))
          .append("\n      ")
          .append(abbreviate(node.getFailureSummary()).replace("\n", " "));
    }
    if (nodes.size() > 8) {
      s.append("\n    … and ").append(nodes.size() - 8).append(" more");
    }
    return s.toString();
  }

  private static String abbreviate(String text) {
    if (text == null) {
      return "";
    }
    return text.length() <= 240 ? text : text.substring(0, 240) + "…";
  }
}
