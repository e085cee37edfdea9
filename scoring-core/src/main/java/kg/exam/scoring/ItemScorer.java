package kg.exam.scoring;

import java.util.List;
import java.util.Optional;

/**
 * QTI 2.1 response processing for one item. Stateless and thread-safe.
 */
public final class ItemScorer {

    private ItemScorer() {
    }

    /**
     * Scores one response. Never throws on a bad response: it comes back {@link ItemOutcome#MALFORMED}
     * with a one-line {@code detail}.
     *
     * @param item     the item
     * @param response the response values; null or empty means unanswered
     * @return the item score
     */
    public static ItemScore score(Item item, List<String> response) {
        throw new UnsupportedOperationException("scoring-core API skeleton: implementation follows");
    }

    /**
     * @param item     the item
     * @param response the response values
     * @return empty if the response has an acceptable shape, else a one-line human reason
     */
    public static Optional<String> checkResponse(Item item, List<String> response) {
        throw new UnsupportedOperationException("scoring-core API skeleton: implementation follows");
    }

    /**
     * Authoring validation.
     *
     * @param item the item
     * @return problems, one line each; empty when the key is consistent with the type and choices
     */
    public static List<String> checkItem(Item item) {
        throw new UnsupportedOperationException("scoring-core API skeleton: implementation follows");
    }
}
