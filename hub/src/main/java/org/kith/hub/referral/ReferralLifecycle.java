package org.kith.hub.referral;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The referral state machine as a transition table: from each state, the states each party may
 * move the referral to. The recipient answers (received, accepted, declined, waitlisted), starts,
 * completes and closes; either party may cancel before the service starts and close an ended
 * referral. The recipient may answer straight from {@code requested}: its receipt is then implied.
 * Anything else is refused with {@link IllegalReferralTransition}.
 */
public final class ReferralLifecycle {

    /** Who moves the referral: the partner that sent it, or the one it was sent to. */
    public enum Party { REFERRER, RECIPIENT }

    private static final Set<Party> RECIPIENT = EnumSet.of(Party.RECIPIENT);
    private static final Set<Party> EITHER = EnumSet.allOf(Party.class);
    private static final Map<ReferralState, Map<ReferralState, Set<Party>>> TABLE = new EnumMap<>(ReferralState.class);

    static {
        allow(ReferralState.REQUESTED, Map.of(ReferralState.RECEIVED, RECIPIENT, ReferralState.ACCEPTED, RECIPIENT,
                ReferralState.DECLINED, RECIPIENT, ReferralState.WAITLISTED, RECIPIENT, ReferralState.CANCELLED, EITHER));
        allow(ReferralState.RECEIVED, Map.of(ReferralState.ACCEPTED, RECIPIENT, ReferralState.DECLINED, RECIPIENT,
                ReferralState.WAITLISTED, RECIPIENT, ReferralState.CANCELLED, EITHER));
        allow(ReferralState.WAITLISTED, Map.of(ReferralState.ACCEPTED, RECIPIENT, ReferralState.DECLINED, RECIPIENT,
                ReferralState.CANCELLED, EITHER));
        allow(ReferralState.ACCEPTED, Map.of(ReferralState.IN_PROGRESS, RECIPIENT, ReferralState.CANCELLED, EITHER,
                ReferralState.CLOSED, RECIPIENT));
        allow(ReferralState.IN_PROGRESS, Map.of(ReferralState.COMPLETED, RECIPIENT, ReferralState.CLOSED, RECIPIENT));
        allow(ReferralState.COMPLETED, Map.of(ReferralState.CLOSED, EITHER));
        allow(ReferralState.DECLINED, Map.of(ReferralState.CLOSED, EITHER));
        allow(ReferralState.CANCELLED, Map.of(ReferralState.CLOSED, EITHER));
        allow(ReferralState.CLOSED, Map.of());
    }

    private ReferralLifecycle() {
    }

    private static void allow(ReferralState from, Map<ReferralState, Set<Party>> moves) {
        Map<ReferralState, Set<Party>> table = new EnumMap<>(ReferralState.class);
        table.putAll(moves);
        TABLE.put(from, table);
    }

    /** Whether {@code by} may move a referral from {@code from} to {@code to}. */
    public static boolean allows(ReferralState from, ReferralState to, Party by) {
        return TABLE.get(from).getOrDefault(to, Set.of()).contains(by);
    }

    /** The states {@code by} may move a referral to from {@code from}. */
    public static Set<ReferralState> next(ReferralState from, Party by) {
        Set<ReferralState> next = EnumSet.noneOf(ReferralState.class);
        TABLE.get(from).forEach((to, parties) -> {
            if (parties.contains(by)) {
                next.add(to);
            }
        });
        return next;
    }

    /** Refuses a move the table does not allow, saying which moves it does. */
    public static void check(ReferralState from, ReferralState to, Party by) {
        if (!allows(from, to, by)) {
            throw new IllegalReferralTransition(from, to, by, next(from, by));
        }
    }
}
