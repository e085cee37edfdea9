package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Accommodations beyond extra time are recorded at registration, as part of the registration event,
 * and given to the candidate's UI and to the invigilator with the sitting; strictly typed, so a
 * wrong value is refused and registers nothing.
 */
class AccommodationsApiTest extends ApiTestBase {

  private Api.Response register(String sessionId, String candidateId, Object accommodations) {
    Map<String, Object> body = new LinkedHashMap<>(registration(candidateId, SCHOOL_A, 0));
    if (accommodations != null) {
      body.put("accommodations", accommodations);
    }
    return api.post("/api/sessions/" + sessionId + "/registrations", admin(), body);
  }

  private static Slip slip(Api.Response r, String candidateId) {
    return new Slip(
        r.body().get("sittingId").asString(),
        candidateId,
        r.body().get("candidateCode").asString(),
        r.body().get("pin").asString());
  }

  @Test
  void shouldRecordAccommodationsAtRegistrationAndShowThemToTheCandidateAndTheInvigilator() {
    String sessionId = openSession(publishedDemoExam());
    String candidateId = unique("C");
    Api.Response r =
        register(sessionId, candidateId, Map.of("readAloud", true, "humanReader", true));
    assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
    Slip slip = slip(r, candidateId);
    String path = "/api/sittings/" + slip.sittingId();

    JsonNode mine = api.get(path, signIn(slip)).body().get("accommodations");
    JsonNode invigilators = api.get(path, staff("inv-a")).body().get("accommodations");
    JsonNode registered =
        api.get(path + "/events", admin()).body().get(0).get("payload").get("accommodations");

    for (JsonNode a : new JsonNode[] {mine, invigilators, registered}) {
      assertThat(a.get("readAloud").asBoolean()).isTrue();
      assertThat(a.get("humanReader").asBoolean()).isTrue();
      assertThat(a.get("restBreaks").asBoolean()).isFalse();
      assertThat(a.get("scribe").asBoolean()).isFalse();
    }
  }

  @Test
  void shouldShowNoAccommodationsWhenNoneWereRecorded() {
    String sessionId = openSession(publishedDemoExam());
    Slip slip = register(sessionId);

    JsonNode a = api.get("/api/sittings/" + slip.sittingId(), admin()).body().get("accommodations");

    assertThat(a.properties())
        .hasSize(4)
        .allSatisfy(e -> assertThat(e.getValue().asBoolean()).as(e.getKey()).isFalse());
  }

  @Test
  void shouldRefuseAnAccommodationThatIsNotABooleanAndRegisterNothing() {
    String sessionId = openSession(publishedDemoExam());
    String candidateId = unique("C");

    Api.Response word = register(sessionId, candidateId, Map.of("readAloud", "yes"));
    Api.Response number = register(sessionId, candidateId, Map.of("scribe", 1));
    Api.Response unknown = register(sessionId, candidateId, Map.of("signLanguage", true));

    for (Api.Response refused : new Api.Response[] {word, number, unknown}) {
      assertThat(refused.status()).as(refused.body().toString()).isEqualTo(400);
      assertThat(refused.body().get("type").asString()).startsWith("urn:kg-exam:problem:");
    }
    Api.Response first = register(sessionId, candidateId, Map.of("restBreaks", true));
    assertThat(first.status()).as("nothing was registered before").isEqualTo(201);
  }
}
