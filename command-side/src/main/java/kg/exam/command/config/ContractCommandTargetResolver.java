package kg.exam.command.config;

import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.contract.bank.AssemblyCommand;
import kg.exam.contract.bank.BankItemCommand;
import kg.exam.contract.bank.FrameworkCommand;
import kg.exam.contract.exam.ExamCommand;
import kg.exam.contract.marking.SeedCommand;
import kg.exam.contract.session.ExamSessionCommand;
import kg.exam.contract.sitting.SittingCommand;
import kg.exam.contract.trust.registry.TrustRegistryCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Routes every contract command to its aggregate by the id it names; the contract carries no Axon
 * annotations. Public so that aggregate test fixtures route commands exactly as production does.
 */
public final class ContractCommandTargetResolver implements CommandTargetResolver {

  @Override
  public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
    Object payload = command.getPayload();
    String id;
    if (payload instanceof SittingCommand c) {
      id = c.sittingId();
    } else if (payload instanceof ExamCommand c) {
      id = c.examId();
    } else if (payload instanceof ExamSessionCommand c) {
      id = c.sessionId();
    } else if (payload instanceof SeedCommand c) {
      id = c.seedId();
    } else if (payload instanceof TrustRegistryCommand c) {
      id = c.registryId();
    } else if (payload instanceof BankItemCommand c) {
      id = c.itemId();
    } else if (payload instanceof FrameworkCommand c) {
      id = c.frameworkId();
    } else if (payload instanceof AssemblyCommand c) {
      id = c.assemblyId();
    } else {
      throw new IllegalArgumentException(
          "no aggregate for command " + command.getPayloadType().getName());
    }
    if (id == null || id.isBlank()) {
      // e.g. /api/exams/%20/publish: a blank id names no record (found by the API fuzzer as a 500)
      throw new RuleViolation(ProblemType.NOT_FOUND, "No record has a blank id.");
    }
    return new VersionedAggregateIdentifier((Object) id, null);
  }
}
