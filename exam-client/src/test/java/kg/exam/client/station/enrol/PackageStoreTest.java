package kg.exam.client.station.enrol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import kg.exam.client.station.SessionPackage;
import org.junit.jupiter.api.Test;

/**
 * The decrypted package in the command side's JSON shape (its {@code PackageContent}): an exam
 * offered in Kyrgyz and Russian comes with both papers and each sitting's language; a package from
 * before language versions reads as one language.
 */
class PackageStoreTest {
  private static final String PAPER =
      """
      {"examId":"e","examVersion":1,"title":"%s","subject":"MATH","language":"%s",
       "durationMinutes":40,"items":[{"itemId":"q1","sectionId":"A","type":"SINGLE_CHOICE",
       "maxScore":1.0,"prompt":"%s","choices":[{"id":"A","text":"1"}],"targets":[]}]}
      """;

  private static String content(String translations, String language) {
    return """
        {"format":"x","sessionId":"s","examId":"e","examVersion":1,"centreId":"c","schoolId":null,
         "opensAt":"2026-12-07T08:00:00Z","closesAt":"2026-12-07T12:00:00Z",
         "exportedAt":"2026-12-07T07:00:00Z","paper":%s,
         "sittings":[{"sittingId":"s1","candidateId":"c1","candidateCode":"ABCD","pinHash":"{bcrypt}x",
           "extraTimePercent":0,"schoolId":"sch","status":"REGISTERED","accommodations":null%s}]%s}
        """
        .formatted(
            PAPER.formatted("Сынак", "ky", "Канча?"),
            language == null ? "" : ",\"language\":\"" + language + "\"",
            translations == null ? "" : ",\"translations\":[" + translations + "]");
  }

  @Test
  void shouldReadEveryLanguagesPaperAndEachSittingsLanguage() throws Exception {
    SessionPackage p =
        PackageStore.toSessionPackage(
            new ObjectMapper()
                .readTree(content(PAPER.formatted("Экзамен", "ru", "Сколько?"), "ru")));

    assertThat(p.candidates().getFirst().language()).isEqualTo("ru");
    SessionPackage.Translation ru = p.paperIn("ru");
    assertThat(ru.language()).isEqualTo("ru");
    assertThat(ru.title()).isEqualTo("Экзамен");
    assertThat(ru.items().getFirst().prompt()).isEqualTo("Сколько?");
    assertThat(p.paperIn("uz").items().getFirst().prompt()).isEqualTo("Канча?");
  }

  @Test
  void shouldReadThePackagesMediaAndLeaveOutOneWhoseBytesAreNotItsHash() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    String sha = kg.exam.contract.trust.StationRequestSignatures.sha256Hex(png);
    String base64 = java.util.Base64.getEncoder().encodeToString(png);
    String media =
        ",\"media\":[{\"sha256\":\"%s\",\"mediaType\":\"image/png\",\"bytes\":\"%s\"},"
                .formatted(sha, base64)
            + "{\"sha256\":\"%s\",\"mediaType\":\"image/png\",\"bytes\":\"%s\"}]}"
                .formatted("ab".repeat(32), base64);
    String json = content(null, null);
    json = json.substring(0, json.lastIndexOf('}')) + media;

    SessionPackage p = PackageStore.toSessionPackage(new ObjectMapper().readTree(json));

    assertThat(p.media()).containsOnlyKeys(sha);
    assertThat(p.media().get(sha).mediaType()).isEqualTo("image/png");
    assertThat(p.media().get(sha).bytes()).isEqualTo(png);
  }

  @Test
  void shouldNameTheMediaAPaperShowsThatThePackageDoesNotCarry() throws Exception {
    String sha = "ab".repeat(32);
    String json =
        content(null, null)
            .replace("\"prompt\":\"Канча?\"", "\"prompt\":\"Канча? ![x](media:" + sha + ")\"");
    assertThat(json).contains(sha);

    SessionPackage p = PackageStore.toSessionPackage(new ObjectMapper().readTree(json));

    // such a package does not open on the station: its paper is not the one the centre signed
    assertThat(p.missingMedia()).containsExactly(sha);
  }

  @Test
  void shouldReadAPackageFromBeforeLanguageVersionsAsOneLanguage() throws Exception {
    SessionPackage p =
        PackageStore.toSessionPackage(new ObjectMapper().readTree(content(null, null)));

    assertThat(p.translations()).isEmpty();
    assertThat(p.media()).isEmpty();
    assertThat(p.candidates().getFirst().language()).isNull();
    assertThat(p.paperIn(p.candidates().getFirst().language()).language()).isEqualTo("ky");
  }
}
