package kg.exam.command.sitting;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the server waits for a school exam station's hand-in ({@code exam.station.*}).
 *
 * @param handInGrace how long past a station sitting's deadline (or, paused, past its session's
 *     end) its station's sync is awaited before a centre administrator may hand it in
 */
@ConfigurationProperties("exam.station")
public record StationHandInProperties(@DefaultValue("30m") Duration handInGrace) {
  public StationHandInProperties {
    if (handInGrace.isNegative()) {
      throw new IllegalArgumentException(
          "exam.station.hand-in-grace must not be negative: " + handInGrace);
    }
  }
}
