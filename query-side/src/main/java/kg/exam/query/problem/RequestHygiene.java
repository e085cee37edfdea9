package kg.exam.query.problem;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import kg.exam.contract.problem.RequestText;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything reads them, a path or query string that is not valid percent-encoded
 * UTF-8 or decodes to a control character ({@code 400 bad-request}, as on the command side): such a
 * parameter used to reach the query parser or PostgreSQL and come back as a 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestHygiene extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String problem = RequestText.problemIn(request.getRequestURI(), request.getQueryString());
    if (problem != null) {
      ProblemWriter.write(response, ProblemType.BAD_REQUEST, problem);
      return;
    }
    if (request.getRequestURI().startsWith("/api/") && isFormBody(request.getContentType())) {
      // the container would decode a form body into parameters (for the CSRF filter, say), and a
      // malformed one failed as a 500; the API reads no bodies but JSON (/login takes the form)
      ProblemWriter.write(
          response,
          ProblemType.UNSUPPORTED_MEDIA_TYPE,
          "The API reads no form bodies; send application/json.");
      return;
    }
    chain.doFilter(request, response);
  }

  private static boolean isFormBody(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.strip().toLowerCase(java.util.Locale.ROOT);
    return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/");
  }
}
