package kg.exam.command;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kg.exam.command.kafka.EmbeddedKafka;
import kg.exam.contract.trust.Ed25519PrivateKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The one-command default: when no {@code spring.datasource.url} is configured, a real PostgreSQL
 * (binaries delivered by Maven) is started on a local port (taken free on the first start and kept,
 * {@link EmbeddedPorts}) over a data directory that survives restarts ({@code exam.data-dir},
 * default {@code .exam-data}); a token secret and the server's signing key ({@code server-key.pem})
 * are made once and kept there; the demo exam is seeded. Unless {@code
 * spring.kafka.bootstrap-servers} is configured (or publication is off), a real Kafka broker
 * ({@link EmbeddedKafka}) is started too, over {@code kafka/} in the same directory. Where both are
 * is written to {@value #ENDPOINTS_FILE} there (mode 600) for the query side. With a configured
 * database nothing of this runs. One command side at a time holds the directory, and a PostgreSQL
 * left running on it by a command side that was killed is stopped first ({@link
 * EmbeddedDataDirectory}).
 */
final class EmbeddedDefaults
    implements ApplicationListener<ApplicationEnvironmentPreparedEvent>,
        ApplicationContextInitializer<ConfigurableApplicationContext> {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDefaults.class);

  /** Where the query side finds the embedded database and broker: {@value #ENDPOINTS_FILE}. */
  public static final String ENDPOINTS_FILE = "embedded-endpoints.properties";

  private EmbeddedDataDirectory directory;
  private EmbeddedPostgres postgres;
  private EmbeddedKafka kafka;
  private Path postgresDir;
  private EmbeddedPorts ports;
  private Path endpointsFile;

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    ConfigurableEnvironment env = event.getEnvironment();
    String url = env.getProperty("spring.datasource.url");
    if (url != null && !url.isBlank()) {
      return;
    }
    Path dataDir = Path.of(env.getProperty("exam.data-dir", ".exam-data")).toAbsolutePath();
    Map<String, Object> defaults = new HashMap<>();
    directory = EmbeddedDataDirectory.lock(dataDir);
    try {
      postgresDir = dataDir.resolve("postgres");
      directory.stopOrphanedPostgres(postgresDir, Duration.ofSeconds(30));
      ports = EmbeddedPorts.in(dataDir);
      log.info(
          "No spring.datasource.url configured: starting embedded PostgreSQL over {}", postgresDir);
      // zonky's defaults are made for throw-away test databases (fsync, synchronous_commit and
      // full_page_writes off); schools lose power, and nothing acknowledged may be lost.
      postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(postgresDir)
              .setPort(ports.port("postgres"))
              .setCleanDataDirectory(false)
              // Stopped by the application context after everything that uses it (see
              // initialize), not by a JVM shutdown hook racing the application's own shutdown.
              .setRegisterShutdownHook(false)
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("full_page_writes", "on")
              .start();
      if (env.getProperty("exam.security.token-secret") == null) {
        defaults.put("exam.security.token-secret", secret(dataDir.resolve("token-secret")));
      }
      if (env.getProperty("exam.trust.server-key-file") == null
          && env.getProperty("exam.trust.server-key-store") == null) {
        defaults.put(
            "exam.trust.server-key-file", serverKey(dataDir.resolve("server-key.pem")).toString());
      }
    } catch (IOException | RuntimeException e) {
      directory.close();
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new UncheckedIOException(
          "cannot start the embedded PostgreSQL in " + dataDir, (IOException) e);
    }
    defaults.put("spring.datasource.url", postgres.getJdbcUrl("postgres", "postgres"));
    defaults.put("spring.datasource.username", "postgres");
    defaults.put("spring.datasource.password", "");
    String bootstrap = env.getProperty("spring.kafka.bootstrap-servers");
    boolean publishing = env.getProperty("exam.kafka.enabled", Boolean.class, true);
    if ((bootstrap == null || bootstrap.isBlank()) && publishing) {
      log.info(
          "No spring.kafka.bootstrap-servers configured: starting embedded Kafka over {}",
          dataDir.resolve("kafka"));
      try {
        kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), ports.port("kafka"));
      } catch (RuntimeException e) {
        try {
          postgres.close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        directory.close();
        throw e;
      }
      bootstrap = kafka.bootstrapServers();
      defaults.put("spring.kafka.bootstrap-servers", bootstrap);
    }
    ports.save();
    endpointsFile = dataDir.resolve(ENDPOINTS_FILE);
    writeEndpoints(endpointsFile, defaults, bootstrap);
    defaults.putIfAbsent("exam.demo.enabled", env.getProperty("exam.demo.enabled", "true"));
    defaults.put("exam.demo.credentials-file", dataDir.resolve("demo-credentials.txt").toString());
    env.getPropertySources().addFirst(new MapPropertySource("embeddedDefaults", defaults));
  }

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    if (postgres == null) {
      return;
    }
    DefaultListableBeanFactory beans = (DefaultListableBeanFactory) context.getBeanFactory();
    beans.registerSingleton("embeddedDataDirectory", directory);
    beans.registerDisposableBean("embeddedDataDirectory", directory::close);
    beans.registerSingleton("embeddedPostgres", postgres);
    beans.registerDisposableBean("embeddedPostgres", postgres::close);
    // The directory's lock is released only once its PostgreSQL has stopped.
    beans.registerDependentBean("embeddedDataDirectory", "embeddedPostgres");
    // Everything that uses the data source goes down before the database does.
    beans.registerDependentBean("embeddedPostgres", "dataSource");
    // A postmaster that dies under us ends this process, for ./run to start both again; the
    // watchdog stops before the database is stopped on purpose.
    EmbeddedDataDirectory.runningPostmaster(postgresDir)
        .ifPresentOrElse(
            postmaster -> {
              PostmasterWatchdog watchdog = PostmasterWatchdog.start(postmaster);
              beans.registerSingleton("embeddedPostgresWatchdog", watchdog);
              beans.registerDisposableBean("embeddedPostgresWatchdog", watchdog::close);
              beans.registerDependentBean("embeddedPostgres", "embeddedPostgresWatchdog");
            },
            () -> log.warn("No postmaster.pid under {}: the database is not watched", postgresDir));
    if (kafka != null) {
      EmbeddedKafka broker = kafka;
      Path endpoints = endpointsFile;
      beans.registerSingleton("embeddedKafka", broker);
      beans.registerDisposableBean(
          "embeddedKafka",
          () -> {
            Files.deleteIfExists(endpoints);
            broker.stop();
          });
      // The publisher closes (its last batch acknowledged or abandoned) before the broker stops.
      beans.registerDependentBean("embeddedKafka", "kafkaEventPublisher");
    }
  }

  /**
   * Writes where the embedded database and broker are, for the query side, into a file only its
   * owner can read (written afresh on every start, removed on a clean stop).
   */
  private static void writeEndpoints(Path file, Map<String, Object> defaults, String bootstrap) {
    Properties endpoints = new Properties();
    for (String key :
        List.of(
            "spring.datasource.url", "spring.datasource.username", "spring.datasource.password")) {
      endpoints.setProperty(key, String.valueOf(defaults.get(key)));
    }
    if (bootstrap != null && !bootstrap.isBlank()) {
      endpoints.setProperty("spring.kafka.bootstrap-servers", bootstrap);
    }
    try {
      Path partial = file.resolveSibling(file.getFileName() + ".new");
      Files.deleteIfExists(partial);
      Files.createFile(partial);
      ownerOnly(partial);
      try (Writer out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
        endpoints.store(
            out, "The command side's embedded PostgreSQL and Kafka, for the query side");
      }
      Files.move(
          partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * The server's Ed25519 signing key (PKCS#8 PEM), made on first start in a file only its owner can
   * read, and reused afterwards.
   */
  private static Path serverKey(Path file) throws IOException {
    if (!Files.exists(file)) {
      String pem = Ed25519PrivateKey.generate(new SecureRandom()).toPem();
      Path partial = file.resolveSibling(file.getFileName() + ".new");
      Files.deleteIfExists(partial);
      Files.createFile(partial);
      ownerOnly(partial);
      Files.writeString(partial, pem, StandardCharsets.US_ASCII);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
      log.info("Generated the server signing key {}", file);
    }
    return file;
  }

  private static void ownerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system; the directory's own protection applies
    }
  }

  /** A 256-bit secret kept in a file only its owner can read, made on first start. */
  private static String secret(Path file) throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    String encoded = Base64.getEncoder().encodeToString(key);
    Files.writeString(file, encoded, StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system; the directory's own protection applies
    }
    return encoded;
  }
}
