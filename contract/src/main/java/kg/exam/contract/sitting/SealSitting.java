package kg.exam.contract.sitting;

/**
 * Asks the server to seal a scored sitting: sign its stream head and score. Does nothing when the
 * latest score is already sealed.
 */
public record SealSitting(String sittingId) implements SittingCommand {}
