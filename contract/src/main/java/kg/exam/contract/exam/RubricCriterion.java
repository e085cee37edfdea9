package kg.exam.contract.exam;

/** A criterion a human marker scores an extended-text answer against. */
public record RubricCriterion(String criterionId, String description, double maxPoints) {}
