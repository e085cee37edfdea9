package kg.exam.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The command side: exams, sessions and sittings on Axon Framework with PostgreSQL. Without a
 * configured {@code spring.datasource.url} it starts its own PostgreSQL (see {@link
 * EmbeddedDefaults}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CommandSideApplication {

  public static void main(String[] args) {
    SpringApplication app = new SpringApplication(CommandSideApplication.class);
    EmbeddedDefaults embedded = new EmbeddedDefaults();
    app.addListeners(embedded);
    app.addInitializers(embedded);
    app.run(args);
  }
}
