package kg.exam.contract.exam;

/**
 * From {@code minPercent} (inclusive) of the maximum score upwards the result earns {@code grade}.
 */
public record GradeBoundary(double minPercent, int grade) {}
