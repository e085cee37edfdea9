package kg.exam.contract.trust;

import java.util.Objects;

/**
 * The outcome of verifying a hash chain: intact, or broken at a position with a reason.
 *
 * @param intact whether every link (and the head, when one was given) checked out
 * @param brokenIndex the 0-based index in the verified list of the first link that does not check
 *     out (equal to the list size when links are missing at the end); -1 when intact
 * @param reason a human-readable reason naming what did not match; empty when intact
 */
public record ChainVerification(boolean intact, int brokenIndex, String reason) {

  private static final ChainVerification INTACT = new ChainVerification(true, -1, "");

  /** Checks that an intact result has no position and a broken one has a position and reason. */
  public ChainVerification {
    Objects.requireNonNull(reason, "reason");
    if (intact && (brokenIndex != -1 || !reason.isEmpty())) {
      throw new IllegalArgumentException(
          "an intact chain has no broken position: brokenIndex="
              + brokenIndex
              + ", reason="
              + reason);
    }
    if (!intact && (brokenIndex < 0 || reason.isEmpty())) {
      throw new IllegalArgumentException(
          "a broken chain needs a position and reason: brokenIndex="
              + brokenIndex
              + ", reason="
              + reason);
    }
  }

  /** The result for an intact chain. */
  public static ChainVerification intactChain() {
    return INTACT;
  }

  /** The result for a chain broken at {@code index}. */
  public static ChainVerification brokenAt(int index, String reason) {
    return new ChainVerification(false, index, reason);
  }
}
