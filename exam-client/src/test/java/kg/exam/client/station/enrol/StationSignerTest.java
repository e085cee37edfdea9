package kg.exam.client.station.enrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import kg.exam.contract.trust.Ed25519PrivateKey;
import kg.exam.contract.trust.StationRequestSignatures;
import org.junit.jupiter.api.Test;

class StationSignerTest {
  private static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");
  private final Ed25519PrivateKey key = Ed25519PrivateKey.generate(new SecureRandom());
  private final StationSigner signer = new StationSigner(key, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void shouldSignMethodTargetTimeAndBody() {
    byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    var auth =
        StationRequestSignatures.parse(
            signer.authorization("post", "/api/stations/sync?x=%20y", body));

    assertEquals(key.keyId().value(), auth.keyId());
    assertEquals(NOW, auth.timestamp());
    assertTrue(
        StationRequestSignatures.verify(
            key.publicKey(), auth, "POST", "/api/stations/sync?x=%20y", body));
    assertFalse(
        StationRequestSignatures.verify(
            key.publicKey(), auth, "POST", "/api/stations/sync?x=%20z", body));
    assertFalse(
        StationRequestSignatures.verify(
            key.publicKey(), auth, "POST", "/api/stations/sync?x=%20y", new byte[0]));
    assertFalse(
        StationRequestSignatures.verify(
            key.publicKey(), auth, "PUT", "/api/stations/sync?x=%20y", body));
  }

  @Test
  void shouldShiftRequestTimesByTheLearntServerClock() {
    signer.correctClock(NOW.plus(Duration.ofMinutes(12)));

    var auth = StationRequestSignatures.parse(signer.authorization("GET", "/x", null));

    assertEquals(Duration.ofMinutes(12), signer.clockOffset());
    assertEquals(NOW.plus(Duration.ofMinutes(12)), auth.timestamp());
  }

  @Test
  void shouldTakeTheRawPathAndQueryOfAUri() {
    assertEquals(
        "/api/a%2Fb?q=1&r=%C3%A9",
        StationSigner.rawPathAndQuery(URI.create("http://h:1/api/a%2Fb?q=1&r=%C3%A9")));
    assertEquals("/", StationSigner.rawPathAndQuery(URI.create("http://h:1")));
  }

  @Test
  void shouldNeverRenderThePrivateKey() {
    assertEquals("StationSigner[keyId=" + key.keyId().value() + "]", signer.toString());
  }
}
