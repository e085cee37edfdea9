package kg.exam.command.problem;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import kg.exam.contract.problem.ProblemDocument;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page ({@code /error}) as a problem document, for errors that reach it without one: a
 * status the container or a filter set ({@code sendError}), e.g. TRACE's 405. Replaces Spring
 * Boot's default error JSON, which has no type.
 */
@Hidden // the container's error page, not an operation of the API
@RestController
class ProblemErrorController implements ErrorController {

  @RequestMapping("/error")
  void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i ? i : 500;
    response.resetBuffer();
    response.setStatus(status);
    response.setContentType(ProblemDocument.MEDIA_TYPE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response
        .getWriter()
        .write(
            ProblemDocument.forStatus(
                status,
                status >= 500
                    ? "The server failed to handle the request."
                    : "The request was refused (" + status + ")."));
  }
}
