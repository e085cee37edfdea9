package kg.exam.client.station;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The station's settings, read from a Java properties file (UTF-8). Every key is documented in
 * exam-client/README.md ("School exam station"). Relative paths are resolved against the directory
 * of the file, so a station folder can be moved as a whole.
 *
 * <p>Subcommands that need more keys read them through {@link #optional(String)} and {@link
 * #required(String)}, which report bad values as {@code file:line: key ...} in one line.
 */
public final class StationConfig {
  /** Default HTTP port of the station. */
  public static final int DEFAULT_PORT = 8090;

  private final Path file;
  private final List<String> lines;
  private final Properties properties;

  private StationConfig(Path file, List<String> lines, Properties properties) {
    this.file = file;
    this.lines = lines;
    this.properties = properties;
  }

  /** Reads the file; a missing or unreadable file is a {@link StationConfigException}. */
  public static StationConfig load(Path file) throws StationConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new StationConfigException(file + ": no such file");
    } catch (IOException e) {
      throw new StationConfigException(file + ": cannot be read (" + e.getMessage() + ")");
    }
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new StationConfigException(file + ": not a properties file (" + e.getMessage() + ")");
    }
    return new StationConfig(file.toAbsolutePath(), text.lines().toList(), properties);
  }

  /** A configuration from properties in memory (tests, and subcommands that write a file). */
  public static StationConfig of(Path file, Properties properties) {
    return new StationConfig(file.toAbsolutePath(), List.of(), properties);
  }

  /** The file the settings came from. */
  public Path file() {
    return file;
  }

  /** The value of a key, trimmed; empty when the key is absent or blank. */
  public Optional<String> optional(String key) {
    String v = properties.getProperty(key);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  /** The value of a key, or a one-line error naming the file when it is missing. */
  public String required(String key) throws StationConfigException {
    return optional(key)
        .orElseThrow(() -> new StationConfigException(file + ": " + key + " is required"));
  }

  /** A one-line error about a key's value, naming the file and the key's line. */
  public StationConfigException invalid(String key, String why) {
    return new StationConfigException(
        where(key) + ": " + key + "=" + properties.getProperty(key, "").strip() + " " + why);
  }

  /** {@code file:line} of a key, or just the file when the key is not on a line of its own. */
  public String where(String key) {
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).stripLeading();
      if (line.startsWith(key)
          && line.length() > key.length()
          && "=: \t".indexOf(line.charAt(key.length())) >= 0) {
        return file + ":" + (i + 1);
      }
    }
    return file.toString();
  }

  /** The command side's base URL ({@code server.url}). */
  public URI serverUrl() throws StationConfigException {
    String v = required("server.url");
    try {
      URI uri = new URI(v);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw invalid("server.url", "is not an http(s) URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw invalid("server.url", "is not a URL");
    }
  }

  /** Where the journal, keys, packages and sync cursor live ({@code station.data-dir}). */
  public Path dataDir() throws StationConfigException {
    return path("station.data-dir");
  }

  /**
   * The station's Ed25519 key file ({@code station.key-file}, default data-dir/station-key.pem).
   */
  public Path stationKeyFile() throws StationConfigException {
    return optional("station.key-file").isPresent()
        ? path("station.key-file")
        : dataDir().resolve("station-key.pem");
  }

  public int port() throws StationConfigException {
    return intValue("station.port", DEFAULT_PORT, 0, 65535);
  }

  public String bind() {
    return optional("station.bind").orElse("0.0.0.0");
  }

  /** The station id written by {@code enrol}, empty before enrolment. */
  public Optional<String> stationId() {
    return optional("station.id");
  }

  /** Entries per sync request ({@code sync.batch-size}, default 200, 1..1000). */
  public int syncBatchSize() throws StationConfigException {
    return intValue("sync.batch-size", 200, 1, 1000);
  }

  /**
   * First wait after a failed sync ({@code sync.min-backoff}, default PT1S, at least 1 ms: zero
   * would retry a failing server in a tight loop).
   */
  public Duration syncMinBackoff() throws StationConfigException {
    Duration min = duration("sync.min-backoff", Duration.ofSeconds(1));
    if (min.compareTo(Duration.ofMillis(1)) < 0) {
      throw invalid("sync.min-backoff", "is below 1ms");
    }
    return min;
  }

  /**
   * Longest wait between sync attempts ({@code sync.max-backoff}, default PT60S, at least {@code
   * sync.min-backoff}).
   */
  public Duration syncMaxBackoff() throws StationConfigException {
    Duration max = duration("sync.max-backoff", Duration.ofSeconds(60));
    if (max.compareTo(syncMinBackoff()) < 0) {
      throw invalid("sync.max-backoff", "is below sync.min-backoff");
    }
    return max;
  }

  /** Wrong PINs before a candidate code is locked ({@code candidate.max-pin-attempts}, 5). */
  public int maxPinAttempts() throws StationConfigException {
    return intValue("candidate.max-pin-attempts", 5, 1, 100);
  }

  /** How long a code stays locked ({@code candidate.pin-lockout}, default PT15M). */
  public Duration pinLockout() throws StationConfigException {
    return duration("candidate.pin-lockout", Duration.ofMinutes(15));
  }

  /** A path setting, relative paths resolved against the config file's directory. */
  public Path path(String key) throws StationConfigException {
    String v = required(key);
    try {
      Path p = Path.of(v);
      return p.isAbsolute() ? p : file.getParent().resolve(p).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw invalid(key, "is not a path");
    }
  }

  public int intValue(String key, int defaultValue, int min, int max)
      throws StationConfigException {
    Optional<String> v = optional(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(v.get());
      if (n < min || n > max) {
        throw invalid(key, "is not in " + min + ".." + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw invalid(key, "is not a whole number");
    }
  }

  /** An ISO-8601 duration ({@code PT30S}) or a number with a unit: {@code 500ms}, {@code 30s}. */
  public Duration duration(String key, Duration defaultValue) throws StationConfigException {
    Optional<String> v = optional(key);
    if (v.isEmpty()) {
      return defaultValue;
    }
    String s = v.get();
    try {
      Duration d;
      if (s.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      } else if (s.endsWith("s") && !s.startsWith("P")) {
        d = Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
      } else if (s.endsWith("m") && !s.startsWith("P")) {
        d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
      } else {
        d = Duration.parse(s);
      }
      if (d.isNegative()) {
        throw invalid(key, "is negative");
      }
      return d;
    } catch (NumberFormatException | DateTimeParseException e) {
      throw invalid(key, "is not a duration (e.g. 500ms, 30s, 15m, PT1M)");
    }
  }
}
