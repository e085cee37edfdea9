package kg.exam.client.simulate;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a simulation does, from the command line. Either {@code slips} (a CSV of admission slips) or
 * {@code provision} (with a centre administrator's account: create the exam, open a session,
 * register the candidates). Rates are probabilities per opportunity: {@code changeRate} per
 * answered item (revisit it and answer again), {@code flagRate} per item (flag it, clear it at
 * review), {@code dropRate} per answer (the connection drops after the request went out; the answer
 * is sent again with the same clientSeq after {@code reconnectAfter}).
 *
 * @param duration null: one pass through the paper, then the changes, then submit; otherwise keep
 *     changing answers until this long after the candidate started, then submit
 */
record SimulationOptions(
    URI server,
    int candidates,
    Path slips,
    boolean provision,
    String adminAccount,
    String adminPassword,
    Path writeSlips,
    Path examContent,
    Path picture,
    String centreId,
    int schools,
    ThinkTime think,
    double ratePerSecond,
    double changeRate,
    double flagRate,
    double dropRate,
    Duration duration,
    Duration rampUp,
    Duration reconnectAfter,
    Duration requestTimeout,
    Duration renewTokenBefore,
    double maxErrorPercent,
    long seed,
    Duration progressEvery,
    Duration latencyAfter) {

  static final String USAGE =
      "usage: simulate --server URL (--slips FILE | --provision (--admin ACCOUNT | --credentials FILE)"
          + " [--write-slips FILE] [--exam-content FILE] [--picture FILE] [--centre ID] [--schools K])"
          + " [--candidates N] [--think exp:3s|uniform:1s..5s|fixed:D|0 | --rate N/s] [--change-rate P]"
          + " [--flag-rate P] [--drop-rate P] [--duration D] [--ramp-up D] [--reconnect-after D]"
          + " [--timeout D] [--renew-token-before D] [--max-error-percent X] [--seed S] [--progress D|--quiet]"
          + " [--latency-after D]";

  /** Bad command-line input; the message is one line. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** The password of {@code --admin} comes from this environment variable (never an argument). */
  static final String PASSWORD_VARIABLE = "EXAM_ADMIN_PASSWORD";

  @Override
  public String toString() {
    return "server="
        + server
        + " candidates="
        + (candidates == 0 ? "all slips" : candidates)
        + (provision ? " provision (admin " + adminAccount + ")" : " slips=" + slips)
        + (ratePerSecond > 0 ? " rate=" + ratePerSecond + "/s (open loop)" : " think=" + think)
        + " change-rate="
        + changeRate
        + " flag-rate="
        + flagRate
        + " drop-rate="
        + dropRate
        + (duration == null ? " one pass" : " duration=" + duration)
        + " ramp-up="
        + rampUp
        + " seed="
        + seed
        + (latencyAfter.isZero() ? "" : " latency-after=" + latencyAfter); // never the password
  }

  static SimulationOptions parse(String[] args, Map<String, String> env) throws UsageException {
    URI server = null;
    int candidates = 0;
    Path slips = null;
    boolean provision = false;
    String admin = null;
    Path credentials = null;
    Path writeSlips = null;
    Path examContent = null;
    Path picture = null;
    String centre = "centre-sim";
    int schools = 1;
    ThinkTime think = ThinkTime.parse("exp:3s");
    boolean thinkGiven = false;
    double rate = 0;
    double changeRate = 0.2;
    double flagRate = 0.1;
    double dropRate = 0.02;
    Duration duration = null;
    Duration rampUp = Duration.ofSeconds(5);
    Duration reconnectAfter = Duration.ofSeconds(1);
    Duration timeout = Duration.ofSeconds(30);
    Duration renewTokenBefore = Duration.ofMinutes(2);
    double maxErrorPercent = 0;
    long seed = System.nanoTime();
    Duration progress = Duration.ofSeconds(1);
    Duration latencyAfter = Duration.ZERO;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--provision")) {
        provision = true;
        continue;
      }
      if (option.equals("--quiet")) {
        progress = Duration.ZERO;
        continue;
      }
      if (!option.startsWith("--")) {
        throw new UsageException("unexpected argument '" + option + "'");
      }
      if (i + 1 >= args.length) {
        throw new UsageException(option + " needs a value");
      }
      String v = args[++i];
      try {
        switch (option) {
          case "--server" -> server = server(v);
          case "--candidates" -> candidates = positive(option, v);
          case "--slips" -> slips = Path.of(v);
          case "--admin" -> admin = v;
          case "--credentials" -> credentials = Path.of(v);
          case "--write-slips" -> writeSlips = Path.of(v);
          case "--exam-content" -> examContent = Path.of(v);
          case "--picture" -> picture = Path.of(v);
          case "--centre" -> centre = v;
          case "--schools" -> schools = positive(option, v);
          case "--think" -> {
            think = ThinkTime.parse(v);
            thinkGiven = true;
          }
          case "--rate" -> rate = rate(v);
          case "--change-rate" -> changeRate = probability(option, v);
          case "--flag-rate" -> flagRate = probability(option, v);
          case "--drop-rate" -> dropRate = probability(option, v);
          case "--duration" -> duration = ThinkTime.duration(v);
          case "--ramp-up" -> rampUp = ThinkTime.duration(v);
          case "--reconnect-after" -> reconnectAfter = ThinkTime.duration(v);
          case "--timeout" -> timeout = ThinkTime.duration(v);
          case "--renew-token-before" -> renewTokenBefore = ThinkTime.duration(v);
          case "--max-error-percent" -> {
            maxErrorPercent = Double.parseDouble(v);
            if (!(maxErrorPercent >= 0 && maxErrorPercent <= 100)) {
              throw new UsageException(option + " " + v + ": must be 0..100");
            }
          }
          case "--seed" -> seed = Long.parseLong(v);
          case "--progress" -> progress = ThinkTime.duration(v);
          case "--latency-after" -> latencyAfter = ThinkTime.duration(v);
          default -> throw new UsageException("unknown option " + option);
        }
      } catch (NumberFormatException e) {
        throw new UsageException(option + " " + v + ": not a number");
      } catch (IllegalArgumentException e) {
        throw new UsageException(option + ": " + e.getMessage());
      }
    }
    if (server == null) {
      throw new UsageException("--server URL is required, e.g. --server http://localhost:8080");
    }
    if (provision == (slips != null)) {
      throw new UsageException("give either --slips FILE or --provision, not both or neither");
    }
    String password = null;
    if (provision) {
      if ((admin == null) == (credentials == null)) {
        throw new UsageException("--provision needs either --admin ACCOUNT or --credentials FILE");
      }
      if (candidates == 0) {
        throw new UsageException("--provision needs --candidates N");
      }
      if (credentials != null) {
        String[] account = centreAdminFrom(credentials);
        admin = account[0];
        password = account[1];
      } else {
        password = env.get(PASSWORD_VARIABLE);
        if (password == null || password.isEmpty()) {
          throw new UsageException(
              "--admin " + admin + ": set the password in the environment as " + PASSWORD_VARIABLE);
        }
      }
    } else if (admin != null
        || credentials != null
        || writeSlips != null
        || examContent != null
        || picture != null
        || schools != 1) {
      throw new UsageException(
          "--admin, --credentials, --write-slips, --exam-content, --picture and --schools go with"
              + " --provision");
    }
    if (picture != null
        && (!Files.isRegularFile(picture) || Provisioner.mediaType(picture) == null)) {
      throw new UsageException(
          "--picture " + picture + ": no such file, or not .png .jpg .gif .webp .mp3 .ogg .wav");
    }
    if (examContent != null && !Files.isRegularFile(examContent)) {
      throw new UsageException("--exam-content " + examContent + ": no such file");
    }
    if (writeSlips != null && Files.exists(writeSlips)) {
      throw new UsageException("--write-slips " + writeSlips + ": exists; not overwriting slips");
    }
    if (timeout.isZero()) {
      throw new UsageException("--timeout must be more than 0");
    }
    if (rate > 0 && thinkGiven) {
      throw new UsageException("give --think (closed loop) or --rate (open loop), not both");
    }
    return new SimulationOptions(
        server,
        candidates,
        slips,
        provision,
        admin,
        password,
        writeSlips,
        examContent,
        picture,
        centre,
        schools,
        think,
        rate,
        changeRate,
        flagRate,
        dropRate,
        duration,
        rampUp,
        reconnectAfter,
        timeout,
        renewTokenBefore,
        maxErrorPercent,
        seed,
        progress,
        latencyAfter);
  }

  private static URI server(String v) throws UsageException {
    try {
      URI uri = new URI(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new UsageException("--server " + v + ": expected http://host:port or https://…");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new UsageException("--server " + v + ": not a URL");
    }
  }

  private static int positive(String option, String v) throws UsageException {
    int n = Integer.parseInt(v);
    if (n < 1) {
      throw new UsageException(option + " " + v + ": must be 1 or more");
    }
    return n;
  }

  private static double probability(String option, String v) throws UsageException {
    double p = Double.parseDouble(v);
    if (!(p >= 0 && p <= 1)) {
      throw new UsageException(option + " " + v + ": a probability, 0..1");
    }
    return p;
  }

  /**
   * The first {@code staff <account> <password> CENTRE_ADMIN} line of a credentials file such as
   * the embedded default's {@code .exam-data/demo-credentials.txt}.
   */
  private static String[] centreAdminFrom(Path file) throws UsageException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException("--credentials " + file + ": cannot read: " + e.getMessage());
    }
    for (String line : lines) {
      String[] f = line.strip().split("\\s+");
      if (f.length >= 4 && f[0].equals("staff") && f[3].equals("CENTRE_ADMIN")) {
        return new String[] {f[1], f[2]};
      }
    }
    throw new UsageException(
        "--credentials "
            + file
            + ":"
            + lines.size()
            + ": no 'staff ACCOUNT PASSWORD CENTRE_ADMIN' line");
  }

  /**
   * {@code --rate 2000/s} (or {@code 2000}): actions per second of all candidates together, more
   * than 0 and at most 1,000,000.
   */
  static double rate(String v) throws UsageException {
    String number = v.endsWith("/s") ? v.substring(0, v.length() - 2) : v;
    double rate;
    try {
      rate = Double.parseDouble(number);
    } catch (NumberFormatException e) {
      throw new UsageException("--rate " + v + ": expected requests per second, e.g. 2000/s");
    }
    if (!(rate > 0) || rate > 1_000_000) {
      throw new UsageException("--rate " + v + ": must be more than 0 and at most 1000000/s");
    }
    return rate;
  }
}
