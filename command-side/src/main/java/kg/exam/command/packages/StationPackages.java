package kg.exam.command.packages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import kg.exam.command.bank.BankMedia;
import kg.exam.command.exam.PublishedExam;
import kg.exam.command.exam.PublishedExams;
import kg.exam.command.problem.ProblemType;
import kg.exam.command.problem.RuleViolation;
import kg.exam.command.security.Actor;
import kg.exam.command.security.Role;
import kg.exam.command.session.OpenSessions;
import kg.exam.contract.exam.Choice;
import kg.exam.contract.exam.PromptMedia;
import kg.exam.contract.sitting.Accommodations;
import kg.exam.contract.sitting.CandidateRegistered;
import kg.exam.contract.trust.ExamPackageCrypto;
import kg.exam.contract.trust.StationRequestSignatures;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Exam packages for school stations: what a station needs to run a session without a link (the
 * paper without keys, the window, and per sitting the pseudonymous ids, admission code, PIN
 * verifier and extra time), encrypted with the session's package key ({@link ExamPackageCrypto}).
 *
 * <p>A station sees the sessions of its centre; a station registered for a school sees only the
 * sessions of that school (or of the whole centre) and only that school's sittings in them.
 */
@Service
class StationPackages {
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final OpenSessions sessions;
  private final PublishedExams exams;
  private final PackageKeys keys;
  private final JdbcTemplate jdbc;
  private final EventStore events;
  private final ObjectMapper json;
  private final BankMedia media;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  StationPackages(
      OpenSessions sessions,
      PublishedExams exams,
      PackageKeys keys,
      JdbcTemplate jdbc,
      EventStore events,
      @Qualifier("eventObjectMapper") ObjectMapper json,
      BankMedia media,
      Clock clock) {
    this.media = media;
    this.sessions = sessions;
    this.exams = exams;
    this.keys = keys;
    this.jdbc = jdbc;
    this.events = events;
    this.json = json;
    this.clock = clock;
  }

  /** A session a station may fetch. */
  record StationSession(
      String sessionId,
      String examId,
      int examVersion,
      String centreId,
      String schoolId,
      Instant opensAt,
      Instant closesAt) {}

  /** What a candidate sees of an item: never its key (the shape of the sitting paper's items). */
  record PaperItem(
      String itemId,
      String sectionId,
      String type,
      double maxScore,
      String prompt,
      List<Choice> choices,
      List<Choice> targets) {}

  /**
   * The paper of the session's exam version (the shape of {@code GET /api/sittings/{id}/paper}).
   */
  record Paper(
      String examId,
      int examVersion,
      String title,
      String subject,
      String language,
      int durationMinutes,
      List<PaperItem> items) {}

  /**
   * One sitting the station may run.
   *
   * @param pinHash the PIN verifier exactly as the command side stores it ({@code
   *     {bcrypt}$2a$10$…}, Spring's delegating encoder over bcrypt)
   * @param status the sitting's status at export (REGISTERED, IN_PROGRESS, …)
   * @param accommodations beyond extra time, never null
   * @param language the language the candidate sits the exam in: their language of instruction when
   *     the exam offers it, else the exam's own
   */
  record PackageSitting(
      String sittingId,
      String candidateId,
      String candidateCode,
      String pinHash,
      int extraTimePercent,
      String schoolId,
      String status,
      Accommodations accommodations,
      String language) {}

  /** The decrypted content of a package. */
  record PackageContent(
      String format,
      String sessionId,
      String examId,
      int examVersion,
      String centreId,
      String schoolId,
      Instant opensAt,
      Instant closesAt,
      Instant exportedAt,
      Paper paper,
      List<PackageSitting> sittings,
      List<Paper> translations,
      List<PackageMedium> media) {}

  /**
   * An image or audio file the paper shows, in any of its languages: inside the encrypted package,
   * since it is exam content; the station checks its hash before serving it.
   *
   * @param bytes base64 (standard, padded)
   */
  record PackageMedium(String sha256, String mediaType, String bytes) {}

  /** How the package key is wrapped under the release code (scrypt, then AES-256-GCM). */
  record ReleaseCodeWrap(
      String kdf, int n, int r, int p, String salt, String iv, String wrappedKey) {}

  /**
   * A package as sent: a clear header, and the content encrypted ({@code iv} and {@code ciphertext}
   * base64url; {@code ciphertextSha256} lets the station check a download or its disk copy before
   * the key exists; the GCM tag authenticates the content when it is opened).
   */
  record ExamPackage(
      String format,
      String sessionId,
      String examId,
      int examVersion,
      String centreId,
      String schoolId,
      Instant opensAt,
      Instant closesAt,
      Instant exportedAt,
      String stationKeyId,
      int sittingCount,
      String iv,
      String ciphertext,
      String ciphertextSha256,
      ReleaseCodeWrap releaseCodeWrap) {}

  /** The released key of a session's packages, base64url of 32 bytes. */
  record PackageKey(String sessionId, String packageKey, Instant releasedAt) {}

  /** A session's release code, for the centre to read out to offline schools from opensAt. */
  record ReleaseCode(String sessionId, String releaseCode, Instant opensAt) {}

  /** The sessions not yet over that the calling station may fetch, by opening time. */
  List<StationSession> sessionsFor(Actor station) {
    requireStation(station);
    return jdbc.query(
        "SELECT session_id, exam_id, exam_version, centre_id, school_id, opens_at, closes_at"
            + " FROM exam_session WHERE centre_id = ? AND closed_at IS NULL AND closes_at > ?"
            + " AND (CAST(? AS VARCHAR) IS NULL OR school_id IS NULL OR school_id = ?)"
            + " ORDER BY opens_at, session_id",
        (rs, n) ->
            new StationSession(
                rs.getString(1),
                rs.getString(2),
                rs.getInt(3),
                rs.getString(4),
                rs.getString(5),
                rs.getTimestamp(6).toInstant(),
                rs.getTimestamp(7).toInstant()),
        station.centreId(),
        java.sql.Timestamp.from(clock.instant()),
        station.schoolId(),
        station.schoolId());
  }

  private static Paper paper(PublishedExam exam, kg.exam.contract.exam.ExamContent content) {
    return new Paper(
        exam.examId(),
        exam.version(),
        content.title(),
        content.subject(),
        content.language(),
        content.durationMinutes(),
        content.items().stream()
            .map(
                i ->
                    new PaperItem(
                        i.itemId(),
                        i.sectionId(),
                        i.type(),
                        i.maxScore(),
                        i.prompt(),
                        i.choices(),
                        i.targets()))
            .toList());
  }

  /** Every medium the exam shows in any language, with its bytes. */
  private List<PackageMedium> mediaOf(kg.exam.contract.exam.ExamContent content) {
    return PromptMedia.hashes(content).stream()
        .map(
            sha256 -> {
              var found =
                  media
                      .find(sha256)
                      .orElseThrow(
                          () ->
                              new RuleViolation(
                                  ProblemType.MEDIUM_MISSING,
                                  "Medium "
                                      + sha256
                                      + " of the exam is missing from the bank: restore it from"
                                      + " a backup."));
              return new PackageMedium(
                  sha256,
                  found.getKey(),
                  java.util.Base64.getEncoder().encodeToString(found.getValue()));
            })
        .toList();
  }

  /** The encrypted package of a session for the calling station. */
  ExamPackage packageFor(String sessionId, Actor station) {
    OpenSessions.SessionRow session = sessionFor(sessionId, station);
    PublishedExam exam = exams.find(session.examId(), session.examVersion()).orElseThrow();
    var content = exam.content();
    Paper paper = paper(exam, content);
    // the exam in every other language it offers; each sitting names the one it is sat in
    List<Paper> translations =
        content.translations().stream().map(t -> paper(exam, content.in(t.language()))).toList();
    Instant now = clock.instant();
    String schoolId = station.schoolId() != null ? station.schoolId() : session.schoolId();
    List<PackageSitting> sittings = sittingsOf(sessionId, station.schoolId(), content);
    byte[] plaintext;
    try {
      plaintext =
          json.writeValueAsBytes(
              new PackageContent(
                  ExamPackageCrypto.SCHEME,
                  sessionId,
                  session.examId(),
                  session.examVersion(),
                  session.centreId(),
                  schoolId,
                  session.opensAt(),
                  session.closesAt(),
                  now,
                  paper,
                  sittings,
                  translations,
                  mediaOf(content)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("package content not serialisable", e);
    }
    PackageKeys.SessionKey key = keys.keyOf(sessionId);
    ExamPackageCrypto.Sealed sealed =
        ExamPackageCrypto.encrypt(
            key.packageKey(), ExamPackageCrypto.aad(sessionId), plaintext, random);
    return new ExamPackage(
        ExamPackageCrypto.SCHEME,
        sessionId,
        session.examId(),
        session.examVersion(),
        session.centreId(),
        schoolId,
        session.opensAt(),
        session.closesAt(),
        now,
        station.id(),
        sittings.size(),
        B64URL.encodeToString(sealed.iv()),
        B64URL.encodeToString(sealed.ciphertext()),
        StationRequestSignatures.sha256Hex(sealed.ciphertext()),
        new ReleaseCodeWrap(
            "scrypt",
            ExamPackageCrypto.SCRYPT_N,
            ExamPackageCrypto.SCRYPT_R,
            ExamPackageCrypto.SCRYPT_P,
            B64URL.encodeToString(key.releaseSalt()),
            B64URL.encodeToString(key.wrappedKeyIv()),
            B64URL.encodeToString(key.wrappedKey())));
  }

  /** The package key, from the session's opensAt only. */
  PackageKey keyFor(String sessionId, Actor station) {
    OpenSessions.SessionRow session = sessionFor(sessionId, station);
    Instant now = clock.instant();
    if (now.isBefore(session.opensAt())) {
      throw new RuleViolation(
          ProblemType.PACKAGE_NOT_RELEASED,
          "The key of session "
              + sessionId
              + "'s package is released from "
              + session.opensAt()
              + " (server time now "
              + now
              + ").");
    }
    return new PackageKey(
        sessionId, B64URL.encodeToString(keys.keyOf(sessionId).packageKey()), now);
  }

  /** The release code of a session, for a centre administrator. */
  ReleaseCode releaseCode(String sessionId) {
    OpenSessions.SessionRow session =
        sessions
            .find(sessionId)
            .orElseThrow(
                () -> new RuleViolation(ProblemType.NOT_FOUND, "No session " + sessionId + "."));
    return new ReleaseCode(
        sessionId,
        ExamPackageCrypto.formatReleaseCode(keys.keyOf(sessionId).releaseCode()),
        session.opensAt());
  }

  private OpenSessions.SessionRow sessionFor(String sessionId, Actor station) {
    requireStation(station);
    OpenSessions.SessionRow session =
        sessions
            .find(sessionId)
            .orElseThrow(
                () -> new RuleViolation(ProblemType.NOT_FOUND, "No session " + sessionId + "."));
    if (!session.centreId().equals(station.centreId())) {
      throw new RuleViolation(
          ProblemType.FORBIDDEN, "Session " + sessionId + " is not at this station's centre.");
    }
    if (station.schoolId() != null
        && session.schoolId() != null
        && !session.schoolId().equals(station.schoolId())) {
      throw new RuleViolation(
          ProblemType.FORBIDDEN, "Session " + sessionId + " is not at this station's school.");
    }
    return session;
  }

  private static void requireStation(Actor actor) {
    if (!actor.is(Role.STATION)) {
      throw new RuleViolation(ProblemType.FORBIDDEN, "Only an enrolled exam station may do this.");
    }
  }

  private List<PackageSitting> sittingsOf(
      String sessionId, String schoolId, kg.exam.contract.exam.ExamContent content) {
    record Row(
        String sittingId,
        String candidateId,
        String schoolId,
        String status,
        String code,
        String pinHash,
        String instructionLanguage) {}
    List<Row> rows =
        jdbc.query(
            "SELECT s.sitting_id, s.candidate_id, s.school_id, s.status, c.candidate_code, c.pin_hash,"
                + " s.instruction_language"
                + " FROM sitting s JOIN candidate_credential c ON c.sitting_id = s.sitting_id"
                + " WHERE s.session_id = ? AND (CAST(? AS VARCHAR) IS NULL OR s.school_id = ?)"
                + " ORDER BY s.sitting_id",
            (rs, n) ->
                new Row(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7)),
            sessionId,
            schoolId,
            schoolId);
    List<PackageSitting> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      CandidateRegistered registered = registration(r.sittingId());
      out.add(
          new PackageSitting(
              r.sittingId(),
              r.candidateId(),
              r.code(),
              r.pinHash(),
              registered == null ? 0 : registered.extraTimePercent(),
              r.schoolId(),
              r.status(),
              Accommodations.orNone(registered == null ? null : registered.accommodations()),
              // the same column the server's scoring reads: the paper and the key always agree
              content.languageFor(r.instructionLanguage())));
    }
    return out;
  }

  /**
   * The sitting's first event, its registration: extra time and accommodations, which the read
   * table does not keep.
   */
  private CandidateRegistered registration(String sittingId) {
    return events
        .readEvents(sittingId)
        .asStream()
        .map(DomainEventMessage::getPayload)
        .filter(CandidateRegistered.class::isInstance)
        .map(CandidateRegistered.class::cast)
        .findFirst()
        .orElse(null);
  }
}
