package org.kith.hub.referral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kith.hub.referral.ReferralLifecycle.Party;

class ReferralLifecycleTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final ReferralSla SLA = new ReferralSla(Duration.ofHours(48), Duration.ofDays(5));

    @Test
    void theRecipientAnswersAndOnlyEitherSideCancelsBeforeTheServiceStarts() {
        assertEquals(EnumSet.of(ReferralState.RECEIVED, ReferralState.ACCEPTED, ReferralState.DECLINED,
                ReferralState.WAITLISTED, ReferralState.CANCELLED), ReferralLifecycle.next(ReferralState.REQUESTED, Party.RECIPIENT));
        assertEquals(Set.of(ReferralState.CANCELLED), ReferralLifecycle.next(ReferralState.REQUESTED, Party.REFERRER));
        assertEquals(Set.of(ReferralState.COMPLETED, ReferralState.CLOSED),
                ReferralLifecycle.next(ReferralState.IN_PROGRESS, Party.RECIPIENT));
        assertEquals(Set.of(), ReferralLifecycle.next(ReferralState.IN_PROGRESS, Party.REFERRER),
                "once the service started, the referrer cannot cancel it");
        for (Party party : Party.values()) {
            assertEquals(Set.of(), ReferralLifecycle.next(ReferralState.CLOSED, party), "closed is final");
        }
    }

    @Test
    void anIllegalMoveNamesTheMoveThePartyAndWhatIsAllowed() {
        var e = assertThrows(IllegalReferralTransition.class,
                () -> ReferralLifecycle.check(ReferralState.REQUESTED, ReferralState.ACCEPTED, Party.REFERRER));
        assertEquals("the referrer cannot move a referral from requested to accepted; allowed: [cancelled]", e.getMessage());
    }

    @Test
    void everyStateCanReachClosedAndNothingLeavesIt() {
        for (ReferralState from : ReferralState.values()) {
            Set<ReferralState> seen = EnumSet.of(from);
            java.util.ArrayDeque<ReferralState> todo = new java.util.ArrayDeque<>(seen);
            while (!todo.isEmpty()) {
                ReferralState s = todo.pop();
                for (Party p : Party.values()) {
                    for (ReferralState n : ReferralLifecycle.next(s, p)) {
                        if (seen.add(n)) {
                            todo.push(n);
                        }
                    }
                }
            }
            assertTrue(seen.contains(ReferralState.CLOSED), from + " cannot reach closed");
        }
    }

    @Test
    void receiptAndAnswerFollowTheHistory() {
        Referral r = Referral.requested("F-1", "R-1", "county-cw", "clinic", "mental-health", null, null, "m-1", T0, SLA, null);
        assertFalse(r.isReceived());
        assertEquals(java.util.Optional.of(Referral.NOT_RECEIVED), r.alertDue(T0.plus(Duration.ofHours(48))));
        assertEquals(java.util.Optional.empty(), r.alertDue(T0.plus(Duration.ofHours(47))));

        Referral waitlisted = r.move(ReferralState.WAITLISTED, "clinic", "m-2", null, null, T0.plusSeconds(60));
        assertTrue(waitlisted.isReceived(), "an answer straight from requested implies receipt");
        assertTrue(waitlisted.isAnswered());
        assertEquals(java.util.Optional.empty(), waitlisted.alertDue(T0.plus(Duration.ofDays(30))));
        assertFalse(waitlisted.mayBeResent());
        assertTrue(waitlisted.move(ReferralState.DECLINED, "clinic", "m-3", "no-capacity", null, T0.plusSeconds(120))
                .move(ReferralState.CLOSED, "county-cw", "m-4", null, null, T0.plusSeconds(180)).mayBeResent());
        assertThrows(IllegalArgumentException.class,
                () -> r.move(ReferralState.ACCEPTED, "someone-else", "m-5", null, null, T0));
    }

    @Test
    void anSlaMustGiveTimeToReceiveBeforeTimeToAnswer() {
        assertThrows(IllegalArgumentException.class, () -> new ReferralSla(Duration.ofDays(2), Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class, () -> new ReferralSla(Duration.ZERO, Duration.ofDays(1)));
    }
}
