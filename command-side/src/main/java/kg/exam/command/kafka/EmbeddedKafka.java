package kg.exam.command.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster in this JVM: one KRaft node that is broker and controller at
 * once, run from the Kafka jars Maven delivers (the same release as the clients). Its data
 * directory is formatted (KRaft storage format) on first use and kept afterwards, so topics,
 * records and consumer offsets survive a restart over the same directory. Listens on {@code
 * 127.0.0.1} only, without authentication: for the embedded default and for tests, never for
 * production (use an external cluster there).
 *
 * <p>Every append is flushed to disk before it is acknowledged ({@code log.flush.interval.messages
 * = 1}): with a single replica that is the only protection of an acknowledged record against a
 * power cut. Records are kept forever ({@code log.retention.ms = -1}), so projections can be
 * rebuilt from the beginning of a topic.
 *
 * <pre>{@code
 * EmbeddedKafka kafka = EmbeddedKafka.start(Path.of(".exam-data/kafka"));
 * String bootstrap = kafka.bootstrapServers(); // e.g. "127.0.0.1:41234"
 * kafka.stop();
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;

  private final Path dataDir;
  private final int port;
  private KafkaRaftServer server;

  private EmbeddedKafka(Path dataDir, int port, KafkaRaftServer server) {
    this.dataDir = dataDir;
    this.port = port;
    this.server = server;
  }

  /** Starts a node over {@code dataDir} (created and formatted if new) on a free port. */
  public static EmbeddedKafka start(Path dataDir) {
    return start(dataDir, 0);
  }

  /**
   * Starts a node over {@code dataDir} (created and formatted if new) listening for clients on
   * {@code port}, or on a free port when it is 0. Restarting over the same directory and port is
   * how tests take the broker away and bring it back.
   *
   * @throws IllegalStateException when the node cannot start (e.g. the port is taken)
   */
  public static EmbeddedKafka start(Path dataDir, int port) {
    Path dir = dataDir.toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Kafka data directory " + dir, e);
    }
    int clientPort = port == 0 ? freePort() : port;
    // The OS may hand back the port it just gave for the client listener (free again once the
    // probe socket closed, or because a restarted broker released it): Kafka then refuses two
    // listeners on one port (seen in CI), so the controller takes another.
    int controllerPort = freePort();
    while (controllerPort == clientPort) {
      controllerPort = freePort();
    }
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    props.put("controller.listener.names", "CONTROLLER");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    // A static single-voter quorum: the controller's address is configuration, not stored in the
    // metadata log, so a restart may take other free ports.
    props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    props.put("log.dirs", dir.toString());
    props.put("num.partitions", "1");
    props.put("default.replication.factor", "1");
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "5");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("log.flush.interval.messages", "1");
    props.put("log.retention.ms", "-1");
    props.put("num.network.threads", "2");
    props.put("num.io.threads", "2");
    props.put("num.recovery.threads.per.data.dir", "1");
    KafkaConfig config = KafkaConfig.fromProps(props, false);
    formatIfNew(dir, config);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      try {
        server.shutdown();
        server.awaitShutdown();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IllegalStateException(
          "cannot start the embedded Kafka on " + HOST + ":" + clientPort + " over " + dir, e);
    }
    EmbeddedKafka kafka = new EmbeddedKafka(dir, clientPort, server);
    log.info("Embedded Kafka (KRaft) at {} over {}", kafka.bootstrapServers(), dir);
    return kafka;
  }

  /** Writes the KRaft storage format (cluster id, node id, bootstrap metadata) on first use. */
  private static void formatIfNew(Path dir, KafkaConfig config) {
    if (Files.exists(dir.resolve("meta.properties"))) {
      return;
    }
    Formatter formatter =
        new Formatter()
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
            .setNodeId(NODE_ID)
            .setClusterId(Uuid.randomUuid().toString())
            .setIgnoreFormatted(true)
            .setControllerListenerName("CONTROLLER")
            .setMetadataLogDirectory(config.metadataLogDir())
            .addDirectory(dir.toString());
    try {
      formatter.run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format the Kafka data directory " + dir, e);
    }
    log.info("Formatted a new Kafka data directory {}", dir);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free local port", e);
    }
  }

  /** {@code host:port} for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /** The port clients connect to. */
  public int port() {
    return port;
  }

  /** The data directory (absolute). */
  public Path dataDir() {
    return dataDir;
  }

  /** Whether the node runs (not yet stopped). */
  public synchronized boolean running() {
    return server != null;
  }

  /** Shuts the node down cleanly (flushes and closes its logs); a second call does nothing. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    server.shutdown();
    server.awaitShutdown();
    server = null;
    log.info("Embedded Kafka at {} stopped", bootstrapServers());
  }

  @Override
  public void close() {
    stop();
  }
}
