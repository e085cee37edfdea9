package kg.exam.command.trust;

import java.util.Base64;
import java.util.Optional;
import kg.exam.contract.trust.Ed25519PrivateKey;
import kg.exam.contract.trust.Ed25519PublicKey;
import kg.exam.contract.trust.registry.KeyRegistry;
import kg.exam.contract.trust.registry.ServerKeyEndorsed;
import kg.exam.contract.trust.registry.TrustRegistry;
import org.springframework.stereotype.Component;

/**
 * Cross-signatures of server key rotations (scheme {@value ServerKeyEndorsed#SCHEME}): made with
 * the superseded private key when the operator configures it beside the new one, and checked by the
 * registry before the rotation is recorded.
 */
@Component
public class KeyEndorsements {
  private final SignedPayloads signed;

  KeyEndorsements(SignedPayloads signed) {
    this.signed = signed;
  }

  /** The signature of {@code previous} over the endorsement statement, base64url. */
  String sign(Ed25519PrivateKey previous, ServerKeyEndorsed unsigned) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(previous.sign(signed.signedBytes(unsigned)));
  }

  /** Whether the endorsement is a valid signature of the server key it names as endorser. */
  boolean verifies(KeyRegistry registry, ServerKeyEndorsed endorsement) {
    Optional<KeyRegistry.Entry> endorser = registry.entry(endorsement.endorsedBy());
    if (endorser.isEmpty() || !TrustRegistry.ROLE_SERVER.equals(endorser.get().role())) {
      return false;
    }
    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(endorsement.signature());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return Ed25519PublicKey.fromBase64Url(endorser.get().publicKey())
        .verify(signed.signedBytes(endorsement), signature);
  }
}
