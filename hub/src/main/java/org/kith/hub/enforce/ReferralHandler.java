package org.kith.hub.enforce;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.kith.consent.engine.ConsentDecision;
import org.kith.consent.engine.DecisionRequest;
import org.kith.consent.engine.FamilyRecord;
import org.kith.consent.engine.MessageFacts;
import org.kith.hub.config.Partner;
import org.kith.hub.config.Partners;
import org.kith.hub.evaluation.Cohort;
import org.kith.hub.rules.ConfigSnapshot;
import org.kith.schemas.Category;
import org.kith.schemas.Envelope;
import org.kith.schemas.Purpose;

/**
 * A referral: a re-sent one is taken only after what it re-sends was declined or cancelled, and a
 * referral must have a recipient (named, or chosen by a routing rule), else it is refused. It is
 * released like any message ({@link Release}); each recipient's copy starts a referral lifecycle,
 * counted in the evaluation cohort its demographics may be used for.
 */
final class ReferralHandler {

    private final ReferralTracker referrals;
    private final FamilyReader families;
    private final Supplier<ConfigSnapshot> config;
    private final Release release;
    private final Partners partners;
    private final Engines engines;
    private final boolean measures;
    private final DeadLetters deadLetters;
    private final Clock clock;

    /** @param measures whether the evaluation measures are kept (if not, no demographics are asked about) */
    ReferralHandler(ReferralTracker referrals, FamilyReader families, Supplier<ConfigSnapshot> config, Release release,
                    Partners partners, Engines engines, boolean measures, DeadLetters deadLetters, Clock clock) {
        this.referrals = referrals;
        this.families = families;
        this.config = config;
        this.release = release;
        this.partners = partners;
        this.engines = engines;
        this.measures = measures;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    Effects handle(Arrival.ReferralMessage referral) {
        Envelope envelope = referral.envelope();
        try {
            referrals.checkResend(envelope);
        } catch (ReferralTracker.Refused e) {
            return deadLetters.refused(referral.inbound(), envelope, e.getMessage());
        }
        ConfigSnapshot config = this.config.get();
        if (Dispatch.recipients(envelope, referral.sender(), config).isEmpty()) {
            return deadLetters.refused(referral.inbound(), envelope,
                    "the referral names no recipient and no routing rule chose one");
        }
        Instant now = clock.instant();
        FamilyRecord family = families.record(envelope.familyid());
        Release.Result released = release.release(referral, family, config, Set.of());
        Effects out = released.effects();
        for (Release.Released copy : released.recipients()) {
            if (copy.copied()) {
                Cohort cohort = Cohort.of(envelope.data(), referral.sender().id(), copy.recipient(), now,
                        demographicsForEvaluation(envelope, referral.sender(), copy.recipient(), family, config),
                        config.measureAreas(copy.agreements()));
                out.add(new Effect.ReferralForwarded(envelope, copy.recipient(),
                        referrals.slaFor(copy.agreements(), config), cohort.key(), now));
            }
        }
        return out;
    }

    /**
     * Whether the demographics of the person a referral is for may count in the partnership's
     * disparity measures: the consent engine, asked whether that person's demographics may go from
     * the referrer to the recipient for the {@code evaluation} purpose, must say yes (a directive
     * or an authority covering evaluation, under an agreement that allows it). A referral that
     * carries none has nothing to withhold.
     */
    private boolean demographicsForEvaluation(Envelope envelope, Partner sender, String recipient, FamilyRecord family,
                                              ConfigSnapshot config) {
        JsonNode person = Cohort.subject(envelope.data());
        if (!measures || !person.has("demographics") && !person.has("birthDate")) {
            return true;
        }
        Optional<Partner> to = partners.find(recipient);
        if (to.isEmpty() || !person.hasNonNull("personId")) {
            return false;
        }
        ConsentDecision decision = engines.forConfig(config).decide(new DecisionRequest(envelope.id(),
                envelope.familyid(), envelope.type(), Purpose.EVALUATION, List.of(person.get("personId").asText()),
                new org.kith.consent.model.Partner(sender.id(), sender.kind()),
                new org.kith.consent.model.Partner(recipient, to.get().kind()),
                new MessageFacts(Set.of(Category.DEMOGRAPHICS), Set.of(), false)), family);
        return decision.disclosed().contains(Category.DEMOGRAPHICS);
    }
}
