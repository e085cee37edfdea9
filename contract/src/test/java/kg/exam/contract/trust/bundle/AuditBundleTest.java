package kg.exam.contract.trust.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import kg.exam.contract.trust.MerkleTree;
import kg.exam.contract.trust.StreamHashChain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditBundleTest {
  @TempDir Path dir;

  private static BundleStream stream(
      BundleStream.Kind kind, String id, SittingProof proof, String... payloads) {
    List<BundleEvent> events = new ArrayList<>();
    byte[] previous = StreamHashChain.genesisHash();
    for (int i = 0; i < payloads.length; i++) {
      byte[] p = payloads[i].getBytes(StandardCharsets.UTF_8);
      previous = StreamHashChain.nextHash(previous, id, i, p);
      events.add(new BundleEvent(i, "kg.exam.contract.X", p, previous));
    }
    return new BundleStream(kind, id, events, proof);
  }

  @Test
  void shouldReadBackExactlyWhatWasWrittenIncludingPayloadBytesAndProofs() throws Exception {
    MerkleTree tree = MerkleTree.of(List.of(new byte[] {1}, new byte[] {2}, new byte[] {3}));
    BundleManifest manifest =
        new BundleManifest(
            AuditBundle.FORMAT,
            "SESSION",
            "s",
            null,
            "e",
            1,
            4,
            2,
            Instant.parse("2026-01-01T00:00:00Z"));
    BundleStream registry = stream(BundleStream.Kind.REGISTRY, "trust-registry", null, "{}");
    BundleStream exam = stream(BundleStream.Kind.EXAM, "e", null, "{\"a\":1}");
    BundleStream session = stream(BundleStream.Kind.SESSION, "s", null, "{\"b\":\"ң\"}");
    BundleStream one =
        stream(
            BundleStream.Kind.SITTING,
            "sit/1 ö",
            new SittingProof(4, 1, tree.inclusionProof(0)),
            "{\"x\":\"\\\"quoted\\\"\"}",
            "{}");
    BundleStream two =
        stream(
            BundleStream.Kind.SITTING,
            "sit-2",
            new SittingProof(4, 0, tree.inclusionProof(2)),
            "[]");
    Path file = dir.resolve("b.zip");
    try (OutputStream out = Files.newOutputStream(file);
        AuditBundleWriter w = new AuditBundleWriter(out)) {
      w.manifest(manifest);
      w.registry(registry);
      w.exam(exam);
      w.session(session);
      w.sitting(one);
      w.sitting(two);
    }

    try (AuditBundleReader r = AuditBundleReader.open(file)) {
      assertThat(r.manifest()).isEqualTo(manifest);
      assertThat(r.registry()).isEqualTo(registry);
      assertThat(r.exam()).isEqualTo(exam);
      assertThat(r.session()).isEqualTo(session);
      assertThat(r.sittingEntries())
          .containsExactly(AuditBundle.sittingEntry("sit/1 ö"), AuditBundle.sittingEntry("sit-2"));
      BundleStream back = r.sitting(r.sittingEntries().getFirst());
      assertThat(back.events()).isEqualTo(one.events());
      assertThat(back.proof().inclusion().toString()).isEqualTo(one.proof().inclusion().toString());
      assertThat(back.proof().sealSequence()).isEqualTo(1);
    }
  }

  @Test
  void shouldRefuseAFileThatIsNotABundle() throws Exception {
    Path file = dir.resolve("x.zip");
    Files.writeString(file, "not a zip");
    assertThatThrownBy(() -> AuditBundleReader.open(file))
        .isInstanceOf(BundleFormatException.class)
        .hasMessageContaining("not a ZIP");
  }
}
