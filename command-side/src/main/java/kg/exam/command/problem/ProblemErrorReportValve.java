package kg.exam.command.problem;

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
import org.springframework.stereotype.Component;

/**
 * Tomcat's own refusals (a request it will not hand to the application at all: an encoded slash,
 * bad percent-encoding in the path, an oversized URL or header block) as problem documents instead
 * of Tomcat's HTML error page: this valve replaces the host's {@link ErrorReportValve}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    String json =
        ProblemDocument.forStatus(
            status, "The server refused the request before reading it (" + status + ").");
    try {
      response.setContentType(ProblemDocument.MEDIA_TYPE);
      response.setCharacterEncoding(StandardCharsets.UTF_8.name());
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(json);
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // the client is gone or the response is committed: nothing more to tell it
    }
  }

  /** Installs the valve on the embedded Tomcat's host. */
  @Component
  static class Installer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
    @Override
    public void customize(TomcatServletWebServerFactory factory) {
      factory.addContextCustomizers(
          context -> {
            if (context.getParent() instanceof StandardHost host) {
              host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
          });
    }
  }
}
