package kg.exam.command.bank;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The bank's images and audio, kept by the SHA-256 of their bytes: storing the same bytes twice
 * keeps one copy, and an item names its media by hash, so what an item shows cannot change under
 * it. The bytes must be the type declared (checked by their signature); SVG is not kept, since it
 * can carry script.
 */
@Component
public class BankMedia {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BankMedia.class);

  /** The media types the bank keeps. */
  public static final List<String> TYPES =
      List.of(
          "image/png",
          "image/jpeg",
          "image/gif",
          "image/webp",
          "audio/mpeg",
          "audio/ogg",
          "audio/wav");

  private final JdbcTemplate jdbc;
  private final Clock clock;

  BankMedia(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** A stored medium. */
  public record Medium(String sha256, String mediaType, int size) {}

  /** Stores the bytes (once); returns their hash. */
  public Medium store(byte[] bytes, String mediaType, String storedBy) {
    if (!TYPES.contains(mediaType)) {
      throw new RuleViolation(
          ProblemType.INVALID_MEDIA, "Media type " + mediaType + " is not one of " + TYPES + ".");
    }
    if (bytes.length == 0) {
      throw new RuleViolation(ProblemType.INVALID_MEDIA, "The medium is empty.");
    }
    if (!signatureOf(mediaType, bytes)) {
      throw new RuleViolation(
          ProblemType.INVALID_MEDIA,
          "The bytes are not " + mediaType + " (their signature differs).");
    }
    String hash = sha256(bytes);
    jdbc.update(
        "INSERT INTO bank_media (sha256, media_type, size, bytes, stored_by, stored_at)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
        hash,
        mediaType,
        bytes.length,
        bytes,
        storedBy,
        Timestamp.from(clock.instant()));
    return new Medium(hash, mediaType, bytes.length);
  }

  /**
   * The medium's type and bytes, or empty; bytes that no longer have their hash (changed in the
   * database) are refused with {@code medium-altered}, never returned.
   */
  public Optional<Map.Entry<String, byte[]>> find(String sha256) {
    Optional<Map.Entry<String, byte[]>> found =
        jdbc
            .query(
                "SELECT media_type, bytes FROM bank_media WHERE sha256 = ?",
                (rs, n) -> Map.entry(rs.getString(1), rs.getBytes(2)),
                sha256)
            .stream()
            .findFirst();
    if (found.isPresent() && !sha256(found.get().getValue()).equals(sha256)) {
      log.error("bank_media {}: the stored bytes no longer have this hash", sha256);
      throw new RuleViolation(
          ProblemType.MEDIUM_ALTERED,
          "The stored bytes of medium "
              + sha256
              + " no longer have its SHA-256: they were changed, and are not served. Restore them"
              + " from a backup.");
    }
    return found;
  }

  /**
   * Most bytes of media one exam may show in all its languages: a station package carries them all
   * (base64, inside its encrypted JSON) and is built in memory and fetched over slow school links.
   */
  public static final long MAX_EXAM_MEDIA_BYTES = 8L * 1024 * 1024;

  /** The stored size of the media among {@code hashes} the bank holds, in bytes. */
  public long totalSize(Collection<String> hashes) {
    long total = 0;
    for (String h : hashes) {
      Long size =
          jdbc
              .query("SELECT size FROM bank_media WHERE sha256 = ?", (rs, n) -> rs.getLong(1), h)
              .stream()
              .findFirst()
              .orElse(0L);
      total += size;
    }
    return total;
  }

  /**
   * The medium as an HTTP response: its bytes with their type, never sniffed, never kept by a
   * browser (shared PCs; unpublished items); 404 when the bank does not hold it.
   */
  public org.springframework.http.ResponseEntity<byte[]> served(String sha256) {
    Map.Entry<String, byte[]> found =
        find(sha256)
            .orElseThrow(
                () -> new RuleViolation(ProblemType.NOT_FOUND, "No medium " + sha256 + "."));
    return org.springframework.http.ResponseEntity.ok()
        .contentType(org.springframework.http.MediaType.parseMediaType(found.getKey()))
        .header("X-Content-Type-Options", "nosniff")
        .header(org.springframework.http.HttpHeaders.CACHE_CONTROL, "no-store")
        .body(found.getValue());
  }

  /** The hashes among {@code hashes} the bank does not hold. */
  public List<String> missing(Collection<String> hashes) {
    return hashes.stream()
        .filter(
            h ->
                !Boolean.TRUE.equals(
                    jdbc.queryForObject(
                        "SELECT EXISTS (SELECT 1 FROM bank_media WHERE sha256 = ?)",
                        Boolean.class,
                        h)))
        .toList();
  }

  /** The lower-case hex SHA-256 of the bytes. */
  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether the bytes start as a file of the type does. */
  public static boolean signatureOf(String mediaType, byte[] b) {
    return switch (mediaType) {
      case "image/png" -> startsWith(b, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
      case "image/jpeg" -> startsWith(b, 0, 0xFF, 0xD8, 0xFF);
      case "image/gif" ->
          startsWith(b, 0, 'G', 'I', 'F', '8', '7', 'a')
              || startsWith(b, 0, 'G', 'I', 'F', '8', '9', 'a');
      case "image/webp" ->
          startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'E', 'B', 'P');
      case "audio/wav" ->
          startsWith(b, 0, 'R', 'I', 'F', 'F') && startsWith(b, 8, 'W', 'A', 'V', 'E');
      case "audio/ogg" -> startsWith(b, 0, 'O', 'g', 'g', 'S');
      case "audio/mpeg" ->
          startsWith(b, 0, 'I', 'D', '3')
              || (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xE0) == 0xE0);
      default -> false;
    };
  }

  private static boolean startsWith(byte[] b, int offset, int... signature) {
    if (b.length < offset + signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if ((b[offset + i] & 0xFF) != signature[i]) {
        return false;
      }
    }
    return true;
  }
}
