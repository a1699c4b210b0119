package org.kith.connectors.rest;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.kith.connectors.Problem;
import org.kith.connectors.ProblemException;

/**
 * A rate limit per authenticated partner over the partners' HTTP API, so that one partner's burst
 * (or runaway client) cannot take the hub's capacity from the others. It runs after authentication,
 * keyed by the partner id the credential established, and before the body is parsed, so a request
 * over the limit costs next to nothing and is never accepted. Each partner has its own limiter,
 * created on its first request; the map holds at most one per registered partner, since only an
 * authenticated id reaches it. Nothing waits: a request over the limit is refused at once with 429
 * and a {@code Retry-After} of the seconds until the partner's next permit.
 */
public final class PartnerRateLimits implements Processor {

    private final RateLimiterConfig config;
    private final Supplier<Long> nanoTime;
    private final Map<String, AtomicRateLimiter> limiters = new ConcurrentHashMap<>();

    /**
     * @param limitForPeriod requests a partner may make in each period
     * @param period         how often a partner's permits are refilled to {@code limitForPeriod}
     */
    public PartnerRateLimits(int limitForPeriod, Duration period) {
        this(limitForPeriod, period, System::nanoTime);
    }

    /** With a chosen clock (nanoseconds), for tests. */
    PartnerRateLimits(int limitForPeriod, Duration period, Supplier<Long> nanoTime) {
        this.config = RateLimiterConfig.custom()
                .limitForPeriod(limitForPeriod)
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO)
                .writableStackTraceEnabled(false)
                .build();
        this.nanoTime = nanoTime;
    }

    @Override
    public void process(Exchange exchange) {
        admit(exchange.getProperty(PartnerAuthenticator.SENDER, String.class));
    }

    /** Takes one permit of the partner's, or refuses with 429 and {@code Retry-After}. */
    public void admit(String partner) {
        if (partner == null) {
            throw new IllegalStateException("the rate limit runs after authentication");
        }
        AtomicRateLimiter limiter = limiters.computeIfAbsent(partner,
                id -> new AtomicRateLimiter(id, config, Map.of(), nanoTime));
        if (!limiter.acquirePermission()) {
            long seconds = retryAfterSeconds(limiter.getDetailedMetrics().getNanosToWait());
            throw new ProblemException(Problem.refused(429, "rate-limited", "Too many requests",
                    "this partner's limit is " + config.getLimitForPeriod() + " requests per "
                            + config.getLimitRefreshPeriod().toMillis() + " ms; nothing was accepted, retry after "
                            + seconds + " s"), seconds);
        }
    }

    /** Whole seconds, rounded up and at least 1: {@code Retry-After} has no fractions, and 0 invites a hot loop. */
    static long retryAfterSeconds(long nanosToWait) {
        return Math.max(1, (nanosToWait + 999_999_999L) / 1_000_000_000L);
    }
}
