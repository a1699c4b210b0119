package org.kith.connectors.rest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.kith.connectors.ProblemException;

/**
 * Each partner has its own budget: exhausting one refuses that partner alone, and only until the
 * refill; the budget is the hub's, each of N instances allowing its share.
 */
class PartnerRateLimitsTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicInteger instances = new AtomicInteger(1);
    private final PartnerRateLimits limits = new PartnerRateLimits(3, Duration.ofSeconds(10), instances::get, nanos::get);

    @Test
    void aPartnerOverItsLimitIsRefusedWith429AndRetryAfterWhileAnotherStillPasses() {
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> limits.admit("agency-a"));
        }
        var refused = assertThrows(ProblemException.class, () -> limits.admit("agency-a"));
        assertEquals(429, refused.problem().status());
        assertEquals("rate-limited", refused.problem().reason());
        long retryAfter = refused.retryAfter().orElseThrow();
        assertEquals(true, retryAfter >= 1 && retryAfter <= 10, "Retry-After " + retryAfter);

        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> limits.admit("provider-b"));
        }
    }

    @Test
    void aRefusalTakesNoPermitAndTheBudgetComesBackAfterThePeriod() {
        for (int i = 0; i < 3; i++) {
            limits.admit("agency-a");
        }
        for (int i = 0; i < 5; i++) {
            assertThrows(ProblemException.class, () -> limits.admit("agency-a"));
        }
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> limits.admit("agency-a"));
        }
        assertThrows(ProblemException.class, () -> limits.admit("agency-a"));
    }

    @Test
    void eachOfNInstancesAllowsItsShareSoThatTogetherTheyNeverAllowMoreThanTheLimit() {
        var shared = new PartnerRateLimits(10, Duration.ofSeconds(10), instances::get, nanos::get);
        instances.set(3);
        for (int i = 0; i < 3; i++) {
            assertDoesNotThrow(() -> shared.admit("agency-a"));
        }
        var refused = assertThrows(ProblemException.class, () -> shared.admit("agency-a"), "10 / 3 instances: 3 here");
        assertEquals(true, refused.problem().detail().contains("10 requests per 10000 ms across the hub (3 on each of its"
                + " 3 instances)"), refused.problem().detail());

        instances.set(1); // the others left: the whole limit here, from the next refill
        nanos.addAndGet(Duration.ofSeconds(10).toNanos());
        for (int i = 0; i < 10; i++) {
            assertDoesNotThrow(() -> shared.admit("agency-a"));
        }
        assertThrows(ProblemException.class, () -> shared.admit("agency-a"));
        assertEquals(1, shared.share(20), "never less than one request a period");
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndNeverZero() {
        assertEquals(1, PartnerRateLimits.retryAfterSeconds(0));
        assertEquals(1, PartnerRateLimits.retryAfterSeconds(1));
        assertEquals(1, PartnerRateLimits.retryAfterSeconds(1_000_000_000L));
        assertEquals(2, PartnerRateLimits.retryAfterSeconds(1_000_000_001L));
    }

    @Test
    void anUnauthenticatedRequestNeverReachesTheLimiter() {
        assertThrows(IllegalStateException.class, () -> limits.admit(null));
    }
}
