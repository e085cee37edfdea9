package kg.exam.contract.results;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 digest of a response matrix, so that an auditor can check the input of a recorded
 * calibration.
 *
 * <p>Byte layout: the candidate count as a 4-byte big-endian integer, the item count as a 4-byte
 * big-endian integer, then {@code candidates × items} cells, one byte each, row-major (the first
 * sitting's items in column order, then the next sitting's): an item score {@code 0..100} as that
 * byte, {@code -1} (0xFF) for an item not on the candidate's form. Example: 2 candidates × 3 items
 * with rows {@code (1, 0, 1)} and {@code (0, -1, 1)} are the 14 bytes {@code 00 00 00 02 00 00 00
 * 03 01 00 01 00 FF 01}.
 */
public final class ResponseMatrixDigest {
  private ResponseMatrixDigest() {}

  /**
   * @param cells row-major cells, {@code candidates × items} bytes
   * @param candidates rows, {@code >= 0}
   * @param items columns, {@code >= 1}
   * @return lower-case hex SHA-256 of the layout above
   * @throws IllegalArgumentException if the sizes do not match
   */
  public static String sha256Hex(byte[] cells, int candidates, int items) {
    if (candidates < 0 || items < 1 || (long) candidates * items != cells.length) {
      throw new IllegalArgumentException(
          "cells.length="
              + cells.length
              + " must equal candidates="
              + candidates
              + " * items="
              + items);
    }
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(ByteBuffer.allocate(8).putInt(candidates).putInt(items).array());
      sha256.update(cells);
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
