package kg.exam.client.station;

import java.io.IOException;

/** The journal file is damaged in a way recovery must not guess about (not a torn last write). */
public final class JournalCorruptException extends IOException {
  private static final long serialVersionUID = 1L;

  public JournalCorruptException(String message) {
    super(message);
  }
}
