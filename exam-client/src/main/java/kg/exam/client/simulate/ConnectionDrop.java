package kg.exam.client.simulate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;

/**
 * A request whose connection is lost before the answer comes back, as on a phone leaving Wi-Fi
 * range: the whole request goes out on a fresh connection, which is then closed without reading a
 * byte. The server may or may not have acted on it; the client cannot know, and must send the same
 * request again (the same clientSeq, so the server stores it at most once).
 */
final class ConnectionDrop {
  private ConnectionDrop() {}

  /** Writes one HTTP/1.1 POST and hangs up. */
  static void postAndHangUp(
      URI base, String path, String bearerToken, byte[] json, Duration connectTimeout) {
    boolean tls = "https".equals(base.getScheme());
    int port = base.getPort() > 0 ? base.getPort() : tls ? 443 : 80;
    try (Socket socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket()) {
      socket.connect(new InetSocketAddress(base.getHost(), port), (int) connectTimeout.toMillis());
      String head =
          "POST "
              + path
              + " HTTP/1.1\r\n"
              + "Host: "
              + base.getHost()
              + ":"
              + port
              + "\r\n"
              + "Authorization: Bearer "
              + bearerToken
              + "\r\n"
              + "Content-Type: application/json\r\n"
              + "Accept: application/json\r\n"
              + "Content-Length: "
              + json.length
              + "\r\n"
              + "Connection: close\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(json);
      out.flush();
      // Closed with nothing unread, so the peer sees an orderly end (FIN) after the request, not a
      // reset that could discard it; its answer then goes nowhere.
    } catch (IOException e) {
      throw new UncheckedIOException("dropped POST " + path + ": " + e.getMessage(), e);
    }
  }
}
