package kg.exam.command.marking;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.contract.marking.AddSeedScript;
import kg.exam.contract.marking.AllocateSeed;
import kg.exam.contract.marking.MarkSeed;
import kg.exam.contract.marking.SeedAllocated;
import kg.exam.contract.marking.SeedMarked;
import kg.exam.contract.marking.SeedScriptAdded;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A seeded script: an answer with a definitive mark that markers get unseen among their scripts.
 * Each marker gets it at most once; their mark is recorded with its difference from the definitive
 * mark, which the marking monitor turns into each marker's seed accuracy.
 */
@Aggregate(commandTargetResolver = "contractCommandTargetResolver")
class MarkingSeed {
  @AggregateIdentifier private String seedId;
  private double definitiveTotal;
  private double rubricMax;
  private final Set<String> allocated = new HashSet<>();
  private final Set<String> marked = new HashSet<>();

  MarkingSeed() {
    // for Axon
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  void handle(AddSeedScript command) {
    if (seedId != null) {
      throw new RuleViolation(ProblemType.INVALID_REQUEST, "Seed " + seedId + " exists.");
    }
    List<String> response = command.response() == null ? List.of() : command.response();
    if (response.isEmpty() || response.stream().allMatch(r -> r == null || r.isBlank())) {
      throw new RuleViolation(ProblemType.INVALID_REQUEST, "A seeded script needs an answer.");
    }
    double total =
        RubricMarks.total(
            command.rubric(),
            command.definitiveScores(),
            command.rubricMax(),
            command.keyVersion(),
            null);
    apply(
        new SeedScriptAdded(
            command.seedId(),
            command.sessionId(),
            command.itemId(),
            response,
            command.definitiveScores(),
            total,
            command.rubricMax(),
            command.keyVersion(),
            command.addedBy(),
            command.now()));
  }

  @CommandHandler
  void handle(AllocateSeed command) {
    if (allocated.contains(command.markerId())) {
      throw new RuleViolation(
          ProblemType.MARKER_ALREADY_ON_SCRIPT,
          "Marker " + command.markerId() + " had seed " + seedId + " already.");
    }
    apply(new SeedAllocated(seedId, command.markerId(), command.now()));
  }

  @CommandHandler
  void handle(MarkSeed command) {
    if (!allocated.contains(command.markerId()) || marked.contains(command.markerId())) {
      throw new RuleViolation(
          ProblemType.SCRIPT_NOT_ALLOCATED,
          "Script "
              + seedId
              + " is not allocated to marker "
              + command.markerId()
              + " for a mark.");
    }
    double total =
        RubricMarks.total(
            command.rubric(),
            command.criterionScores(),
            rubricMax,
            command.keyVersion(),
            command.comment());
    apply(
        new SeedMarked(
            seedId,
            command.markerId(),
            Map.copyOf(command.criterionScores()),
            total,
            definitiveTotal,
            total - definitiveTotal,
            command.now()));
  }

  @EventSourcingHandler
  void on(SeedScriptAdded event) {
    seedId = event.seedId();
    definitiveTotal = event.definitiveTotal();
    rubricMax = event.rubricMax();
  }

  @EventSourcingHandler
  void on(SeedAllocated event) {
    allocated.add(event.markerId());
  }

  @EventSourcingHandler
  void on(SeedMarked event) {
    marked.add(event.markerId());
  }
}
