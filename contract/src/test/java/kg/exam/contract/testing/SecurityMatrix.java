package kg.exam.contract.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The role × endpoint matrices of docs/SECURITY.md, shared by the services' matrix tests
 * (contract's test jar): the table a test observed, the table the file states, and rewriting it. A
 * matrix sits between the lines {@code <!-- NAME matrix: start …} and {@code <!-- NAME matrix: end
 * -->}.
 */
public final class SecurityMatrix {
  /** The file, seen from a module's directory (where tests run). */
  public static final Path SECURITY_MD = Path.of("..", "docs", "SECURITY.md");

  private SecurityMatrix() {}

  /** A cell: ✓ unless the answer refused the caller (401 or 403). */
  public static String cell(int status) {
    return status == 401 || status == 403 ? "–" : "✓";
  }

  /** The Markdown table of the rows (operation → caller → cell), callers in the given order. */
  public static String table(List<String> callers, Map<String, Map<String, String>> rows) {
    StringBuilder t = new StringBuilder("| operation | ");
    t.append(String.join(" | ", callers)).append(" |\n|---|");
    t.append("---|".repeat(callers.size())).append('\n');
    rows.forEach(
        (operation, row) -> {
          t.append("| `").append(operation).append("` |");
          for (String caller : callers) {
            t.append(' ').append(row.get(caller)).append(" |");
          }
          t.append('\n');
        });
    return t.toString();
  }

  /** The table docs/SECURITY.md states for matrix {@code name}. */
  public static String documented(String name) throws IOException {
    String text = Files.readString(SECURITY_MD);
    int[] span = span(text, name);
    return text.substring(span[0], span[1]);
  }

  /** Replaces the table of matrix {@code name} in docs/SECURITY.md. */
  public static void write(String name, String table) throws IOException {
    String text = Files.readString(SECURITY_MD);
    int[] span = span(text, name);
    Files.writeString(SECURITY_MD, text.substring(0, span[0]) + table + text.substring(span[1]));
  }

  private static int[] span(String text, String name) {
    int start = text.indexOf("<!-- " + name + " matrix: start");
    int end = text.indexOf("<!-- " + name + " matrix: end -->");
    if (start < 0 || end < start) {
      throw new IllegalStateException(SECURITY_MD + " has no markers of the " + name + " matrix");
    }
    return new int[] {text.indexOf('\n', start) + 1, end};
  }
}
