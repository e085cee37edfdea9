package kg.exam.contract.survey;

import java.time.Instant;
import java.util.List;

/**
 * The session is a sample survey with this design; a later declaration replaces an earlier one.
 *
 * @param replication {@code JK2} or {@code BRR_FAY}
 * @param fayFactor Fay's k for BRR_FAY (PISA: 0.5); null for JK2
 * @param declaredBy the staff account id (never a name)
 */
public record SampleDesignDeclared(
    String sessionId,
    String replication,
    Double fayFactor,
    List<SurveySchool> schools,
    String declaredBy,
    Instant declaredAt) {}
