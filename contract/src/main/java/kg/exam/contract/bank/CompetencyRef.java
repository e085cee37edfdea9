package kg.exam.contract.bank;

/**
 * A code of a competency framework, e.g. {@code kg-ict-teachers} / {@code 2.2.3.a}.
 *
 * @param frameworkId the framework
 * @param code a node of it (any depth: an aspect, a competency, a level or an indicator)
 */
public record CompetencyRef(String frameworkId, String code) {
  /** {@code frameworkId:code}, the form searches and reports use. */
  @Override
  public String toString() {
    return frameworkId + ":" + code;
  }
}
