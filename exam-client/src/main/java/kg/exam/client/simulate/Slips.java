package kg.exam.client.simulate;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Admission slips in a CSV file, one {@code candidateCode,pin} per line. A first line starting with
 * {@code candidateCode} is a header; blank lines and lines starting with {@code #} are skipped;
 * further columns are ignored (so an export with a sitting id column reads as it is). PINs are
 * credentials: {@link #write} creates the file readable by its owner only.
 */
final class Slips {
  private Slips() {}

  /** One admission slip. */
  record Slip(String candidateCode, String pin) {
    @Override
    public String toString() {
      return "Slip[" + candidateCode + "]"; // never the PIN
    }
  }

  /** The file is not a slip list; the message is {@code file:line: reason}. */
  static final class BadSlipFile extends Exception {
    private static final long serialVersionUID = 1L;

    BadSlipFile(String message) {
      super(message);
    }
  }

  static List<Slip> read(Path file) throws BadSlipFile {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new BadSlipFile(file + ": no such file");
    } catch (IOException e) {
      throw new BadSlipFile(file + ": cannot read: " + e.getMessage());
    }
    List<Slip> slips = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.startsWith("candidateCode"))) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (cells.length < 2 || cells[0].isBlank() || cells[1].isBlank()) {
        throw new BadSlipFile(
            file + ":" + (i + 1) + ": expected candidateCode,pin, got " + cells.length + " cells");
      }
      slips.add(new Slip(cells[0].strip(), cells[1].strip()));
    }
    if (slips.isEmpty()) {
      throw new BadSlipFile(file + ":1: no slips in the file");
    }
    return slips;
  }

  /** Writes the slips with a header to a new file of mode 600 (refuses to overwrite). */
  static void write(Path file, List<Slip> slips) throws IOException {
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    } catch (FileAlreadyExistsException e) {
      throw new IOException(file + " exists; not overwriting slips", e);
    }
    try (Writer out =
        Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.WRITE)) {
      out.write("candidateCode,pin\n");
      for (Slip s : slips) {
        out.write(s.candidateCode() + "," + s.pin() + "\n");
      }
    }
  }
}
