package kg.exam.scoring;

import java.util.List;
import java.util.Map;

/** Scores a whole sitting of a form. Stateless and thread-safe. */
public final class FormScorer {

    private FormScorer() {
    }

    /**
     * @param form              the form
     * @param responsesByItemId responses by item id; a missing item is unanswered
     * @return the sitting score; item contributions are {@code score * weight}
     */
    public static SittingScore score(Form form, Map<String, List<String>> responsesByItemId) {
        throw new UnsupportedOperationException("scoring-core API skeleton: implementation follows");
    }
}
