package kg.exam.command.trust;

import java.nio.charset.StandardCharsets;
import kg.exam.contract.trust.CanonicalJson;
import kg.exam.contract.trust.SignedStatement;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * The bytes a server signature covers for an event about to be applied: the event serialised
 * exactly as the event store will store it, canonicalised, without its {@code signature} member
 * ({@link SignedStatement}). So the verifier can recompute them from the stored payload alone.
 */
@Component
class SignedPayloads {
  private final Serializer eventSerializer;

  SignedPayloads(@Qualifier("eventSerializer") Serializer eventSerializer) {
    this.eventSerializer = eventSerializer;
  }

  byte[] signedBytes(Object event) {
    byte[] stored = eventSerializer.serialize(event, byte[].class).getData();
    return SignedStatement.signedBytes(
        CanonicalJson.canonicalizeExact(new String(stored, StandardCharsets.UTF_8)));
  }
}
