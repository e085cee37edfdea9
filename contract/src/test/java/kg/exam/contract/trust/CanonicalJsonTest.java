package kg.exam.contract.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalJsonTest {

  static Stream<Arguments> appendixBNumbers() {
    return numberLines("jcs/numbers.txt").filter(arguments -> !"error".equals(arguments.get()[1]));
  }

  static Stream<Arguments> randomNumbers() {
    return numberLines("jcs/numbers-random.txt");
  }

  private static Stream<Arguments> numberLines(String path) {
    return TestResources.dataLines(path).stream()
        .map(line -> line.split(" ", 2))
        .map(parts -> Arguments.of(parts[0], parts[1]));
  }

  static Stream<String> documentVectors() {
    return Stream.of("rfc8785-main", "rfc8785-sorting", "kyrgyz-text", "escapes", "nested");
  }

  private static double fromBits(String hex) {
    return Double.longBitsToDouble(HexFormat.fromHexDigitsToLong(hex));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("appendixBNumbers")
  void shouldSerialiseEveryFiniteNumberOfRfc8785AppendixB(String bitsHex, String expected) {
    assertThat(CanonicalJson.canonicalString(JsonValue.of(fromBits(bitsHex)))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("randomNumbers")
  void shouldSerialiseRandomDoublesAsEcmaScriptDoes(String bitsHex, String expected) {
    assertThat(CanonicalJson.formatNumber(fromBits(bitsHex))).isEqualTo(expected);
  }

  @Test
  void shouldRefuseNanAndInfinitiesOfRfc8785AppendixB() {
    TestResources.dataLines("jcs/numbers.txt").stream()
        .map(line -> line.split(" ", 2))
        .filter(parts -> parts[1].equals("error"))
        .forEach(
            parts ->
                assertThatThrownBy(() -> JsonValue.of(fromBits(parts[0])))
                    .as(parts[0])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("value="));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documentVectors")
  void shouldProduceTheCheckedInCanonicalBytes(String vector) {
    byte[] input = TestResources.bytes("jcs/" + vector + ".input.json");
    byte[] expected = TestResources.bytes("jcs/" + vector + ".expected.json");

    assertThat(CanonicalJson.canonicalBytes(CanonicalJson.parse(input))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documentVectors")
  void shouldLeaveCanonicalBytesUnchangedWhenCanonicalisedAgain(String vector) {
    byte[] expected = TestResources.bytes("jcs/" + vector + ".expected.json");

    assertThat(CanonicalJson.canonicalBytes(CanonicalJson.parse(expected))).isEqualTo(expected);
  }

  @Test
  void shouldSortMemberNamesByUtf16CodeUnitsNotCodePoints() {
    // U+1F600 is D83D DE00 in UTF-16, so it sorts before U+FB33 although its code point is larger.
    JsonValue object =
        JsonValue.JsonObject.of(Map.of("\uFB33", JsonValue.of(1), "\uD83D\uDE00", JsonValue.of(2)));

    assertThat(CanonicalJson.canonicalString(object))
        .isEqualTo("{\"\uD83D\uDE00\":2,\"\uFB33\":1}");
  }

  @Test
  void shouldWriteKyrgyzLettersAsUtf8NotAsEscapes() {
    byte[] bytes = CanonicalJson.canonicalize("\"\\u04a3\\u04e9\\u04af\"");

    assertThat(bytes).isEqualTo("\"ңөү\"".getBytes(StandardCharsets.UTF_8));
    assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("22d2a3d3a9d2af22");
  }

  @Test
  void shouldEscapeControlCharactersWithLowerCaseHex() {
    assertThat(CanonicalJson.canonicalString(JsonValue.of("\u0001\u001f\u007f")))
        .isEqualTo("\"\\u0001\\u001f\u007f\"");
  }

  @Test
  void shouldSerialiseNegativeZeroAsZero() {
    assertThat(CanonicalJson.canonicalString(JsonValue.of(-0.0))).isEqualTo("0");
  }

  @Test
  void shouldCanonicaliseEqualValuesWrittenDifferentlyToEqualBytes() {
    byte[] compact = CanonicalJson.canonicalize("{\"b\":[1e2,\"\\u0041\"],\"a\":{}}");
    byte[] spaced = CanonicalJson.canonicalize(" { \"a\" : { } ,\n \"b\" : [ 100.0 , \"A\" ] } ");

    assertThat(spaced).isEqualTo(compact);
  }

  @Test
  void shouldRefuseDuplicateMemberNames() {
    assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":1,\"b\":2,\"a\":3}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate member name \"a\"")
        .hasMessageContaining("offset=13");
  }

  @Test
  void shouldRefuseDuplicateMemberNamesThatDifferOnlyInEscaping() {
    assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":1,\"\\u0061\":2}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate member name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"\\ud800\"", "\"\\udc00x\"", "\"\\ude00\\ud83d\"", "{\"\\ud83d\":1}"})
  void shouldRefuseEscapedLoneSurrogates(String json) {
    assertThatThrownBy(() -> CanonicalJson.parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lone surrogate");
  }

  @Test
  void shouldRefuseRawLoneSurrogateInTheModel() {
    assertThatThrownBy(() -> JsonValue.of("a\uD800"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index=1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e309", "-1e309", "[1.8e308]", "{\"x\":123456789e301}"})
  void shouldRefuseNumbersOutsideTheDoubleRange(String json) {
    assertThatThrownBy(() -> CanonicalJson.parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the IEEE 754 double range");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "01",
        "1.",
        ".5",
        "+1",
        "-",
        "1e",
        "NaN",
        "Infinity",
        "[1,]",
        "{\"a\":1,}",
        "{a:1}",
        "'a'",
        "\"a",
        "\"\\x\"",
        "\"tab\there\"",
        "[1] [2]",
        "tru",
        "nulll",
        "[",
        "{\"a\" 1}"
      })
  void shouldRefuseTextThatIsNotJson(String json) {
    assertThatThrownBy(() -> CanonicalJson.parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid JSON");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "12345678901234567890",
        "9007199254740993",
        "333333333.33333329",
        "1732260000.123456789",
        "[0.10000000000000000001]"
      })
  void shouldRefuseInExactModeNumbersThatADoubleCannotHold(String json) {
    assertThatThrownBy(() -> CanonicalJson.parseExact(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("would lose precision");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.1", "4.50", "1E30", "-0", "9007199254740992", "5e-324", "1e-7"})
  void shouldAcceptInExactModeNumbersThatSurviveAsDoubles(String json) {
    assertThat(CanonicalJson.canonicalizeExact(json)).isEqualTo(CanonicalJson.canonicalize(json));
  }

  @Test
  void shouldRefuseMalformedUtf8() {
    byte[] overlongSlash = {'"', (byte) 0xC0, (byte) 0xAF, '"'};

    assertThatThrownBy(() -> CanonicalJson.parse(overlongSlash))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed UTF-8");
  }

  @Test
  void shouldRefuseByteOrderMark() {
    byte[] withBom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1'};

    assertThatThrownBy(() -> CanonicalJson.parse(withBom))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRefuseNestingDeeperThanTheLimit() {
    String atLimit =
        "[".repeat(CanonicalJson.MAX_NESTING_DEPTH) + "]".repeat(CanonicalJson.MAX_NESTING_DEPTH);
    String beyond = "[" + atLimit + "]";

    assertThat(CanonicalJson.parse(atLimit)).isInstanceOf(JsonValue.JsonArray.class);
    assertThatThrownBy(() -> CanonicalJson.parse(beyond))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nesting deeper than " + CanonicalJson.MAX_NESTING_DEPTH);
  }

  @Test
  void shouldNotBeChangedByLaterChangesToTheSourceMap() {
    Map<String, JsonValue> source = new LinkedHashMap<>();
    source.put("a", JsonValue.TRUE);
    JsonValue.JsonObject object = JsonValue.JsonObject.of(source);
    source.put("b", JsonValue.FALSE);

    assertThat(CanonicalJson.canonicalString(object)).isEqualTo("{\"a\":true}");
    assertThatThrownBy(() -> object.members().put("c", JsonValue.NULL))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldReorderMembersOfASortedMapWithAnotherComparator() {
    TreeMap<String, JsonValue> reversed = new TreeMap<>(java.util.Comparator.reverseOrder());
    reversed.put("a", JsonValue.of(1));
    reversed.put("b", JsonValue.of(2));

    assertThat(CanonicalJson.canonicalString(new JsonValue.JsonObject(reversed)))
        .isEqualTo("{\"a\":1,\"b\":2}");
  }

  @Test
  void shouldNameItsSchemeVersion() {
    assertThat(CanonicalJson.SCHEME).isEqualTo("jcs-rfc8785/1");
  }
}
