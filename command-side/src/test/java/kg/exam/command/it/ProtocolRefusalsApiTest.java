package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Refusals made by the protocol layers (Tomcat, Spring MVC's content negotiation, Jackson) are RFC
 * 9457 problems with a type and a 4xx status, never a 500, an HTML page or Spring's default error
 * JSON. Sent over a raw socket, so that requests no well-behaved client would send arrive as
 * written.
 */
class ProtocolRefusalsApiTest extends ApiTestBase {

  /** The status line's code, the Content-Type and the body of a raw HTTP/1.1 exchange. */
  private record Raw(int status, String contentType, String body) {}

  private Raw raw(String requestHead, String body) throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      String head =
          requestHead
              + "Host: localhost:"
              + port
              + "\r\n"
              + (body.isEmpty() ? "" : "Content-Length: " + bytes.length + "\r\n")
              + "Connection: close\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(bytes);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String response = all.toString(StandardCharsets.UTF_8);
      int status = Integer.parseInt(response.substring(9, 12));
      String contentType = "";
      for (String line : response.substring(0, response.indexOf("\r\n\r\n")).split("\r\n")) {
        if (line.regionMatches(true, 0, "Content-Type:", 0, 13)) {
          contentType = line.substring(13).trim();
        }
      }
      return new Raw(status, contentType, response.substring(response.indexOf("\r\n\r\n") + 4));
    }
  }

  private static String basicAdmin() {
    return "Authorization: Basic "
        + Base64.getEncoder()
            .encodeToString(("admin:" + STAFF_PASSWORD).getBytes(StandardCharsets.UTF_8))
        + "\r\n";
  }

  private static final String SESSION_JSON =
      "{\"sessionId\":%s,\"examId\":\"e\",\"examVersion\":%s,\"centreId\":\"c\","
          + "\"opensAt\":%s,\"closesAt\":\"2026-01-02T00:00:00Z\"}";

  private static Arguments session(String what, String sessionId, String version, String opens) {
    return Arguments.of(
        what,
        "POST /api/sessions HTTP/1.1\r\nContent-Type: application/json\r\n",
        String.format(SESSION_JSON, sessionId, version, opens),
        400);
  }

  static Stream<Arguments> refusals() {
    String opens = "\"2026-01-01T00:00:00Z\"";
    return Stream.of(
        Arguments.of(
            "Content-Type */* on a POST",
            "POST /api/exams HTTP/1.1\r\nContent-Type: */*\r\n",
            "{}",
            415),
        Arguments.of(
            "a body of text/plain",
            "POST /api/exams HTTP/1.1\r\nContent-Type: text/plain\r\n",
            "{}",
            415),
        Arguments.of(
            "an Accept the endpoint cannot serve",
            "GET /api/dead-letters HTTP/1.1\r\nAccept: application/xml\r\n",
            "",
            406),
        Arguments.of(
            "a NUL byte in a query parameter",
            "GET /api/schools/school-a/results?sessionId=a%00b HTTP/1.1\r\n",
            "",
            400),
        Arguments.of(
            "bad percent-encoding in a query parameter",
            "GET /api/dead-letters?limit=%zz HTTP/1.1\r\n",
            "",
            400),
        Arguments.of(
            "bad percent-encoding in the path",
            "GET /api/exams/a%zz/versions/1 HTTP/1.1\r\n",
            "",
            400),
        Arguments.of(
            "an encoded slash in the path",
            "GET /api/exams/a%2Fb/versions/1 HTTP/1.1\r\n",
            "",
            400),
        Arguments.of("TRACE", "TRACE /api/dead-letters HTTP/1.1\r\n", "", 405),
        // found by the API fuzzer: the container decoded the form before the 415, and failed
        Arguments.of(
            "a malformed form body sent to the API",
            "POST /api/sessions HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + basicAdmin(),
            "a=%+Q&b=%zz",
            415),
        session("a whole number given as 1.5", "\"s-15\"", "1.5", opens),
        session("a number given as a string", "\"s-str\"", "\"1\"", opens),
        session("an id given as a number", "17", "1", opens),
        session("a time given as an epoch number", "\"s-epoch\"", "1", "1767225600"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void shouldRefuseWithAProblemOfAType(String what, String head, String body, int status)
      throws IOException {
    Raw r = raw(head + basicAdmin(), body);

    assertThat(r.status()).as("%s: %s", what, r.body()).isEqualTo(status);
    assertThat(r.contentType()).as(what).startsWith("application/problem+json");
    assertThat(r.body()).as(what).contains("\"type\":\"urn:kg-exam:problem:");
  }
}
