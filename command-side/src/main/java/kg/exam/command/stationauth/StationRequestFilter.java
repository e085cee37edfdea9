package kg.exam.command.stationauth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.ProblemWriter;
import kg.exam.command.security.Actor;
import kg.exam.contract.trust.StationRequestSignatures;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests with {@code Authorization: ExamStation …} through {@link
 * StationAuthenticator}; other requests pass untouched to the other authentication mechanisms. The
 * body is read once (it is part of the signature; at most the 1 MiB every request may carry) and
 * handed on to the controller. A refused station request ends here with its problem document
 * ({@code unauthenticated}, or {@code station-clock-skew} with {@code serverTime}).
 *
 * <p>Not a bean on purpose: the security filter chain places it (a bean would also be registered as
 * a servlet filter outside the chain).
 */
public final class StationRequestFilter extends OncePerRequestFilter {
  private static final int MAX_BODY_BYTES = 1_048_576;

  private final StationAuthenticator authenticator;

  public StationRequestFilter(StationAuthenticator authenticator) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    if (header == null || !header.startsWith(StationRequestSignatures.AUTH_SCHEME + " ")) {
      chain.doFilter(request, response);
      return;
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      writeProblem(
          response, ProblemType.MALFORMED_BODY, "The request body could not be read.", null);
      return;
    }
    if (body.length > MAX_BODY_BYTES) {
      writeProblem(
          response,
          ProblemType.OVERSIZED_RESPONSE,
          "A request body may hold at most " + MAX_BODY_BYTES + " bytes.",
          null);
      return;
    }
    String target =
        request.getQueryString() == null
            ? request.getRequestURI()
            : request.getRequestURI() + "?" + request.getQueryString();
    Actor station;
    try {
      station = authenticator.authenticate(header, request.getMethod(), target, body);
    } catch (StationAuthenticator.Refused e) {
      SecurityContextHolder.clearContext();
      writeProblem(response, e.type(), e.getMessage(), e.serverTime());
      return;
    }
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(new StationAuthentication(station));
    SecurityContextHolder.setContext(context);
    try {
      chain.doFilter(new CachedBody(request, body), response);
    } finally {
      SecurityContextHolder.clearContext();
    }
  }

  /** A problem document; {@code serverTime} added for a clock skew. */
  private static void writeProblem(
      HttpServletResponse response, ProblemType type, String detail, java.time.Instant serverTime)
      throws IOException {
    ProblemWriter.write(
        response,
        type,
        detail,
        serverTime == null
            ? java.util.Map.of()
            : java.util.Map.of("serverTime", serverTime.toString()));
  }

  /** An authenticated exam station. */
  static final class StationAuthentication extends AbstractAuthenticationToken {
    private static final long serialVersionUID = 1L;
    private final transient Actor station;

    StationAuthentication(Actor station) {
      super(List.of(new SimpleGrantedAuthority("ROLE_" + station.role().name())));
      this.station = station;
      setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
      return "";
    }

    @Override
    public Object getPrincipal() {
      return station;
    }

    @Override
    public String getName() {
      return station.id();
    }
  }

  /** The request with its body, already read for the signature, readable again. */
  private static final class CachedBody extends HttpServletRequestWrapper {
    private final byte[] body;

    CachedBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("synchronous reads only");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      String encoding = getCharacterEncoding();
      return new BufferedReader(
          new InputStreamReader(
              new ByteArrayInputStream(body),
              encoding == null
                  ? StandardCharsets.UTF_8
                  : java.nio.charset.Charset.forName(encoding)));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}
