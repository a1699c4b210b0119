package org.kith.hub.referral;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One referral from one referrer to one recipient, as the hub follows it: its state, every step
 * with who made it and to whom the hub disclosed it, the referral it re-sends and those that
 * re-sent it, and its SLA deadlines. Immutable; each change returns the next value, which the
 * enforcement core keeps in its per-family referral store.
 *
 * @param area the family's service area as the referral gave it, for service-gap counts; may be null
 * @param alerts the SLA alerts already raised ({@code not-received}, {@code not-answered})
 * @param cohort the key of the evaluation cohort it counts in (codes and bands only); may be null
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Referral(String familyId, String referralId, String referrer, String recipient, String serviceType,
                       String area, ReferralState state, List<Step> history, String previousReferralId,
                       List<String> nextReferralIds, Instant receiptDue, Instant answerDue, Set<String> alerts,
                       String cohort) {

    public static final String NOT_RECEIVED = "not-received";
    public static final String NOT_ANSWERED = "not-answered";

    /**
     * One move of the referral.
     *
     * @param by          the partner that made it (the hub for {@code requested}: the referrer's message)
     * @param disclosedTo the partners, besides the one that made it, whom the hub let see it
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Step(ReferralState state, Instant at, String by, String messageId, String reasonCode, String outcome,
                       Set<String> disclosedTo) {
        public Step {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(at, "at");
            disclosedTo = disclosedTo == null ? Set.of() : Set.copyOf(disclosedTo);
        }

        public boolean visibleTo(String party) {
            return party.equals(by) || disclosedTo.contains(party);
        }
    }

    public Referral {
        Objects.requireNonNull(familyId, "familyId");
        Objects.requireNonNull(referralId, "referralId");
        Objects.requireNonNull(referrer, "referrer");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(state, "state");
        history = history == null ? List.of() : List.copyOf(history);
        nextReferralIds = nextReferralIds == null ? List.of() : List.copyOf(nextReferralIds);
        alerts = alerts == null ? Set.of() : Set.copyOf(alerts);
    }

    /** A referral the hub has just forwarded to its recipient. */
    public static Referral requested(String familyId, String referralId, String referrer, String recipient,
                                     String serviceType, String area, String previousReferralId, String messageId,
                                     Instant at, ReferralSla sla, String cohort) {
        Step first = new Step(ReferralState.REQUESTED, at, referrer, messageId, null, null, Set.of(recipient));
        return new Referral(familyId, referralId, referrer, recipient, serviceType, area, ReferralState.REQUESTED,
                List.of(first), previousReferralId, List.of(), at.plus(sla.receipt()), at.plus(sla.answer()), Set.of(), cohort);
    }

    /** The store key: one family's referrals are one prefix, each referral once per recipient. */
    public static String key(String familyId, String referrer, String referralId, String recipient) {
        return familyId + "|" + referrer + "|" + referralId + "|" + recipient;
    }

    @JsonIgnore
    public String key() {
        return key(familyId, referrer, referralId, recipient);
    }

    /** Which side of this referral {@code partner} is on, or null if neither. */
    public ReferralLifecycle.Party partyOf(String partner) {
        if (partner.equals(recipient)) {
            return ReferralLifecycle.Party.RECIPIENT;
        }
        return partner.equals(referrer) ? ReferralLifecycle.Party.REFERRER : null;
    }

    /** The referral after {@code by} moved it to {@code to}; refused if the lifecycle does not allow it. */
    public Referral move(ReferralState to, String by, String messageId, String reasonCode, String outcome, Instant at) {
        ReferralLifecycle.Party party = partyOf(by);
        if (party == null) {
            throw new IllegalArgumentException("only the referrer or the recipient moves a referral");
        }
        ReferralLifecycle.check(state, to, party);
        List<Step> steps = new ArrayList<>(history);
        steps.add(new Step(to, at, by, messageId, reasonCode, outcome, Set.of()));
        return new Referral(familyId, referralId, referrer, recipient, serviceType, area, to, steps,
                previousReferralId, nextReferralIds, receiptDue, answerDue, alerts, cohort);
    }

    /** The referral with its last step disclosed to {@code parties} as well. */
    public Referral lastStepDisclosedTo(Set<String> parties) {
        List<Step> steps = new ArrayList<>(history);
        Step last = steps.remove(steps.size() - 1);
        Set<String> to = new LinkedHashSet<>(last.disclosedTo());
        to.addAll(parties);
        steps.add(new Step(last.state(), last.at(), last.by(), last.messageId(), last.reasonCode(), last.outcome(), to));
        return new Referral(familyId, referralId, referrer, recipient, serviceType, area, state, steps,
                previousReferralId, nextReferralIds, receiptDue, answerDue, alerts, cohort);
    }

    public Referral resentAs(String nextReferralId) {
        List<String> next = new ArrayList<>(nextReferralIds);
        next.add(nextReferralId);
        return new Referral(familyId, referralId, referrer, recipient, serviceType, area, state, history,
                previousReferralId, next, receiptDue, answerDue, alerts, cohort);
    }

    public Referral alerted(String alert) {
        Set<String> raised = new LinkedHashSet<>(alerts);
        raised.add(alert);
        return new Referral(familyId, referralId, referrer, recipient, serviceType, area, state, history,
                previousReferralId, nextReferralIds, receiptDue, answerDue, raised, cohort);
    }

    /** The recipient has said anything about it, or the referral was cancelled first. */
    @JsonIgnore
    public boolean isReceived() {
        return state == ReferralState.CANCELLED || history.stream().anyMatch(s -> s.by().equals(recipient));
    }

    /** The recipient has accepted, declined or waitlisted it, or the referral was cancelled first. */
    @JsonIgnore
    public boolean isAnswered() {
        return history.stream().anyMatch(s -> s.state().isAnswer() || s.state() == ReferralState.CANCELLED);
    }

    /** Declined or cancelled at some point: the referrer may re-send it elsewhere. */
    @JsonIgnore
    public boolean mayBeResent() {
        return history.stream().anyMatch(s -> s.state() == ReferralState.DECLINED || s.state() == ReferralState.CANCELLED);
    }

    /** The SLA alert due at {@code now} that has not been raised yet, if any. */
    public java.util.Optional<String> alertDue(Instant now) {
        if (!isReceived() && !now.isBefore(receiptDue) && !alerts.contains(NOT_RECEIVED)) {
            return java.util.Optional.of(NOT_RECEIVED);
        }
        if (!isAnswered() && !now.isBefore(answerDue) && !alerts.contains(NOT_ANSWERED)) {
            return java.util.Optional.of(NOT_ANSWERED);
        }
        return java.util.Optional.empty();
    }

    /** Whether {@code party} may look this referral up: a side of it, or shown a step of it. */
    public boolean isKnownTo(String party) {
        return partyOf(party) != null || history.stream().anyMatch(s -> s.disclosedTo().contains(party));
    }

    /**
     * What {@code party} may see of this referral: the recipient sees all of it; anyone else sees a
     * step's state only if it made the step or the hub disclosed the step to it, otherwise
     * {@link ReferralView#UPDATED} (something happened; what, only consent can tell).
     */
    public ReferralView viewFor(String party) {
        boolean all = party.equals(recipient);
        List<ReferralView.Step> steps = history.stream()
                .map(s -> all || s.visibleTo(party)
                        ? new ReferralView.Step(s.state().code(), s.at(), s.reasonCode(), s.outcome())
                        : new ReferralView.Step(ReferralView.UPDATED, s.at(), null, null))
                .toList();
        boolean side = partyOf(party) != null;
        return new ReferralView(referralId, familyId, referrer, recipient, serviceType, steps.get(steps.size() - 1).state(),
                steps, previousReferralId, nextReferralIds, side ? receiptDue : null, side ? answerDue : null);
    }
}
