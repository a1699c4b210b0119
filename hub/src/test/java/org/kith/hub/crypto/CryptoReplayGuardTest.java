package org.kith.hub.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.kith.hub.crypto.ReplayCheck.Fresh;
import org.kith.hub.crypto.ReplayCheck.Reason;
import org.kith.hub.crypto.ReplayCheck.Refused;
import org.kith.hub.testing.SteppingClock;

/** Replays and timestamps outside the window are refused; memory is bounded by the window. */
class CryptoReplayGuardTest {

    private static final Duration WINDOW = Duration.ofMinutes(5);
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-20T14:00:00Z"));
    private final ReplayGuard guard = new ReplayGuard(WINDOW, 1_000, clock);

    @Test
    void theSameIdFromTheSameSenderIsARefusedReplay() {
        Instant now = clock.instant();
        assertEquals(new Fresh(), guard.check("county-cw", "evt-1", now));
        assertEquals(new Refused(Reason.REPLAYED), guard.check("county-cw", "evt-1", now));
        assertEquals(new Refused(Reason.REPLAYED), guard.check("county-cw", "evt-1", now.plusSeconds(30)));
        assertEquals(new Fresh(), guard.check("riverside-clinic", "evt-1", now), "ids are per sender");
        assertEquals(new Fresh(), guard.check("county-cw\u0000evt", "-1", now), "the key cannot be spliced");
    }

    @Test
    void timestampsOutsideTheWindowAreRefused() {
        Instant now = clock.instant();
        assertEquals(new Refused(Reason.STALE_TIMESTAMP), guard.check("a", "1", now.minus(WINDOW).minusMillis(1)));
        assertEquals(new Refused(Reason.FUTURE_TIMESTAMP), guard.check("a", "2", now.plus(WINDOW).plusMillis(1)));
        assertEquals(new Fresh(), guard.check("a", "3", now.minus(WINDOW)));
        assertEquals(new Fresh(), guard.check("a", "4", now.plus(WINDOW)));
    }

    @Test
    void aReplayAfterTheWindowIsStaleAndTheIdIsForgotten() {
        Instant sent = clock.instant();
        guard.check("a", "1", sent);
        clock.step(WINDOW);
        assertEquals(new Refused(Reason.REPLAYED), guard.check("a", "1", sent), "still inside at the edge");
        clock.step(Duration.ofMillis(1));
        assertEquals(new Refused(Reason.STALE_TIMESTAMP), guard.check("a", "1", sent));
        assertEquals(0, guard.size());
    }

    @Test
    void memoryHoldsOnlyIdsWhoseTimestampIsInTheWindow() {
        for (int minute = 0; minute < 60; minute++) {
            for (int i = 0; i < 10; i++) {
                assertEquals(new Fresh(), guard.check("a", minute + "-" + i, clock.instant()));
            }
            clock.step(Duration.ofMinutes(1));
        }
        assertEquals(50, guard.size(), "five minutes of ten a minute");
    }

    @Test
    void aFullGuardRefusesRatherThanForgetAnIdInsideTheWindow() {
        ReplayGuard small = new ReplayGuard(WINDOW, 3, clock);
        for (int i = 0; i < 3; i++) {
            small.check("a", "id-" + i, clock.instant());
        }
        assertEquals(new Refused(Reason.CAPACITY), small.check("a", "id-3", clock.instant()));
        assertEquals(new Refused(Reason.REPLAYED), small.check("a", "id-0", clock.instant()));
        clock.step(WINDOW.plusSeconds(1));
        assertEquals(new Fresh(), small.check("a", "id-3", clock.instant()));
    }

    @Test
    void aForgottenIdMayBeUsedAgainAndExpiresWithItsNewUse() {
        Instant first = clock.instant();
        guard.check("a", "1", first);
        guard.forget("a", "1");
        assertEquals(0, guard.size());
        clock.step(Duration.ofMinutes(3));
        Instant second = clock.instant();
        assertEquals(new Fresh(), guard.check("a", "1", second), "not accepted the first time, so not a replay");
        clock.step(Duration.ofMinutes(3));
        assertEquals(new Refused(Reason.REPLAYED), guard.check("a", "1", second),
                "the first use left the window, the second has not: the id is still taken");
        clock.step(Duration.ofMinutes(3));
        assertEquals(0, guard.size());
    }

    @Test
    void reasonCodesAreStable() {
        assertEquals("replayed", Reason.REPLAYED.code());
        assertEquals("stale-timestamp", Reason.STALE_TIMESTAMP.code());
        assertEquals("future-timestamp", Reason.FUTURE_TIMESTAMP.code());
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new ReplayGuard(Duration.ZERO, 10, clock));
        assertThrows(IllegalArgumentException.class, () -> new ReplayGuard(WINDOW, 0, clock));
    }
}
