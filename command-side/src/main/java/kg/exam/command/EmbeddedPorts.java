package kg.exam.command;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ports of the embedded PostgreSQL and Kafka, kept in the data directory ({@value #FILE}) so
 * that a restarted command side starts them where they were: the query side's connection pool and
 * Kafka consumers, still pointing there, then reconnect by themselves. Before, every restart took
 * new free ports and the dashboards stalled until they were restarted by hand (found by the chaos
 * run). A kept port that another process took meanwhile is replaced by a free one, with a warning;
 * {@code ./run} restarts the query side when the endpoints it was started with changed.
 */
final class EmbeddedPorts {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPorts.class);

  /** The file in the data directory. */
  static final String FILE = "embedded-ports.properties";

  private final Path file;
  private final Properties ports = new Properties();

  private EmbeddedPorts(Path file) {
    this.file = file;
  }

  /** The ports kept in {@code dataDir} (none on a first start). */
  static EmbeddedPorts in(Path dataDir) {
    EmbeddedPorts kept = new EmbeddedPorts(dataDir.resolve(FILE));
    if (Files.exists(kept.file)) {
      try (Reader in = Files.newBufferedReader(kept.file, StandardCharsets.UTF_8)) {
        kept.ports.load(in);
      } catch (IOException | IllegalArgumentException e) {
        log.warn("cannot read {} ({}); taking new ports", kept.file, e.getMessage());
        kept.ports.clear();
      }
    }
    return kept;
  }

  /**
   * The kept port of {@code service} when it is free now, else a free one (kept from now on once
   * {@link #save()}d).
   */
  int port(String service) {
    String value = ports.getProperty(service);
    if (value != null) {
      try {
        int port = Integer.parseInt(value.strip());
        if (port > 0 && port < 65536 && free(port)) {
          return port;
        }
        log.warn(
            "the {} port {} kept in {} is taken by another process; taking a free one (the"
                + " dashboards must be restarted to find it: ./run does that)",
            service,
            port,
            file);
      } catch (NumberFormatException e) {
        log.warn("the {} port '{}' in {} is not a number; taking a free one", service, value, file);
      }
    }
    int port = freePort();
    ports.setProperty(service, Integer.toString(port));
    return port;
  }

  /** Keeps the ports for the next start. */
  void save() {
    try {
      Path partial = file.resolveSibling(file.getFileName() + ".new");
      try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
        ports.store(out, "Ports of the embedded PostgreSQL and Kafka, reused on every start");
      }
      Files.move(
          partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free local port", e);
    }
  }
}
