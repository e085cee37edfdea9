package kg.exam.contract.survey;

/**
 * One school drawn into a sample survey (query-side/README.md "Sample surveys").
 *
 * @param schoolId the school's code, as candidates are registered with it
 * @param stratum the explicit stratum the school was drawn in, usually {@code
 *     region|locality|language}; non-response is adjusted within it
 * @param selectionProbability the school's probability of selection, in (0, 1]
 * @param enrolled pupils of the target grade at the school
 * @param zone the variance zone (pseudo-stratum) the school is paired into, from 1
 * @param half the school's half of its zone: 1 or 2
 */
public record SurveySchool(
    String schoolId,
    String stratum,
    double selectionProbability,
    int enrolled,
    int zone,
    int half) {}
