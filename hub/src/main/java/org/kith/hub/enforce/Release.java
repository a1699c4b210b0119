package org.kith.hub.enforce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.kith.consent.engine.ConsentDecision;
import org.kith.consent.engine.FamilyRecord;
import org.kith.consent.redaction.RedactionResult;
import org.kith.hub.deadletter.Redelivery;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.referral.ProviderCapacity;
import org.kith.hub.rules.ConfigSnapshot;
import org.kith.hub.rules.RoutingRule;
import org.kith.schemas.Envelope;
import org.kith.schemas.Json;
import org.kith.schemas.MessageType;

/**
 * The release step shared by every message that goes to partners (referrals, referral statuses,
 * any other message): the {@link Dispatch} plan, then for each recipient its decision made good:
 * a signed redacted copy, or nothing; a ledger decision and an entry in the family's accounting of
 * disclosures either way (denials included); a status notice to the sender saying what was
 * withheld and why, never the data. It returns the effects and what became of each recipient, so
 * a referral can start its lifecycles and a status tell the counterparts that got no copy. An
 * operator's redelivery of a copy a partner refused is released the same way, decided again
 * ({@link #redeliver}).
 */
final class Release {

    /** What became of one recipient's copy; {@code agreements} are those the decision rested on. */
    record Released(String recipient, boolean copied, List<String> agreements) {
    }

    /** Each recipient's outcome, in plan order, and what is to be written for them all. */
    record Result(List<Released> recipients, Effects effects) {

        /** The recipients that were sent a copy. */
        Set<String> copiedTo() {
            Set<String> copied = new LinkedHashSet<>();
            recipients.stream().filter(Released::copied).forEach(r -> copied.add(r.recipient()));
            return copied;
        }
    }

    private final Dispatch dispatch;
    private final Engines engines;
    private final SignedCopy copies;
    private final Clock clock;
    /** The redelivery this release decides, or null for a message's first release. */
    private final Redelivery redelivery;

    Release(Dispatch dispatch, Engines engines, SignedCopy copies, Clock clock) {
        this(dispatch, engines, copies, clock, null);
    }

    private Release(Dispatch dispatch, Engines engines, SignedCopy copies, Clock clock, Redelivery redelivery) {
        this.dispatch = dispatch;
        this.engines = engines;
        this.copies = copies;
        this.clock = clock;
        this.redelivery = redelivery;
    }

    /** Decides and releases {@code message} to its addressees, those the routing rules add and {@code alsoTo}. */
    Result release(Arrival.Message message, FamilyRecord family, ConfigSnapshot config, Set<String> alsoTo) {
        Envelope envelope = message.envelope();
        Dispatch.Plan plan = dispatch.plan(envelope, message.sender(), family, config, engines.forConfig(config), alsoTo);
        return released(message.inbound(), envelope, config, plan);
    }

    /**
     * Decides again, for its one recipient and under the decision id the operator was given, a copy
     * a partner refused for good: the released copy is the input, so the decision can only send the
     * same or less; a copy sent keeps the message id (and so the {@code Idempotency-Key}). The
     * ledger decision and the accounting entry say which dead letter it redelivers. With its sender
     * no longer registered, nothing can be decided for it: it is withheld.
     */
    Result redeliver(Arrival.Redelivery arrival, FamilyRecord family, ConfigSnapshot config) {
        Release again = new Release(dispatch, engines, copies, clock, arrival.request());
        Envelope copy = arrival.copy();
        String recipient = arrival.request().partner();
        if (arrival.sender().isEmpty()) {
            Effects out = Effects.none();
            again.withhold(out, arrival.inbound(), copy, recipient, arrival.request().decisionId(),
                    List.of(new Withholding("message", "unknown-sender")), Dispatch.subjects(copy, family), List.of(),
                    List.of(), null, clock.instant());
            return new Result(List.of(new Released(recipient, false, List.of())), out);
        }
        Dispatch.Plan plan = dispatch.planFor(copy, arrival.sender().get(), family, engines.forConfig(config), recipient);
        return again.released(arrival.inbound(), copy, config, plan);
    }

    private Result released(Inbound in, Envelope envelope, ConfigSnapshot config, Dispatch.Plan plan) {
        List<String> subjects = plan.subjects();
        Instant now = clock.instant();
        Effects out = Effects.none();
        List<Released> outcomes = new ArrayList<>();
        for (Dispatch.Verdict verdict : plan.verdicts()) {
            String recipient = verdict.recipient();
            String decisionId = redelivery == null ? UUID.randomUUID().toString() : redelivery.decisionId();
            if (!(verdict instanceof Dispatch.Decided decided)) {
                withhold(out, in, envelope, recipient, decisionId, List.of(new Withholding("message", "unknown-recipient")),
                        subjects, List.of(), List.of(), null, now);
                outcomes.add(new Released(recipient, false, List.of()));
                continue;
            }
            ConsentDecision decision = decided.result().decision(); // as sent: disclosed is what the copy carries
            if (!(decided.result() instanceof RedactionResult.Copy copy)) {
                withhold(out, in, envelope, recipient, decisionId, Withholding.of(decision.withheld()), subjects,
                        Dispatch.ledgerBasis(decision), decision.bases().rules(), decision.header().policyVersion(), now);
                outcomes.add(new Released(recipient, false, List.of()));
                continue;
            }
            boolean redacted = decision.outcome() == ConsentDecision.Outcome.REDACT;
            List<Withholding> withheld = Withholding.of(decision.withheld());
            out.add(copies.of(in.key(), envelope.withData(copy.data()), recipient, basis(decision), copy.handling(),
                    decisionId));
            // what the ledger and the accounting say was disclosed: the categories of the copy sent
            recordDecision(out, decisionEvent(envelope, decisionId, recipient, redacted ? "redact" : "permit",
                    decision.disclosed().stream().map(c -> c.code()).toList(), withheld, subjects,
                    Dispatch.ledgerBasis(decision), decision.bases().rules(), decision.header().policyVersion()));
            StatusNotice notice = new StatusNotice(envelope.id(), recipient,
                    redacted ? StatusNotice.REDACTED : StatusNotice.FORWARDED, null, decisionId, withheld, now);
            if (reportedFull(envelope, recipient, config)) {
                notice = notice.withCapacity(StatusNotice.CAPACITY_FULL);
            }
            out.status(in.key(), envelope.source(), notice);
            outcomes.add(new Released(recipient, true, decision.bases().agreements()));
        }
        return new Result(outcomes, out);
    }

    private void withhold(Effects out, Inbound in, Envelope envelope, String recipient, String decisionId,
                          List<Withholding> withheld, List<String> subjects, List<String> basis, List<String> rules,
                          String policy, Instant now) {
        String reason = withheld.get(0).reason();
        out.add(new Effect.WithheldCounted(envelope.source(), recipient, reason, now));
        recordDecision(out, decisionEvent(envelope, decisionId, recipient, "deny", List.of(), withheld, subjects, basis,
                rules, policy));
        out.status(in.key(), envelope.source(), new StatusNotice(envelope.id(), recipient, StatusNotice.WITHHELD, reason,
                decisionId, withheld, now));
    }

    /**
     * A decision goes to the ledger and to the family's accounting of disclosures (a store keyed by
     * family and time, so the accounting is read without scanning the ledger), in one transaction.
     */
    private void recordDecision(Effects out, LedgerEvent.Decision first) {
        LedgerEvent.Decision decision = redelivery == null ? first : first.redelivering(redelivery.ledgerMark());
        Instant at = clock.instant();
        ObjectNode entry = Json.mapper().valueToTree(decision);
        entry.put("at", at.toString());
        out.ledger(decision).add(new Effect.Accounting(
                EnforcementTopology.accountingKey(decision.familyId(), at, decision.decisionId()), entry.toString()));
    }

    /** Whether a referral went to a provider that reported no capacity for its service and area. */
    private static boolean reportedFull(Envelope envelope, String recipient, ConfigSnapshot config) {
        return envelope.type() == MessageType.REFERRAL && config.capacityOf(recipient,
                        envelope.data().path("serviceType").asText(), envelope.data().at(RoutingRule.AREA_POINTER).asText(null))
                .filter(status -> status == ProviderCapacity.Status.FULL).isPresent();
    }

    private static LedgerEvent.Decision decisionEvent(Envelope envelope, String decisionId, String recipient,
                                                      String outcome, List<String> granted, List<Withholding> withheld,
                                                      List<String> subjects, List<String> basis, List<String> rules,
                                                      String policy) {
        return new LedgerEvent.Decision(decisionId, envelope.id(), envelope.type().typeName(), envelope.familyid(),
                subjects, envelope.source(), recipient, envelope.purpose().code(), outcome, granted,
                withheld.stream().map(w -> w.category() + ":" + w.reason()).toList(), basis,
                withheld.stream().map(Withholding::reason).distinct().toList(), rules, policy);
    }

    /** Every id a decision rests on, for the copy's basis header: directives, authorities and statutes, then agreements. */
    private static List<String> basis(ConsentDecision decision) {
        List<String> ids = new ArrayList<>(decision.bases().directives());
        ids.addAll(decision.bases().authorities());
        ids.addAll(decision.bases().agreements());
        return ids;
    }
}
