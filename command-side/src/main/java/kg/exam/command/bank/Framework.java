package kg.exam.command.bank;

import kg.exam.command.trust.StreamHeadSigner;
import kg.exam.contract.bank.FrameworkDefinition;
import kg.exam.contract.bank.FrameworkPublished;
import kg.exam.contract.bank.PublishFramework;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A competency framework (e.g. the teachers' ICT framework): data, published in versions, each
 * keeping every code of the one before so that items' codes stay valid.
 */
@Aggregate(commandTargetResolver = "contractCommandTargetResolver")
class Framework {
  @AggregateIdentifier private String frameworkId;
  private int version;
  private FrameworkDefinition current;

  Framework() {
    // for Axon
  }

  @CommandHandler
  @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
  int handle(PublishFramework command, StreamHeadSigner signer) {
    BankRules.check(command.definition(), current);
    int next = version + 1;
    signer.applySigned(
        command.frameworkId(),
        new FrameworkPublished(
            command.frameworkId(), next, command.definition(), command.publishedBy()));
    return next;
  }

  @EventSourcingHandler
  void on(FrameworkPublished event) {
    frameworkId = event.frameworkId();
    version = event.version();
    current = event.definition();
  }
}
