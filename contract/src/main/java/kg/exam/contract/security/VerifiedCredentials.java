package kg.exam.contract.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Account and password pairs whose password was checked (with bcrypt, about 85 ms of CPU) within
 * the last {@code ttl}: an HTTP Basic client that sends them on every request is not checked again
 * until then. Keys are HMAC-SHA256 of the account and the password under a key made afresh for each
 * instance, so neither is held in memory; at most {@code maxEntries} are kept (expired ones are
 * dropped first, then all).
 *
 * @param <U> what a verified pair signs in as
 */
final class VerifiedCredentials<U> {
  private record Entry<U>(U user, Instant expires) {}

  private final Map<String, Entry<U>> verified = new ConcurrentHashMap<>();
  private final SecretKeySpec key;
  private final Duration ttl;
  private final int maxEntries;
  private final Clock clock;

  VerifiedCredentials(Duration ttl, int maxEntries, Clock clock) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.ttl = ttl;
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /** Who the pair signed in as, when it was verified within the time to live; else null. */
  U get(String account, String password) {
    String k = key(account, password);
    Entry<U> e = verified.get(k);
    if (e == null) {
      return null;
    }
    if (!clock.instant().isBefore(e.expires())) {
      verified.remove(k, e);
      return null;
    }
    return e.user();
  }

  /** The pair's password was just checked and is right. */
  void put(String account, String password, U user) {
    Instant now = clock.instant();
    if (verified.size() >= maxEntries) {
      verified.values().removeIf(e -> !now.isBefore(e.expires()));
      if (verified.size() >= maxEntries) {
        verified.clear();
      }
    }
    verified.put(key(account, password), new Entry<>(user, now.plus(ttl)));
  }

  private String key(String account, String password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(String.valueOf(account).getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return HexFormat.of()
          .formatHex(mac.doFinal(String.valueOf(password).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no HmacSHA256", e);
    }
  }
}
