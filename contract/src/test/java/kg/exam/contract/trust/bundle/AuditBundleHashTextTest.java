package kg.exam.contract.trust.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditBundleHashTextTest {
  private static final String HASH = "0123456789abcdef".repeat(4);

  @Test
  void acceptsExactly64LowerCaseHexDigits() {
    assertThat(AuditBundle.isLowerHexHash(HASH)).isTrue();
    assertThat(AuditBundle.isLowerHexHash("f".repeat(64))).isTrue();
  }

  @Test
  void refusesWrongLengthUpperCaseAndNonHexCharacters() {
    assertThat(AuditBundle.isLowerHexHash(HASH.substring(1))).isFalse();
    assertThat(AuditBundle.isLowerHexHash(HASH + "0")).isFalse();
    assertThat(AuditBundle.isLowerHexHash("")).isFalse();
    assertThat(AuditBundle.isLowerHexHash("A" + HASH.substring(1))).isFalse();
    assertThat(AuditBundle.isLowerHexHash("g" + HASH.substring(1))).isFalse();
    assertThat(AuditBundle.isLowerHexHash("/" + HASH.substring(1))).isFalse();
    assertThat(AuditBundle.isLowerHexHash(":" + HASH.substring(1))).isFalse();
    assertThat(AuditBundle.isLowerHexHash("`" + HASH.substring(1))).isFalse();
    assertThat(AuditBundle.isLowerHexHash("٣" + HASH.substring(1))).isFalse();
  }
}
