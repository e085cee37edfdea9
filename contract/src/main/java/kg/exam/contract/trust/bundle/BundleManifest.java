package kg.exam.contract.trust.bundle;

import java.time.Instant;
import java.util.Objects;

/**
 * What a bundle holds; its first entry.
 *
 * @param format always {@value AuditBundle#FORMAT}
 * @param scope {@code SITTING} (one sitting) or {@code SESSION} (every sitting of the tree head)
 * @param sessionId the session
 * @param sittingId for scope SITTING the sitting; null for SESSION
 * @param examId the exam of the session
 * @param examVersion its published version
 * @param treeHeadSequence sequence number of the tree head in the session stream, -1 when none
 * @param sittingCount number of sitting entries that follow
 * @param createdAt when the bundle was exported
 */
public record BundleManifest(
    String format,
    String scope,
    String sessionId,
    String sittingId,
    String examId,
    int examVersion,
    long treeHeadSequence,
    long sittingCount,
    Instant createdAt) {

  /** Checks the required fields. */
  public BundleManifest {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(examId, "examId");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
