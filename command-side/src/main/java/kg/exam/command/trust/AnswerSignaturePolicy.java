package kg.exam.command.trust;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.contract.trust.AnswerSignatures;
import kg.exam.contract.trust.Ed25519PublicKey;
import kg.exam.contract.trust.registry.KeyRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Decides whether a device's signature of an answer is accepted (scheme {@value
 * AnswerSignatures#SCHEME}). The key must be the sitting's current device key (the latest {@code
 * SittingDeviceKeyBound}) or a station key of the sitting's centre that the registry says is valid
 * at the server's receive time (registered, from its {@code validFrom}, not revoked); the signature
 * must verify over the answer's canonical bytes. Any failure refuses the answer with {@link
 * ProblemType#INVALID_ANSWER_SIGNATURE} before an event exists.
 *
 * <p>Signatures are required unless {@code exam.trust.require-answer-signatures=false} (meant only
 * for a curl walkthrough without a signing tool); an unsigned answer is then recorded without
 * {@code keyId} and {@code signature}, which an audit bundle verifier reports.
 *
 * <p>With trust off for a benchmark ({@link TrustProperties#enabled()} false) nothing is checked:
 * every answer is accepted as sent, signed or not.
 */
@Component
public class AnswerSignaturePolicy {
  private final Supplier<KeyRegistry> registry;
  private final boolean required;
  private final boolean checking;

  @Autowired
  AnswerSignaturePolicy(KeyRegistryReader registry, TrustProperties trust) {
    this(registry::current, trust.requireAnswerSignatures(), trust.enabled());
  }

  /**
   * A policy over a given registry.
   *
   * @param registry the key registry as it stands when an answer arrives
   * @param required whether unsigned answers are refused
   */
  public AnswerSignaturePolicy(Supplier<KeyRegistry> registry, boolean required) {
    this(registry, required, true);
  }

  private AnswerSignaturePolicy(
      Supplier<KeyRegistry> registry, boolean required, boolean checking) {
    this.registry = registry;
    this.required = required;
    this.checking = checking;
  }

  /** An answer as the device signed it, and the server's receive time. */
  public record SignedAnswer(
      String sittingId,
      String itemId,
      List<String> response,
      long clientSeq,
      Instant clientTimestamp,
      Instant receivedAt,
      String keyId,
      String signature) {}

  /**
   * Checks the answer's signature.
   *
   * @param centreId the sitting's centre (station keys must belong to it)
   * @param deviceKey the sitting's current device key, or null when none is bound
   * @throws RuleViolation {@link ProblemType#INVALID_ANSWER_SIGNATURE} naming why
   */
  public void check(SignedAnswer answer, String centreId, Ed25519PublicKey deviceKey) {
    if (!checking) {
      return;
    }
    byte[] signedBytes;
    try {
      signedBytes =
          AnswerSignatures.signedBytes(
              answer.sittingId(),
              answer.itemId(),
              answer.response(),
              answer.clientSeq(),
              answer.clientTimestamp());
    } catch (IllegalArgumentException e) {
      // e.g. an unpaired UTF-16 surrogate: the answer has no canonical form to sign or store
      throw new RuleViolation(
          ProblemType.INVALID_REQUEST,
          "The request holds text that is not well-formed Unicode (" + e.getMessage() + ").");
    }
    if (answer.keyId() == null && answer.signature() == null) {
      if (required) {
        throw refused(
            "The answer is not signed: send signature {keyId, value}, the device's Ed25519"
                + " signature of the "
                + AnswerSignatures.SCHEME
                + " form of the answer.");
      }
      return;
    }
    if (answer.keyId() == null || answer.signature() == null) {
      throw refused("A signature needs both keyId and value.");
    }
    Ed25519PublicKey key;
    if (deviceKey != null && deviceKey.keyId().value().equals(answer.keyId())) {
      key = deviceKey;
    } else {
      KeyRegistry.Validity validity =
          registry.get().stationKeyValidAt(answer.keyId(), centreId, answer.receivedAt());
      if (!validity.valid()) {
        throw refused(
            "Key "
                + answer.keyId()
                + " is neither this sitting's device key nor a valid station key: "
                + validity.reason()
                + ".");
      }
      key = validity.key();
    }
    if (!verifies(key, signedBytes, answer.signature())) {
      throw refused(
          "The signature is not key "
              + answer.keyId()
              + "'s signature of this answer ("
              + AnswerSignatures.SCHEME
              + ": sittingId, itemId, response, clientSeq, clientTimestamp).");
    }
  }

  private static boolean verifies(Ed25519PublicKey key, byte[] signedBytes, String signature) {
    byte[] sig;
    try {
      sig = Base64.getUrlDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return key.verify(signedBytes, sig);
  }

  private static RuleViolation refused(String detail) {
    return new RuleViolation(ProblemType.INVALID_ANSWER_SIGNATURE, detail);
  }
}
