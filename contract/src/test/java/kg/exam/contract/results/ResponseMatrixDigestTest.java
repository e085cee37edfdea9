package kg.exam.contract.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ResponseMatrixDigestTest {

  @Test
  void shouldHashCountsThenCellsAsDocumented() throws Exception {
    byte[] cells = {1, 0, 1, 0, -1, 1};
    byte[] layout = HexFormat.of().parseHex("0000000200000003010001" + "00ff01");

    String digest = ResponseMatrixDigest.sha256Hex(cells, 2, 3);

    assertThat(digest)
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(layout)));
  }

  @Test
  void shouldTellMatricesOfTheSameCellsButAnotherShapeApart() {
    byte[] cells = {1, 0, 1, 0, 1, 1};

    assertThat(ResponseMatrixDigest.sha256Hex(cells, 2, 3))
        .isNotEqualTo(ResponseMatrixDigest.sha256Hex(cells, 3, 2));
  }

  @Test
  void shouldRefuseCellsThatDoNotFitTheShape() {
    assertThatThrownBy(() -> ResponseMatrixDigest.sha256Hex(new byte[5], 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cells.length=5");
  }
}
