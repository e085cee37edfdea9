package kg.exam.command.sitting;

import java.time.Instant;

/** Payload of the persistent deadline that times a sitting out. */
public record SittingDeadline(String sittingId, Instant deadline) {
  static final String NAME = "sitting-deadline";
}
