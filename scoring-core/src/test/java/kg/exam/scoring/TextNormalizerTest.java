package kg.exam.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextNormalizerTest {

  @Test
  void shouldTrimAndCollapseWhitespaceIncludingNoBreakSpace() {
    assertThat(TextNormalizer.normalize("  Ысык\u00A0 \t Көл  ", true, false))
        .isEqualTo("Ысык Көл");
  }

  @Test
  void shouldFoldCaseUnlessCaseSensitive() {
    assertThat(TextNormalizer.normalize("БИШКЕК", false, false)).isEqualTo("бишкек");
    assertThat(TextNormalizer.normalize("БИШКЕК", true, false)).isEqualTo("БИШКЕК");
  }

  @Test
  void shouldComposeDecomposedLettersToNfc() {
    String decomposedShortI = "и\u0306";

    assertThat(TextNormalizer.normalize("Кы" + decomposedShortI, true, false)).isEqualTo("Кый");
  }

  @Test
  void shouldFoldLatinLookAlikesTypedForCyrillic() {
    String oshWithLatinO = "O\u0448";
    String latinWithCyrillicO = "T\u043Ektogul";

    assertThat(TextNormalizer.normalize(oshWithLatinO, false, false))
        .isEqualTo(TextNormalizer.normalize("Ош", false, false));
    assertThat(TextNormalizer.normalize("PAXAT", true, false))
        .isEqualTo(TextNormalizer.normalize("РАХАТ", true, false));
    assertThat(TextNormalizer.normalize(latinWithCyrillicO, false, false))
        .isEqualTo(TextNormalizer.normalize("Toktogul", false, false));
  }

  @Test
  void shouldFoldCapitalLookAlikesConsistentlyWhenCaseInsensitive() {
    assertThat(TextNormalizer.normalize("HAH", false, false))
        .isEqualTo(TextNormalizer.normalize("нан", false, false));
  }

  @Test
  void shouldFoldKyrgyzLettersOnlyWhenAllowed() {
    assertThat(TextNormalizer.normalize("Көң үй", false, true))
        .isEqualTo(TextNormalizer.normalize("кон уй", false, true));
    assertThat(TextNormalizer.normalize("Көң үй", false, false))
        .isNotEqualTo(TextNormalizer.normalize("кон уй", false, false));
  }

  @Test
  void shouldDropZeroWidthAndSoftHyphenCharacters() {
    assertThat(TextNormalizer.normalize("Биш\u200Bкек\u00AD", false, false)).isEqualTo("бишкек");
  }
}
