package kg.exam.contract.trust.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HexFormat;
import kg.exam.contract.trust.Ed25519PrivateKey;
import org.junit.jupiter.api.Test;

class KeyRegistryTest {
  private static final Ed25519PrivateKey A = key("01");
  private static final Ed25519PrivateKey B = key("02");
  private static final Instant T1 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2026-02-01T00:00:00Z");
  private static final Instant T3 = Instant.parse("2026-03-01T00:00:00Z");

  private static Ed25519PrivateKey key(String fill) {
    return Ed25519PrivateKey.fromSeed(HexFormat.of().parseHex(fill.repeat(32)));
  }

  private static ServerKeyRegistered registered(
      Ed25519PrivateKey k, Instant from, String supersedes) {
    return new ServerKeyRegistered(
        TrustRegistry.STREAM_ID,
        k.keyId().value(),
        k.publicKey().toBase64Url(),
        TrustRegistry.ROLE_SERVER,
        from,
        supersedes,
        "server");
  }

  @Test
  void shouldEndAServerKeysValidityWhereItsSuccessorsBegins() {
    KeyRegistry r = new KeyRegistry();
    r.apply(registered(A, T1, null));
    r.apply(registered(B, T2, A.keyId().value()));

    String a = A.keyId().value();
    assertThat(r.validAt(a, "SERVER", T1).valid()).isTrue();
    assertThat(r.validAt(a, "SERVER", T2.minusMillis(1)).key()).isEqualTo(A.publicKey());
    assertThat(r.validAt(a, "SERVER", T2).reason()).contains("superseded");
    assertThat(r.validAt(B.keyId().value(), "SERVER", T2).valid()).isTrue();
    assertThat(r.validAt(a, "SERVER", T1.minusMillis(1)).reason()).contains("valid only from");
    assertThat(r.currentServerKey()).hasValue(B.keyId().value());
  }

  @Test
  void shouldRefuseSignaturesFromTheRevocationInstantOnAndKeepTheEarliestRevocation() {
    KeyRegistry r = new KeyRegistry();
    r.apply(registered(A, T1, null));
    String a = A.keyId().value();
    r.apply(new KeyRevoked(TrustRegistry.STREAM_ID, a, T3, "late", "admin"));
    r.apply(new KeyRevoked(TrustRegistry.STREAM_ID, a, T2, "leaked", "admin"));

    assertThat(r.validAt(a, "SERVER", T2.minusMillis(1)).valid()).isTrue();
    assertThat(r.validAt(a, "SERVER", T2).reason()).contains("revoked").contains("leaked");
    assertThat(r.validAt(a, "STATION", T1.plusMillis(1)).reason()).contains("role");
    assertThat(r.validAt("AAAAAAAAAAAAAAAAAAAAAA", "SERVER", T2).reason())
        .contains("not in the key registry");
  }

  @Test
  void shouldRefuseAKeyIdThatIsNotThatOfItsPublicKeyAndARepeatedRegistration() {
    KeyRegistry r = new KeyRegistry();
    ServerKeyRegistered wrongId =
        new ServerKeyRegistered(
            TrustRegistry.STREAM_ID,
            B.keyId().value(),
            A.publicKey().toBase64Url(),
            TrustRegistry.ROLE_SERVER,
            T1,
            null,
            "server");
    assertThatThrownBy(() -> r.apply(wrongId)).hasMessageContaining("is not the id");
    r.apply(registered(A, T1, null));
    assertThatThrownBy(() -> r.apply(registered(A, T2, null))).hasMessageContaining("twice");
  }
}
