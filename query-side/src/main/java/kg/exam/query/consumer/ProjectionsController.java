package kg.exam.query.consumer;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Projection maintenance for AUDITOR accounts (the URL rule is in the security config). */
@RestController
@RequestMapping("/api/projections")
class ProjectionsController {
  private final ProjectionConsumers consumers;
  private final ConsumerCounters counters;
  private final KafkaSettings settings;

  ProjectionsController(
      ProjectionConsumers consumers, ConsumerCounters counters, KafkaSettings settings) {
    this.consumers = consumers;
    this.counters = counters;
    this.settings = settings;
  }

  record Status(
      String topic,
      String groupId,
      int concurrency,
      boolean consuming,
      int rebuilds,
      Instant lastRebuildAt,
      ConsumerCounters.Snapshot counters) {}

  @Operation(summary = "Read the projections' consumer status and lag")
  @GetMapping("/status")
  Status status() {
    return new Status(
        settings.topic(),
        settings.groupId(),
        settings.concurrency(),
        consumers.running(),
        consumers.rebuilds(),
        consumers.lastRebuildAt(),
        counters.snapshot());
  }

  /**
   * Empties every projection and replays the topic from its start; answers once the tables are
   * empty and the consumers are running again (the replay itself continues in the background).
   */
  @Operation(summary = "Rebuild every projection from the topic")
  @PostMapping("/rebuild")
  @ResponseStatus(HttpStatus.ACCEPTED)
  ProjectionConsumers.RebuildReport rebuild() {
    return consumers.rebuild();
  }
}
