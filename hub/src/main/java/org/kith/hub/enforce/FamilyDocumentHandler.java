package org.kith.hub.enforce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import org.kith.hub.crypto.Digests;
import org.kith.hub.family.FamilyDocuments;
import org.kith.hub.family.FamilyFile;
import org.kith.hub.family.FamilyLimitExceeded;
import org.kith.hub.family.Filing;
import org.kith.hub.ledger.LedgerEvent;
import org.kith.schemas.Envelope;
import org.kith.schemas.Json;
import org.kith.schemas.MessageType;

/**
 * A consent document (family profile, directive, revocation, legal authority) for the family's
 * file. Only a child welfare agency records family facts, consent and authorities; a court may also
 * record its own orders. The document must read and the family must be able to take it
 * ({@link Filing}) before anything is written, so a document the engine cannot take changes
 * nothing: it is refused, with a notice to its sender. One that would take the family past its
 * limits is refused the same way but not set aside (nothing is to be fixed and replayed): a ledger
 * refusal and the notice. A recorded one is its entries in the consent store, a ledger entry, a
 * history step and a notice. A child-safety emergency is recorded only with the person who
 * declared it ({@link BreakGlass}); its ledger entry, and the family's accounting, say who and why.
 * A revocation also tells each past recipient of the directive that it was withdrawn
 * ({@link WithdrawalNotices}), in the same transaction; so does a directive that replaces another,
 * telling the past recipients that lose coverage.
 */
final class FamilyDocumentHandler {

    private final FamilyReader families;
    private final DeadLetters deadLetters;
    private final BreakGlass breakGlass;
    private final WithdrawalNotices notices;
    private final Clock clock;

    FamilyDocumentHandler(FamilyReader families, DeadLetters deadLetters, Clock clock) {
        this(families, deadLetters, new BreakGlass(Optional.empty()), clock);
    }

    FamilyDocumentHandler(FamilyReader families, DeadLetters deadLetters, BreakGlass breakGlass, Clock clock) {
        this(families, deadLetters, breakGlass, null, clock);
    }

    /** With {@code notices} telling the past recipients of a revoked directive ({@link WithdrawalNotices}); null for none. */
    FamilyDocumentHandler(FamilyReader families, DeadLetters deadLetters, BreakGlass breakGlass,
                          WithdrawalNotices notices, Clock clock) {
        this.families = families;
        this.deadLetters = deadLetters;
        this.breakGlass = breakGlass;
        this.notices = notices;
        this.clock = clock;
    }

    /** An emergency's ledger body in the family's accounting store, shaped as a ledger record ({@code kind}, {@code at}, {@code body}). */
    private static Effect.Accounting accounting(LedgerEvent.ConsentRecorded entry, Instant at) {
        ObjectNode record = Json.mapper().createObjectNode().put("kind", entry.kind()).put("at", at.toString());
        record.set("body", Json.mapper().valueToTree(entry));
        return new Effect.Accounting(EnforcementTopology.accountingKey(entry.familyId(), at, entry.messageId()),
                record.toString());
    }

    Effects handle(Arrival.FamilyDocument document) {
        Inbound in = document.inbound();
        Envelope envelope = document.envelope();
        Optional<String> notAuthorised = Filing.notAuthorised(document.sender().kind(), envelope);
        if (notAuthorised.isPresent()) {
            return deadLetters.setAside(in, DeadLetter.NOT_AUTHORISED, notAuthorised.get(), List.of());
        }
        Instant now = clock.instant();
        FamilyDocuments current = families.documents(envelope.familyid());
        Optional<Filing.Declarer> declarer = Optional.empty();
        if (Filing.isEmergency(envelope)) {
            BreakGlass.Declaration declaration = breakGlass.of(in, envelope, current);
            if (declaration instanceof BreakGlass.Undeclared undeclared) {
                return deadLetters.refused(in, envelope, DeadLetter.UNDECLARED_EMERGENCY, undeclared.why());
            }
            declarer = Optional.of(((BreakGlass.Declared) declaration).declarer());
        }
        Filing.Filed filed;
        try {
            filed = Filing.file(current, envelope, declarer, now, families.records(), families.limits());
        } catch (FamilyLimitExceeded e) {
            String why = FamilyLimitExceeded.REASON + ": " + e.getMessage();
            return Effects.none().ledger(new LedgerEvent.Refusal(envelope.source(), envelope.id(),
                            FamilyLimitExceeded.REASON, Digests.hex(Digests.sha256(in.value()))))
                    .status(in.key(), envelope.source(),
                            new StatusNotice(envelope.id(), null, StatusNotice.REFUSED, why, null, List.of(), now));
        } catch (RuntimeException e) {
            return deadLetters.refused(in, envelope, e.getMessage());
        }
        LedgerEvent.ConsentRecorded entry = filed.entry();
        ObjectNode step = Json.mapper().createObjectNode().put("at", now.toString()).put("actor", document.sender().id())
                .put("action", entry.status()).put("document", entry.document()).put("messageId", envelope.id());
        entry.basis().forEach(step.putArray("basis")::add);
        Effects out = Effects.of(new Effect.FamilyFiled(envelope.familyid(), filed.writes()));
        if (entry.emergency() != null) {
            // the accounting of disclosures says who broke the glass and why, beside the disclosures it opened
            out.add(accounting(entry, now));
        }
        out.ledger(entry)
                .add(new Effect.History(EnforcementTopology.historyKey(filed.objectType(), filed.objectId(),
                        in.timestamp(), in.position()), step.toString()))
                .status(in.key(), envelope.source(),
                        new StatusNotice(envelope.id(), null, StatusNotice.RECORDED, null, null, List.of(), now));
        if (notices != null && envelope.type() == MessageType.CONSENT_REVOCATION) {
            // from when it no longer holds, as the consent file took it: the revocation's time, or now if that is earlier
            Instant revokedAt = OffsetDateTime.parse(envelope.data().path("revokedAt").asText()).toInstant();
            out.addAll(notices.after(envelope.familyid(), WithdrawalNotices.Withdrawal.revocation(
                    chain(current, entry.documentId()), revokedAt.isBefore(now) ? revokedAt : now, envelope.id()), now));
        } else if (notices != null && envelope.type() == MessageType.CONSENT_DIRECTIVE
                && envelope.data().hasNonNull("replaces") && filed.document().isPresent()) {
            // the replaced directive ends as this one is recorded, for what this one no longer covers
            out.addAll(notices.after(envelope.familyid(), new WithdrawalNotices.Withdrawal(
                    chain(current, envelope.data().get("replaces").asText()), now, envelope.id(),
                    Optional.of(entry.documentId()), coverage(current.familyId(), filed.document().get())), now));
        }
        return out;
    }

    /** {@code directiveId}, then the directives it replaced in turn, as far as the family keeps their documents. */
    private List<WithdrawalNotices.Link> chain(FamilyDocuments family, String directiveId) {
        List<WithdrawalNotices.Link> chain = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Optional<FamilyFile.Filed> link = family.directive(directiveId);
        chain.add(new WithdrawalNotices.Link(directiveId, link.map(d -> coverage(family.familyId(), d))
                .orElse(WithdrawalNotices.Coverage.NOTHING)));
        seen.add(directiveId);
        while (link.isPresent() && link.get().data().hasNonNull("replaces")
                && seen.add(link.get().data().get("replaces").asText())) {
            String replaced = link.get().data().get("replaces").asText();
            link = family.directive(replaced);
            link.ifPresent(d -> chain.add(new WithdrawalNotices.Link(replaced, coverage(family.familyId(), d))));
        }
        return chain;
    }

    /** What a directive document covers; nothing if the engine cannot read it (so its recipients are told). */
    private WithdrawalNotices.Coverage coverage(String familyId, FamilyFile.Filed directive) {
        try {
            return WithdrawalNotices.Coverage.of(families.records().directive(familyId, directive), notices.partners());
        } catch (RuntimeException unreadable) {
            return WithdrawalNotices.Coverage.NOTHING;
        }
    }
}
