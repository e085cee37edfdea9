package kg.exam.command.problem;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import kg.exam.contract.problem.RequestText;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything else reads them, requests the rest of the server must never see: a path
 * or query string that is not valid percent-encoded UTF-8 or decodes to a control character (a NUL
 * byte cannot reach PostgreSQL text, and no id or parameter holds one): {@code 400 bad-request}; a
 * {@code Content-Type} that is not one media type ({@code *}{@code /*}, {@code application/*}, or
 * unparsable), or a form body sent to the API: {@code 415 unsupported-media-type}. Each is a
 * problem document, and nothing runs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
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
    String contentType = request.getContentType();
    if (contentType != null) {
      String refusal = null;
      try {
        MediaType type = MediaType.parseMediaType(contentType);
        if (type.isWildcardType() || type.isWildcardSubtype()) {
          refusal = "Content-Type " + contentType + " names no one media type";
        } else if (isFormBody(type) && request.getRequestURI().startsWith("/api/")) {
          // the container would decode a form body into parameters before the 415, and a
          // malformed one failed as a 500 (found by the API fuzzer)
          refusal = "the API reads no form bodies (Content-Type " + type + ")";
        }
      } catch (InvalidMediaTypeException e) {
        refusal = "Content-Type is not a media type";
      }
      if (refusal != null) {
        ProblemWriter.write(
            response,
            ProblemType.UNSUPPORTED_MEDIA_TYPE,
            refusal + "; send the body as application/json.");
        return;
      }
    }
    chain.doFilter(request, response);
  }

  /** A body the container decodes into request parameters. */
  static boolean isFormBody(MediaType type) {
    return MediaType.APPLICATION_FORM_URLENCODED.includes(type)
        || MediaType.MULTIPART_FORM_DATA.includes(type)
        || "multipart".equalsIgnoreCase(type.getType());
  }
}
