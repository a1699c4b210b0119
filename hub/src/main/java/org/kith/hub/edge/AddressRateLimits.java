package org.kith.hub.edge;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.kith.connectors.Problem;
import org.kith.schemas.Json;

/**
 * A request budget per remote address over the whole HTTP API, spent before any credential is read:
 * the partners' per-partner limit counts only once a partner is known, so without this a stranger
 * could make the hub check tokens, certificates and routes as fast as it sends. A request over the
 * budget is answered at once, its body unread, with 429 and the same {@code rate-limited} problem
 * as the partners' limit, {@code Retry-After} giving the seconds until the address's next permit,
 * and then its connection is closed: a client told to wait has no use for it, and a flood does not
 * keep its connections by being refused. Answering (rather than closing in silence) tells a real
 * client behind a busy address to back off instead of retrying a network error at once.
 *
 * <p>Each address (an IPv6 /64) has a limiter from its first request. One whose budget has filled
 * up again is forgotten when the map grows, losing nothing, so the map holds only the addresses
 * that spent some of their budget within the last period.
 */
final class AddressRateLimits {

    private static final int SWEEP_FLOOR = 1024;

    private final RateLimiterConfig config;
    private final Supplier<Long> nanoTime;
    private final Map<String, AtomicRateLimiter> limiters = new ConcurrentHashMap<>();
    private final Counter refused;
    private volatile int sweepAt = SWEEP_FLOOR;

    AddressRateLimits(int limitForPeriod, Duration period, MeterRegistry meters) {
        this(limitForPeriod, period, meters, System::nanoTime);
    }

    /** With a chosen clock (nanoseconds), for tests. */
    AddressRateLimits(int limitForPeriod, Duration period, MeterRegistry meters, Supplier<Long> nanoTime) {
        this.config = RateLimiterConfig.custom()
                .limitForPeriod(limitForPeriod)
                .limitRefreshPeriod(period)
                .timeoutDuration(Duration.ZERO)
                .writableStackTraceEnabled(false)
                .build();
        this.nanoTime = nanoTime;
        this.refused = Counter.builder("kith.http.requests.refused")
                .description("Requests refused with 429 over their remote address's budget, before authentication")
                .register(meters);
    }

    /** The handler that spends a permit of the request's address, then hands the request on, or refuses it. */
    Handler<HttpServerRequest> before(Handler<HttpServerRequest> next) {
        return request -> {
            long wait = admit(addressOf(request));
            if (wait == 0) {
                next.handle(request);
            } else {
                refuse(request, wait);
            }
        };
    }

    /** Takes a permit of the address's: 0 if there was one, else the whole seconds to wait (at least 1). */
    long admit(String address) {
        AtomicRateLimiter limiter = limiters.get(address);
        if (limiter == null) {
            limiter = limiters.computeIfAbsent(address, id -> new AtomicRateLimiter(id, config, Map.of(), nanoTime));
            if (limiters.size() > sweepAt) {
                sweep();
            }
        }
        if (limiter.acquirePermission()) {
            return 0;
        }
        return Math.max(1, (limiter.getDetailedMetrics().getNanosToWait() + 999_999_999L) / 1_000_000_000L);
    }

    /** Addresses tracked now. */
    int tracked() {
        return limiters.size();
    }

    private synchronized void sweep() {
        if (limiters.size() <= sweepAt) {
            return;
        }
        int full = config.getLimitForPeriod();
        limiters.values().removeIf(limiter -> limiter.getMetrics().getAvailablePermissions() >= full);
        sweepAt = Math.max(SWEEP_FLOOR, 2 * limiters.size());
    }

    private void refuse(HttpServerRequest request, long seconds) {
        refused.increment();
        Problem problem = Problem.refused(429, "rate-limited", "Too many requests",
                "this address's limit is " + config.getLimitForPeriod() + " requests per "
                        + config.getLimitRefreshPeriod().toMillis() + " ms; nothing was read, retry after " + seconds + " s");
        String body;
        try {
            body = Json.mapper().writeValueAsString(problem);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a problem document is always written", e);
        }
        request.response().setStatusCode(429)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Retry-After", Long.toString(seconds))
                .putHeader("Connection", "close")
                .end(body)
                .onComplete(sent -> request.connection().close());
    }

    private static String addressOf(HttpServerRequest request) {
        var remote = request.remoteAddress();
        if (remote == null || remote.hostAddress() == null) {
            return "local";
        }
        try {
            // a literal address: no name is looked up
            return ConnectionGuard.addressOf(InetAddress.getByName(remote.hostAddress()));
        } catch (UnknownHostException e) {
            return remote.hostAddress();
        }
    }
}
