package kg.exam.client.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.sitting.SittingTimedOut;
import org.junit.jupiter.api.Test;

/**
 * Events stored before their record gained a field still read in a bundle: the stored bytes lack
 * the field, which reads as null, as on the command side. A missing whole number still fails.
 */
class OlderPayloadTest {
  private static final ObjectMapper JSON = BundleVerifier.payloadMapper();

  private static byte[] bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldReadARegistrationAndATimeOutStoredBeforeTheirNewerFields() throws IOException {
    CandidateRegistered registered =
        (CandidateRegistered)
            BundleVerifier.readPayload(
                JSON,
                bytes(
                    "{\"sittingId\":\"s-1\",\"sessionId\":\"session-1\",\"examId\":\"exam-1\","
                        + "\"examVersion\":1,\"centreId\":\"c-1\",\"candidateId\":\"cand-1\","
                        + "\"profile\":null,\"extraTimePercent\":25,\"registeredBy\":\"admin\"}"),
                CandidateRegistered.class);
    SittingTimedOut timedOut =
        (SittingTimedOut)
            BundleVerifier.readPayload(
                JSON,
                bytes(
                    "{\"sittingId\":\"s-1\",\"deadline\":\"2026-06-01T09:00:00Z\","
                        + "\"timedOutAt\":\"2026-06-01T09:00:01Z\"}"),
                SittingTimedOut.class);

    assertThat(registered.extraTimePercent()).isEqualTo(25);
    assertThat(registered.accommodations()).isNull();
    assertThat(timedOut.receivedAt()).isNull();
    assertThat(timedOut.closedBy()).isNull();
    assertThat(timedOut.reason()).isNull();
  }

  @Test
  void shouldReadAnExamPublishedBeforeExamsHadLanguageVersions() throws IOException {
    // the content record gained translations inside the event: the stored bytes lack it
    kg.exam.contract.exam.ExamPublished published =
        (kg.exam.contract.exam.ExamPublished)
            BundleVerifier.readPayload(
                JSON,
                bytes(
                    "{\"examId\":\"e-1\",\"version\":1,\"keyVersion\":1,\"publishedBy\":\"a\","
                        + "\"content\":{\"title\":\"T\",\"subject\":\"MATH\",\"grade\":9,"
                        + "\"language\":\"ky\",\"durationMinutes\":40,"
                        + "\"sections\":[{\"sectionId\":\"s\",\"title\":\"S\"}],"
                        + "\"items\":[{\"itemId\":\"q1\",\"sectionId\":\"s\","
                        + "\"type\":\"SINGLE_CHOICE\",\"maxScore\":1.0,\"weight\":1.0,"
                        + "\"prompt\":\"?\",\"choices\":[{\"id\":\"A\",\"text\":\"a\"}],"
                        + "\"targets\":[],\"key\":{\"correct\":[\"A\"],\"mapping\":{},"
                        + "\"mappingDefault\":0.0,\"lowerBound\":null,\"upperBound\":null,"
                        + "\"partialCredit\":false,\"absoluteTolerance\":0.0,"
                        + "\"relativeTolerance\":0.0,\"caseSensitive\":false,"
                        + "\"kyrgyzLetterFolding\":false,\"maxAssociations\":0,\"rubric\":[]}}],"
                        + "\"scoring\":{\"passPercent\":50.0,\"gradeBoundaries\":[],"
                        + "\"withholdGradesBelow\":null}}}"),
                kg.exam.contract.exam.ExamPublished.class);

    assertThat(published.content().translations()).isEmpty();
    assertThat(published.content().languages()).containsExactly("ky");
    assertThat(published.content().items().getFirst().key().correct()).containsExactly("A");
  }

  @Test
  void shouldStillRefuseAMissingWholeNumberAndAnUnknownField() {
    assertThatThrownBy(
            () ->
                BundleVerifier.readPayload(
                    JSON,
                    bytes(
                        "{\"sittingId\":\"s-1\",\"sessionId\":\"session-1\",\"examId\":\"e\","
                            + "\"centreId\":\"c\",\"candidateId\":\"x\",\"extraTimePercent\":0,"
                            + "\"registeredBy\":\"a\"}"),
                    CandidateRegistered.class))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("examVersion");
    assertThatThrownBy(
            () ->
                BundleVerifier.readPayload(
                    JSON,
                    bytes(
                        "{\"sittingId\":\"s-1\",\"deadline\":\"2026-06-01T09:00:00Z\","
                            + "\"timedOutAt\":\"2026-06-01T09:00:01Z\",\"forged\":1}"),
                    SittingTimedOut.class))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("forged");
  }
}
