package kg.exam.client.station;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import kg.exam.client.station.enrol.EnrolCommands;
import kg.exam.client.station.enrol.StationSigner;
import kg.exam.client.station.invigilator.InvigilatorApi;

/**
 * The station's command line: {@code java -jar exam-station.jar [serve] --config
 * station.properties}, and the other subcommands ({@code enrol}, {@code fetch}, ...) registered in
 * {@link #SUBCOMMANDS}.
 *
 * <p>Exit codes: 0 done, 1 a failure while running, 2 bad usage or a bad configuration (one line
 * naming the file and line).
 */
public final class StationApp {
  /** A subcommand: runs with the loaded configuration and the arguments after it. */
  @FunctionalInterface
  public interface Subcommand {
    int run(StationConfig config, List<String> args, PrintStream out, PrintStream err)
        throws Exception;
  }

  /** Subcommands by name; other features add theirs here. */
  static final Map<String, Subcommand> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("serve", StationApp::serve);
    SUBCOMMANDS.put(
        "enrol",
        (config, args, out, err) ->
            EnrolCommands.enrol(config, args, out, err, System.getenv(), System.console()));
    SUBCOMMANDS.put("fetch", EnrolCommands::fetch);
    SUBCOMMANDS.put("unlock", EnrolCommands::unlock);
    SUBCOMMANDS.put("hash-pin", InvigilatorApi::hashPinCommand);
  }

  private StationApp() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs a command line; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    String name = !rest.isEmpty() && !rest.get(0).startsWith("-") ? rest.remove(0) : "serve";
    Subcommand command = SUBCOMMANDS.get(name);
    if (command == null) {
      err.println(
          "error: unknown command '"
              + name
              + "'; use one of "
              + String.join(", ", SUBCOMMANDS.keySet()));
      return 2;
    }
    Path configFile = null;
    List<String> remaining = new ArrayList<>();
    for (int i = 0; i < rest.size(); i++) {
      if (rest.get(i).equals("--config") && i + 1 < rest.size()) {
        configFile = Path.of(rest.get(++i));
      } else if (rest.get(i).startsWith("--config=")) {
        configFile = Path.of(rest.get(i).substring("--config=".length()));
      } else {
        remaining.add(rest.get(i));
      }
    }
    if (configFile == null) {
      err.println(
          "usage: java -jar exam-station.jar ["
              + String.join("|", SUBCOMMANDS.keySet())
              + "] --config station.properties");
      return 2;
    }
    try {
      StationConfig config = StationConfig.load(configFile);
      return command.run(config, remaining, out, err);
    } catch (StationConfigException e) {
      err.println("error: " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  /** Runs the station until the process is stopped. */
  static int serve(StationConfig config, List<String> args, PrintStream out, PrintStream err)
      throws Exception {
    if (!args.isEmpty()) {
      err.println("error: serve takes no arguments besides --config, got " + args);
      return 2;
    }
    validate(config);
    Path keyFile = config.stationKeyFile();
    StationSigner signer;
    try {
      signer = StationSigner.load(keyFile, Clock.systemUTC());
    } catch (NoSuchFileException e) {
      throw new StationConfigException(keyFile + ": no station key; run 'enrol' first");
    } catch (IOException | IllegalArgumentException e) {
      throw new StationConfigException(keyFile + ": not a station key (" + e.getMessage() + ")");
    }
    ExamPackages packages = packages(config, signer);
    Station station = Station.create(config, packages, signer, Clock.systemUTC());
    InvigilatorApi.install(station, packages, Clock.systemUTC());
    station.start();
    out.println(
        "exam station "
            + config.stationId().orElse("(not enrolled)")
            + " serving on http://"
            + config.bind()
            + ":"
            + station.server().port()
            + "/exam/ ; journal "
            + station.journal().file()
            + " ("
            + station.journal().lastSeq()
            + " entries)");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    station.close();
                  } catch (IOException e) {
                    // stopping anyway; the journal is forced after every append
                  }
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }

  /** Reads every setting {@code serve} uses, so a bad one is reported before anything starts. */
  static void validate(StationConfig config) throws StationConfigException {
    config.dataDir();
    config.port();
    if (config.optional("server.url").isPresent()) {
      config.serverUrl();
    }
    config.syncBatchSize();
    config.syncMinBackoff();
    config.syncMaxBackoff();
    config.maxPinAttempts();
    config.pinLockout();
  }

  /**
   * The session packages the station serves. {@code station.plain-packages} names a JSON file of
   * unencrypted packages (a list of {@link SessionPackage}), for drills and tests only: a real
   * station reads the encrypted packages {@code fetch} stored.
   */
  static ExamPackages packages(StationConfig config, StationSigner signer)
      throws StationConfigException, IOException {
    if (config.optional("station.plain-packages").isPresent()) {
      Path file = config.path("station.plain-packages");
      try {
        List<SessionPackage> list =
            StationJson.MAPPER.readValue(
                Files.readAllBytes(file), new TypeReference<List<SessionPackage>>() {});
        return ExamPackages.of(list);
      } catch (IOException | RuntimeException e) {
        throw new StationConfigException(
            config.where("station.plain-packages")
                + ": "
                + file
                + " is not a list of session packages ("
                + e.getMessage().lines().findFirst().orElse("")
                + ")");
      }
    }
    // the packages 'fetch' stored, opened as their keys are released (or by release code)
    return EnrolCommands.serving(config, signer, Clock.systemUTC()).store();
  }
}
