package kg.exam.query.security;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar query-side-exec.jar --create-account=ID --role=ROLE [--region=R] [--district=D]
 * [--school=S] [--centre=C] [--password-file=F]}: creates a dashboard account in production and
 * exits. The password is read from the first line of {@code --password-file} when given, else from
 * the environment variable {@code EXAM_ACCOUNT_PASSWORD}, else from the console without echo; it
 * never appears on the command line or in the log. Bad input: one line on stderr and exit code 2.
 */
@Component
public class AccountCommand implements ApplicationRunner {
  private final DashboardAccounts accounts;
  private int exitCode;

  AccountCommand(DashboardAccounts accounts) {
    this.accounts = accounts;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!args.containsOption("create-account")) {
      return;
    }
    try {
      String account = one(args, "create-account");
      String roleName = one(args, "role");
      if (roleName == null) {
        throw new IllegalArgumentException(
            "--role is required: SCHOOL, DISTRICT, REGION, MINISTRY, AUDITOR or CENTRE_ADMIN");
      }
      DashboardRole role;
      try {
        role = DashboardRole.valueOf(roleName.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--role="
                + roleName
                + " is not SCHOOL, DISTRICT, REGION, MINISTRY, AUDITOR or CENTRE_ADMIN");
      }
      if (accounts.exists(account)) {
        throw new IllegalArgumentException("account " + account + " exists already");
      }
      accounts.create(
          account,
          password(one(args, "password-file")),
          role,
          one(args, "region"),
          one(args, "district"),
          one(args, "school"),
          one(args, "centre"));
      System.out.println("created dashboard account " + account + " (" + role + ")");
      exitCode = 0;
    } catch (IllegalArgumentException e) {
      System.err.println("create-account: " + e.getMessage());
      exitCode = 2;
    }
  }

  public int exitCode() {
    return exitCode;
  }

  private static String password(String file) {
    if (file != null) {
      try {
        List<String> lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        return lines.isEmpty() ? "" : lines.getFirst();
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read --password-file=" + file);
      }
    }
    String fromEnv = System.getenv("EXAM_ACCOUNT_PASSWORD");
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv;
    }
    Console console = System.console();
    if (console == null) {
      throw new IllegalArgumentException(
          "no console to read the password from: set EXAM_ACCOUNT_PASSWORD");
    }
    char[] typed = console.readPassword("password for the new account: ");
    return typed == null ? "" : new String(typed);
  }

  private static String one(ApplicationArguments args, String name) {
    List<String> values = args.getOptionValues(name);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }
}
