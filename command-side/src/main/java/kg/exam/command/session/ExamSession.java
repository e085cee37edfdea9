package kg.exam.command.session;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.contract.session.CloseExamSession;
import kg.exam.contract.session.ExamSessionClosed;
import kg.exam.contract.session.ExamSessionOpened;
import kg.exam.contract.session.OpenExamSession;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/** An exam session: one published exam version offered at a centre for a window of time. */
@Aggregate(commandTargetResolver = "contractCommandTargetResolver")
class ExamSession {
  @AggregateIdentifier private String sessionId;
  private boolean closed;
  private Instant closedAt;

  ExamSession() {
    // for Axon
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  void handle(OpenExamSession command) {
    if (sessionId != null) {
      throw new RuleViolation(
          ProblemType.SESSION_ALREADY_EXISTS,
          "Session " + command.sessionId() + " already exists.");
    }
    if (command.opensAt() == null
        || command.closesAt() == null
        || !command.opensAt().isBefore(command.closesAt())) {
      throw new RuleViolation(ProblemType.INVALID_SESSION, "opensAt must be before closesAt.");
    }
    if (command.centreId() == null || command.centreId().isBlank()) {
      throw new RuleViolation(ProblemType.INVALID_SESSION, "centreId is required.");
    }
    apply(
        new ExamSessionOpened(
            command.sessionId(),
            command.examId(),
            command.examVersion(),
            command.centreId(),
            command.schoolId(),
            command.opensAt(),
            command.closesAt(),
            command.openedBy()));
  }

  @CommandHandler
  void handle(CloseExamSession command) {
    if (closed) {
      throw new RuleViolation(
          ProblemType.SESSION_CLOSED, "Session " + sessionId + " was closed at " + closedAt + ".");
    }
    apply(
        new ExamSessionClosed(sessionId, command.closedAt(), command.reason(), command.closedBy()));
  }

  @EventSourcingHandler
  void on(ExamSessionOpened event) {
    sessionId = event.sessionId();
  }

  @EventSourcingHandler
  void on(ExamSessionClosed event) {
    closed = true;
    closedAt = event.closedAt();
  }
}
