package kg.exam.command.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sitting aggregate cache ({@code exam.aggregate-cache.*}), see {@link StreamValidatedCache}.
 *
 * @param maxSittings sittings kept in memory per node, least recently used out; a sitting of 90
 *     answers takes some tens of kilobytes, so 50,000 fit in about 1–2 GB of heap. A sitting not in
 *     the cache costs one read of its whole stream on its next command.
 */
@ConfigurationProperties("exam.aggregate-cache")
record AggregateCacheProperties(@DefaultValue("50000") long maxSittings) {}
