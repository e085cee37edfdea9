package kg.exam.command.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code exam.trust.*} as Spring binds it from configuration. */
class TrustPropertiesTest {
  private static TrustProperties bind(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings))
        .bindOrCreate("exam.trust", TrustProperties.class);
  }

  @Test
  void shouldKeepTrustOnByDefault() {
    TrustProperties trust = bind(Map.of());

    assertThat(trust.enabled()).isTrue();
    assertThat(trust.requireAnswerSignatures()).isTrue();
    assertThat(trust.disabledForBenchmark()).isFalse();
  }

  @Test
  void shouldRefuseTrustOffWithoutTheBenchmarkAcknowledgement() {
    assertThatThrownBy(() -> bind(Map.of("exam.trust.enabled", "false")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exam.trust.disabled-for-benchmark=true");
  }

  @Test
  void shouldTurnTrustOffOnlyWithTheBenchmarkAcknowledgement() {
    TrustProperties trust =
        bind(Map.of("exam.trust.enabled", "false", "exam.trust.disabled-for-benchmark", "true"));

    assertThat(trust.enabled()).isFalse();
  }

  @Test
  void shouldRefuseAServerKeyFromTwoSources() {
    assertThatThrownBy(
            () ->
                bind(
                    Map.of(
                        "exam.trust.server-key-file", "/keys/server.pem",
                        "exam.trust.server-key-store", "/keys/server.p12")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("configure the server key from one source only");
  }

  @Test
  void shouldNeverRenderTheKeyStorePassword() {
    TrustProperties trust =
        bind(
            Map.of(
                "exam.trust.server-key-store", "/keys/server.p12",
                "exam.trust.server-key-store-password", "correct-horse-battery"));

    assertThat(trust.serverKeyStorePassword()).isEqualTo("correct-horse-battery");
    assertThat(trust.toString())
        .doesNotContain("correct-horse-battery")
        .contains("serverKeyStorePassword=<hidden>");
  }
}
