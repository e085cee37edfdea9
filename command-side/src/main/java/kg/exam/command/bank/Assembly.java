package kg.exam.command.bank;

import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.trust.StreamHeadSigner;
import kg.exam.contract.bank.FormsAssembled;
import kg.exam.contract.bank.RecordAssembly;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * Forms assembled to a blueprint: recorded once, signed, never changed. Exams are then made from
 * its forms ({@code POST /api/bank/assemblies/{id}/forms/{n}/exam-items}).
 */
@Aggregate(commandTargetResolver = "contractCommandTargetResolver")
class Assembly {
  @AggregateIdentifier private String assemblyId;

  Assembly() {
    // for Axon
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  void handle(RecordAssembly command, StreamHeadSigner signer) {
    if (assemblyId != null) {
      throw new RuleViolation(
          ProblemType.ASSEMBLY_ALREADY_EXISTS,
          "Assembly " + command.assemblyId() + " is recorded already.");
    }
    signer.applySigned(
        command.assemblyId(),
        new FormsAssembled(
            command.assemblyId(),
            command.blueprint(),
            command.forms(),
            command.solver(),
            command.assembledBy()));
  }

  @EventSourcingHandler
  void on(FormsAssembled event) {
    assemblyId = event.assemblyId();
  }
}
