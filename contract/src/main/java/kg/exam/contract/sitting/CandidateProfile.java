package kg.exam.contract.sitting;

/**
 * The categorical attributes of a candidate needed for equity monitoring. Never a name or other
 * direct identifier.
 *
 * @param region oblast or city code, e.g. CHUY, BISHKEK
 * @param district district (район) code
 * @param schoolId school code
 * @param locality URBAN or RURAL
 * @param instructionLanguage language of instruction: ky, ru, uz, tg
 * @param gender F, M or X (not stated)
 * @param grade school grade, 1..12
 */
public record CandidateProfile(
    String region,
    String district,
    String schoolId,
    String locality,
    String instructionLanguage,
    String gender,
    int grade) {}
