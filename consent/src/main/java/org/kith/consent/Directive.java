package org.kith.consent;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.kith.schemas.Category;
import org.kith.schemas.MessageType;
import org.kith.schemas.PartnerKind;
import org.kith.schemas.Purpose;

/**
 * A family's recorded permission, in the interim shape read by {@link ExplicitPermitGate}: named
 * recipients; the persons, categories and purposes it covers; optionally the senders and message
 * types it is limited to; a period. Every limit narrows, none widens. The consent engine's model
 * (grantor authority, deny directives, general designations, redaction) replaces it.
 *
 * @param sources      partner ids whose messages it covers; with {@code sourceKinds} both empty, any sender
 * @param messageTypes types it covers; empty, any type
 */
public record Directive(String directiveId, String familyId, List<String> recipients, Set<String> subjects,
                        Set<String> sources, Set<PartnerKind> sourceKinds, Set<MessageType> messageTypes,
                        Set<Category> categories, Set<Purpose> purposes, Optional<Instant> from,
                        Optional<Instant> to, Status status) {

    public enum Status { ACTIVE, REVOKED }

    public Directive {
        Objects.requireNonNull(directiveId, "directiveId");
        Objects.requireNonNull(familyId, "familyId");
        recipients = List.copyOf(recipients);
        subjects = Set.copyOf(subjects);
        sources = Set.copyOf(sources);
        sourceKinds = Set.copyOf(sourceKinds);
        messageTypes = Set.copyOf(messageTypes);
        categories = Set.copyOf(categories);
        purposes = Set.copyOf(purposes);
        from = from == null ? Optional.empty() : from;
        to = to == null ? Optional.empty() : to;
        Objects.requireNonNull(status, "status");
    }

    /** Whether this directive alone permits everything the disclosure carries. */
    public boolean permits(Disclosure disclosure) {
        boolean anySender = sources.isEmpty() && sourceKinds.isEmpty();
        return status == Status.ACTIVE
                && recipients.contains(disclosure.recipient())
                && subjects.containsAll(disclosure.personIds())
                && (anySender || sources.contains(disclosure.sender()) || sourceKinds.contains(disclosure.senderKind()))
                && (messageTypes.isEmpty() || messageTypes.contains(disclosure.type()))
                && categories.containsAll(disclosure.carried())
                && purposes.contains(disclosure.purpose())
                && from.map(start -> !disclosure.at().isBefore(start)).orElse(true)
                && to.map(end -> disclosure.at().isBefore(end)).orElse(true);
    }

    public Directive revoked() {
        return new Directive(directiveId, familyId, recipients, subjects, sources, sourceKinds, messageTypes,
                categories, purposes, from, to, Status.REVOKED);
    }
}
