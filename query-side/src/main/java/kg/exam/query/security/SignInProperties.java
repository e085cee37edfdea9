package kg.exam.query.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on guessing dashboard passwords ({@code exam.dashboard.sign-in.*}).
 *
 * @param maxAccountFailures failed sign-ins of one account, within {@code lockout}, that lock the
 *     account for {@code lockout}
 * @param maxSourceFailures failed sign-ins from one source address, within {@code lockout}, that
 *     lock every sign-in from it for {@code lockout}
 * @param lockout the window failures are counted in, and how long a lock lasts
 */
@ConfigurationProperties("exam.dashboard.sign-in")
public record SignInProperties(
    @DefaultValue("5") int maxAccountFailures,
    @DefaultValue("30") int maxSourceFailures,
    @DefaultValue("15m") Duration lockout) {}
