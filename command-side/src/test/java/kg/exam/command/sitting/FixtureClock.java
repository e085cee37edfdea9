package kg.exam.command.sitting;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.axonframework.test.aggregate.AggregateTestFixture;

/**
 * The server clock as an aggregate test fixture simulates it: deadline and scoring handlers read
 * the fixture's time.
 */
final class FixtureClock extends Clock {
  private final AggregateTestFixture<?> fixture;

  FixtureClock(AggregateTestFixture<?> fixture) {
    this.fixture = fixture;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the fixture clock is UTC only");
  }

  @Override
  public Instant instant() {
    return fixture.currentTime();
  }
}
