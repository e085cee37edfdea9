package kg.exam.client.station;

import java.time.Instant;
import java.util.List;

/**
 * An exam session as a station needs it to run offline, decrypted: the window, the duration, the
 * paper without keys and the sittings of the candidates who sit it here.
 *
 * @param opensAt first instant a sitting may start
 * @param closesAt instant the session closes: no start at or after it, and no deadline past it
 * @param durationMinutes the time allowed before extra time
 */
public record SessionPackage(
    String sessionId,
    String examId,
    int examVersion,
    String centreId,
    String schoolId,
    Instant opensAt,
    Instant closesAt,
    int durationMinutes,
    String title,
    String subject,
    String language,
    List<PackageItem> items,
    List<PackageCandidate> candidates) {

  public SessionPackage {
    items = List.copyOf(items);
    candidates = List.copyOf(candidates);
  }
}
