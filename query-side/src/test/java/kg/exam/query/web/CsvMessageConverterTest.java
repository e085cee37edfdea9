package kg.exam.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpOutputMessage;

class CsvMessageConverterTest {
  record Row(String name, Double value, List<String> nested, boolean flag) {}

  @Test
  void shouldQuoteCellsWithCommasQuotesAndLineBreaks() {
    assertThat(CsvMessageConverter.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(CsvMessageConverter.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(CsvMessageConverter.cell("two\nlines")).isEqualTo("\"two\nlines\"");
  }

  @Test
  void shouldDefuseCellsASpreadsheetWouldRunAsFormulas() {
    assertThat(CsvMessageConverter.cell("=SUM(A1)")).isEqualTo("'=SUM(A1)");
    assertThat(CsvMessageConverter.cell("@cmd")).isEqualTo("'@cmd");
    assertThat(CsvMessageConverter.cell(-1.5)).isEqualTo("-1.5");
  }

  @Test
  void shouldWriteNullAndNaNAsEmptyCells() {
    assertThat(CsvMessageConverter.cell(null)).isEmpty();
    assertThat(CsvMessageConverter.cell(Double.NaN)).isEmpty();
  }

  @Test
  void shouldWriteAHeaderAndOneLinePerRecordLeavingNestedListsOut() throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    HttpOutputMessage out =
        new HttpOutputMessage() {
          private final HttpHeaders headers = new HttpHeaders();

          @Override
          public java.io.OutputStream getBody() {
            return body;
          }

          @Override
          public HttpHeaders getHeaders() {
            return headers;
          }
        };
    Tabular table =
        () -> List.of(new Row("x", 1.25, List.of("n"), true), new Row("y", null, List.of(), false));

    new CsvMessageConverter().write(table, CsvMessageConverter.TEXT_CSV, out);

    assertThat(body.toString(StandardCharsets.UTF_8))
        .isEqualTo("name,value,flag\r\nx,1.25,true\r\ny,,false\r\n");
  }
}
