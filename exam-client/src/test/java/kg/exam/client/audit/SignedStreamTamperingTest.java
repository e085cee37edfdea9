package kg.exam.client.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import kg.exam.contract.trust.Ed25519PrivateKey;
import kg.exam.contract.trust.bundle.BundleEvent;
import kg.exam.contract.trust.bundle.BundleStream;
import kg.exam.contract.trust.registry.TrustRegistry;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The attacker of the trust model edits the database and recomputes every hash they can: an edit to
 * the key registry, the exam (what candidates saw) or the session (centre, window, tree heads,
 * finalisation), re-chained, must still fail verification at that stream's signed head, for each
 * further step the attacker can take without the server key.
 */
class SignedStreamTamperingTest {
  @TempDir Path dir;

  /** One stream type and an edit of one of its events. */
  enum Edit {
    /** A question's text, as candidates saw it, in the published version. */
    EXAM("ExamPublished", "Question 3", "Question 7"),
    /** The session's centre. */
    SESSION("ExamSessionOpened", "\"centreId\":\"centre\"", "\"centreId\":\"elsewhere\""),
    /** The server key's first valid instant, moved back to cover earlier forgeries. */
    REGISTRY(
        "ServerKeyRegistered",
        "\"validFrom\":\"2026-06-01T07:00:00Z\"",
        "\"validFrom\":\"2020-01-01T00:00:00Z\"");

    final String type;
    final String from;
    final String to;

    Edit(String type, String from, String to) {
      this.type = type;
      this.from = from;
      this.to = to;
    }

    BundleStream stream(BundleTampering.Bundle b) {
      return switch (this) {
        case EXAM -> b.exam();
        case SESSION -> b.session();
        case REGISTRY -> b.registry();
      };
    }

    BundleTampering.Bundle with(BundleTampering.Bundle b, BundleStream s) {
      return switch (this) {
        case EXAM ->
            new BundleTampering.Bundle(b.manifest(), b.registry(), s, b.session(), b.sittings());
        case SESSION ->
            new BundleTampering.Bundle(b.manifest(), b.registry(), b.exam(), s, b.sittings());
        case REGISTRY ->
            new BundleTampering.Bundle(b.manifest(), s, b.exam(), b.session(), b.sittings());
      };
    }
  }

  private BundleTampering.Bundle original() throws Exception {
    Path file = dir.resolve("original.zip");
    try (OutputStream out = Files.newOutputStream(file)) {
      SyntheticBundles.write(out, new SyntheticBundles.Spec(3, 11, null, false));
    }
    BundleTampering.Bundle b = BundleTampering.read(file);
    assertThat(new BundleVerifier().verify(file).failure()).isNull();
    return b;
  }

  /** The stream's events with the edit made and every chain hash recomputed. */
  private static List<BundleEvent> editedAndRechained(Edit edit, BundleStream stream) {
    List<BundleEvent> events = new ArrayList<>(stream.events());
    int at = -1;
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).simpleType().equals(edit.type)) {
        at = i;
      }
    }
    assertThat(at).as("a %s event", edit.type).isNotNegative();
    String text = events.get(at).payloadText();
    String changed = text.replace(edit.from, edit.to);
    assertThat(changed).as("the edit applies").isNotEqualTo(text);
    events.set(at, events.get(at).withPayload(changed.getBytes(StandardCharsets.UTF_8)));
    return BundleTampering.rechain(stream.streamId(), events);
  }

  private Failure verify(
      Edit edit, BundleTampering.Bundle b, UnaryOperator<List<BundleEvent>> attack, Set<String> pin)
      throws Exception {
    BundleStream stream = edit.stream(b);
    BundleTampering.Bundle tampered =
        edit.with(b, stream.withEvents(attack.apply(editedAndRechained(edit, stream))));
    Path file = BundleTampering.write(tampered, dir.resolve(edit + ".zip"));
    VerificationReport report = new BundleVerifier(2, n -> {}, pin).verify(file);
    assertThat(report.failure()).as("the %s edit is caught", edit).isNotNull();
    return report.failure();
  }

  private static long lastIndex(BundleTampering.Bundle b, Edit edit) {
    return edit.stream(b).events().size() - 1;
  }

  @ParameterizedTest
  @EnumSource(Edit.class)
  void shouldFailAtTheSignedHeadWhenAnEditedStreamIsRechained(Edit edit) throws Exception {
    BundleTampering.Bundle b = original();

    Failure failure = verify(edit, b, events -> events, Set.of());

    assertThat(failure.streamId()).isEqualTo(edit.stream(b).streamId());
    assertThat(failure.sequence()).isEqualTo(lastIndex(b, edit));
    assertThat(failure.field()).isEqualTo("headHash");
  }

  @ParameterizedTest
  @EnumSource(Edit.class)
  void shouldFailAtTheSignatureWhenTheSignedHeadHashIsRecomputedToo(Edit edit) throws Exception {
    BundleTampering.Bundle b = original();
    String id = edit.stream(b).streamId();

    Failure failure =
        verify(
            edit,
            b,
            events -> {
              int head = events.size() - 1;
              String newHash = HexFormat.of().formatHex(events.get(head - 1).hash());
              String text =
                  events
                      .get(head)
                      .payloadText()
                      .replaceFirst(
                          "\"headHash\":\"[0-9a-f]{64}\"", "\"headHash\":\"" + newHash + "\"");
              events.set(head, events.get(head).withPayload(text.getBytes(StandardCharsets.UTF_8)));
              return BundleTampering.rechain(id, events);
            },
            Set.of());

    assertThat(failure.streamId()).isEqualTo(id);
    assertThat(failure.sequence()).isEqualTo(lastIndex(b, edit));
    assertThat(failure.field()).isEqualTo("signature");
  }

  @ParameterizedTest
  @EnumSource(Edit.class)
  void shouldFailWhenTheSignedHeadIsDroppedFromAnEditedStream(Edit edit) throws Exception {
    BundleTampering.Bundle b = original();
    String id = edit.stream(b).streamId();

    Failure failure =
        verify(
            edit,
            b,
            events -> BundleTampering.rechain(id, events.subList(0, events.size() - 1)),
            Set.of());

    assertThat(failure.streamId()).isEqualTo(id);
    assertThat(failure.field()).isEqualTo("type");
    assertThat(failure.message()).contains("does not end with a signed head");
  }

  @ParameterizedTest
  @EnumSource(Edit.class)
  void shouldRefuseAHeadReSignedWithAKeyTheVerifierDoesNotTrust(Edit edit) throws Exception {
    BundleTampering.Bundle b = original();
    String id = edit.stream(b).streamId();
    String serverKey = serverKeyId(b);
    Ed25519PrivateKey forger = Ed25519PrivateKey.generate(new SecureRandom());

    Failure failure =
        verify(
            edit,
            b,
            events ->
                SyntheticBundles.withSignedHead(
                    id,
                    events.subList(0, events.size() - 1),
                    forger,
                    Instant.parse("2026-06-02T00:00:00Z")),
            Set.of(serverKey));

    assertThat(failure.streamId()).isEqualTo(id);
    assertThat(failure.sequence()).isEqualTo(lastIndex(b, edit));
    assertThat(failure.field()).isEqualTo("keyId");
    assertThat(failure.message()).contains("trusted out of band");
  }

  private static String serverKeyId(BundleTampering.Bundle b) {
    Matcher m =
        Pattern.compile("\"keyId\":\"([^\"]+)\"")
            .matcher(b.registry().events().getFirst().payloadText());
    assertThat(m.find()).isTrue();
    assertThat(b.registry().streamId()).isEqualTo(TrustRegistry.STREAM_ID);
    return m.group(1);
  }
}
