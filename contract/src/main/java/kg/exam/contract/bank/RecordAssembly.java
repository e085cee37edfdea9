package kg.exam.contract.bank;

import java.util.List;

/** Records forms the solver assembled to a blueprint, with its result. */
public record RecordAssembly(
    String assemblyId,
    Blueprint blueprint,
    List<FormsAssembled.Form> forms,
    FormsAssembled.SolverResult solver,
    String assembledBy)
    implements AssemblyCommand {}
