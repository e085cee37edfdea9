package kg.exam.command.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import kg.exam.contract.session.SessionTreeHeadPublished;
import kg.exam.contract.session.TreeLeaf;
import kg.exam.contract.trust.CanonicalJson;
import kg.exam.contract.trust.Ed25519PublicKey;
import kg.exam.contract.trust.JsonValue;
import kg.exam.contract.trust.MerkleTree;
import kg.exam.contract.trust.SignedStatement;
import kg.exam.contract.trust.StreamHashChain;
import kg.exam.contract.trust.bundle.AuditBundleReader;
import kg.exam.contract.trust.bundle.BundleEvent;
import kg.exam.contract.trust.bundle.BundleStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Seals after scoring, the key registry, session tree heads and bundle export, through the API. */
class SealAndBundleApiTest extends ApiTestBase {
  @TempDir Path dir;

  private Candidate submittedSitting(String sessionId) {
    Candidate c = startedCandidate(sessionId);
    api.post(c.sitting() + "/answers", c.auth(), answer("q1", 1, "B"));
    api.post(c.sitting() + "/answers", c.auth(), answer("q3", 2, "true"));
    Api.Response submitted = api.post(c.sitting() + "/submit", c.auth(), null);
    assertThat(submitted.status()).isEqualTo(200);
    return c;
  }

  private Map<String, Object> awaitSeal(String sittingId) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                jdbc.queryForList(
                    "SELECT sequencenumber, convert_from(payload, 'UTF8') AS payload FROM domainevententry"
                        + " WHERE aggregateidentifier = ? AND payloadtype = 'kg.exam.contract.sitting.SittingSealed'",
                    sittingId),
            rows -> rows.size() == 1)
        .getFirst();
  }

  private Ed25519PublicKey serverKey(String keyId) {
    Api.Response keys = api.get("/api/trust/keys", staff("auditor"));
    assertThat(keys.status()).isEqualTo(200);
    for (JsonNode k : keys.body()) {
      if (k.get("keyId").asString().equals(keyId)) {
        assertThat(k.get("role").asString()).isEqualTo("SERVER");
        assertThat(k.has("revokedFrom")).as("revoked").isFalse();
        return Ed25519PublicKey.fromBase64Url(k.get("publicKey").asString());
      }
    }
    throw new AssertionError("key " + keyId + " not listed: " + keys.body());
  }

  @Test
  void shouldSealTheScoredStreamHeadWithTheRegisteredServerKey() {
    Candidate c = submittedSitting(openSession(publishedDemoExam()));
    String sittingId = c.slip().sittingId();

    Map<String, Object> sealRow = awaitSeal(sittingId);
    long sealSeq = ((Number) sealRow.get("sequencenumber")).longValue();
    byte[] sealPayload = CanonicalJson.canonicalizeExact((String) sealRow.get("payload"));
    JsonValue.JsonObject seal = (JsonValue.JsonObject) CanonicalJson.parse(sealPayload);
    String keyId = ((JsonValue.JsonString) seal.members().get("keyId")).value();
    byte[] signature =
        Base64.getUrlDecoder()
            .decode(((JsonValue.JsonString) seal.members().get("signature")).value());

    assertThat(seal.members().get("scheme")).isEqualTo(JsonValue.of("seal/1"));
    assertThat(seal.members().get("eventCount")).isEqualTo(JsonValue.of(sealSeq));
    assertThat(serverKey(keyId).verify(SignedStatement.signedBytes(seal), signature)).isTrue();
    // the head is the chain hash of the event before the seal; the digest that of the score
    List<Map<String, Object>> rows =
        jdbc.queryForList(
            "SELECT sequencenumber, payloadtype, convert_from(payload, 'UTF8') AS payload FROM domainevententry"
                + " WHERE aggregateidentifier = ? ORDER BY sequencenumber",
            sittingId);
    byte[] hash = StreamHashChain.genesisHash();
    byte[] scoreDigest = null;
    for (int i = 0; i < sealSeq; i++) {
      byte[] canonical = CanonicalJson.canonicalizeExact((String) rows.get(i).get("payload"));
      hash = StreamHashChain.nextHash(hash, sittingId, i, canonical);
      if (rows.get(i).get("payloadtype").toString().endsWith("SittingScored")) {
        scoreDigest = SignedStatement.sha256(canonical);
      }
    }
    assertThat(seal.members().get("headHash"))
        .isEqualTo(JsonValue.of(HexFormat.of().formatHex(hash)));
    assertThat(seal.members().get("scoreDigest"))
        .isEqualTo(JsonValue.of(HexFormat.of().formatHex(scoreDigest)));
  }

  @Test
  void shouldPublishATreeHeadAndExportBundlesWhoseProofsHold() throws Exception {
    String sessionId = openSession(publishedDemoExam());
    Candidate a = submittedSitting(sessionId);
    Candidate b = submittedSitting(sessionId);
    awaitSeal(a.slip().sittingId());
    awaitSeal(b.slip().sittingId());

    Api.Response head = api.post("/api/sessions/" + sessionId + "/tree-head", admin(), null);
    assertThat(head.status()).as(head.body().toString()).isEqualTo(201);
    assertThat(head.body().get("treeSize").asInt()).isEqualTo(2);
    assertThat(head.body().get("scheme").asString()).isEqualTo("tree-head/2");
    assertThat(head.body().get("leaves")).as("listed in batches before the head").isEmpty();
    assertThat(head.body().get("leafBatches").asInt()).isEqualTo(1);
    List<String> sessionTypes =
        jdbc.queryForList(
            "SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = ?"
                + " ORDER BY sequencenumber DESC LIMIT 3",
            String.class,
            sessionId);
    assertThat(sessionTypes)
        .as("the batch of leaves, the tree head and the stream's signed head, in one command")
        .containsExactly(
            "kg.exam.contract.trust.StreamHeadSigned",
            "kg.exam.contract.session.SessionTreeHeadPublished",
            "kg.exam.contract.session.SessionTreeLeavesListed");
    List<TreeLeaf> expected = new ArrayList<>();
    for (Candidate c :
        java.util.stream.Stream.of(a, b)
            .sorted(java.util.Comparator.comparing(c -> c.slip().sittingId()))
            .toList()) {
      expected.add(
          new TreeLeaf(
              c.slip().sittingId(),
              jdbc.queryForObject(
                  "SELECT max(sequencenumber) FROM domainevententry"
                      + " WHERE aggregateidentifier = ? AND payloadtype = ?",
                  Long.class,
                  c.slip().sittingId(),
                  "kg.exam.contract.sitting.SittingSealed")));
    }
    assertThat(head.body().get("leavesSha256").asString())
        .isEqualTo(SessionTreeHeadPublished.leavesSha256(expected));
    assertThat(
            api.post("/api/sessions/" + sessionId + "/tree-head", staff("auditor"), null).status())
        .isEqualTo(403);

    Path sessionBundle = download("/api/audit/sessions/" + sessionId + "/bundle", "s.zip");
    try (AuditBundleReader reader = AuditBundleReader.open(sessionBundle)) {
      assertThat(reader.manifest().scope()).isEqualTo("SESSION");
      assertThat(reader.sittingEntries()).hasSize(2);
      byte[] root = HexFormat.of().parseHex(head.body().get("rootHash").asString());
      for (String entry : reader.sittingEntries()) {
        BundleStream s = reader.sitting(entry);
        BundleEvent seal = s.events().get((int) s.proof().sealSequence());
        assertThat(seal.simpleType()).isEqualTo("SittingSealed");
        assertThat(MerkleTree.verifyInclusion(seal.payload(), s.proof().inclusion(), root))
            .isTrue();
        assertThat(
                StreamHashChain.verify(
                        s.streamId(), s.events().stream().map(BundleEvent::toChainLink).toList())
                    .intact())
            .isTrue();
      }
      assertThat(reader.registry().events()).isNotEmpty();
      assertThat(reader.exam().events()).isNotEmpty();
    }
    Path sittingBundle =
        download("/api/audit/sittings/" + a.slip().sittingId() + "/bundle", "a.zip");
    try (AuditBundleReader reader = AuditBundleReader.open(sittingBundle)) {
      assertThat(reader.manifest().sittingId()).isEqualTo(a.slip().sittingId());
      assertThat(reader.sittingEntries()).hasSize(1);
    }
  }

  @Test
  void shouldLetOnlyAuditorsExportAndRefuseASittingOutsideAnyTreeHead() throws Exception {
    String sessionId = openSession(publishedDemoExam());
    Candidate c = submittedSitting(sessionId);
    awaitSeal(c.slip().sittingId());

    assertThat(status("/api/audit/sittings/" + c.slip().sittingId() + "/bundle", admin()))
        .isEqualTo(403);
    assertThat(status("/api/audit/sittings/" + c.slip().sittingId() + "/bundle", staff("auditor")))
        .isEqualTo(409);
    assertThat(status("/api/audit/sittings/nope/bundle", staff("auditor"))).isEqualTo(404);
  }

  @Test
  void shouldLetOnlyCentreAdminsRevokeAndOnlyKnownKeys() {
    Map<String, Object> body = Map.of("revokedFrom", "2020-01-01T00:00:00Z", "reason", "test");
    assertThat(
            api.post("/api/trust/keys/AAAAAAAAAAAAAAAAAAAAAA/revocation", staff("auditor"), body)
                .status())
        .isEqualTo(403);
    assertThat(
            api.post("/api/trust/keys/AAAAAAAAAAAAAAAAAAAAAA/revocation", admin(), body).status())
        .isEqualTo(404);
  }

  private int status(String path, String auth) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", auth)
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private Path download(String path, String name) throws Exception {
    HttpResponse<byte[]> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", staff("auditor"))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/zip");
    Path file = dir.resolve(name);
    Files.write(file, r.body());
    return file;
  }
}
