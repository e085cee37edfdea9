package kg.exam.contract.session;

import java.time.Instant;
import java.util.List;

/**
 * Records a signed tree head over the session's sealed sittings (built and signed by the server).
 */
public record PublishSessionTreeHead(
    String sessionId,
    List<TreeLeaf> leaves,
    String rootHash,
    String keyId,
    Instant publishedAt,
    String publishedBy,
    String signature)
    implements ExamSessionCommand {}
