package kg.exam.command.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the persistent deadline scheduler ({@code exam.deadlines.*}).
 *
 * @param pollingInterval how often due deadlines are looked up; a sitting times out at most this
 *     much after its deadline
 * @param threads worker threads that run due deadlines
 */
@ConfigurationProperties("exam.deadlines")
record DeadlineSchedulerProperties(
    @DefaultValue("1s") Duration pollingInterval, @DefaultValue("2") int threads) {}
