package kg.exam.client.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import kg.exam.contract.trust.bundle.BundleStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundles the server would never make (a revoked key still sealing, a signed wrong score). */
class SyntheticBundleVerificationTest {
  @TempDir Path dir;

  private Path bundle(SyntheticBundles.Spec spec) throws Exception {
    Path file = dir.resolve("b.zip");
    try (OutputStream out = Files.newOutputStream(file)) {
      SyntheticBundles.write(out, spec);
    }
    return file;
  }

  @Test
  void shouldVerifyAGeneratedSessionOnSeveralThreadsAndReportProgress() throws Exception {
    List<Integer> progress = new ArrayList<>();
    VerificationReport report =
        new BundleVerifier(3, progress::add)
            .verify(bundle(new SyntheticBundles.Spec(40, 7, null, false)));

    assertThat(report.failure()).isNull();
    assertThat(report.sittingsVerified()).isEqualTo(40);
    assertThat(progress).containsExactly(40);
  }

  @Test
  void shouldFailTheReScoreOfASignedWrongScore() throws Exception {
    VerificationReport report =
        new BundleVerifier().verify(bundle(new SyntheticBundles.Spec(5, 7, null, true)));

    assertThat(report.failure().streamId()).isEqualTo("sit-0000000");
    assertThat(report.failure().field()).isEqualTo("rawTotal");
    assertThat(report.failure().sequence())
        .isEqualTo(34L); // registration, start, device key, 30 answers, submit
  }

  @Test
  void shouldRefuseSealsMadeAfterTheKeyWasRevoked() throws Exception {
    VerificationReport report =
        new BundleVerifier()
            .verify(
                bundle(
                    new SyntheticBundles.Spec(3, 7, Instant.parse("2026-06-01T08:30:00Z"), false)));

    assertThat(report.failure().field()).isEqualTo("keyId");
    assertThat(report.failure().message()).contains("revoked");
  }

  @Test
  void shouldReportAMissingSittingOfASessionBundle() throws Exception {
    BundleTampering.Bundle b =
        BundleTampering.read(bundle(new SyntheticBundles.Spec(4, 7, null, false)));
    List<BundleStream> three = new ArrayList<>(b.sittings().subList(0, 3));
    BundleTampering.Bundle cut =
        new BundleTampering.Bundle(b.manifest(), b.registry(), b.exam(), b.session(), three);

    VerificationReport report =
        new BundleVerifier().verify(BundleTampering.write(cut, dir.resolve("cut.zip")));

    assertThat(report.failure().field()).isEqualTo("sittings");
  }

  @Test
  void shouldAcceptOnlyKeysTrustedOutOfBandWhenSomeAreGiven() throws Exception {
    Path file = bundle(new SyntheticBundles.Spec(2, 7, null, false));
    String payload = BundleTampering.read(file).registry().events().getFirst().payloadText();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"keyId\":\"([^\"]+)\"").matcher(payload);
    assertThat(m.find()).isTrue();
    String keyId = m.group(1);

    VerificationReport pinned =
        new BundleVerifier(2, n -> {}, java.util.Set.of(keyId)).verify(file);
    VerificationReport other =
        new BundleVerifier(2, n -> {}, java.util.Set.of("AAAAAAAAAAAAAAAAAAAAAA")).verify(file);

    assertThat(pinned.failure()).isNull();
    assertThat(other.failure().field()).isEqualTo("keyId");
    assertThat(other.failure().message()).contains("trusted out of band");
  }

  @Test
  void shouldVerifyASessionWhoseTreeLeavesTakeSeveralBatches() throws Exception {
    Path file = bundle(new SyntheticBundles.Spec(1_001, 7, null, false));
    List<String> types =
        BundleTampering.read(file).session().events().stream()
            .map(kg.exam.contract.trust.bundle.BundleEvent::simpleType)
            .toList();

    VerificationReport report = new BundleVerifier(2, n -> {}).verify(file);

    assertThat(report.failure()).as("%s", report.failure()).isNull();
    assertThat(report.sittingsVerified()).isEqualTo(1_001);
    assertThat(types.subList(types.size() - 4, types.size()))
        .containsExactly(
            "SessionTreeLeavesListed",
            "SessionTreeLeavesListed",
            "SessionTreeHeadPublished",
            "StreamHeadSigned");
  }

  @Test
  void shouldStillVerifyATreeHeadThatListsItsLeavesItself() throws Exception {
    VerificationReport report =
        new BundleVerifier().verify(bundle(new SyntheticBundles.Spec(6, 7, null, false, true)));

    assertThat(report.failure()).as("%s", report.failure()).isNull();
    assertThat(report.sittingsVerified()).isEqualTo(6);
  }

  @Test
  void shouldFailAtTheSignedDigestWhenALeafIsChangedAndTheSessionStreamRechained()
      throws Exception {
    BundleTampering.Bundle b =
        BundleTampering.read(bundle(new SyntheticBundles.Spec(5, 7, null, false)));
    List<kg.exam.contract.trust.bundle.BundleEvent> events = new ArrayList<>(b.session().events());
    int batch = -1;
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).simpleType().equals("SessionTreeLeavesListed")) {
        batch = i;
      }
    }
    String text = events.get(batch).payloadText();
    // the attacker swaps two sittings' places in the tree and re-chains the session stream
    String swapped =
        text.replace("sit-0000001", "sit-TEMP")
            .replace("sit-0000002", "sit-0000001")
            .replace("sit-TEMP", "sit-0000002");
    assertThat(swapped).isNotEqualTo(text);
    events.set(
        batch,
        events.get(batch).withPayload(swapped.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    BundleStream session =
        b.session().withEvents(BundleTampering.rechain(b.manifest().sessionId(), events));
    BundleTampering.Bundle tampered =
        new BundleTampering.Bundle(b.manifest(), b.registry(), b.exam(), session, b.sittings());

    VerificationReport report =
        new BundleVerifier().verify(BundleTampering.write(tampered, dir.resolve("leaf.zip")));

    assertThat(report.failure()).isNotNull();
    assertThat(report.failure().streamId()).isEqualTo(b.manifest().sessionId());
    assertThat(report.failure().field()).isEqualTo("leavesSha256");
    assertThat(report.failure().sequence()).isEqualTo((long) batch + 1);
  }
}
