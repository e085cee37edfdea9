package kg.exam.command.sitting;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the server waits for a school exam station's hand-in ({@code exam.station.*}).
 *
 * @param handInGrace how long past a station sitting's deadline (or, paused, past its session's
 *     end), and past its station's last sync, the station's hand-in is awaited before a centre
 *     administrator may hand the sitting in. A day by default: a school may sync only at the end of
 *     the exam day, and a station may extend or resume while offline
 */
@ConfigurationProperties("exam.station")
public record StationHandInProperties(@DefaultValue("24h") Duration handInGrace) {
  public StationHandInProperties {
    if (handInGrace.isNegative()) {
      throw new IllegalArgumentException(
          "exam.station.hand-in-grace must not be negative: " + handInGrace);
    }
  }
}
