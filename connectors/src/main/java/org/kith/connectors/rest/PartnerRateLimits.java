package org.kith.connectors.rest;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
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
 *
 * <p>The limit is the hub's, not one instance's: with N instances running, each lets a partner make
 * {@code max(1, limit / N)} requests per period, N as the hub's instances know it now (it follows
 * the enforcement core's group as instances join and leave). This never lets N instances allow more
 * than the limit (as long as the limit is at least N); it is conservative when a load balancer does
 * not spread a partner's requests evenly (a partner pinned to one instance gets its share of the
 * limit, not all of it), and for a while after an instance dies (until the group drops it). A change
 * of N takes effect at each limiter's next refill.
 */
public final class PartnerRateLimits implements Processor {

    private final int limit;
    private final Duration period;
    private final IntSupplier instances;
    private final Supplier<Long> nanoTime;
    private final Map<String, AtomicRateLimiter> limiters = new ConcurrentHashMap<>();

    /**
     * @param limitForPeriod requests a partner may make in each period, across all instances
     * @param period         how often a partner's permits are refilled
     * @param instances      how many hub instances run now (at least 1)
     */
    public PartnerRateLimits(int limitForPeriod, Duration period, IntSupplier instances) {
        this(limitForPeriod, period, instances, System::nanoTime);
    }

    /** With a chosen clock (nanoseconds), for tests. */
    PartnerRateLimits(int limitForPeriod, Duration period, IntSupplier instances, Supplier<Long> nanoTime) {
        this.limit = limitForPeriod;
        this.period = period;
        this.instances = instances;
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
        int running = Math.max(1, instances.getAsInt());
        int share = share(running);
        AtomicRateLimiter limiter = limiters.computeIfAbsent(partner,
                id -> new AtomicRateLimiter(id, config(share), Map.of(), nanoTime));
        if (limiter.getRateLimiterConfig().getLimitForPeriod() != share) {
            limiter.changeLimitForPeriod(share);
        }
        if (!limiter.acquirePermission()) {
            long seconds = retryAfterSeconds(limiter.getDetailedMetrics().getNanosToWait());
            throw new ProblemException(Problem.refused(429, "rate-limited", "Too many requests",
                    "this partner's limit is " + limit + " requests per " + period.toMillis() + " ms across the hub ("
                            + share + " on each of its " + running + " instances); nothing was accepted, retry after "
                            + seconds + " s"), seconds);
        }
    }

    /** One instance's share of the limit when {@code running} instances share it. */
    int share(int running) {
        return Math.max(1, limit / running);
    }

    private RateLimiterConfig config(int share) {
        return RateLimiterConfig.custom()
                .limitForPeriod(share)
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO)
                .writableStackTraceEnabled(false)
                .build();
    }

    /** Whole seconds, rounded up and at least 1: {@code Retry-After} has no fractions, and 0 invites a hot loop. */
    static long retryAfterSeconds(long nanosToWait) {
        return Math.max(1, (nanosToWait + 999_999_999L) / 1_000_000_000L);
    }
}
