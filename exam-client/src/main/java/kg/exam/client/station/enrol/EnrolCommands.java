package kg.exam.client.station.enrol;

import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import kg.exam.client.station.StationConfig;
import kg.exam.client.station.StationConfigException;
import kg.exam.contract.Ids;

/**
 * The station's {@code enrol}, {@code fetch} and {@code unlock} subcommands (registered in {@code
 * StationApp}), and the package store a serving station reads.
 *
 * <ul>
 *   <li>{@code enrol [--station-id ID] [--centre ID] [--school ID]}: settings {@code station.id},
 *       {@code station.centre-id}, {@code station.school-id} are used when the options are not
 *       given. The centre administrator's account comes from {@code EXAM_ENROL_ACCOUNT} and {@code
 *       EXAM_ENROL_PASSWORD} or is asked for on the terminal; it is never stored.
 *   <li>{@code fetch}: downloads the packages of the station's sessions and unlocks those whose key
 *       is released.
 *   <li>{@code unlock --session ID --code XXXX-XXXX-XXXX}: opens a package with the release code.
 * </ul>
 */
public final class EnrolCommands {
  /** Environment variables with the centre administrator's account for {@code enrol}. */
  public static final String ACCOUNT_ENV = "EXAM_ENROL_ACCOUNT";

  public static final String PASSWORD_ENV = "EXAM_ENROL_PASSWORD";

  /** A new station id: {@code station-} and 10 random hex digits. */
  static String newStationId() {
    byte[] random = new byte[5];
    new java.security.SecureRandom().nextBytes(random);
    return "station-" + java.util.HexFormat.of().formatHex(random);
  }

  private EnrolCommands() {}

  /** {@code enrol}; the environment is passed in so tests need not set the process's. */
  public static int enrol(
      StationConfig config,
      List<String> args,
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      Console console)
      throws Exception {
    Options o = Options.parse(args, List.of("--station-id", "--centre", "--school"));
    if (o == null) {
      err.println(
          "usage: enrol [--station-id ID] [--centre ID] [--school ID] --config station.properties");
      return 2;
    }
    String stationId = o.get("--station-id", config.optional("station.id").orElse(null));
    String centreId = o.get("--centre", config.optional("station.centre-id").orElse(null));
    String schoolId = o.get("--school", config.optional("station.school-id").orElse(null));
    if (stationId == null) {
      // neither set nor given: the first enrolment names the station, and writes the name into
      // the config file below (a later run finds it there, or in the recorded enrolment)
      stationId =
          Enrolment.recorded(config.dataDir())
              .map(Enrolment.Enrolled::stationId)
              .orElseGet(EnrolCommands::newStationId);
    }
    if (!Ids.valid(stationId)) {
      throw new StationConfigException(
          config.where("station.id")
              + ": station.id (or --station-id) must be 1..64 of A-Z a-z 0-9 . _ -, starting with"
              + " a letter or digit");
    }
    if (centreId == null) {
      throw new StationConfigException(
          config.file() + ": station.centre-id (or --centre) is required");
    }
    Path dataDir = config.dataDir();
    Files.createDirectories(dataDir);
    var recorded = Enrolment.recorded(dataDir);
    if (recorded.isPresent()) {
      out.println(
          "already enrolled as station "
              + recorded.get().stationId()
              + " of centre "
              + recorded.get().centreId()
              + " (key "
              + recorded.get().keyId()
              + ")");
      return 0;
    }
    Enrolment.AdminCredentials admin = credentials(env, console);
    if (admin == null) {
      err.println(
          "error: no centre administrator account: set "
              + ACCOUNT_ENV
              + " and "
              + PASSWORD_ENV
              + " or run enrol on a terminal");
      return 2;
    }
    Enrolment.Enrolled e;
    try {
      e =
          new Enrolment(config.serverUrl(), dataDir, config.stationKeyFile(), Clock.systemUTC())
              .enrol(stationId, centreId, schoolId, admin);
    } catch (Enrolment.EnrolmentFailed failed) {
      err.println("error: " + failed.getMessage());
      return 1;
    }
    if (config.optional("station.id").isEmpty()) {
      appendSetting(config.file(), "station.id", e.stationId());
    }
    out.println(
        "enrolled station "
            + e.stationId()
            + " of centre "
            + e.centreId()
            + (e.schoolId() == null ? "" : ", school " + e.schoolId())
            + "; key "
            + e.keyId()
            + " in "
            + config.stationKeyFile());
    return 0;
  }

  /** {@code fetch}. */
  public static int fetch(StationConfig config, List<String> args, PrintStream out, PrintStream err)
      throws Exception {
    if (!args.isEmpty()) {
      err.println("error: fetch takes no arguments besides --config, got " + args);
      return 2;
    }
    StationSigner signer = signer(config);
    PackageStore store = PackageStore.open(config.dataDir());
    try (PackageFetcher fetcher =
        new PackageFetcher(config.serverUrl(), signer, store, Clock.systemUTC())) {
      PackageFetcher.Fetched f = fetcher.fetchAll();
      out.println(
          "fetched "
              + f.sessionIds().size()
              + " session package(s)"
              + (f.unlocked().isEmpty() ? "" : ", unlocked " + f.unlocked()));
      for (PackageStore.Header h : store.headers()) {
        out.println(
            "  "
                + h.sessionId()
                + "  opens "
                + h.opensAt()
                + "  closes "
                + h.closesAt()
                + "  "
                + h.sittingCount()
                + " sitting(s)  "
                + (h.unlocked() ? "unlocked" : "locked until the session opens"));
      }
    }
    return 0;
  }

  /** {@code unlock --session ID --code CODE}. */
  public static int unlock(
      StationConfig config, List<String> args, PrintStream out, PrintStream err) throws Exception {
    Options o = Options.parse(args, List.of("--session", "--code"));
    if (o == null || o.get("--session", null) == null || o.get("--code", null) == null) {
      err.println("usage: unlock --session ID --code XXXX-XXXX-XXXX --config station.properties");
      return 2;
    }
    PackageStore store = PackageStore.open(config.dataDir());
    try {
      var p = store.unlockWithReleaseCode(o.get("--session", null), o.get("--code", null));
      out.println(
          "unlocked session " + p.sessionId() + ": " + p.candidates().size() + " sitting(s)");
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  /**
   * The packages a serving station reads: the stored packages, with the command side asked for the
   * keys of opened sessions every {@code periodSeconds} while a link exists.
   *
   * @return the store and its fetcher (close the fetcher when the station stops)
   */
  public static Serving serving(StationConfig config, StationSigner signer, Clock clock)
      throws IOException, StationConfigException {
    PackageStore store = PackageStore.open(config.dataDir());
    PackageFetcher fetcher =
        config.optional("server.url").isPresent()
            ? new PackageFetcher(config.serverUrl(), signer, store, clock)
            : null;
    if (fetcher != null) {
      fetcher.startPolling(
          config.intValue("packages.key-poll-seconds", 30, 1, 3600),
          config.duration("packages.refetch-period", Duration.ofMinutes(10)));
    }
    return new Serving(store, fetcher);
  }

  /** A serving station's packages and the background key release (null without a server). */
  public record Serving(PackageStore store, PackageFetcher fetcher) implements AutoCloseable {
    @Override
    public void close() {
      if (fetcher != null) {
        fetcher.close();
      }
    }
  }

  static StationSigner signer(StationConfig config) throws StationConfigException {
    Path keyFile = config.stationKeyFile();
    try {
      return StationSigner.load(keyFile, Clock.systemUTC());
    } catch (NoSuchFileException e) {
      throw new StationConfigException(keyFile + ": no station key; run 'enrol' first");
    } catch (IOException | IllegalArgumentException e) {
      throw new StationConfigException(keyFile + ": not a station key (" + e.getMessage() + ")");
    }
  }

  private static Enrolment.AdminCredentials credentials(Map<String, String> env, Console console) {
    String account = env.get(ACCOUNT_ENV);
    String password = env.get(PASSWORD_ENV);
    if (account != null && !account.isBlank() && password != null && !password.isEmpty()) {
      return new Enrolment.AdminCredentials(account.strip(), password.toCharArray());
    }
    if (console == null) {
      return null;
    }
    String typed = console.readLine("centre administrator account: ");
    char[] secret = console.readPassword("password: ");
    if (typed == null || typed.isBlank() || secret == null) {
      return null;
    }
    return new Enrolment.AdminCredentials(typed.strip(), secret);
  }

  /** Appends {@code key=value} to the config file, keeping everything in it. */
  private static void appendSetting(Path file, String key, String value) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String line =
        (text.isEmpty() || text.endsWith("\n") ? "" : "\n")
            + "# written by 'enrol'\n"
            + key
            + "="
            + value
            + "\n";
    Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  /** {@code --name value} options. */
  private record Options(Map<String, String> values) {
    static Options parse(List<String> args, List<String> known) {
      Map<String, String> values = new java.util.HashMap<>();
      List<String> rest = new ArrayList<>(args);
      for (int i = 0; i < rest.size(); i++) {
        String a = rest.get(i);
        int eq = a.indexOf('=');
        String name = eq > 0 ? a.substring(0, eq) : a;
        if (!known.contains(name)) {
          return null;
        }
        if (eq > 0) {
          values.put(name, a.substring(eq + 1));
        } else if (i + 1 < rest.size()) {
          values.put(name, rest.get(++i));
        } else {
          return null;
        }
      }
      return new Options(values);
    }

    String get(String name, String fallback) {
      return values.getOrDefault(name, fallback);
    }
  }
}
