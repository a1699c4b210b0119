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
 * measures each step changes ({@link MeasureRecorder}). The handlers ask it (is this resend
 * allowed, what does this status move, which SLA applies, what is due) and it reads its stores
 * only; what is to change comes back as an {@link Effect} that the {@link EffectWriter} applies
 * through {@link #forwarded}, {@link #released} and {@link #settle}, in the same transaction as
 * the messages and notices of the same step.
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

    /**
     * An SLA deadline that passed at {@code at}: the referral as its alerts leave it (null if it is
     * no longer on file) and the alerts to its referrer.
     */
    record Passed(String deadline, Referral referral, List<Notice> alerts, Instant at) {
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

    /** The SLA of a referral copy: that of the first agreement it went under that sets one, else the default. */
    ReferralSla slaFor(List<String> agreementIds, ConfigSnapshot config) {
        return agreementIds.stream().map(config.referralSlas()::get).filter(s -> s != null).findFirst().orElse(defaultSla);
    }

    /**
     * The hub forwarded a referral to {@code recipient}: its lifecycle starts (once per referral and
     * recipient; a referral sent again with the same id is an update of the same one) under
     * {@code sla}. It counts in the evaluation {@code cohort} given (a
     * {@link org.kith.hub.evaluation.Cohort} key).
     */
    void forwarded(Envelope referral, String recipient, ReferralSla sla, String cohort, Instant now) {
        String referralId = referral.data().path("referralId").asText();
        String key = Referral.key(referral.familyid(), referral.source(), referralId, recipient);
        if (referrals.get(key) != null) {
            return;
        }
        String previous = referral.data().path("previousReferralId").asText(null);
        Referral started = Referral.requested(referral.familyid(), referralId, referral.source(), recipient,
                referral.data().path("serviceType").asText(), area(referral.data()), previous, referral.id(), now, sla, cohort);
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
     * if there is none or the lifecycle does not allow the move. Nothing is stored here: the
     * writer applies {@link #released} with the status's copies and notices, so a status that fails
     * on its way out leaves the referrals as they were.
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

    /**
     * After release: keeps the moved referrals, each recording whom the hub let see the step
     * ({@code copied}, the sender aside), and counts each move in the evaluation measures.
     */
    void released(Envelope status, Moved moved, Set<String> copied) {
        Set<String> saw = new LinkedHashSet<>(copied);
        saw.remove(moved.sender());
        for (Referral referral : moved.referrals()) {
            Referral shown = referral.lastStepDisclosedTo(saw);
            referrals.put(referral.key(), shown);
            measures.moved(shown, status.data());
        }
    }

    // ---------------------------------------------------------------- SLA

    /**
     * Every SLA deadline passed at {@code now}, with the alerts it raises: to the referrer, once per
     * referral and kind. Each referral has one deadline on file at a time, its next one (see
     * {@link #settle}), so no referral is alerted twice in one call. Reads only.
     */
    List<Passed> due(Instant now) {
        Map<String, String> due = new LinkedHashMap<>();
        try (KeyValueIterator<String, String> range = deadlines.range("0", deadlineKey(now, "~"))) {
            range.forEachRemaining(entry -> due.put(entry.key, entry.value));
        }
        List<Passed> passed = new ArrayList<>();
        for (Map.Entry<String, String> entry : due.entrySet()) {
            Referral referral = referrals.get(entry.getValue());
            List<Notice> alerts = new ArrayList<>();
            Optional<String> alert = referral == null ? Optional.empty() : referral.alertDue(now);
            while (alert.isPresent()) {
                referral = referral.alerted(alert.get());
                alerts.add(new Notice(referral.familyId(), referral.referrer(), StatusNotice.referral(referral.history().get(0).messageId(),
                        referral.recipient(), StatusNotice.OVERDUE, alert.get(), referral.referralId(), now)));
                alert = referral.alertDue(now);
            }
            passed.add(new Passed(entry.getKey(), referral, alerts, now));
        }
        return passed;
    }

    /**
     * A passed deadline goes; its referral is kept as its alerts left it, with its next deadline:
     * the answer deadline if it is still to come and the referral is unanswered. A deadline of a
     * referral that was answered in time just goes.
     */
    void settle(Passed passed) {
        deadlines.delete(passed.deadline());
        Referral referral = passed.referral();
        if (referral == null) {
            return;
        }
        if (!referral.isAnswered() && referral.answerDue().isAfter(passed.at())) {
            deadlines.put(deadlineKey(referral.answerDue(), referral.key()), referral.key());
        }
        referrals.put(referral.key(), referral);
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
