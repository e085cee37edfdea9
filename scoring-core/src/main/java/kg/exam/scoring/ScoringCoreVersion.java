package kg.exam.scoring;

/**
 * The version of the scoring semantics, recorded with every stored score so that a re-score can
 * tell whether results may differ. Bump the minor version when a rule changes a score, the major
 * version when the response encoding changes.
 */
public final class ScoringCoreVersion {

  /** {@code "scoring-core/<major>.<minor>.<patch>"}. */
  public static final String VERSION = "scoring-core/1.0.0";

  private ScoringCoreVersion() {}
}
