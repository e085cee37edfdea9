package kg.exam.query.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import kg.exam.contract.problem.ProblemDocument;

/**
 * Writes a problem document from security filters, where no controller advice reaches, through the
 * one shared {@link ProblemDocument}.
 */
public final class ProblemWriter {
  private ProblemWriter() {}

  public static void write(HttpServletResponse response, ProblemType type, String detail)
      throws IOException {
    write(response, type, detail, java.util.Map.of());
  }

  /** With more members, e.g. {@code serverTime}. */
  public static void write(
      HttpServletResponse response,
      ProblemType type,
      String detail,
      java.util.Map<String, String> extensions)
      throws IOException {
    response.setStatus(type.status().value());
    response.setContentType(ProblemDocument.MEDIA_TYPE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response
        .getWriter()
        .write(
            ProblemDocument.json(
                type.uri().toString(), type.title(), type.status().value(), detail, extensions));
  }
}
