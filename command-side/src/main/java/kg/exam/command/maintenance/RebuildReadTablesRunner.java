package kg.exam.command.maintenance;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * Maintenance run: {@code java -jar command-side-…-exec.jar
 * --exam.maintenance.rebuild-read-tables=true} rebuilds the read tables from the events and exits
 * (0 on success) without serving requests.
 */
@Component
@ConditionalOnProperty(name = "exam.maintenance.rebuild-read-tables", havingValue = "true")
class RebuildReadTablesRunner implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(RebuildReadTablesRunner.class);

  private final ReadTableRebuilder rebuilder;
  private final ConfigurableApplicationContext context;

  RebuildReadTablesRunner(ReadTableRebuilder rebuilder, ConfigurableApplicationContext context) {
    this.rebuilder = rebuilder;
    this.context = context;
  }

  @Override
  public void run(ApplicationArguments args) {
    long events = rebuilder.rebuild();
    log.info("Rebuilt exam_version, exam_session and sitting from {} events", events);
    System.exit(SpringApplication.exit(context, () -> 0));
  }
}
