package kg.exam.query.consumer;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * {@code --rebuild} on the command line: before consuming, empty every projection and rewind the
 * consumer group to the start of the topic (every other instance must be stopped), then run as
 * usual while the topic replays.
 */
@Component
class RebuildOnStart implements ApplicationRunner {
  private final ProjectionConsumers consumers;

  RebuildOnStart(ProjectionConsumers consumers) {
    this.consumers = consumers;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (args.containsOption("rebuild")) {
      consumers.rebuild();
    }
  }
}
