package kg.exam.contract.sitting;

import java.time.Instant;

/**
 * Binds a new device key to a running sitting (the candidate moved to another device).
 *
 * @param publicKey the raw 32-byte Ed25519 public key, base64url without padding
 * @param now the server's clock
 */
public record BindDeviceKey(String sittingId, String publicKey, Instant now)
    implements SittingCommand {}
