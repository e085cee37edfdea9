package kg.exam.query;

import java.util.Arrays;
import kg.exam.query.security.AccountCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The query side: consumes the command side's events from Kafka into projections in its own
 * PostgreSQL schema ({@code query_side}) and serves the dashboards and their JSON/CSV API.
 *
 * <p>Modes: no arguments — run; {@code --rebuild} — empty every projection, move the consumer group
 * back to the start of the topic, then run (see README, "Rebuild"); {@code --create-account=ID
 * --role=ROLE ...} — create a dashboard account and exit.
 */
// Axon is not on the query side's class path, but it is when the command side shares the JVM (the
// end-to-end tests, benchmarks): its auto-configuration must not build an event store here.
// Excluding absent classes is allowed.
@SpringBootApplication(
    excludeName = {
      "org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
      "org.axonframework.springboot.autoconfig.AxonTimeoutAutoConfiguration",
      "org.axonframework.springboot.autoconfig.AxonDbSchedulerAutoConfiguration",
      "org.axonframework.springboot.autoconfig.AxonJobRunrAutoConfiguration",
      "org.axonframework.springboot.autoconfig.AxonServerActuatorAutoConfiguration",
      "org.axonframework.springboot.autoconfig.AxonServerAutoConfiguration",
      "org.axonframework.springboot.autoconfig.AxonServerBusAutoConfiguration",
      "org.axonframework.springboot.autoconfig.AxonTracingAutoConfiguration",
      "org.axonframework.springboot.autoconfig.AvroSerializerAutoConfiguration",
      "org.axonframework.springboot.autoconfig.CBORMapperAutoConfiguration",
      "org.axonframework.springboot.autoconfig.EventProcessingAutoConfiguration",
      "org.axonframework.springboot.autoconfig.InfraConfiguration",
      "org.axonframework.springboot.autoconfig.InterceptorAutoConfiguration",
      "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
      "org.axonframework.springboot.autoconfig.JpaAutoConfiguration",
      "org.axonframework.springboot.autoconfig.JpaEventStoreAutoConfiguration",
      "org.axonframework.springboot.autoconfig.legacyjpa.JpaJavaxAutoConfiguration",
      "org.axonframework.springboot.autoconfig.legacyjpa.JpaJavaxEventStoreAutoConfiguration",
      "org.axonframework.springboot.autoconfig.MetricsAutoConfiguration",
      "org.axonframework.springboot.autoconfig.MicrometerMetricsAutoConfiguration",
      "org.axonframework.springboot.autoconfig.NoOpTransactionAutoConfiguration",
      "org.axonframework.springboot.autoconfig.ObjectMapperAutoConfiguration",
      "org.axonframework.springboot.autoconfig.OpenTelemetryAutoConfiguration",
      "org.axonframework.springboot.autoconfig.SecurityAutoConfiguration",
      "org.axonframework.springboot.autoconfig.TransactionAutoConfiguration",
      "org.axonframework.springboot.autoconfig.UpdateCheckerAutoConfiguration",
      "org.axonframework.springboot.autoconfig.XStreamAutoConfiguration"
    })
@ConfigurationPropertiesScan
public class QuerySideApplication {

  /** The app's Spring configuration file is {@code query-side.yml}. */
  public static final String CONFIG_NAME = "query-side";

  public static void main(String[] args) {
    if (Arrays.stream(args).anyMatch(a -> a.startsWith("--create-account"))) {
      System.exit(createAccount(args));
    }
    application().run(args);
  }

  /**
   * The {@code --create-account} mode: starts without web server and consumers, creates the
   * account, stops; returns the exit code (0 done, 2 bad input).
   */
  public static int createAccount(String[] args) {
    SpringApplication app = application();
    app.setWebApplicationType(WebApplicationType.NONE);
    try (ConfigurableApplicationContext context =
        app.run(concat(args, "--exam.kafka.enabled=false", "--exam.accounts.seed-demo=false"))) {
      return context.getBean(AccountCommand.class).exitCode();
    }
  }

  /** The application as tests and {@link #main} start it: config name and embedded defaults. */
  public static SpringApplication application() {
    SpringApplication app = new SpringApplication(QuerySideApplication.class);
    app.setDefaultProperties(java.util.Map.of("spring.config.name", CONFIG_NAME));
    app.addListeners(new EmbeddedEndpoints());
    return app;
  }

  private static String[] concat(String[] args, String... more) {
    String[] all = Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }
}
