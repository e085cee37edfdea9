package kg.exam.scoring.survey;

/**
 * One school drawn into a sample survey.
 *
 * @param schoolId the school's code
 * @param stratum the explicit stratum it was drawn in (e.g. {@code region|locality|language});
 *     non-response is adjusted within it
 * @param selectionProbability the school's probability of selection, in (0, 1]
 * @param enrolled pupils of the target grade at the school (its measure of size), at least 1
 * @param zone the variance zone (pseudo-stratum) the school was paired into
 * @param half 1 or 2: the school's half of its zone
 */
public record SampledSchool(
    String schoolId,
    String stratum,
    double selectionProbability,
    int enrolled,
    int zone,
    int half) {}
