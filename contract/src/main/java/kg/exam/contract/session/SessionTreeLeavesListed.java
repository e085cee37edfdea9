package kg.exam.contract.session;

import java.util.ArrayList;
import java.util.List;

/**
 * One batch of the leaves of a session tree head ({@value SessionTreeHeadPublished#SCHEME}): leaves
 * {@code firstLeaf .. firstLeaf + leaves.size() - 1}, in leaf order. The batches are recorded on
 * the session's stream, batch 0 first, immediately before the head that counts them ({@code
 * leafBatches}) and pins them ({@code leavesSha256}).
 *
 * @param sessionId the session
 * @param batch 0-based index of this batch
 * @param firstLeaf the leaf index of the first leaf listed
 * @param leaves 1 to {@value #MAX_LEAVES} leaves
 */
public record SessionTreeLeavesListed(
    String sessionId, int batch, int firstLeaf, List<TreeLeaf> leaves) {

  /** The most leaves one batch lists (about 60 KB of JSON). */
  public static final int MAX_LEAVES = 1_000;

  /** Copies the list; a missing list is empty. */
  public SessionTreeLeavesListed {
    leaves = leaves == null ? List.of() : List.copyOf(leaves);
  }

  /** How many batches list {@code leaves} leaves. */
  public static int batchCount(int leaves) {
    return (leaves + MAX_LEAVES - 1) / MAX_LEAVES;
  }

  /** The leaves cut into batches of {@value #MAX_LEAVES}, in order. */
  public static List<SessionTreeLeavesListed> batches(String sessionId, List<TreeLeaf> leaves) {
    List<SessionTreeLeavesListed> batches = new ArrayList<>(batchCount(leaves.size()));
    for (int first = 0; first < leaves.size(); first += MAX_LEAVES) {
      batches.add(
          new SessionTreeLeavesListed(
              sessionId,
              batches.size(),
              first,
              leaves.subList(first, Math.min(leaves.size(), first + MAX_LEAVES))));
    }
    return batches;
  }

  /**
   * The leaves the batches list, or null unless they are numbered 0, 1, … of this session, each
   * non-empty and starting where the previous one ended.
   */
  public static List<TreeLeaf> joined(String sessionId, List<SessionTreeLeavesListed> batches) {
    List<TreeLeaf> leaves = new ArrayList<>();
    for (int b = 0; b < batches.size(); b++) {
      SessionTreeLeavesListed batch = batches.get(b);
      if (!sessionId.equals(batch.sessionId())
          || batch.batch() != b
          || batch.firstLeaf() != leaves.size()
          || batch.leaves().isEmpty()
          || batch.leaves().size() > MAX_LEAVES) {
        return null;
      }
      leaves.addAll(batch.leaves());
    }
    return leaves;
  }
}
