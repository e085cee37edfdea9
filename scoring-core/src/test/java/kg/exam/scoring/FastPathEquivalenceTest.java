package kg.exam.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The hand-written fast paths must agree with the specification they replace, on seeded random input. */
class FastPathEquivalenceTest {

    private static final int CASES_PER_SEED = 2_000;

    static Stream<Long> seeds() {
        return IntStream.range(0, 10).mapToObj(i -> 0xFA57_0000L + i);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldNormaliseComposedTextAsTheGeneralPathDoes(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < CASES_PER_SEED; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(10);
            for (int k = 0; k < length; k++) {
                text.append(random.nextBoolean() ? (char) random.nextInt(0x300) : (char) (0x400 + random.nextInt(0x100)));
            }
            String input = text.toString();
            if (!TextNormalizer.isAlreadyComposed(input)) {
                continue;
            }
            boolean caseSensitive = random.nextBoolean();
            boolean kyrgyz = random.nextBoolean();

            assertThat(TextNormalizer.normalizeComposed(input, caseSensitive, kyrgyz)).as("text %s", input)
                    .isEqualTo(TextNormalizer.normalizeAnyText(input, caseSensitive, kyrgyz));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldAcceptExactlyTheDecimalsTheGrammarAccepts(long seed) {
        Random random = new Random(seed);
        String alphabet = "0123456789.,+-\u2212eE x";
        for (int i = 0; i < CASES_PER_SEED; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(8);
            for (int k = 0; k < length; k++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String input = text.toString();

            assertThat(NumericValues.isPlainDecimal(input)).as("text '%s'", input).isEqualTo(NumericValues.DECIMAL.matcher(input).matches());
        }
    }
}
