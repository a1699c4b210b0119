package org.kith.hub.enforce;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.kith.consent.engine.ConsentDecision;
import org.kith.consent.engine.ConsentEngine;
import org.kith.consent.engine.DecisionRequest;
import org.kith.consent.engine.FamilyRecord;
import org.kith.consent.engine.MessageFacts;
import org.kith.consent.redaction.RedactionResult;
import org.kith.consent.redaction.Redactor;
import org.kith.hub.config.Partner;
import org.kith.hub.config.Partners;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.hub.rules.ConfigSnapshot;
import org.kith.hub.rules.RoutingRule;
import org.kith.schemas.Contracts;
import org.kith.schemas.Envelope;
import org.kith.schemas.MessageContract;

/**
 * Who a message goes to and what each recipient may have: the addressees it names, those the
 * routing rules add and any the caller adds, each decided alone by the consent engine and the
 * decision applied to the data. It sends and records nothing: the enforcement core acts on the
 * verdicts and the dry-run only reports them, so both decide alike.
 */
final class Dispatch {

    /** What the dispatch found for one recipient. */
    sealed interface Verdict {
        String recipient();
    }

    /** An addressee that is not a registered partner: nothing can go to it. */
    record UnknownRecipient(String recipient) implements Verdict {
    }

    /** The engine's decision for a registered recipient and what it makes of the data (a copy, or nothing). */
    record Decided(String recipient, ConsentDecision decision, RedactionResult result) implements Verdict {
    }

    /** The family members the message is about, and a verdict per recipient in order. */
    record Plan(List<String> subjects, List<Verdict> verdicts) {
    }

    private final Partners partners;
    private final Redactor redactor = new Redactor();

    Dispatch(Partners partners) {
        this.partners = partners;
    }

    Plan plan(Envelope envelope, Partner sender, FamilyRecord family, ConfigSnapshot config,
              ConsentEngine engine, Set<String> alsoTo) {
        Set<String> recipients = recipients(envelope, sender, config);
        recipients.addAll(alsoTo);
        return decide(envelope, sender, family, engine, recipients);
    }

    /** The plan for {@code recipient} alone (a redelivery): no other addressee, no routing rule. */
    Plan planFor(Envelope envelope, Partner sender, FamilyRecord family, ConsentEngine engine, String recipient) {
        return decide(envelope, sender, family, engine, Set.of(recipient));
    }

    private Plan decide(Envelope envelope, Partner sender, FamilyRecord family, ConsentEngine engine,
                        Set<String> recipients) {
        MessageContract contract = Contracts.get().of(envelope.type());
        MessageFacts facts = MessageFacts.of(contract, envelope.data());
        var from = new org.kith.consent.model.Partner(sender.id(), sender.kind());
        List<String> subjects = subjects(envelope, family);
        List<Verdict> verdicts = new ArrayList<>(recipients.size());
        for (String recipient : recipients) {
            Optional<Partner> to = partners.find(recipient);
            if (to.isEmpty()) {
                verdicts.add(new UnknownRecipient(recipient));
                continue;
            }
            ConsentDecision decision = engine.decide(new DecisionRequest(envelope.id(), envelope.familyid(),
                    envelope.type(), envelope.purpose(), subjects, from,
                    new org.kith.consent.model.Partner(recipient, to.get().kind()), facts), family);
            verdicts.add(new Decided(recipient, decision, redactor.apply(decision, contract, envelope.data())));
        }
        return new Plan(subjects, verdicts);
    }

    /**
     * The family members a message is about: every person its data names, in document order. A
     * message that names none (a hearing notice, a referral status) is about the whole family as
     * its profile lists it, so every member must be covered; with no profile either, it is about the
     * family itself, whom no directive names: only an authority or statute can let it go.
     */
    static List<String> subjects(Envelope envelope, FamilyRecord family) {
        Set<String> ids = new LinkedHashSet<>();
        envelope.data().findValues("personId").forEach(v -> ids.add(v.asText()));
        if (ids.isEmpty()) {
            family.profile().persons().keySet().stream().sorted().forEach(ids::add);
        }
        if (ids.isEmpty()) {
            ids.add(envelope.familyid());
        }
        return List.copyOf(ids);
    }

    /** The ids a decision rests on, each with its kind, for the ledger, the accounting of disclosures and the dry-run. */
    static List<String> ledgerBasis(ConsentDecision decision) {
        List<String> ids = new ArrayList<>();
        decision.bases().directives().forEach(id -> ids.add(LedgerEvent.Decision.DIRECTIVE + id));
        decision.bases().authorities().forEach(id -> ids.add(LedgerEvent.Decision.AUTHORITY + id));
        decision.bases().agreements().forEach(id -> ids.add(LedgerEvent.Decision.AGREEMENT + id));
        return ids;
    }

    /** The addressees the sender named, then those the routing rules add (rules in id order), each once. */
    static Set<String> recipients(Envelope envelope, Partner sender, ConfigSnapshot config) {
        Set<String> recipients = new LinkedHashSet<>(envelope.recipients());
        config.rules().values().stream()
                .sorted(Comparator.comparing(RoutingRule::id))
                .filter(rule -> rule.matches(envelope, sender.kind()))
                .forEach(rule -> recipients.addAll(rule.recipients(envelope, config)));
        return recipients;
    }
}
