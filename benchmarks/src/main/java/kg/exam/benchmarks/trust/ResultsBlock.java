package kg.exam.benchmarks.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A marked block of the shared results file that one runner rewrites, and the machine facts. */
public final class ResultsBlock {
  private ResultsBlock() {}

  /** Replaces the block between the two markers (or appends it), keeping the rest of the file. */
  public static void write(Path file, String startMarker, String endMarker, String report)
      throws IOException {
    String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    String block = startMarker + "\n" + report.stripTrailing() + "\n" + endMarker + "\n";
    int start = existing.indexOf(startMarker);
    int end = existing.indexOf(endMarker);
    String updated;
    if (start >= 0 && end > start) {
      updated =
          existing.substring(0, start)
              + block
              + existing.substring(end + endMarker.length()).replaceFirst("^\n", "");
    } else {
      updated = existing.isBlank() ? block : existing.stripTrailing() + "\n\n" + block;
    }
    Files.writeString(file, updated, StandardCharsets.UTF_8);
  }

  /** The 1, 5 and 15 minute load averages from /proc/loadavg. */
  public static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " / " + parts[1] + " / " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** CPU model, cores and JDK as a Markdown list. */
  public static String machine() throws IOException {
    String cpu = System.getProperty("os.arch");
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      for (String line : Files.readAllLines(cpuinfo)) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).strip();
          break;
        }
      }
    }
    return "- CPU: "
        + cpu
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " cores available to the JVM\n- JDK: "
        + System.getProperty("java.vm.name")
        + ' '
        + System.getProperty("java.runtime.version")
        + '\n';
  }
}
