package kg.exam.contract.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestTextTest {

  @Test
  void shouldAcceptPercentEncodedUtf8AndPlusAsSpaceInAQuery() {
    assertThat(RequestText.problemIn("query string", "q=%D0%B1%D0%B0+x&n=1", true)).isNull();
    assertThat(RequestText.problemIn("path", "/api/exams/math-9/versions/1", false)).isNull();
  }

  @Test
  void shouldRefuseBadPercentEncodingInvalidUtf8AndControlCharacters() {
    assertThat(RequestText.problemIn("query string", "limit=%zz", true)).contains("hex digits");
    assertThat(RequestText.problemIn("query string", "limit=%2", true)).contains("hex digits");
    assertThat(RequestText.problemIn("query string", "q=%C3%28", true)).contains("UTF-8");
    assertThat(RequestText.problemIn("query string", "sessionId=a%00b", true)).contains("U+0000");
    assertThat(RequestText.problemIn("path", "/api/exams/a%0Ab", false)).contains("U+000A");
  }
}
