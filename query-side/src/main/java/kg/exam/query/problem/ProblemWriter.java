package kg.exam.query.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes a problem document from security filters, where no controller advice reaches. */
public final class ProblemWriter {
  private ProblemWriter() {}

  public static void write(HttpServletResponse response, ProblemType type, String detail)
      throws IOException {
    response.setStatus(type.status().value());
    response.setContentType("application/problem+json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response
        .getWriter()
        .write(
            "{\"type\":\""
                + type.uri()
                + "\",\"title\":\""
                + type.title()
                + "\",\"status\":"
                + type.status().value()
                + ",\"detail\":\""
                + detail.replace("\\", "/").replace("\"", "'")
                + "\"}");
  }
}
