package org.kith.hub.referral;

import java.util.Locale;
import java.util.Set;

/** A referral move the lifecycle does not allow; its message names the states and the party, nothing else. */
public final class IllegalReferralTransition extends RuntimeException {

    public IllegalReferralTransition(ReferralState from, ReferralState to, ReferralLifecycle.Party by,
                                     Set<ReferralState> allowed) {
        super("the " + by.name().toLowerCase(Locale.ROOT) + " cannot move a referral from " + from.code() + " to "
                + to.code() + "; allowed: " + allowed.stream().map(ReferralState::code).sorted().toList());
    }
}
