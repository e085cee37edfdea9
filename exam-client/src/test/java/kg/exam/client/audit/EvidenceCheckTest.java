package kg.exam.client.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import kg.exam.contract.trust.bundle.BundleEvent;
import kg.exam.contract.trust.bundle.BundleManifest;
import kg.exam.contract.trust.bundle.BundleStream;
import kg.exam.contract.trust.evidence.IntegrityEvidence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify --evidence}: the events an integrity flag's evidence cites, checked against a
 * synthetic session bundle and a sitting bundle cut from it, through {@link VerifyCli#run}.
 */
class EvidenceCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String A = "sit-0000000";
  private static final String B = "sit-0000001";
  private static final String FLAG = "SIMILARITY:" + A + ":" + B;

  @TempDir static Path dir;

  /** A session bundle of three sittings. */
  private static Path session;

  /** A sitting bundle of sitting A alone, as the command side exports one. */
  private static Path sittingA;

  private static BundleTampering.Bundle bundle;
  private static String sessionId;

  @BeforeAll
  static void bundles() throws Exception {
    session = dir.resolve("session.zip");
    try (OutputStream out = Files.newOutputStream(session)) {
      SyntheticBundles.write(out, new SyntheticBundles.Spec(3, 11, null, false));
    }
    bundle = BundleTampering.read(session);
    BundleManifest m = bundle.manifest();
    sessionId = m.sessionId();
    BundleManifest one =
        new BundleManifest(
            m.format(),
            "SITTING",
            m.sessionId(),
            A,
            m.examId(),
            m.examVersion(),
            m.treeHeadSequence(),
            1,
            m.createdAt());
    sittingA =
        BundleTampering.write(
            new BundleTampering.Bundle(
                one, bundle.registry(), bundle.exam(), bundle.session(), List.of(stream(A))),
            dir.resolve("sitting-a.zip"));
  }

  @Test
  void shouldPassACorrectCitationOfSignedEventsWithTheSuccessLine() throws Exception {
    List<Integer> a = answers(A);
    List<Integer> b = answers(B);
    // the same instant written with an offset still matches: times compare as instants
    ObjectNode withOffset = cite(B, b.get(1));
    Instant at = Instant.parse(withOffset.get("clientTimestamp").textValue());
    withOffset.put(
        "clientTimestamp",
        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atOffset(ZoneOffset.ofHours(6))));
    ObjectNode registration =
        JSON.createObjectNode()
            .put("sequence", 0)
            .put("type", "kg.exam.contract.sitting.CandidateRegistered");

    Run run =
        verify(
            session,
            evidence(
                sessionId,
                sitting(A, cite(A, a.get(0)), cite(A, a.get(5)), registration),
                sitting(B, withOffset, cite(B, b.get(2)))));

    assertThat(run.status()).as(run.toString()).isZero();
    assertThat(run.out()).startsWith("OK: SESSION bundle");
    assertThat(run.out().lines().toList())
        .contains(
            "evidence: 5 cited events of 2 sittings match the verified bundle (flag " + FLAG + ")");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void shouldAcceptEvidenceWrittenAsTheContractRecordTheQuerySideReturns() throws Exception {
    // the query side returns kg.exam.contract.trust.evidence.IntegrityEvidence: every answer of A,
    // its fields as the payload has them (times as the signed Instant text, null where absent)
    List<IntegrityEvidence.Event> cited = new ArrayList<>();
    for (int seq : answers(A)) {
      BundleEvent event = stream(A).events().get(seq);
      JsonNode payload = JSON.readTree(event.payloadText());
      List<String> response = new ArrayList<>();
      payload.get("response").forEach(r -> response.add(r.textValue()));
      cited.add(
          new IntegrityEvidence.Event(
              seq,
              "e-" + seq,
              "AnswerRecorded",
              payload.get("itemId").textValue(),
              response,
              payload.hasNonNull("clientTimestamp")
                  ? payload.get("clientTimestamp").textValue()
                  : null,
              payload.hasNonNull("recordedAt") ? payload.get("recordedAt").textValue() : null));
    }
    IntegrityEvidence evidence =
        new IntegrityEvidence(
            IntegrityEvidence.FORMAT,
            sessionId,
            "ANSWER_CHANGES:" + A,
            "ANSWER_CHANGES",
            "HIGH",
            6.1,
            2e-9,
            java.util.Map.of("changed", 9, "wrongToRight", 9, "expected", 3.5),
            "exam-client/verify --evidence evidence.json sitting.zip",
            List.of(
                new IntegrityEvidence.Sitting(A, "/api/audit/sittings/" + A + "/bundle", cited)));
    Path file = Files.createTempFile(dir, "contract-evidence", ".json");
    Files.writeString(file, JSON.writeValueAsString(evidence));

    Run run = verify(sittingA, file);

    assertThat(run.status()).as(run.toString()).isZero();
    assertThat(run.out().lines().toList())
        .contains(
            "evidence: "
                + cited.size()
                + " cited events of 1 sitting match the verified bundle (flag ANSWER_CHANGES:"
                + A
                + ")");
  }

  @Test
  void shouldFailACitationWhoseResponseDiffersNamingTheField() throws Exception {
    int seq = answers(A).get(0);
    ObjectNode cited = cite(A, seq);
    String signed = cited.get("response").get(0).textValue();
    String other = signed.equals("A") ? "B" : "A";
    cited.putArray("response").add(other);

    Run run = verify(session, evidence(sessionId, sitting(A, cited)));

    assertThat(run.status()).as(run.toString()).isEqualTo(1);
    assertThat(run.out().lines().toList())
        .contains(
            "FAILED: evidence, sitting "
                + A
                + ", event "
                + seq
                + ", field response: cited [\""
                + other
                + "\"], the signed event has [\""
                + signed
                + "\"]");
  }

  @Test
  void shouldFailACitationOfTheWrongType() throws Exception {
    int seq = answers(A).get(1);
    ObjectNode cited = cite(A, seq).put("type", "SittingSubmitted");

    Run run = verify(session, evidence(sessionId, sitting(A, cited)));

    assertThat(run.status()).as(run.toString()).isEqualTo(1);
    assertThat(run.out().lines().toList())
        .contains(
            "FAILED: evidence, sitting "
                + A
                + ", event "
                + seq
                + ", field type: cited SittingSubmitted, the signed event is AnswerRecorded");
  }

  @Test
  void shouldFailACitationPastTheEndOfTheSittingsStream() throws Exception {
    int size = stream(A).events().size();
    ObjectNode cited = cite(A, answers(A).get(0)).put("sequence", size);

    Run run = verify(session, evidence(sessionId, sitting(A, cited)));

    assertThat(run.status()).as(run.toString()).isEqualTo(1);
    List<String> failed = run.out().lines().filter(l -> l.startsWith("FAILED: ")).toList();
    assertThat(failed).hasSize(1);
    assertThat(failed.getFirst())
        .startsWith("FAILED: evidence, sitting " + A + ", event " + size + ", field sequence: ");
  }

  @Test
  void shouldFailACitationThatPlacesTheSittingInAnotherSession() throws Exception {
    Run run = verify(session, evidence("another-session", sitting(A, cite(A, answers(A).get(0)))));

    assertThat(run.status()).as(run.toString()).isEqualTo(1);
    List<String> failed = run.out().lines().filter(l -> l.startsWith("FAILED: ")).toList();
    assertThat(failed).hasSize(1);
    assertThat(failed.getFirst())
        .startsWith("FAILED: evidence, sitting " + A + ", event 0, field sessionId: ");
  }

  @Test
  void shouldExitTwoWithOneLineForAMalformedEvidenceFile() throws Exception {
    ObjectNode wrongFormat =
        evidence(sessionId, sitting(A, cite(A, answers(A).get(0))))
            .put("format", "exam-integrity-evidence/2");
    ObjectNode badSequence =
        evidence(sessionId, sitting(A, cite(A, answers(A).get(0)).put("sequence", "x")));
    Path notJson = dir.resolve("not-json.json");
    Files.writeString(notJson, "{\"format\": ");

    Run format = verify(session, wrongFormat);
    Run sequence = verify(session, badSequence);
    Run truncated = verify(session, notJson);

    for (Run run : List.of(format, sequence, truncated)) {
      assertThat(run.status()).as(run.toString()).isEqualTo(2);
      assertThat(run.err().lines().toList()).as(run.toString()).hasSize(1);
      assertThat(run.err()).startsWith("verify: evidence ");
      assertThat(run.out()).as("the bundle is not verified for a bad evidence file").isEmpty();
    }
    assertThat(format.err())
        .contains("format is \"exam-integrity-evidence/2\", not \"exam-integrity-evidence/1\"");
    assertThat(sequence.err())
        .contains("sittings[0].events[0].sequence is \"x\", not a non-negative integer");
    assertThat(truncated.err()).contains("not well-formed JSON");
  }

  @Test
  void shouldListACitedSittingNotInTheBundleAndExitTwoWhenItIsTheOnlyOne() throws Exception {
    String notHere =
        "evidence: sitting "
            + B
            + " not in this bundle (download its bundle to check it: /api/audit/sittings/"
            + B
            + "/bundle)";

    Run both =
        verify(
            sittingA,
            evidence(
                sessionId,
                sitting(A, cite(A, answers(A).get(0))),
                sitting(B, cite(B, answers(B).get(0)))));
    Run onlyB = verify(sittingA, evidence(sessionId, sitting(B, cite(B, answers(B).get(0)))));

    assertThat(both.status()).as(both.toString()).isZero();
    assertThat(both.out()).startsWith("OK: SITTING bundle");
    assertThat(both.out().lines().toList())
        .contains(
            notHere,
            "evidence: 1 cited event of 1 sitting matches the verified bundle (flag " + FLAG + ")");
    assertThat(onlyB.status()).as(onlyB.toString()).isEqualTo(2);
    assertThat(onlyB.out().lines().toList()).contains(notHere);
    assertThat(onlyB.out()).doesNotContain("cited event");
    assertThat(onlyB.err().lines().toList()).hasSize(1);
    assertThat(onlyB.err())
        .startsWith("verify: evidence: none of the cited sittings is in this bundle");
  }

  // --- helpers

  private record Run(int status, String out, String err) {}

  private static Run verify(Path bundleFile, JsonNode evidence) throws Exception {
    Path file = Files.createTempFile(dir, "evidence", ".json");
    Files.writeString(file, JSON.writeValueAsString(evidence));
    return verify(bundleFile, file);
  }

  private static Run verify(Path bundleFile, Path evidenceFile) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        VerifyCli.run(
            new String[] {
              "--quiet",
              "--threads",
              "2",
              "--evidence",
              evidenceFile.toString(),
              bundleFile.toString()
            },
            print(out),
            print(err));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static PrintStream print(ByteArrayOutputStream out) {
    return new PrintStream(out, true, StandardCharsets.UTF_8);
  }

  private static BundleStream stream(String sittingId) {
    return bundle.sittings().stream()
        .filter(s -> s.streamId().equals(sittingId))
        .findFirst()
        .orElseThrow();
  }

  /** The sequence numbers of the sitting's answers. */
  private static List<Integer> answers(String sittingId) {
    List<BundleEvent> events = stream(sittingId).events();
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).simpleType().equals("AnswerRecorded")) {
        out.add(i);
      }
    }
    assertThat(out).hasSizeGreaterThan(5);
    return out;
  }

  /** A citation of the event with its type and every comparable field as its payload has it. */
  private static ObjectNode cite(String sittingId, int seq) throws Exception {
    BundleEvent event = stream(sittingId).events().get(seq);
    JsonNode payload = JSON.readTree(event.payloadText());
    ObjectNode cited = JSON.createObjectNode().put("sequence", seq).put("type", event.simpleType());
    for (String field : List.of("itemId", "response", "clientTimestamp", "recordedAt")) {
      if (payload.hasNonNull(field)) {
        cited.set(field, payload.get(field));
      }
    }
    assertThat(cited.has("response")).as("an answer's citation").isTrue();
    return cited;
  }

  private static ObjectNode evidence(String ofSession, ObjectNode... sittings) {
    ObjectNode evidence =
        JSON.createObjectNode()
            .put("format", "exam-integrity-evidence/1")
            .put("sessionId", ofSession)
            .put("flagId", FLAG)
            .put("kind", "SIMILARITY")
            .put("statistic", 5.2)
            .put("pValue", 1e-7);
    evidence.putArray("sittings").addAll(List.of(sittings));
    return evidence;
  }

  private static ObjectNode sitting(String sittingId, ObjectNode... events) {
    ObjectNode sitting =
        JSON.createObjectNode()
            .put("sittingId", sittingId)
            .put("bundle", "/api/audit/sittings/" + sittingId + "/bundle");
    sitting.putArray("events").addAll(List.of(events));
    return sitting;
  }
}
