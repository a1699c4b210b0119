package org.kith.hub.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kith.connectors.IdRegistry.Claimed;
import org.kith.connectors.IdRegistry.Full;
import org.kith.connectors.IdRegistry.Replayed;
import org.kith.connectors.IdRegistry.Resent;
import org.kith.connectors.InboundRecord;
import org.kith.hub.testing.SteppingClock;

/**
 * The event ids senders used: claimed once, the same content answered with its message id, another
 * refused; each sender within its own share; remembered for the time given, then forgotten; what
 * another instance recorded counts as this one's own.
 */
class AcceptedIdsTest {

    private static final Duration KEEP = Duration.ofMinutes(10);
    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-20T14:00:00Z"));
    private final List<AcceptedId> journal = new ArrayList<>();
    private final AcceptedIds ids = new AcceptedIds(KEEP, 1_000, clock, journal::add);

    @Test
    void anIdIsClaimedOnceThenTheSameContentIsResentAndOtherContentReplayed() {
        Claimed claimed = assertInstanceOf(Claimed.class, ids.claim("county-cw", "evt-1", "aa"));
        assertEquals(InboundRecord.messageId("county-cw", "evt-1"), claimed.messageId());
        assertEquals(new Replayed(), ids.claim("county-cw", "evt-1", "aa"), "pending: the first may still fail");
        claimed.record().run();
        assertEquals(List.of(new AcceptedId("county-cw", "evt-1", claimed.messageId(), "aa", clock.instant())), journal);
        assertEquals(new Resent(claimed.messageId()), ids.claim("county-cw", "evt-1", "aa"));
        assertEquals(new Replayed(), ids.claim("county-cw", "evt-1", "bb"));
        assertInstanceOf(Claimed.class, ids.claim("riverside-clinic", "evt-1", "aa"), "ids are per sender");
    }

    @Test
    void aReleasedIdMayBeClaimedAgainAndRecordsNothing() {
        Claimed first = assertInstanceOf(Claimed.class, ids.claim("a", "1", "aa"));
        first.release().run();
        assertEquals(0, ids.size("a"));
        assertInstanceOf(Claimed.class, ids.claim("a", "1", "bb"), "not accepted the first time, so not a replay");
        assertEquals(List.of(), journal);
    }

    @Test
    void anIdIsRememberedForItsTimeAfterAcceptanceThenForgotten() {
        assertInstanceOf(Claimed.class, ids.claim("a", "1", "aa")).record().run();
        clock.step(KEEP.minusMillis(1));
        assertInstanceOf(Resent.class, ids.claim("a", "1", "aa"));
        clock.step(Duration.ofMillis(1));
        assertEquals(0, ids.size());
        assertInstanceOf(Claimed.class, ids.claim("a", "1", "aa"));
    }

    @Test
    void memoryHoldsOnlyTheIdsOfTheLastKeepTime() {
        for (int minute = 0; minute < 60; minute++) {
            for (int i = 0; i < 10; i++) {
                assertInstanceOf(Claimed.class, ids.claim("a", minute + "-" + i, "aa")).record().run();
            }
            clock.step(Duration.ofMinutes(1));
        }
        assertEquals(90, ids.size(), "ten a minute of minutes 51 to 59: those of minute 50 are ten minutes old now");
    }

    @Test
    void aSenderAtItsShareIsRefusedWithRetryAfterAndNoOtherSenderIs() {
        AcceptedIds small = new AcceptedIds(KEEP, 3, clock, journal::add);
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(Claimed.class, small.claim("flooder", "id-" + i, "aa")).record().run();
            clock.step(Duration.ofMinutes(1));
        }
        assertEquals(new Full(Duration.ofMinutes(7).toSeconds()), small.claim("flooder", "id-3", "aa"),
                "until the oldest id is forgotten");
        assertInstanceOf(Resent.class, small.claim("flooder", "id-0", "aa"), "what it holds still answers");
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(Claimed.class, small.claim("other", "id-" + i, "aa"), "another sender has its own share");
        }
        clock.step(Duration.ofMinutes(7));
        assertInstanceOf(Claimed.class, small.claim("flooder", "id-3", "aa"));
    }

    @Test
    void anIdAnotherInstanceRecordedIsKnownAndExpiresFromItsAcceptance() {
        String messageId = InboundRecord.messageId("a", "1");
        ids.remember(new AcceptedId("a", "1", messageId, "aa", clock.instant().minus(Duration.ofMinutes(4))));
        assertEquals(new Resent(messageId), ids.claim("a", "1", "aa"));
        assertEquals(new Replayed(), ids.claim("a", "1", "bb"));
        ids.remember(new AcceptedId("a", "2", InboundRecord.messageId("a", "2"), "aa",
                clock.instant().minus(KEEP)));
        assertEquals(1, ids.size(), "an id already due to be forgotten is not remembered");
        clock.step(Duration.ofMinutes(6));
        assertEquals(0, ids.size());
    }

    @Test
    void aClaimOvertakenByAnotherInstancesRecordLeavesThatRecord() {
        Claimed mine = assertInstanceOf(Claimed.class, ids.claim("a", "1", "aa"));
        ids.remember(new AcceptedId("a", "1", mine.messageId(), "bb", clock.instant()));
        mine.release().run();
        assertEquals(new Resent(mine.messageId()), ids.claim("a", "1", "bb"), "the other instance's record stays");
    }

    @Test
    void aJournalThatFailsLeavesTheIdTakenHere() {
        AcceptedIds failing = new AcceptedIds(KEEP, 10, clock, id -> {
            throw new IllegalStateException("broker down");
        });
        Claimed claimed = assertInstanceOf(Claimed.class, failing.claim("a", "1", "aa"));
        claimed.record().run();
        assertEquals(new Resent(claimed.messageId()), failing.claim("a", "1", "aa"), "the message is stored");
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new AcceptedIds(Duration.ZERO, 10, clock, AcceptedIds.IN_MEMORY));
        assertThrows(IllegalArgumentException.class, () -> new AcceptedIds(KEEP, 0, clock, AcceptedIds.IN_MEMORY));
    }
}
