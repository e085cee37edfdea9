package kg.exam.contract.survey;

import java.time.Instant;
import java.util.List;
import kg.exam.contract.session.ExamSessionCommand;

/** Declares (or replaces, until the results are released) the session's sample design. */
public record DeclareSampleDesign(
    String sessionId,
    String replication,
    Double fayFactor,
    List<SurveySchool> schools,
    String declaredBy,
    Instant now)
    implements ExamSessionCommand {}
