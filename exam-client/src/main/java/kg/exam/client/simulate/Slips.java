package kg.exam.client.simulate;

import java.io.IOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BadSlipFile(file + ": no such file");
    } catch (IOException e) {
      throw new BadSlipFile(file + ": cannot read: " + e.getMessage());
    }
    List<String> lines = lines(file, bytes);
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

  /**
   * The file's lines (ended by LF or CR LF), each decoded as UTF-8 on its own so that bytes which
   * are not UTF-8 are reported with their line number.
   */
  private static List<String> lines(Path file, byte[] bytes) throws BadSlipFile {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
      try {
        lines.add(
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, start, stop - start))
                .toString());
      } catch (CharacterCodingException e) {
        throw new BadSlipFile(file + ":" + (lines.size() + 1) + ": not UTF-8 text");
      }
      start = end + 1;
    }
    return lines;
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
