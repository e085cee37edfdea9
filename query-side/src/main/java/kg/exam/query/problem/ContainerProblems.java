package kg.exam.query.problem;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import kg.exam.contract.problem.ProblemDocument;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Refusals that reach no controller advice, as problem documents with a type ({@link
 * ProblemDocument#forStatus}): Tomcat's own (an encoded slash, bad path encoding, an oversized URL
 * or header block) through a replacement of its HTML error valve, and the error page ({@code
 * /error}) instead of Spring Boot's untyped JSON.
 */
public final class ContainerProblems {
  private ContainerProblems() {}

  /** Tomcat's error valve, writing problem JSON. */
  public static class Valve extends ErrorReportValve {
    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      try {
        response.setContentType(ProblemDocument.MEDIA_TYPE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Writer writer = response.getReporter();
        if (writer != null) {
          writer.write(
              ProblemDocument.forStatus(
                  status, "The server refused the request before reading it (" + status + ")."));
          response.finishResponse();
        }
      } catch (IOException | IllegalStateException e) {
        // the client is gone or the response is committed: nothing more to tell it
      }
    }
  }

  /** Installs {@link Valve} on the embedded Tomcat's host. */
  @Component
  static class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
    @Override
    public void customize(TomcatServletWebServerFactory factory) {
      factory.addContextCustomizers(
          context -> {
            if (context.getParent() instanceof StandardHost host) {
              host.setErrorReportValveClass(Valve.class.getName());
            }
          });
    }
  }

  /** The error page as a problem document; not an operation of the API. */
  @Hidden
  @RestController
  static class ErrorPage implements ErrorController {
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
                      ? "The server failed to answer."
                      : "The request was refused (" + status + ")."));
    }
  }
}
