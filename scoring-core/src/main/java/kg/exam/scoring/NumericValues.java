package kg.exam.scoring;

import java.util.regex.Pattern;

/** Parsing and tolerant comparison of numeric-entry responses. Thread-safe. */
final class NumericValues {

    /** Plain decimals as pupils type them: optional sign (also U+2212), comma or point, optional exponent. */
    private static final Pattern DECIMAL = Pattern.compile("[+\\-\u2212]?(\\d+([.,]\\d*)?|[.,]\\d+)([eE][+\\-]?\\d{1,3})?");

    /** Allowance, in units in the last place, so that a difference on the tolerance boundary (3.51 vs 3.5 ± 0.01) is accepted. */
    private static final double BOUNDARY_ULPS = 4;

    private NumericValues() {
    }

    /**
     * @param text a response or key value
     * @return the value, or NaN when the text is not a plain decimal (NaN, Infinity, hex, thousands separators are refused)
     */
    static double parse(String text) {
        String trimmed = text.strip();
        if (!DECIMAL.matcher(trimmed).matches()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(trimmed.replace(',', '.').replace('\u2212', '-'));
        return Double.isFinite(value) ? value : Double.NaN;
    }

    /**
     * QTI {@code equal} with toleranceMode absolute or relative: accepted when either tolerance admits it,
     * boundaries inclusive.
     */
    static boolean matches(double response, double correct, double absoluteTolerance, double relativeTolerance) {
        double difference = Math.abs(response - correct);
        double allowance = BOUNDARY_ULPS * Math.ulp(Math.max(Math.abs(response), Math.abs(correct)));
        return difference <= absoluteTolerance + allowance
                || difference <= relativeTolerance * Math.abs(correct) + allowance;
    }
}
