package org.kith.consent;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.kith.schemas.Category;
import org.kith.schemas.Purpose;

/**
 * A family's recorded permission for named recipients to receive data of some categories for some
 * purposes during a period. Interim shape, read by {@link ExplicitPermitGate}; the consent engine's
 * model (grantor authority, deny directives, general designations) replaces it.
 */
public record Directive(String directiveId, String familyId, List<String> recipients, Set<Category> categories,
                        Set<Purpose> purposes, Optional<Instant> from, Optional<Instant> to, Status status) {

    public enum Status { ACTIVE, REVOKED }

    public Directive {
        Objects.requireNonNull(directiveId, "directiveId");
        Objects.requireNonNull(familyId, "familyId");
        recipients = List.copyOf(recipients);
        categories = Set.copyOf(categories);
        purposes = Set.copyOf(purposes);
        from = from == null ? Optional.empty() : from;
        to = to == null ? Optional.empty() : to;
        Objects.requireNonNull(status, "status");
    }

    /** Whether this directive alone permits everything a message carries, for this recipient, now. */
    public boolean permits(String partnerId, Set<Category> carried, Purpose purpose, Instant now) {
        return status == Status.ACTIVE
                && recipients.contains(partnerId)
                && categories.containsAll(carried)
                && purposes.contains(purpose)
                && from.map(start -> !now.isBefore(start)).orElse(true)
                && to.map(end -> now.isBefore(end)).orElse(true);
    }

    public Directive revoked() {
        return new Directive(directiveId, familyId, recipients, categories, purposes, from, to, Status.REVOKED);
    }
}
