package kg.exam.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The one-command default as {@code ./run} starts it: without any database or Kafka settings the
 * command side brings up its own PostgreSQL and Kafka, tells the query side where they are, and
 * takes them down again when it stops.
 */
class EmbeddedDefaultsTest {

  @TempDir Path dataDir;

  @Test
  void startsPostgresAndKafkaWritesTheirEndpointsForTheQuerySideAndStopsThemWithTheApplication()
      throws Exception {
    SpringApplication application = new SpringApplication(CommandSideApplication.class);
    EmbeddedDefaults embedded = new EmbeddedDefaults();
    application.addListeners(embedded);
    application.addInitializers(embedded);
    Path endpointsFile = dataDir.resolve(EmbeddedDefaults.ENDPOINTS_FILE);
    Properties endpoints = new Properties();
    String bootstrap;
    try (ConfigurableApplicationContext app =
        application.run(
            "--exam.data-dir=" + dataDir,
            "--server.port=0",
            "--exam.demo.enabled=false",
            // the module's test configuration switches publication off for other tests
            "--exam.kafka.enabled=true")) {
      assertThat(Files.getPosixFilePermissions(endpointsFile))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      try (Reader in = Files.newBufferedReader(endpointsFile, StandardCharsets.UTF_8)) {
        endpoints.load(in);
      }
      assertThat(endpoints.stringPropertyNames())
          .containsExactlyInAnyOrder(
              "spring.datasource.url",
              "spring.datasource.username",
              "spring.datasource.password",
              "spring.kafka.bootstrap-servers");
      bootstrap = endpoints.getProperty("spring.kafka.bootstrap-servers");
      assertThat(app.getEnvironment().getProperty("spring.kafka.bootstrap-servers"))
          .isEqualTo(bootstrap);
      assertThat(Files.exists(dataDir.resolve("kafka/meta.properties"))).isTrue();

      // what the query side will do with them: reach the database and the events topic
      try (Connection db =
          DriverManager.getConnection(
              endpoints.getProperty("spring.datasource.url"),
              endpoints.getProperty("spring.datasource.username"),
              endpoints.getProperty("spring.datasource.password"))) {
        assertThat(db.isValid(5)).isTrue();
      }
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        TopicDescription topic =
            admin.describeTopics(Set.of("exam.events")).allTopicNames().get().get("exam.events");
        assertThat(topic.partitions()).hasSize(12);
      }
    }
    assertThat(Files.exists(endpointsFile)).isFalse();
    String[] hostPort = bootstrap.split(":");
    boolean brokerAnswers;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 2000);
      brokerAnswers = true;
    } catch (java.io.IOException e) {
      brokerAnswers = false;
    }
    assertThat(brokerAnswers).as("the broker stopped with the application").isFalse();
  }
}
