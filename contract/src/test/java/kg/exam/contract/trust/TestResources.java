package kg.exam.contract.trust;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads checked-in test vectors from the test classpath. */
final class TestResources {
  private TestResources() {}

  static byte[] bytes(String path) {
    try (InputStream in = TestResources.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource: path=" + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String path) {
    return new String(bytes(path), StandardCharsets.UTF_8);
  }

  /** The non-empty lines that are not comments (starting with '#'). */
  static List<String> dataLines(String path) {
    return text(path).lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
  }
}
