package kg.exam.client.station.enrol;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import kg.exam.client.station.StationJson;
import kg.exam.contract.trust.Ed25519PrivateKey;

/**
 * Enrols a station with its centre: makes the station's Ed25519 key (PEM, mode 600, in the data
 * directory; never printed), registers its public key with the command side ({@code POST
 * /api/trust/stations}) under a centre administrator's account given once, and records the station
 * id and key id in {@code <data-dir>/enrolment.properties} (and {@code station.id} in the config
 * file when it is not there yet). The administrator's password is used for that one request and
 * never stored.
 *
 * <p>Running it again is safe: an enrolled station reports its enrolment; a key made by an
 * interrupted enrolment is registered with the same key.
 */
public final class Enrolment {
  /** The file in the data directory that records the enrolment. */
  public static final String FILE = "enrolment.properties";

  private final URI server;
  private final Path dataDir;
  private final Path keyFile;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /**
   * @param server the command side's base URL
   * @param dataDir the station's data directory
   * @param keyFile where the station key is (or will be) kept
   */
  public Enrolment(URI server, Path dataDir, Path keyFile, Clock clock) {
    this.server = server;
    this.dataDir = dataDir;
    this.keyFile = keyFile;
    this.clock = clock;
  }

  /** What the station is enrolled as. */
  public record Enrolled(
      String stationId,
      String keyId,
      String centreId,
      String schoolId,
      Instant enrolledAt,
      boolean alreadyEnrolled) {}

  /** A centre administrator's account, for the one registration request. */
  public record AdminCredentials(String account, char[] password) {
    @Override
    public String toString() {
      return "AdminCredentials[account=" + account + "]";
    }
  }

  /** Refused by the command side or by the rules here; the message is one line. */
  public static final class EnrolmentFailed extends Exception {
    private static final long serialVersionUID = 1L;

    public EnrolmentFailed(String message) {
      super(message);
    }
  }

  /** The recorded enrolment, if the station is enrolled. */
  public static java.util.Optional<Enrolled> recorded(Path dataDir) throws IOException {
    Properties p = new Properties();
    try (var in = Files.newBufferedReader(dataDir.resolve(FILE), StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (NoSuchFileException e) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new Enrolled(
            p.getProperty("station.id"),
            p.getProperty("key.id"),
            p.getProperty("centre.id"),
            p.getProperty("school.id"),
            Instant.parse(p.getProperty("enrolled.at")),
            true));
  }

  /**
   * Enrols the station.
   *
   * @param stationId the station's name within its centre (e.g. {@code school-017-lab-1})
   * @param centreId the centre whose sittings it runs
   * @param schoolId the school it serves, or null for the whole centre
   * @param admin the centre administrator's account (the password array is cleared afterwards)
   */
  public Enrolled enrol(String stationId, String centreId, String schoolId, AdminCredentials admin)
      throws IOException, InterruptedException, EnrolmentFailed {
    try {
      java.util.Optional<Enrolled> existing = recorded(dataDir);
      if (existing.isPresent()) {
        return existing.get();
      }
      Ed25519PrivateKey key = loadOrCreateKey();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("stationId", stationId);
      body.put("centreId", centreId);
      body.put("publicKey", key.publicKey().toBase64Url());
      if (schoolId != null) {
        body.put("schoolId", schoolId);
      }
      String basic = basic(admin);
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(server.resolve("/api/trust/stations"))
                  .timeout(Duration.ofMinutes(1))
                  .header("Authorization", basic)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofByteArray(
                          StationJson.MAPPER.writeValueAsBytes(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      Instant enrolledAt = clock.instant();
      if (r.statusCode() != 201) {
        JsonNode problem = readOrEmpty(r.body());
        if (r.statusCode() == 422 && alreadyRegistered(key, stationId, centreId, basic)) {
          enrolledAt = clock.instant();
        } else {
          throw new EnrolmentFailed(
              "the command side refused the enrolment: HTTP "
                  + r.statusCode()
                  + " "
                  + problem.path("type").asText("")
                  + " "
                  + problem.path("detail").asText(""));
        }
      }
      Enrolled enrolled =
          new Enrolled(stationId, key.keyId().value(), centreId, schoolId, enrolledAt, false);
      record(enrolled);
      return enrolled;
    } finally {
      Arrays.fill(admin.password(), '\0');
    }
  }

  /** Whether the registry already holds this key for this station (an interrupted enrolment). */
  private boolean alreadyRegistered(
      Ed25519PrivateKey key, String stationId, String centreId, String basic)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(server.resolve("/api/trust/keys"))
                .timeout(Duration.ofMinutes(1))
                .header("Authorization", basic)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      return false;
    }
    for (JsonNode e : StationJson.MAPPER.readTree(r.body())) {
      if (key.keyId().value().equals(e.path("keyId").asText())) {
        return stationId.equals(e.path("stationId").asText())
            && centreId.equals(e.path("centreId").asText())
            && e.path("revokedFrom").isNull();
      }
    }
    return false;
  }

  private Ed25519PrivateKey loadOrCreateKey() throws IOException {
    if (Files.exists(keyFile)) {
      return Ed25519PrivateKey.fromPemFile(keyFile);
    }
    Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
    PackageStore.writePrivate(keyFile, key.toPem().getBytes(StandardCharsets.US_ASCII));
    return key;
  }

  private void record(Enrolled e) throws IOException {
    StringBuilder b =
        new StringBuilder("# written by 'enrol': this station's registration with its centre\n");
    b.append("station.id=").append(e.stationId()).append('\n');
    b.append("key.id=").append(e.keyId()).append('\n');
    b.append("centre.id=").append(e.centreId()).append('\n');
    if (e.schoolId() != null) {
      b.append("school.id=").append(e.schoolId()).append('\n');
    }
    b.append("enrolled.at=").append(e.enrolledAt()).append('\n');
    b.append("server.url=").append(server).append('\n');
    PackageStore.writePrivate(dataDir.resolve(FILE), b.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String basic(AdminCredentials admin) {
    byte[] account = (admin.account() + ":").getBytes(StandardCharsets.UTF_8);
    java.nio.ByteBuffer encoded =
        StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(admin.password()));
    byte[] both = new byte[account.length + encoded.remaining()];
    System.arraycopy(account, 0, both, 0, account.length);
    encoded.get(both, account.length, encoded.remaining());
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    String header = "Basic " + Base64.getEncoder().encodeToString(both);
    Arrays.fill(both, (byte) 0);
    return header;
  }

  private static JsonNode readOrEmpty(byte[] body) {
    try {
      return StationJson.MAPPER.readTree(body);
    } catch (IOException e) {
      return StationJson.MAPPER.createObjectNode();
    }
  }
}
