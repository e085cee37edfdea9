package kg.exam.command.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import kg.exam.command.registration.AdmissionSlips;
import kg.exam.command.security.Role;
import kg.exam.command.security.StaffAccounts;
import kg.exam.contract.exam.CreateExam;
import kg.exam.contract.exam.PublishExam;
import kg.exam.contract.session.OpenExamSession;
import kg.exam.contract.sitting.CandidateProfile;
import kg.exam.contract.sitting.RegisterCandidate;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seeds the embedded default on its first start: staff accounts, the item bank's frameworks and a
 * few items ({@link DemoBank}), the demo exam, an open session and five candidates. Passwords and
 * PINs go to a file only its owner can read, never to the log.
 */
@Component
@ConditionalOnProperty(name = "exam.demo.enabled", havingValue = "true")
class DemoSeeder {
  private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);
  static final String EXAM_ID = "demo-math-9";
  static final String SESSION_ID = "demo-session";
  static final String CENTRE_ID = "centre-bishkek-01";
  static final String SCHOOL_ID = "school-bishkek-061";

  private final CommandGateway commands;
  private final DemoBank bank;
  private final StaffAccounts staff;
  private final AdmissionSlips slips;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final Environment environment;
  private final Path credentialsFile;
  private final SecureRandom random = new SecureRandom();

  DemoSeeder(
      CommandGateway commands,
      DemoBank bank,
      StaffAccounts staff,
      AdmissionSlips slips,
      TransactionTemplate transactions,
      Clock clock,
      Environment environment,
      @Value("${exam.demo.credentials-file:.exam-data/demo-credentials.txt}")
          String credentialsFile) {
    this.commands = commands;
    this.bank = bank;
    this.staff = staff;
    this.slips = slips;
    this.transactions = transactions;
    this.clock = clock;
    this.environment = environment;
    this.credentialsFile = Path.of(credentialsFile).toAbsolutePath();
  }

  @EventListener(ApplicationReadyEvent.class)
  void seedAndTellWhereToGo() throws IOException {
    if (!staff.exists("admin")) {
      seed();
    }
    String base = "http://localhost:" + environment.getProperty("local.server.port", "8080");
    log.info(
        """

        ================================================================================
        Exam engine (command side) is up at {}
          OpenAPI document:   {}/v3/api-docs
          Item bank page:     {}/bank/ (accounts writer, reviewer, admin)
          Demo accounts, candidate codes and PINs: {}
        Sit the demo exam with curl (reads a slip from that file):
          F={}
          CODE=$(awk '/^candidate /{print $3; exit}' "$F"); PIN=$(awk '/^candidate /{print $4; exit}' "$F")
          TOKEN=$(curl -s -X POST {}/api/candidate/sign-in -H 'Content-Type: application/json' \\
                  -d "{\\"candidateCode\\":\\"$CODE\\",\\"pin\\":\\"$PIN\\"}" | sed 's/.*"token":"\\([^"]*\\)".*/\\1/')
          SITTING=$(curl -s -X POST {}/api/candidate/sign-in -H 'Content-Type: application/json' \\
                  -d "{\\"candidateCode\\":\\"$CODE\\",\\"pin\\":\\"$PIN\\"}" | sed 's/.*"sittingId":"\\([^"]*\\)".*/\\1/')
          openssl genpkey -algorithm ed25519 -out device.pem  # the candidate device's key for this sitting
          PUB=$(openssl pkey -in device.pem -pubout -outform DER | tail -c 32 | openssl base64 -A | tr '+/' '-_' | tr -d '=')
          KEYID=$(openssl pkey -in device.pem -pubout -outform DER | tail -c 32 | openssl dgst -sha256 -binary \\
                  | head -c 16 | openssl base64 -A | tr '+/' '-_' | tr -d '=')
          curl -s -w '\\n' -X POST {}/api/sittings/$SITTING/start -H "Authorization: Bearer $TOKEN" \\
               -H 'Content-Type: application/json' -d "{\\"devicePublicKey\\":\\"$PUB\\"}"
          curl -s -w '\\n' {}/api/sittings/$SITTING/paper -H "Authorization: Bearer $TOKEN"
          printf '%s' "{\\"clientSeq\\":1,\\"itemId\\":\\"q1\\",\\"response\\":[\\"B\\"],\\"scheme\\":\\"answer/1\\",\\"sittingId\\":\\"$SITTING\\"}" > answer.json
          SIG=$(openssl pkeyutl -sign -inkey device.pem -rawin -in answer.json | openssl base64 -A | tr '+/' '-_' | tr -d '=')
          curl -s -w '\\n' -X POST {}/api/sittings/$SITTING/answers -H "Authorization: Bearer $TOKEN" \\
               -H 'Content-Type: application/json' \\
               -d "{\\"itemId\\":\\"q1\\",\\"response\\":[\\"B\\"],\\"clientSeq\\":1,\\"signature\\":{\\"keyId\\":\\"$KEYID\\",\\"value\\":\\"$SIG\\"}}"
          curl -s -w '\\n' -X POST {}/api/sittings/$SITTING/submit -H "Authorization: Bearer $TOKEN"
          curl -s -w '\\n' {}/api/sittings/$SITTING -H "Authorization: Bearer $TOKEN"
        ================================================================================""",
        base,
        base,
        base,
        credentialsFile,
        credentialsFile,
        base,
        base,
        base,
        base,
        base,
        base,
        base);
  }

  private void seed() throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(
        "# Demo credentials of the embedded default. Keep private; never use them in production.");
    lines.add("# staff <account> <password> <role>");
    for (Role role :
        List.of(
            Role.CENTRE_ADMIN,
            Role.INVIGILATOR,
            Role.SCHOOL,
            Role.AUDITOR,
            Role.ITEM_WRITER,
            Role.REVIEWER)) {
      String account =
          switch (role) {
            case CENTRE_ADMIN -> "admin";
            case INVIGILATOR -> "invigilator";
            case SCHOOL -> "school";
            case ITEM_WRITER -> "writer";
            case REVIEWER -> "reviewer";
            default -> "auditor";
          };
      String password = password();
      staff.create(account, password, role, CENTRE_ID, SCHOOL_ID);
      lines.add("staff " + account + " " + password + " " + role);
    }
    bank.seed();
    commands.sendAndWait(new CreateExam(EXAM_ID, DemoExam.content(), "admin"));
    commands.sendAndWait(new PublishExam(EXAM_ID, "admin"));
    Instant now = clock.instant();
    commands.sendAndWait(
        new OpenExamSession(
            SESSION_ID,
            EXAM_ID,
            1,
            CENTRE_ID,
            SCHOOL_ID,
            now.minus(Duration.ofHours(1)),
            now.plus(Duration.ofDays(30)),
            "admin"));
    lines.add("# candidate <candidateId> <candidateCode> <pin> <sittingId>");
    String[][] profiles = {
      {"C-0001", "F", "ky", "0"},
      {"C-0002", "M", "ky", "0"},
      {"C-0003", "F", "ru", "25"},
      {"C-0004", "M", "uz", "0"},
      {"C-0005", "F", "ky", "50"}
    };
    for (String[] p : profiles) {
      String sittingId = "sitting-" + UUID.randomUUID();
      AdmissionSlips.Slip slip =
          transactions.execute(
              tx -> {
                commands.sendAndWait(
                    new RegisterCandidate(
                        sittingId,
                        SESSION_ID,
                        EXAM_ID,
                        1,
                        CENTRE_ID,
                        p[0],
                        new CandidateProfile(
                            "BISHKEK", "bishkek-pervomaisky", SCHOOL_ID, "URBAN", p[2], p[1], 9),
                        Integer.parseInt(p[3]),
                        "admin"));
                return slips.issue(sittingId);
              });
      lines.add(
          "candidate " + p[0] + " " + slip.candidateCode() + " " + slip.pin() + " " + sittingId);
    }
    Files.createDirectories(credentialsFile.getParent());
    Files.write(credentialsFile, lines, StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(credentialsFile, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
    log.info(
        "Seeded the demo exam {}, session {} and {} candidates",
        EXAM_ID,
        SESSION_ID,
        profiles.length);
  }

  private String password() {
    char[] alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      b.append(alphabet[random.nextInt(alphabet.length)]);
    }
    return b.toString();
  }
}
