package kg.exam.client.audit;

/**
 * The outcome of verifying a bundle.
 *
 * @param failure the first failure, or null when everything holds
 * @param sittingsVerified number of sitting entries checked
 * @param scope {@code SITTING} or {@code SESSION}, as the manifest says (null if unreadable)
 */
public record VerificationReport(Failure failure, int sittingsVerified, String scope) {
  /** Whether everything held. */
  public boolean ok() {
    return failure == null;
  }
}
