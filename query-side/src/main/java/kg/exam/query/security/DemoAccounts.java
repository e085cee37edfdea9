package kg.exam.query.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * The embedded default's demo accounts, one per role, over the demo exam's area (school {@code
 * school-bishkek-061}, district {@code bishkek-pervomaisky}, region {@code BISHKEK}). Passwords are
 * random, appended to {@code exam.accounts.credentials-file} (mode 600) and never logged. Accounts
 * that exist are left alone.
 */
@Component
class DemoAccounts implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(DemoAccounts.class);

  private final DashboardAccounts accounts;
  private final boolean enabled;
  private final String credentialsFile;

  DemoAccounts(
      DashboardAccounts accounts,
      @Value("${exam.accounts.seed-demo:false}") boolean enabled,
      @Value("${exam.accounts.credentials-file:.exam-data/dashboard-credentials.txt}")
          String credentialsFile) {
    this.accounts = accounts;
    this.enabled = enabled;
    this.credentialsFile = credentialsFile;
  }

  @Override
  public void run(ApplicationArguments args) throws IOException {
    if (!enabled) {
      return;
    }
    record Demo(String id, DashboardRole role, String region, String district, String school) {}
    List<Demo> demos =
        List.of(
            new Demo("demo-school", DashboardRole.SCHOOL, null, null, "school-bishkek-061"),
            new Demo(
                "demo-district", DashboardRole.DISTRICT, "BISHKEK", "bishkek-pervomaisky", null),
            new Demo("demo-region", DashboardRole.REGION, "BISHKEK", null, null),
            new Demo("demo-ministry", DashboardRole.MINISTRY, null, null, null),
            new Demo("demo-auditor", DashboardRole.AUDITOR, null, null, null));
    List<String> lines = new ArrayList<>();
    SecureRandom random = new SecureRandom();
    for (Demo d : demos) {
      if (accounts.exists(d.id())) {
        continue;
      }
      byte[] bytes = new byte[15];
      random.nextBytes(bytes);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      accounts.create(d.id(), password, d.role(), d.region(), d.district(), d.school());
      lines.add("dashboard " + d.role() + " " + d.id() + " " + password);
    }
    if (lines.isEmpty()) {
      return;
    }
    Path file = Path.of(credentialsFile);
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
    try {
      // created with mode 600 in the same call, so the passwords are never readable by others
      Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
    } catch (FileAlreadyExistsException e) {
      // a file from an earlier start: tighten it before appending, in case it was loosened
      try {
        Files.setPosixFilePermissions(file, ownerOnly);
      } catch (UnsupportedOperationException notPosix) {
        // not a POSIX file system; the directory's own protection applies
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system; the directory's own protection applies
      Files.createFile(file);
    }
    try {
      Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    log.info("Dashboard demo accounts created; their passwords are in {}", file.toAbsolutePath());
  }
}
