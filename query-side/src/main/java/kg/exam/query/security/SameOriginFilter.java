package kg.exam.query.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import kg.exam.query.problem.ProblemType;
import kg.exam.query.problem.ProblemWriter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The Origin check in front of the CSRF token: a state-changing request (anything but GET, HEAD,
 * OPTIONS, TRACE) that does not carry its own Basic credentials is refused with {@code 403
 * forbidden} when its {@code Origin} (or, without one, its {@code Referer}) names another host than
 * the one it was sent to. Browsers send {@code Origin} on every cross-site POST, so a form or
 * script on another site cannot sign a user in (login CSRF), sign them out or start a rebuild, even
 * with a cookie it managed to plant. A request with neither header (a non-browser client) is left
 * to the CSRF token check.
 */
final class SameOriginFilter extends OncePerRequestFilter {
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (SAFE.contains(request.getMethod()) || hasBasicCredentials(request)) {
      chain.doFilter(request, response);
      return;
    }
    String claimed = request.getHeader("Origin");
    if (claimed == null) {
      claimed = request.getHeader("Referer");
    }
    if (claimed != null && !sameHost(claimed, request)) {
      ProblemWriter.write(
          response,
          ProblemType.FORBIDDEN,
          "A change to the dashboards may only come from their own pages (the request's Origin"
              + " is another site).");
      return;
    }
    chain.doFilter(request, response);
  }

  private static boolean hasBasicCredentials(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    return header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
  }

  /**
   * Whether the URL names the host the request was sent to (its {@code Host} header) and, when that
   * header names a port, the same port. (Behind a TLS-terminating proxy the scheme and the default
   * port seen here differ from the browser's, so they are not compared.)
   */
  static boolean sameHost(String url, HttpServletRequest request) {
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (uri.getHost() == null || uri.getScheme() == null) {
      return false; // "null" and other opaque origins
    }
    String hostHeader = request.getHeader("Host");
    if (hostHeader == null) {
      return false;
    }
    URI target;
    try {
      target = URI.create("http://" + hostHeader.trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (target.getHost() == null || !uri.getHost().equalsIgnoreCase(target.getHost())) {
      return false;
    }
    if (target.getPort() < 0) {
      return true;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return port == target.getPort();
  }
}
