package kg.exam.query;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The embedded default: when no {@code spring.datasource.url} is configured, the PostgreSQL and
 * Kafka endpoints the command side started are read from {@code
 * ${exam.data-dir}/embedded-endpoints.properties} (written by the command side, mode 600), demo
 * accounts are seeded and their passwords written to {@code dashboard-credentials.txt} beside it.
 * The query side uses its own schema in that database. With a configured database nothing of this
 * runs.
 */
final class EmbeddedEndpoints implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedEndpoints.class);
  static final String FILE_NAME = "embedded-endpoints.properties";

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    ConfigurableEnvironment env = event.getEnvironment();
    String url = env.getProperty("spring.datasource.url");
    if (url != null && !url.isBlank()) {
      return;
    }
    Path dataDir = Path.of(env.getProperty("exam.data-dir", ".exam-data")).toAbsolutePath();
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.isReadable(file)) {
      throw new IllegalStateException(
          "No spring.datasource.url configured and no "
              + file
              + ": start the command side first (./run does), or configure PostgreSQL and Kafka"
              + " (spring.datasource.*, spring.kafka.bootstrap-servers).");
    }
    Properties endpoints = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      endpoints.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    Map<String, Object> defaults = new HashMap<>();
    for (String key :
        new String[] {
          "spring.datasource.url",
          "spring.datasource.username",
          "spring.datasource.password",
          "spring.kafka.bootstrap-servers"
        }) {
      String value = endpoints.getProperty(key);
      if (value == null) {
        throw new IllegalStateException(file + " names no " + key);
      }
      if (env.getProperty(key) == null || key.startsWith("spring.datasource")) {
        defaults.put(key, value);
      }
    }
    defaults.put("exam.accounts.seed-demo", env.getProperty("exam.accounts.seed-demo", "true"));
    defaults.put(
        "exam.accounts.credentials-file", dataDir.resolve("dashboard-credentials.txt").toString());
    log.info("No spring.datasource.url configured: using the embedded endpoints in {}", file);
    env.getPropertySources().addFirst(new MapPropertySource("embeddedEndpoints", defaults));
  }
}
