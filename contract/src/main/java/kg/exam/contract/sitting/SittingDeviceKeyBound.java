package kg.exam.contract.sitting;

import java.time.Instant;

/**
 * A device key was bound to the sitting: the Ed25519 key pair the candidate's browser or phone
 * generated for this sitting. From {@code boundAt} on, this key (and no earlier device key of the
 * sitting) signs the sitting's answers; binding another key (a resumed sitting on a new device)
 * supersedes the previous one.
 *
 * @param keyId the key id ({@code sha256-16-b64url/1}) of {@code publicKey}
 * @param publicKey the raw 32-byte Ed25519 public key, base64url without padding
 * @param boundAt the server's clock when the key was bound
 */
public record SittingDeviceKeyBound(
    String sittingId, String keyId, String publicKey, Instant boundAt) {}
