package kg.exam.command.trust;

import kg.exam.command.config.IsolatedCommands;
import kg.exam.contract.appeal.AppealDecided;
import kg.exam.contract.appeal.AppealLodged;
import kg.exam.contract.marking.ScriptAllocated;
import kg.exam.contract.marking.ScriptMarked;
import kg.exam.contract.marking.ScriptRoundReleased;
import kg.exam.contract.sitting.IncidentReported;
import kg.exam.contract.sitting.SealSitting;
import kg.exam.contract.sitting.SittingScored;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Seals every sitting right after it is scored (on hand-in, time-out, or a re-score after a key
 * amendment), and again after an incident reported once it was scored. A streaming processor with
 * its token in the database: a crash between score and seal only delays the seal. A seal that fails
 * is parked with its sitting in the processor's dead-letter queue (and retried), never skipped, and
 * every other sitting is sealed on. Nothing is sealed while trust is off for a benchmark ({@link
 * TrustProperties#enabled()} false).
 */
@Component
@ProcessingGroup(SittingSealingPolicy.GROUP)
class SittingSealingPolicy {
  static final String GROUP = "sitting-sealing";

  private final IsolatedCommands commands;
  private final boolean sealing;

  SittingSealingPolicy(IsolatedCommands commands, TrustProperties trust) {
    this.commands = commands;
    this.sealing = trust.enabled();
  }

  @EventHandler
  void on(SittingScored event) {
    if (sealing) {
      commands.sendAndWait(new SealSitting(event.sittingId()));
    }
  }

  /**
   * An incident reported after the score (a station syncing late) would leave the stream's end
   * unsealed; the sitting seals it again (a no-op for a sitting not scored yet).
   */
  @EventHandler
  void on(IncidentReported event) {
    if (sealing) {
      commands.sendAndWait(new SealSitting(event.sittingId()));
    }
  }

  /** Allocations and marks come after the score; each is sealed (a mark with its resolution). */
  @EventHandler
  void on(ScriptAllocated event) {
    if (sealing) {
      commands.sendAndWait(new SealSitting(event.sittingId()));
    }
  }

  @EventHandler
  void on(ScriptMarked event) {
    if (sealing) {
      commands.sendAndWait(new SealSitting(event.sittingId()));
    }
  }

  @EventHandler
  void on(ScriptRoundReleased event) {
    if (sealing) {
      commands.sendAndWait(new SealSitting(event.sittingId()));
    }
  }

  /** Appeals and their decisions come after the score: each is sealed. */
  @EventHandler
  void on(AppealLodged event) {
    if (sealing) {
      commands.sendAndWait(new SealSitting(event.sittingId()));
    }
  }

  @EventHandler
  void on(AppealDecided event) {
    if (sealing) {
      commands.sendAndWait(new SealSitting(event.sittingId()));
    }
  }

  @Autowired
  void configure(EventProcessingConfigurer processing) {
    processing.registerListenerInvocationErrorHandler(
        GROUP, c -> PropagatingErrorHandler.instance());
  }
}
