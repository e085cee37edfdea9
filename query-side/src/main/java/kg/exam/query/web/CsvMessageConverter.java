package kg.exam.query.web;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.HttpMessageNotWritableException;

/**
 * Writes {@link Tabular} responses and lists of records as RFC 4180 CSV (UTF-8, CRLF, a header
 * row). Cells that a spreadsheet would run as a formula (starting with {@code = + - @}) are
 * prefixed with an apostrophe, unless they are numbers.
 */
final class CsvMessageConverter extends AbstractHttpMessageConverter<Object> {
  static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

  CsvMessageConverter() {
    super(TEXT_CSV);
  }

  @Override
  protected boolean supports(Class<?> clazz) {
    return Tabular.class.isAssignableFrom(clazz) || List.class.isAssignableFrom(clazz);
  }

  @Override
  protected boolean canRead(MediaType mediaType) {
    return false;
  }

  @Override
  protected Object readInternal(Class<?> clazz, HttpInputMessage input) {
    throw new HttpMessageNotReadableException("CSV is written only", input);
  }

  @Override
  protected void writeInternal(Object body, HttpOutputMessage output) throws IOException {
    List<?> rows = body instanceof Tabular t ? t.csvRows() : (List<?>) body;
    Writer out = new OutputStreamWriter(output.getBody(), StandardCharsets.UTF_8);
    if (!rows.isEmpty()) {
      Class<?> type = rows.getFirst().getClass();
      if (!type.isRecord()) {
        throw new HttpMessageNotWritableException("rows of " + type + " are not records");
      }
      List<RecordComponent> columns = new ArrayList<>();
      for (RecordComponent c : type.getRecordComponents()) {
        Class<?> t = c.getType();
        if (!Collection.class.isAssignableFrom(t)
            && !Map.class.isAssignableFrom(t)
            && !t.isRecord()) {
          c.getAccessor().setAccessible(true); // the response records are package-private
          columns.add(c);
        }
      }
      List<String> header = columns.stream().map(RecordComponent::getName).toList();
      line(out, header);
      for (Object row : rows) {
        List<String> cells = new ArrayList<>(columns.size());
        for (RecordComponent c : columns) {
          try {
            cells.add(cell(c.getAccessor().invoke(row)));
          } catch (IllegalAccessException | InvocationTargetException e) {
            throw new HttpMessageNotWritableException("cannot read " + c.getName(), e);
          }
        }
        line(out, cells);
      }
    }
    out.flush();
  }

  private static void line(Writer out, List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(cells.get(i));
    }
    out.write("\r\n");
  }

  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value instanceof Double d && (d.isNaN() || d.isInfinite()) ? "" : value.toString();
    }
    String s = value.toString();
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    if (s.indexOf(',') >= 0
        || s.indexOf('"') >= 0
        || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0) {
      s = '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
