package org.kith.connectors.rest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.kith.connectors.ProblemException;

/** Each partner has its own budget: exhausting one refuses that partner alone, and only until the refill. */
class PartnerRateLimitsTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final PartnerRateLimits limits = new PartnerRateLimits(3, Duration.ofSeconds(10), nanos::get);

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
