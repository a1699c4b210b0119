package org.kith.hub.enforce;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.kith.hub.evaluation.Cohort;
import org.kith.hub.referral.Referral;
import org.kith.hub.referral.ReferralSla;
import org.kith.hub.referral.ReferralState;
import org.kith.hub.rules.ConfigSnapshot;
import org.kith.hub.rules.RoutingRule;
import org.kith.schemas.Envelope;

/**
 * The closed loop of referrals inside the enforcement core: a lifecycle per referral and recipient
 * (the {@code referrals} store), SLA deadlines (the {@code referral-deadlines} store, keyed by due
 * time, so a restart loses none and a punctuation reads only what is due), and the evaluation
 * measures each step changes ({@link MeasureRecorder}). It decides and updates state;
 * the {@link EnforcementProcessor} releases messages and forwards what this returns, all in one
 * transaction.
 */
final class ReferralTracker {

    /** A referral message or status the lifecycle refuses; the message says why, with ids only. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** A status update applied to the referrals it moves, before it is released. */
    record Moved(List<Referral> referrals, String sender) {
    }

    /** A notice for a partner's status topic. */
    record Notice(String familyId, String partner, StatusNotice notice) {
    }

    private final KeyValueStore<String, Referral> referrals;
    private final KeyValueStore<String, String> deadlines;
    private final MeasureRecorder measures;
    private final ReferralSla defaultSla;

    ReferralTracker(KeyValueStore<String, Referral> referrals, KeyValueStore<String, String> deadlines,
                    MeasureRecorder measures, ReferralSla defaultSla) {
        this.referrals = referrals;
        this.deadlines = deadlines;
        this.measures = measures;
        this.defaultSla = defaultSla;
    }

    // ---------------------------------------------------------------- referrals

    /** Refuses a re-sent referral unless every earlier copy of the one it re-sends was declined or cancelled. */
    void checkResend(Envelope referral) {
        JsonNode previous = referral.data().get("previousReferralId");
        if (previous == null) {
            return;
        }
        List<Referral> earlier = find(referral.familyid(), previous.asText(), r -> r.referrer().equals(referral.source()));
        if (earlier.isEmpty()) {
            throw new Refused("previousReferralId names no referral this sender made for this family");
        }
        if (!earlier.stream().allMatch(Referral::mayBeResent)) {
            throw new Refused("a referral can be re-sent only after it was declined or cancelled");
        }
    }

    /**
     * The hub forwarded a referral to {@code recipient}: its lifecycle starts (once per referral and
     * recipient; a referral sent again with the same id is an update of the same one) with the SLA
     * of the first agreement it went under that sets one, else the default. It counts in the
     * evaluation {@code cohort} given (a {@link Cohort} key), its area narrowed to the codes those
     * agreements list for the measures ({@link Cohort#areaWithin}).
     */
    void forwarded(Envelope referral, String recipient, List<String> agreementIds, ConfigSnapshot config, String cohort,
                   Instant now) {
        String referralId = referral.data().path("referralId").asText();
        String key = Referral.key(referral.familyid(), referral.source(), referralId, recipient);
        if (referrals.get(key) != null) {
            return;
        }
        ReferralSla sla = agreementIds.stream().map(config.referralSlas()::get).filter(s -> s != null)
                .findFirst().orElse(defaultSla);
        String previous = referral.data().path("previousReferralId").asText(null);
        String counted = Cohort.parse(cohort).areaWithin(config.measureAreas(agreementIds)).key();
        Referral started = Referral.requested(referral.familyid(), referralId, referral.source(), recipient,
                referral.data().path("serviceType").asText(), area(referral.data()), previous, referral.id(), now, sla,
                counted);
        referrals.put(key, started);
        deadlines.put(deadlineKey(started.receiptDue(), key), key);
        List<Referral> earlier = previous == null ? List.of()
                : find(referral.familyid(), previous, r -> r.referrer().equals(referral.source()));
        for (Referral resent : earlier) {
            if (!resent.nextReferralIds().contains(referralId)) {
                referrals.put(resent.key(), resent.resentAs(referralId));
            }
        }
        measures.forwarded(started, earlier.stream().findFirst());
    }

    // ---------------------------------------------------------------- status updates

    /**
     * Applies a {@code referral-status} to the referrals it is about: from their recipient, its one
     * referral; from their referrer, every recipient's copy (or those the status addresses). Refused
     * if there is none or the lifecycle does not allow the move. Nothing is stored until
     * {@link #released}: a status that fails on its way out leaves the referrals as they were.
     */
    Moved apply(Envelope status, Instant now) {
        String referralId = status.data().path("referralId").asText();
        String sender = status.source();
        List<Referral> about = find(status.familyid(), referralId, r -> r.partyOf(sender) != null);
        List<Referral> asRecipient = about.stream().filter(r -> r.recipient().equals(sender)).toList();
        List<Referral> targets = !asRecipient.isEmpty() ? asRecipient.subList(0, 1)
                : about.stream().filter(r -> status.recipients().isEmpty() || status.recipients().contains(r.recipient()))
                        .toList();
        if (targets.isEmpty()) {
            throw new Refused("no referral with this referralId was sent by or to this partner for this family");
        }
        ReferralState to = ReferralState.fromCode(status.data().path("status").asText());
        List<Referral> moved = new ArrayList<>();
        for (Referral referral : targets) {
            try {
                moved.add(referral.move(to, sender, status.id(), status.data().path("reasonCode").asText(null),
                        status.data().path("outcome").asText(null), now));
            } catch (RuntimeException e) {
                throw new Refused(e.getMessage());
            }
        }
        return new Moved(moved, sender);
    }

    /** Who besides the addressees hears of a status: the other side of each referral, and the family's responsible agency. */
    static Set<String> counterparts(Moved moved, Optional<String> responsibleAgency) {
        Set<String> parties = new LinkedHashSet<>();
        for (Referral referral : moved.referrals()) {
            parties.add(moved.sender().equals(referral.recipient()) ? referral.referrer() : referral.recipient());
        }
        responsibleAgency.filter(agency -> !agency.equals(moved.sender())).ifPresent(parties::add);
        return parties;
    }

    /**
     * After release: records whom the hub let see the step; tells a counterpart that got no copy
     * only that the referral was updated (a neutral status: what the provider said is shared only
     * with consent); counts the move in the evaluation measures.
     *
     * @param copied the partners that received a copy of the status
     * @return the neutral notices to send
     */
    List<Notice> released(Envelope status, Moved moved, Set<String> copied, Set<String> counterparts, Instant now) {
        List<Notice> notices = new ArrayList<>();
        for (Referral referral : moved.referrals()) {
            Set<String> saw = new LinkedHashSet<>(copied);
            saw.remove(moved.sender());
            Referral shown = referral.lastStepDisclosedTo(saw);
            referrals.put(referral.key(), shown);
            String other = moved.sender().equals(referral.recipient()) ? referral.referrer() : referral.recipient();
            if (counterparts.contains(other) && !copied.contains(other)) {
                notices.add(new Notice(status.familyid(), other, StatusNotice.referral(status.id(), moved.sender(),
                        StatusNotice.REFERRAL_UPDATED, null, referral.referralId(), now)));
            }
            measures.moved(shown, status.data());
        }
        return notices;
    }

    // ---------------------------------------------------------------- SLA

    /**
     * Raises every SLA alert due at {@code now}: to the referrer, once per referral and kind. Each
     * referral has one deadline on file at a time, its next one: the receipt deadline, then the
     * answer deadline if it is still to come and the referral is unanswered. A deadline of a
     * referral that was answered in time just goes.
     */
    List<Notice> due(Instant now) {
        List<Notice> alerts = new ArrayList<>();
        Map<String, String> due = new LinkedHashMap<>();
        try (KeyValueIterator<String, String> range = deadlines.range("0", deadlineKey(now, "~"))) {
            range.forEachRemaining(entry -> due.put(entry.key, entry.value));
        }
        for (Map.Entry<String, String> entry : due.entrySet()) {
            deadlines.delete(entry.getKey());
            Referral referral = referrals.get(entry.getValue());
            if (referral == null) {
                continue;
            }
            Optional<String> alert = referral.alertDue(now);
            while (alert.isPresent()) {
                referral = referral.alerted(alert.get());
                alerts.add(new Notice(referral.familyId(), referral.referrer(), StatusNotice.referral(referral.history().get(0).messageId(),
                        referral.recipient(), StatusNotice.OVERDUE, alert.get(), referral.referralId(), now)));
                alert = referral.alertDue(now);
            }
            if (!referral.isAnswered() && referral.answerDue().isAfter(now)) {
                deadlines.put(deadlineKey(referral.answerDue(), referral.key()), referral.key());
            }
            referrals.put(referral.key(), referral);
        }
        return alerts;
    }

    /** The referrals of a family with this referral id that {@code which} accepts. */
    private List<Referral> find(String familyId, String referralId, java.util.function.Predicate<Referral> which) {
        List<Referral> found = new ArrayList<>();
        try (KeyValueIterator<String, Referral> range = referrals.prefixScan(familyId + "|",
                new org.apache.kafka.common.serialization.StringSerializer())) {
            range.forEachRemaining(entry -> {
                if (entry.value.referralId().equals(referralId) && which.test(entry.value)) {
                    found.add(entry.value);
                }
            });
        }
        return found;
    }

    static String deadlineKey(Instant due, String referralKey) {
        return String.format("%013d", due.toEpochMilli()) + "|" + referralKey;
    }

    private static String area(JsonNode referral) {
        JsonNode area = referral.at(RoutingRule.AREA_POINTER);
        return area.isTextual() ? area.asText() : null;
    }
}
