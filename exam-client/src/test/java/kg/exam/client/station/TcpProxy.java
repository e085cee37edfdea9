package kg.exam.client.station;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The station's link to the command side, for tests: a TCP proxy on a fixed local port that can be
 * cut ({@link #cut()}: the port refuses connections and open ones are dropped) and restored ({@link
 * #restore()}), and can swallow the responses of the next connections (the request reaches the
 * command side, the answer never reaches the station).
 */
public final class TcpProxy implements AutoCloseable {
  private final int targetPort;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger swallowResponses = new AtomicInteger();
  private volatile ServerSocket server;

  public TcpProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      this.port = probe.getLocalPort();
    }
  }

  public int port() {
    return port;
  }

  /** Accepts connections again on the same port. */
  public synchronized void restore() throws IOException {
    if (server != null) {
      return;
    }
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    server = s;
    Thread.ofVirtual().start(() -> accept(s));
  }

  /** Refuses new connections and drops every open one. */
  public synchronized void cut() throws IOException {
    if (server != null) {
      server.close();
      server = null;
    }
    for (Socket s : open) {
      s.close();
    }
    open.clear();
  }

  /** The next {@code n} connections deliver their requests but lose their responses. */
  public void swallowResponsesOfNext(int n) {
    swallowResponses.set(n);
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        open.add(client);
        open.add(upstream);
        boolean swallow = swallowResponses.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        Thread.ofVirtual().start(() -> pump(client, upstream, false));
        Thread.ofVirtual().start(() -> pump(upstream, client, swallow));
      } catch (IOException e) {
        return; // cut
      }
    }
  }

  private void pump(Socket from, Socket to, boolean dropAndClose) {
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (dropAndClose) {
          // the command side has answered: the request was processed; the station never knows
          from.close();
          to.close();
          return;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // closed by cut() or by the other side
    } finally {
      try {
        from.close();
        to.close();
      } catch (IOException e) {
        // already closed
      }
      open.remove(from);
      open.remove(to);
    }
  }

  @Override
  public void close() throws IOException {
    cut();
  }
}
