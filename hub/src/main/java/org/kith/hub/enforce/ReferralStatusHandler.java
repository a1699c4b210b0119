package org.kith.hub.enforce;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.kith.consent.engine.FamilyRecord;
import org.kith.hub.referral.Referral;
import org.kith.hub.rules.ConfigSnapshot;
import org.kith.schemas.Envelope;

/**
 * A status of a referral: the move must be one the lifecycle allows (else it is refused); it then
 * goes, through the consent engine like any message ({@link Release}), to its addressees, the
 * other side of each referral and the family's responsible agency. A counterpart that may not see
 * it is told only that the referral was updated; the moved referrals are kept with whom the step
 * was disclosed to.
 */
final class ReferralStatusHandler {

    private final ReferralTracker referrals;
    private final FamilyReader families;
    private final Supplier<ConfigSnapshot> config;
    private final Release release;
    private final DeadLetters deadLetters;
    private final Clock clock;

    ReferralStatusHandler(ReferralTracker referrals, FamilyReader families, Supplier<ConfigSnapshot> config,
                          Release release, DeadLetters deadLetters, Clock clock) {
        this.referrals = referrals;
        this.families = families;
        this.config = config;
        this.release = release;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    Effects handle(Arrival.ReferralStatus status) {
        Envelope envelope = status.envelope();
        Instant now = clock.instant();
        ReferralTracker.Moved moved;
        try {
            moved = referrals.apply(envelope, now);
        } catch (ReferralTracker.Refused e) {
            return deadLetters.refused(status.inbound(), envelope, e.getMessage());
        }
        FamilyRecord family = families.record(envelope.familyid());
        Set<String> counterparts = counterparts(moved, family.profile().responsibleAgency());
        Release.Result released = release.release(status, family, config.get(), counterparts);
        Set<String> copied = released.copiedTo();
        Effects out = released.effects().add(new Effect.ReferralReleased(envelope, moved, copied));
        for (Referral referral : moved.referrals()) {
            String other = otherSide(moved, referral);
            if (counterparts.contains(other) && !copied.contains(other)) {
                out.status(status.inbound().key(), other, StatusNotice.referral(envelope.id(), moved.sender(),
                        StatusNotice.REFERRAL_UPDATED, null, referral.referralId(), now));
            }
        }
        return out;
    }

    /** Who besides the addressees hears of a status: the other side of each referral, and the family's responsible agency. */
    static Set<String> counterparts(ReferralTracker.Moved moved, Optional<String> responsibleAgency) {
        Set<String> parties = new LinkedHashSet<>();
        for (Referral referral : moved.referrals()) {
            parties.add(otherSide(moved, referral));
        }
        responsibleAgency.filter(agency -> !agency.equals(moved.sender())).ifPresent(parties::add);
        return parties;
    }

    private static String otherSide(ReferralTracker.Moved moved, Referral referral) {
        return moved.sender().equals(referral.recipient()) ? referral.referrer() : referral.recipient();
    }
}
