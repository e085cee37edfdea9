package kg.exam.contract.trust.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import kg.exam.contract.trust.Ed25519PublicKey;
import kg.exam.contract.trust.KeyId;

/**
 * The state of the key registry, folded from its events in stream order; the one rule, shared by
 * the server and the offline verifier, of which key is valid when.
 *
 * <p>A key signs validly at instant {@code t} when it is registered, {@code validFrom <= t}, {@code
 * t} is before {@code validUntil} (the {@code validFrom} of the server key that superseded it, if
 * any), and {@code t} is before its {@code revokedFrom} (if revoked). Not thread-safe while being
 * built; safe to share once built.
 */
public final class KeyRegistry {

  /**
   * One registered key and its validity.
   *
   * @param validUntil exclusive end (the successor's validFrom), or null while current
   * @param revokedFrom first refused instant, or null when not revoked
   * @param revocationReason why, or null
   * @param stationId the station of a {@value TrustRegistry#ROLE_STATION} key, else null
   * @param centreId the centre of a {@value TrustRegistry#ROLE_STATION} key, else null
   * @param schoolId the school a {@value TrustRegistry#ROLE_STATION} key is limited to, else null
   */
  public record Entry(
      String keyId,
      String publicKey,
      String role,
      Instant validFrom,
      Instant validUntil,
      String supersededBy,
      Instant revokedFrom,
      String revocationReason,
      String stationId,
      String centreId,
      String schoolId) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Map<String, Ed25519PublicKey> publicKeys = new LinkedHashMap<>();
  private String currentServerKey;

  /**
   * Applies a registration. Refuses one whose key id does not match its public key, or a key id
   * registered before.
   */
  public void apply(ServerKeyRegistered event) {
    Objects.requireNonNull(event, "event");
    Ed25519PublicKey key = Ed25519PublicKey.fromBase64Url(event.publicKey());
    if (!KeyId.of(key).value().equals(event.keyId())) {
      throw new IllegalArgumentException(
          "key id " + event.keyId() + " is not the id of its public key (" + KeyId.of(key) + ")");
    }
    if (entries.containsKey(event.keyId())) {
      throw new IllegalArgumentException("key " + event.keyId() + " is registered twice");
    }
    if (TrustRegistry.ROLE_SERVER.equals(event.role()) && currentServerKey != null) {
      Entry old = entries.get(currentServerKey);
      entries.put(
          old.keyId(),
          new Entry(
              old.keyId(),
              old.publicKey(),
              old.role(),
              old.validFrom(),
              event.validFrom(),
              event.keyId(),
              old.revokedFrom(),
              old.revocationReason(),
              null,
              null,
              null));
    }
    if (TrustRegistry.ROLE_SERVER.equals(event.role())) {
      currentServerKey = event.keyId();
    }
    entries.put(
        event.keyId(),
        new Entry(
            event.keyId(),
            event.publicKey(),
            event.role(),
            event.validFrom(),
            null,
            null,
            null,
            null,
            null,
            null,
            null));
    publicKeys.put(event.keyId(), key);
  }

  /**
   * Applies a station key registration. Refuses one whose key id does not match its public key,
   * whose role is not {@value TrustRegistry#ROLE_STATION}, or a key id registered before. A station
   * key is never superseded: a station that changes its key has the old one revoked.
   */
  public void apply(StationKeyRegistered event) {
    Objects.requireNonNull(event, "event");
    Ed25519PublicKey key = Ed25519PublicKey.fromBase64Url(event.publicKey());
    if (!KeyId.of(key).value().equals(event.keyId())) {
      throw new IllegalArgumentException(
          "key id " + event.keyId() + " is not the id of its public key (" + KeyId.of(key) + ")");
    }
    if (!TrustRegistry.ROLE_STATION.equals(event.role())) {
      throw new IllegalArgumentException(
          "station key " + event.keyId() + " has role " + event.role());
    }
    if (entries.containsKey(event.keyId())) {
      throw new IllegalArgumentException("key " + event.keyId() + " is registered twice");
    }
    entries.put(
        event.keyId(),
        new Entry(
            event.keyId(),
            event.publicKey(),
            event.role(),
            event.validFrom(),
            null,
            null,
            null,
            null,
            event.stationId(),
            event.centreId(),
            event.schoolId()));
    publicKeys.put(event.keyId(), key);
  }

  /**
   * The public key of station key {@code keyId} if it may sign answers of a sitting at {@code
   * centreId} at {@code at}: {@link #validAt} with role {@value TrustRegistry#ROLE_STATION}, and
   * the station belongs to that centre.
   */
  public Validity stationKeyValidAt(String keyId, String centreId, Instant at) {
    Validity v = validAt(keyId, TrustRegistry.ROLE_STATION, at);
    if (!v.valid()) {
      return v;
    }
    Entry e = entries.get(keyId);
    if (!e.centreId().equals(centreId)) {
      return Validity.invalid(
          "station key "
              + keyId
              + " belongs to centre "
              + e.centreId()
              + ", not to the sitting's centre "
              + centreId);
    }
    return v;
  }

  /** Applies a revocation; refuses one of an unknown key. A second revocation keeps the earlier. */
  public void apply(KeyRevoked event) {
    Entry old = entries.get(event.keyId());
    if (old == null) {
      throw new IllegalArgumentException("revocation of unknown key " + event.keyId());
    }
    Instant from =
        old.revokedFrom() != null && old.revokedFrom().isBefore(event.revokedFrom())
            ? old.revokedFrom()
            : event.revokedFrom();
    entries.put(
        old.keyId(),
        new Entry(
            old.keyId(),
            old.publicKey(),
            old.role(),
            old.validFrom(),
            old.validUntil(),
            old.supersededBy(),
            from,
            old.revokedFrom() != null && from.equals(old.revokedFrom())
                ? old.revocationReason()
                : event.reason(),
            old.stationId(),
            old.centreId(),
            old.schoolId()));
  }

  /** The entry of a key, if registered. */
  public Optional<Entry> entry(String keyId) {
    return Optional.ofNullable(entries.get(keyId));
  }

  /** Every key in registration order. */
  public List<Entry> entries() {
    return List.copyOf(new ArrayList<>(entries.values()));
  }

  /** The key id of the current (latest registered) server key, if any. */
  public Optional<String> currentServerKey() {
    return Optional.ofNullable(currentServerKey);
  }

  /**
   * The public key of {@code keyId} if it may sign with {@code role} at {@code at}; otherwise a
   * reason why not (unknown, other role, not yet valid, superseded, revoked).
   */
  public Validity validAt(String keyId, String role, Instant at) {
    Entry e = entries.get(keyId);
    if (e == null) {
      return Validity.invalid("key " + keyId + " is not in the key registry");
    }
    if (!e.role().equals(role)) {
      return Validity.invalid("key " + keyId + " has role " + e.role() + ", not " + role);
    }
    if (at.isBefore(e.validFrom())) {
      return Validity.invalid(
          "key " + keyId + " is valid only from " + e.validFrom() + ", signed at " + at);
    }
    if (e.validUntil() != null && !at.isBefore(e.validUntil())) {
      return Validity.invalid(
          "key "
              + keyId
              + " was superseded by "
              + e.supersededBy()
              + " at "
              + e.validUntil()
              + ", signed at "
              + at);
    }
    if (e.revokedFrom() != null && !at.isBefore(e.revokedFrom())) {
      return Validity.invalid(
          "key "
              + keyId
              + " was revoked from "
              + e.revokedFrom()
              + " ("
              + e.revocationReason()
              + "), signed at "
              + at);
    }
    return new Validity(publicKeys.get(keyId), null);
  }

  /**
   * Whether a key may sign at an instant.
   *
   * @param key the public key when valid, else null
   * @param reason why not, else null
   */
  public record Validity(Ed25519PublicKey key, String reason) {
    static Validity invalid(String reason) {
      return new Validity(null, reason);
    }

    /** Whether the key is valid. */
    public boolean valid() {
      return key != null;
    }
  }
}
