package kg.exam.scoring.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Temporary output files beside their final names: created with the user's default permissions
 * (unlike {@link Files#createTempFile}, which makes them owner-only) and moved into place only when
 * every output is complete.
 */
final class OutputFiles {

  private OutputFiles() {}

  static Path temporary(Path dir, String finalName) throws IOException {
    Path file = dir.resolve("." + finalName + "." + ProcessHandle.current().pid() + ".tmp");
    Files.deleteIfExists(file);
    return Files.createFile(file);
  }
}
