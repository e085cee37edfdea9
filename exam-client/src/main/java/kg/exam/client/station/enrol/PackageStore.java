package kg.exam.client.station.enrol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import kg.exam.client.station.ExamPackages;
import kg.exam.client.station.PackageCandidate;
import kg.exam.client.station.PackageItem;
import kg.exam.client.station.SessionPackage;
import kg.exam.client.station.StationJson;
import kg.exam.contract.Ids;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.sitting.Accommodations;
import kg.exam.contract.trust.ExamPackageCrypto;
import kg.exam.contract.trust.StationRequestSignatures;

/**
 * The station's exam packages on disk ({@code <data-dir>/packages/<sessionId>.package.json}, as the
 * command side sent them: a clear header and the AES-256-GCM ciphertext), opened in memory only
 * once their key is known: released by the command side from the session's opensAt, or unwrapped
 * from the release code the centre reads out.
 *
 * <p>A released key is kept beside its package ({@code <sessionId>.key}, mode 600) so a station
 * that restarts mid-session without a link can go on; before opensAt no key is on the disk, so the
 * papers are not readable from a stolen disk before the session. Thread-safe.
 */
public final class PackageStore implements ExamPackages {
  private static final Base64.Decoder B64URL = Base64.getUrlDecoder();
  private static final Base64.Encoder B64URL_OUT = Base64.getUrlEncoder().withoutPadding();

  private final Path dir;
  private final Map<String, JsonNode> envelopes = new ConcurrentHashMap<>();
  private final Map<String, SessionPackage> unlocked = new ConcurrentHashMap<>();

  private PackageStore(Path dir) {
    this.dir = dir;
  }

  /** The clear header of a package: what the station knows before the key. */
  public record Header(
      String sessionId,
      String examId,
      int examVersion,
      String centreId,
      String schoolId,
      Instant opensAt,
      Instant closesAt,
      int sittingCount,
      boolean unlocked) {}

  /**
   * Opens the store in {@code <dataDir>/packages}, reading every stored package and opening those
   * whose key was released before.
   *
   * @throws IOException when a stored package is damaged (its digest does not match) or a stored
   *     key does not open its package
   */
  public static PackageStore open(Path dataDir) throws IOException {
    PackageStore store = new PackageStore(dataDir.resolve("packages"));
    Files.createDirectories(store.dir);
    try (Stream<Path> files = Files.list(store.dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".package.json")).toList()) {
        JsonNode envelope = StationJson.MAPPER.readTree(f.toFile());
        try {
          check(envelope);
        } catch (IllegalArgumentException e) {
          throw new IOException(f + ": " + e.getMessage());
        }
        String sessionId = envelope.get("sessionId").asText();
        store.envelopes.put(sessionId, envelope);
        Path keyFile = store.keyFile(sessionId);
        if (Files.exists(keyFile)) {
          try {
            store.open(sessionId, B64URL.decode(Files.readString(keyFile).strip()));
          } catch (IllegalArgumentException e) {
            throw new IOException(keyFile + ": does not open its package (" + e.getMessage() + ")");
          }
        }
      }
    }
    return store;
  }

  /**
   * Checks a package as received (format, digest of the ciphertext) and stores it, replacing an
   * older copy of the same session; a package already unlocked is opened again with its key.
   *
   * @throws IllegalArgumentException when the package is not of this format or its digest does not
   *     match
   */
  public void save(JsonNode envelope) throws IOException {
    check(envelope);
    String sessionId = envelope.get("sessionId").asText();
    writePrivate(
        dir.resolve(sessionId + ".package.json"), StationJson.MAPPER.writeValueAsBytes(envelope));
    envelopes.put(sessionId, envelope);
    Path keyFile = keyFile(sessionId);
    if (Files.exists(keyFile)) {
      open(sessionId, B64URL.decode(Files.readString(keyFile).strip()));
    }
  }

  /**
   * Opens a session's package with its released key and keeps the key beside it.
   *
   * @throws IllegalArgumentException when there is no such package or the key does not open it
   */
  public SessionPackage unlock(String sessionId, byte[] packageKey) throws IOException {
    SessionPackage p = open(sessionId, packageKey);
    writePrivate(keyFile(sessionId), B64URL_OUT.encodeToString(packageKey).getBytes());
    return p;
  }

  /**
   * Opens a session's package with the release code the centre read out: scrypt of the code unwraps
   * the package key carried inside the package.
   *
   * @throws IllegalArgumentException when the code is malformed or wrong (nothing is opened)
   */
  public SessionPackage unlockWithReleaseCode(String sessionId, String releaseCode)
      throws IOException {
    JsonNode envelope = envelope(sessionId);
    JsonNode wrap = envelope.path("releaseCodeWrap");
    if (!"scrypt".equals(wrap.path("kdf").asText())
        || wrap.path("n").asInt() != ExamPackageCrypto.SCRYPT_N
        || wrap.path("r").asInt() != ExamPackageCrypto.SCRYPT_R
        || wrap.path("p").asInt() != ExamPackageCrypto.SCRYPT_P) {
      throw new IllegalArgumentException("the package has no release-code wrap this station reads");
    }
    String code = ExamPackageCrypto.normaliseReleaseCode(releaseCode); // refuses a malformed code
    byte[] key;
    try {
      key =
          ExamPackageCrypto.decrypt(
              ExamPackageCrypto.releaseCodeKey(code, B64URL.decode(wrap.get("salt").asText())),
              ExamPackageCrypto.wrapAad(sessionId),
              B64URL.decode(wrap.get("iv").asText()),
              B64URL.decode(wrap.get("wrappedKey").asText()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the release code is wrong for session " + sessionId);
    }
    return unlock(sessionId, key);
  }

  /** Every stored package's header, by opening time. */
  public List<Header> headers() {
    List<Header> out = new ArrayList<>();
    for (JsonNode e : envelopes.values()) {
      String id = e.get("sessionId").asText();
      out.add(
          new Header(
              id,
              e.path("examId").asText(),
              e.path("examVersion").asInt(),
              e.path("centreId").asText(),
              e.hasNonNull("schoolId") ? e.get("schoolId").asText() : null,
              Instant.parse(e.get("opensAt").asText()),
              Instant.parse(e.get("closesAt").asText()),
              e.path("sittingCount").asInt(),
              unlocked.containsKey(id)));
    }
    out.sort(java.util.Comparator.comparing(Header::opensAt).thenComparing(Header::sessionId));
    return out;
  }

  /** Whether the station holds the session's package (locked or not). */
  public boolean has(String sessionId) {
    return envelopes.containsKey(sessionId);
  }

  @Override
  public Optional<SessionPackage> unlocked(String sessionId) {
    return Optional.ofNullable(unlocked.get(sessionId));
  }

  @Override
  public List<SessionPackage> allUnlocked() {
    return List.copyOf(unlocked.values());
  }

  private JsonNode envelope(String sessionId) {
    JsonNode envelope = envelopes.get(sessionId);
    if (envelope == null) {
      throw new IllegalArgumentException("no package of session " + sessionId + " on this station");
    }
    return envelope;
  }

  private SessionPackage open(String sessionId, byte[] key) {
    JsonNode envelope = envelope(sessionId);
    byte[] plaintext =
        ExamPackageCrypto.decrypt(
            key,
            ExamPackageCrypto.aad(sessionId),
            B64URL.decode(envelope.get("iv").asText()),
            B64URL.decode(envelope.get("ciphertext").asText()));
    SessionPackage p;
    try {
      p = toSessionPackage(StationJson.MAPPER.readTree(plaintext));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("the package content is not readable: " + e.getMessage());
    }
    if (!p.sessionId().equals(sessionId)) {
      throw new IllegalArgumentException(
          "the package content is of session " + p.sessionId() + ", not " + sessionId);
    }
    if (!p.missingMedia().isEmpty()) {
      // a paper without its pictures is not the paper the centre signed: never sat so
      throw new IllegalArgumentException(
          "the paper shows media the package does not carry (or whose bytes lost their hash): "
              + p.missingMedia());
    }
    unlocked.put(sessionId, p);
    return p;
  }

  private Path keyFile(String sessionId) {
    return dir.resolve(sessionId + ".key");
  }

  private static void check(JsonNode envelope) {
    if (!ExamPackageCrypto.SCHEME.equals(envelope.path("format").asText())) {
      throw new IllegalArgumentException(
          "not an exam package (format is not " + ExamPackageCrypto.SCHEME + ")");
    }
    String sessionId = envelope.path("sessionId").asText("");
    if (!Ids.valid(sessionId)) {
      throw new IllegalArgumentException("a package with a bad session id");
    }
    byte[] ciphertext;
    try {
      ciphertext = B64URL.decode(envelope.path("ciphertext").asText(""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the ciphertext of session " + sessionId + " is not base64url");
    }
    if (!StationRequestSignatures.sha256Hex(ciphertext)
        .equals(envelope.path("ciphertextSha256").asText())) {
      throw new IllegalArgumentException(
          "the package of session "
              + sessionId
              + " is damaged (SHA-256 of its ciphertext differs)");
    }
  }

  /** The decrypted content in the runtime's form. */
  static SessionPackage toSessionPackage(JsonNode c) {
    JsonNode paper = c.get("paper");
    List<PackageItem> items = items(paper);
    List<SessionPackage.Translation> translations = new ArrayList<>();
    // packages made before exams had language versions have none
    for (JsonNode t : c.path("translations")) {
      translations.add(
          new SessionPackage.Translation(
              t.get("language").asText(), t.path("title").asText(null), items(t)));
    }
    List<PackageCandidate> candidates = new ArrayList<>();
    for (JsonNode s : c.get("sittings")) {
      candidates.add(
          new PackageCandidate(
              s.get("sittingId").asText(),
              s.get("candidateId").asText(),
              s.get("candidateCode").asText(),
              s.get("pinHash").asText(),
              s.get("extraTimePercent").asInt(),
              accommodations(s.get("accommodations")),
              s.hasNonNull("language") ? s.get("language").asText() : null));
    }
    return new SessionPackage(
        c.get("sessionId").asText(),
        c.get("examId").asText(),
        c.get("examVersion").asInt(),
        c.get("centreId").asText(),
        c.hasNonNull("schoolId") ? c.get("schoolId").asText() : null,
        Instant.parse(c.get("opensAt").asText()),
        Instant.parse(c.get("closesAt").asText()),
        paper.get("durationMinutes").asInt(),
        paper.path("title").asText(null),
        paper.path("subject").asText(null),
        paper.path("language").asText(null),
        items,
        candidates,
        translations,
        media(c.path("media")));
  }

  /**
   * The package's media by SHA-256; one whose bytes do not have its hash is left out, never served
   * as if it were the signed one (and a package whose paper then lacks it does not open).
   */
  private static Map<String, SessionPackage.Medium> media(JsonNode media) {
    Map<String, SessionPackage.Medium> out = new java.util.LinkedHashMap<>();
    for (JsonNode m : media) {
      String sha256 = m.path("sha256").asText("");
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(m.path("bytes").asText(""));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (StationRequestSignatures.sha256Hex(bytes).equals(sha256)) {
        out.put(sha256, new SessionPackage.Medium(m.path("mediaType").asText(), bytes));
      }
    }
    return out;
  }

  private static List<PackageItem> items(JsonNode paper) {
    List<PackageItem> items = new ArrayList<>();
    for (JsonNode i : paper.get("items")) {
      items.add(
          new PackageItem(
              i.get("itemId").asText(),
              i.hasNonNull("sectionId") ? i.get("sectionId").asText() : null,
              i.get("type").asText(),
              i.get("maxScore").asDouble(),
              i.hasNonNull("prompt") ? i.get("prompt").asText() : null,
              choices(i.get("choices")),
              choices(i.get("targets"))));
    }
    return items;
  }

  private static List<Choice> choices(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    try {
      return List.of(StationJson.MAPPER.treeToValue(node, Choice[].class));
    } catch (IOException e) {
      throw new IllegalArgumentException("choices not readable: " + e.getMessage());
    }
  }

  /** Writes a file readable by the owner only, atomically (a crash leaves the old or the new). */
  static void writePrivate(Path file, byte[] bytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp;
    try {
      tmp =
          Files.createTempFile(
              dir,
              ".tmp-",
              ".part",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      tmp = Files.createTempFile(dir, ".tmp-", ".part");
    }
    try {
      Files.write(tmp, bytes);
      try (var ch =
          java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (FileAlreadyExistsException e) {
      throw new IOException(file + ": cannot replace", e);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** A package from before accommodations existed has none. */
  private static Accommodations accommodations(JsonNode a) {
    if (a == null || a.isNull()) {
      return Accommodations.NONE;
    }
    return new Accommodations(
        a.path("readAloud").asBoolean(false),
        a.path("restBreaks").asBoolean(false),
        a.path("humanReader").asBoolean(false),
        a.path("scribe").asBoolean(false));
  }
}
